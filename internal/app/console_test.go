package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
)

// TestConsolePagesOnEachBackend signs in to the console of a real app and
// opens every page that reads the API log, usage, alerts, webhooks and
// settings, on SQLite and on PostgreSQL, after some API traffic.
func TestConsolePagesOnEachBackend(t *testing.T) {
	for name, dbURL := range backends {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			cfg := app.DefaultConfig()
			cfg.DatabaseURL = dbURL(t)
			a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close() })
			b, err := a.Keys.Bootstrap(ctx, apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test", AdminPassword: "correct horse battery"})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(a.API)
			defer srv.Close()
			for _, path := range []string{"/v1/auth/verify", "/v1/api-keys/key_nope"} {
				req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
				req.Header.Set("Authorization", "Bearer "+b.Secret)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
			}
			a.Recorder.Flush(ctx)

			jar, _ := cookiejar.New(nil)
			c := &http.Client{Jar: jar}
			resp, err := c.PostForm(srv.URL+"/console/login", url.Values{"tenant": {"acme"}, "email": {"o@acme.test"}, "password": {"correct horse battery"}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			for _, p := range []struct{ path, want string }{
				{"/console/logs", "GET /v1/api-keys/{id}"},
				{"/console/usage", `id="total-requests">2<`},
				{"/console/keys/" + b.Key.ID + "/usage", "GET /v1/auth/verify"},
				{"/console/alerts", `id="alerts"`},
				{"/console/webhooks", "alert.fired"},
				{"/console/settings/privacy", `id="retention-form"`},
				{"/console/settings/people", `id="people-upload"`},
			} {
				resp, err := c.Get(srv.URL + p.path)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), p.want) {
					t.Errorf("%s: status %d, want 200 with %q", p.path, resp.StatusCode, p.want)
				}
			}
		})
	}
}
