package app

import (
	"crypto/rand"
	"encoding/hex"
	"os"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/invalidation"
	"github.com/hive-platform/hive/internal/people"
)

// newKeyService returns the key service with its changes carried to the
// fleet: every node serving the same database (over the invalidation
// channel, or by polling alone on one SQLite file, where a second process
// such as hive plan may change keys). With a channel the cache answers only
// while the node can prove it current; on SQLite, with no channel to lose,
// the heartbeat's catching up within PollInterval is enough.
func (a *App) newKeyService(cfg apikey.Config) *apikey.Service {
	reg, ok := a.Stores.Keys.(invalidation.Registry)
	if !ok {
		return apikey.NewService(a.Stores.Keys, cfg)
	}
	var svc *apikey.Service
	// The channel carries survey-list changes too (people.SurveyListHash):
	// each cache ignores the hashes that are not its own.
	apply := func(h [32]byte) {
		svc.Invalidate(h)
		if a.People != nil {
			a.People.InvalidateSurveyList(h)
		}
	}
	applyAll := func() {
		svc.InvalidateAll()
		if a.People != nil {
			a.People.InvalidateSurveyLists()
		}
	}
	if a.Invalidator != nil {
		a.Fleet = invalidation.NewFleet(reg, nodeName(), a.Invalidator, a.Invalidator.Subscribed, apply, applyAll, a.log)
		cfg.Current = a.Fleet.Current
	} else {
		a.Fleet = invalidation.NewFleet(reg, nodeName(), nil, nil, apply, applyAll, a.log)
	}
	cfg.Propagate = a.Fleet.Changed
	svc = apikey.NewService(a.Stores.Keys, cfg)
	return svc
}

// resubscribed is called each time the node hears the channel again: it
// may have missed messages meanwhile, so it drops its cache and catches up.
func (a *App) resubscribed() {
	a.Keys.InvalidateAll()
	if a.People != nil {
		a.People.InvalidateSurveyLists()
	}
	a.Fleet.Resubscribed()
}

// nodeName names this process in the fleet: the host, and random bytes so
// that two processes on one host, or a restart, never share a row.
func nodeName() string {
	host, _ := os.Hostname()
	var b [6]byte
	rand.Read(b[:])
	return host + "-" + hex.EncodeToString(b[:])
}

// peopleConfig makes the people service's survey-list changes reach every
// node as key changes do, and trusts its cache only while the node can
// prove it current, as the key service does.
func (a *App) peopleConfig() people.Config {
	var cfg people.Config
	if a.Fleet == nil {
		return cfg
	}
	cfg.Propagate = a.Fleet.Changed
	if a.Invalidator != nil {
		cfg.Current = a.Fleet.Current
	}
	return cfg
}
