package edge

import (
	"sync"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/ratelimit"
)

// inflight counts each key's requests in progress on this node, for the
// plans' cap on concurrent requests. The cap is per node: a key spread over
// N nodes may have up to N times the cap in flight.
type inflight struct {
	shards [16]struct {
		mu sync.Mutex
		n  map[string]int
	}
}

func newInflight() *inflight {
	f := &inflight{}
	for i := range f.shards {
		f.shards[i].n = make(map[string]int)
	}
	return f
}

// acquire takes a slot for key under limit, reporting false when all are
// taken. A true answer must be paired with release.
func (f *inflight) acquire(key string, limit int) bool {
	sh := &f.shards[ratelimit.FNV(key)%uint32(len(f.shards))]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.n[key] >= limit {
		return false
	}
	sh.n[key]++
	return true
}

func (f *inflight) release(key string) {
	sh := &f.shards[ratelimit.FNV(key)%uint32(len(f.shards))]
	sh.mu.Lock()
	if sh.n[key]--; sh.n[key] <= 0 {
		delete(sh.n, key)
	}
	sh.mu.Unlock()
}

// errTooManyInFlight answers a request over its key's concurrency cap.
func errTooManyInFlight(limit int) error {
	return hive.Errorf(hive.ERATELIMITED,
		"This API key already has %d requests in progress, the most its plan allows; wait for one to finish", limit).
		WithDetails("reason", "concurrency_limit", "concurrency_limit", limit, "retry_after", 1)
}
