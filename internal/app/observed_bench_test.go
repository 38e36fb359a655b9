package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi"
	"github.com/hive-platform/hive/internal/ratelimit"
	"github.com/hive-platform/hive/internal/sqlite"
	"github.com/hive-platform/hive/internal/usage"
)

// allowAll is a limiter that counts nothing, for the baseline.
type allowAll struct{}

func (allowAll) Allow(context.Context, string, int) (ratelimit.Result, error) {
	return ratelimit.Result{Allowed: true, Limit: 1 << 30, Remaining: 1 << 30}, nil
}

// BenchmarkVerifyObserved measures GET /v1/auth/verify over a loopback HTTP
// server with parallel clients: "off" without observers and with a limiter
// that always allows, "on" with the API-log recorder writing to SQLite and
// the in-memory rate limiter. The ratio of the two is what logging and rate
// limiting cost a request.
func BenchmarkVerifyObserved(b *testing.B) {
	for _, on := range []bool{false, true} {
		name := map[bool]string{false: "off", true: "on"}[on]
		b.Run(name, func(b *testing.B) { benchVerify(b, on) })
	}
}

func benchVerify(b *testing.B, on bool) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "hive.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	keys := apikey.NewService(st, apikey.Config{Logger: log, BcryptCost: 4})
	boot, err := keys.Bootstrap(ctx, apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		b.Fatal(err)
	}
	go keys.Run(ctx)
	cfg := httpapi.Config{Keys: keys, Limiter: allowAll{}, Logger: log, DefaultRateLimit: 1 << 30}
	var rec *usage.Recorder
	stopped := make(chan struct{})
	if on {
		svc := usage.NewService(st.Usage(), usage.Config{Logger: log})
		rec = usage.NewRecorder(svc, usage.RecorderConfig{})
		cfg.Limiter, cfg.Usage, cfg.Observers = ratelimit.NewMemory(nil), svc, []hive.RequestObserver{rec}
		go func() { rec.Run(ctx); close(stopped) }()
	}
	srv := httptest.NewServer(httpapi.New(cfg))
	defer srv.Close()
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 10 * time.Second}
	auth := "Bearer " + boot.Secret

	b.SetParallelism(8)
	b.ResetTimer()
	cpu0 := cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/auth/verify", nil)
		req.Header.Set("Authorization", auth)
		for pb.Next() {
			res, err := hc.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Errorf("status %d", res.StatusCode)
				return
			}
		}
	})
	if on {
		cancel()
		<-stopped // the rows' writing is part of the cost
		s := rec.Stats()
		if s.Dropped > 0 || s.Written < uint64(b.N) {
			b.Errorf("recorder stats %+v after %d requests", s, b.N)
		}
		b.ReportMetric(float64(s.BodiesDropped), "bodies-dropped")
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// cpuTime returns the CPU time the process has used. On a machine shared
// with other work, CPU per request compares the two modes more steadily
// than throughput does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
