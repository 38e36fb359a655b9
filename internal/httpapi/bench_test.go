package httpapi_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi"
	"github.com/hive-platform/hive/internal/sqlite"
)

// BenchmarkVerifyEndpoint measures the whole middleware stack and handler of
// GET /v1/auth/verify for a cached key, without the network: request id,
// access log (to io.Discard), client address, authentication, rate limit
// and the JSON response.
func BenchmarkVerifyEndpoint(b *testing.B) {
	_, svc, boot := benchTenant(b)
	h := httpapi.New(httpapi.Config{Keys: svc, DefaultRateLimit: 1 << 30,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	benchGet(b, h, "/v1/auth/verify", boot.Secret)
}

// benchGet measures GET path on h with the key secret, through the whole
// middleware stack and without the network, failing on any answer but 200.
func benchGet(b *testing.B, h http.Handler, path, secret string) {
	b.Helper()
	req := httptest.NewRequest("GET", path, nil)
	req.RemoteAddr = "127.0.0.1:5555"
	req.Header.Set("Authorization", "Bearer "+secret)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}

// benchTenant opens a SQLite store in a temporary directory, closed when tb
// ends, and bootstraps the tenant acme on it: the set-up of the in-process
// figures of the request path.
func benchTenant(tb testing.TB) (*sqlite.Store, *apikey.Service, *apikey.Bootstrap) {
	tb.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "hive.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	svc := apikey.NewService(st, apikey.Config{BcryptCost: 4})
	boot, err := svc.Bootstrap(context.Background(), apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		tb.Fatal(err)
	}
	return st, svc, boot
}

// discardWriter is a ResponseWriter that keeps its header map between
// requests and drops the body, so only the server's allocations count.
type discardWriter struct {
	h      http.Header
	status int
}

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) WriteHeader(code int)        { d.status = code }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }

// TestVerifyAllocations holds the edge to the few allocations a request of
// GET /v1/auth/verify for a cached key costs, with an observer and the
// request log set up as hive serve does (the request's state, its copy
// carrying the context, the rate-limit header values), so a new one on
// this path, the most frequent of the API, fails here.
func TestVerifyAllocations(t *testing.T) {
	_, svc, boot := benchTenant(t)
	h := httpapi.New(httpapi.Config{Keys: svc, DefaultRateLimit: 1 << 30, RequestLog: io.Discard,
		Observers: []hive.RequestObserver{nopObserver{}}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	req := httptest.NewRequest("GET", "/v1/auth/verify", nil)
	req.RemoteAddr = "127.0.0.1:5555"
	req.Header.Set("Authorization", "Bearer "+boot.Secret)
	w := &discardWriter{h: http.Header{}}
	allocs := testing.AllocsPerRun(1000, func() {
		clear(w.h)
		h.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			t.Fatalf("status %d", w.status)
		}
	})
	t.Logf("%.1f allocations per request", allocs)
	// 3 today; one of room for a Go release that counts differently.
	if allocs > 4 {
		t.Errorf("GET /v1/auth/verify allocates %.1f times per request, want at most 4", allocs)
	}
}

type nopObserver struct{}

func (nopObserver) ObserveRequest(*hive.RequestRecord) {}
