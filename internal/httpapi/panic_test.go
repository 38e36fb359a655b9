package httpapi_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi"
	"github.com/hive-platform/hive/internal/metrics"
	"github.com/hive-platform/hive/internal/ratelimit"
)

// TestPanicIsAnsweredAndObserved serves handlers that panic, before and
// after writing, and checks the caller gets the envelope (or a cut
// connection) while the API log, /metrics and the process log all have
// the request.
func TestPanicIsAnsweredAndObserved(t *testing.T) {
	h := newHarness(t)
	m := metrics.New()
	logs := &syncWriter{w: &bytes.Buffer{}}
	api := httpapi.New(httpapi.Config{
		Keys: h.svc, Doors: h.doors, Webhooks: h.hooks, Limiter: ratelimit.NewMemory(h.clock.Now), DefaultRateLimit: 1000,
		Logger: slog.New(slog.NewTextHandler(logs, nil)), Observers: []hive.RequestObserver{m, h.seen, h.rec},
		Metrics: m.Handler(), Usage: h.usage,
	})
	api.HandleForTest(t, "GET /v1/test/panic", "", func(http.ResponseWriter, *http.Request) error { panic("boom") })
	api.HandleForTest(t, "GET /v1/test/panic-late", "", func(w http.ResponseWriter, _ *http.Request) error {
		w.Write([]byte(`{"partial":`))
		w.(http.Flusher).Flush()
		panic("late boom")
	})
	srv := httptest.NewServer(api)
	t.Cleanup(srv.Close)
	c := *h
	c.url = srv.URL

	res := c.do("GET", "/v1/test/panic", "", bearer(h.boot.Secret)...)
	if res.status != http.StatusInternalServerError || res.err.Error.Code != hive.EINTERNAL || strings.Contains(res.body, "boom") {
		t.Fatalf("panic answered %d %s, want 500 in the envelope without the panic's text", res.status, res.body)
	}
	rec := c.recordOf(res)
	if rec.Status != 500 || rec.Route != "GET /v1/test/panic" || rec.ErrorCode != hive.EINTERNAL || rec.KeyID != h.boot.Key.ID ||
		!strings.Contains(string(rec.Body), hive.EINTERNAL) {
		t.Errorf("panic's record = %+v", rec)
	}

	req, _ := http.NewRequest("GET", srv.URL+"/v1/test/panic-late", nil)
	req.Header.Set("Authorization", "Bearer "+h.boot.Secret)
	if late, err := http.DefaultClient.Do(req); err == nil {
		_, err = new(bytes.Buffer).ReadFrom(late.Body)
		late.Body.Close()
		if err == nil {
			t.Error("a panic after the response began ended the body cleanly; the client cannot tell it is cut short")
		}
	}

	h.flushLog()
	stored := h.allLogs(h.admin(), client.ListAPILogsParams{Route: "GET /v1/test/panic"})
	if len(stored) != 1 || stored[0].Status != 500 || stored[0].ErrorCode == nil || *stored[0].ErrorCode != hive.EINTERNAL {
		t.Errorf("API log of the panic = %+v, want one 500 row", stored)
	}
	lateLog := h.allLogs(h.admin(), client.ListAPILogsParams{Route: "GET /v1/test/panic-late"})
	if len(lateLog) != 1 || lateLog[0].ErrorCode == nil || *lateLog[0].ErrorCode != hive.EINTERNAL {
		t.Errorf("API log of the late panic = %+v, want one row with the internal error", lateLog)
	}
	if got := counter(c.scrape(), "hive_http_requests_total", "route", "/v1/test/panic", "status", "500"); got != 1 {
		t.Errorf("hive_http_requests_total for the panic = %v, want 1", got)
	}
	out := logs.String()
	for _, want := range []string{"panic: boom", "panic: late boom", "path=/v1/test/panic status=500", "path=/v1/test/panic-late"} {
		if !strings.Contains(out, want) {
			t.Errorf("the process log lacks %q:\n%s", want, out)
		}
	}
}
