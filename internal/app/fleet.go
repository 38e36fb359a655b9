package app

import (
	"crypto/rand"
	"encoding/hex"
	"os"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/invalidation"
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
	apply := func(h [32]byte) { svc.Invalidate(h) }
	applyAll := func() { svc.InvalidateAll() }
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
