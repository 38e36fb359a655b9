package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
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
// cpu-ns/op is the process's CPU per request, the batch writing included.
func BenchmarkVerifyApp(b *testing.B) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := app.DefaultConfig()
	cfg.DatabaseURL = filepath.Join(b.TempDir(), "hive.db")
	cfg.DefaultRateLimit = 1 << 30
	w := logbuf.New(io.Discard, logbuf.DefaultFlushInterval)
	defer w.Close()
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
	stopped := make(chan struct{})
	go func() { a.Recorder.Run(ctx); close(stopped) }()
	req, _ := http.NewRequest("GET", "/v1/auth/verify", nil)
	req.RemoteAddr = "127.0.0.1:5555"
	req.Header.Set("Authorization", "Bearer "+boot.Secret)
	res := &discardResponse{h: http.Header{}}
	b.ReportAllocs()
	cpu0 := cpuTime()
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
}
