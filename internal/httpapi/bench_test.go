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
	"github.com/hive-platform/hive/internal/httpapi"
	"github.com/hive-platform/hive/internal/sqlite"
)

// BenchmarkVerifyEndpoint measures the whole middleware stack and handler of
// GET /v1/auth/verify for a cached key, without the network: request id,
// access log (to io.Discard), client address, authentication, rate limit
// and the JSON response.
func BenchmarkVerifyEndpoint(b *testing.B) {
	st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "hive.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	svc := apikey.NewService(st, apikey.Config{BcryptCost: 4})
	boot, err := svc.Bootstrap(context.Background(), apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		b.Fatal(err)
	}
	h := httpapi.New(httpapi.Config{Keys: svc, DefaultRateLimit: 1 << 30,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	req := httptest.NewRequest("GET", "/v1/auth/verify", nil)
	req.RemoteAddr = "127.0.0.1:5555"
	req.Header.Set("Authorization", "Bearer "+boot.Secret)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}
