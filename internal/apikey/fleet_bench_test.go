package apikey_test

import (
	"context"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/invalidation"
	"github.com/hive-platform/hive/internal/sqlite"
)

// BenchmarkAuthenticateCacheHitFleet is BenchmarkAuthenticateCacheHit on a
// node of a fleet: each verification first asks a running
// invalidation.Fleet whether the cache may answer.
func BenchmarkAuthenticateCacheHitFleet(b *testing.B) {
	f := newFixture(b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var svc *apikey.Service
	reg := f.store.Store.(*sqlite.Store)
	fleet := invalidation.NewFleet(reg, "bench", nil, func() bool { return true },
		func(h [32]byte) { svc.Invalidate(h) }, func() { svc.InvalidateAll() }, nil)
	svc = apikey.NewService(f.store, apikey.Config{BcryptCost: 4, Current: fleet.Current, Propagate: fleet.Changed})
	go fleet.Run(ctx)
	for !fleet.Current() {
		time.Sleep(time.Millisecond)
	}
	if _, err := svc.Authenticate(ctx, f.boot.Secret, "", localhost); err != nil {
		b.Fatal(err)
	}
	lookups := f.store.n.Load()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := svc.Authenticate(ctx, f.boot.Secret, "", localhost); err != nil {
			b.Fatal(err)
		}
	}
	if n := f.store.n.Load() - lookups; n > 0 {
		b.Errorf("%d store lookups during the run: the cache did not answer", n)
	}
}
