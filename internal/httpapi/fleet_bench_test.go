package httpapi_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/httpapi"
	"github.com/hive-platform/hive/internal/invalidation"
	"github.com/hive-platform/hive/internal/sqlite"
)

// BenchmarkVerifyEndpointFleet is BenchmarkVerifyEndpoint on a node of a
// fleet: every request first asks the running invalidation.Fleet whether
// the cache may answer (channel up, heartbeat recent), as a node on
// PostgreSQL and Redis does. Compare it with BenchmarkVerifyEndpoint here
// and on a build without the fleet.
func BenchmarkVerifyEndpointFleet(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "hive.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var svc *apikey.Service
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	up := func() bool { return true } // the channel, always up here
	fleet := invalidation.NewFleet(st, "bench", nil, up, func(h [32]byte) { svc.Invalidate(h) }, func() { svc.InvalidateAll() }, log)
	svc = apikey.NewService(st, apikey.Config{BcryptCost: 4, Current: fleet.Current, Propagate: fleet.Changed})
	boot, err := svc.Bootstrap(ctx, apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		b.Fatal(err)
	}
	go fleet.Run(ctx)
	for !fleet.Current() {
		time.Sleep(time.Millisecond)
	}
	h := httpapi.New(httpapi.Config{Keys: svc, DefaultRateLimit: 1 << 30, Logger: log})
	benchGet(b, h, "/v1/auth/verify", boot.Secret)
	if n := svc.CachedKeys(); n != 1 {
		b.Errorf("%d cached keys after the run, want 1: the cache did not answer", n)
	}
}
