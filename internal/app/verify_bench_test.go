package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"runtime/metrics"
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
	"github.com/hive-platform/hive/internal/logbuf"
)

// discardResponse is a ResponseWriter that keeps its header map between
// requests and throws the body away, so the benchmark counts the server's
// allocations, not the recorder's.
type discardResponse struct {
	h      http.Header
	status int
}

func (d *discardResponse) Header() http.Header         { return d.h }
func (d *discardResponse) WriteHeader(code int)        { d.status = code }
func (d *discardResponse) Write(b []byte) (int, error) { return len(b), nil }

// BenchmarkVerifyApp measures GET /v1/auth/verify through the handler
// "hive serve" runs, without the network: every middleware, the process
// log (buffered, as serve sets it up, to io.Discard), the in-memory rate
// limiter and every observer (API-log recorder enqueue, metrics, alerts),
// with the recorder writing its batches to SQLite in the background.
// cpu-ns/op is the process's CPU per request, the batch writing and the
// alert rules included; gc-cpu-ns/op the share of it the GC took.
func BenchmarkVerifyApp(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := app.DefaultConfig()
	cfg.DatabaseURL = filepath.Join(b.TempDir(), "hive.db")
	cfg.DefaultRateLimit = 1 << 30
	w := logbuf.New(io.Discard, logbuf.DefaultFlushInterval)
	defer w.Close()
	cfg.RequestLog = w
	log := slog.New(logbuf.Handler(slog.NewTextHandler(w, nil), w, slog.LevelWarn))
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	boot, err := a.Keys.Bootstrap(ctx, apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		b.Fatal(err)
	}
	go a.Keys.Run(ctx)
	go a.Alerts.Run(ctx)
	stopped := make(chan struct{})
	go func() { a.Recorder.Run(ctx); close(stopped) }()
	req, _ := http.NewRequest("GET", "/v1/auth/verify", nil)
	req.RemoteAddr = "127.0.0.1:5555"
	req.Header.Set("Authorization", "Bearer "+boot.Secret)
	res := &discardResponse{h: http.Header{}}
	b.ReportAllocs()
	cpu0, gc0 := cpuTime(), gcCPU()
	for b.Loop() {
		clear(res.h)
		res.status = 0
		a.API.ServeHTTP(res, req)
		if res.status != http.StatusOK {
			b.Fatalf("status %d", res.status)
		}
	}
	cancel()
	<-stopped // the rows' writing is part of the cost
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
	b.ReportMetric((gcCPU()-gc0)*1e9/float64(b.N), "gc-cpu-ns/op")
}

// gcCPU returns the CPU seconds the runtime has spent collecting garbage,
// an estimate the runtime keeps, which does not depend on other processes.
func gcCPU() float64 {
	s := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(s)
	return s[0].Value.Float64()
}
