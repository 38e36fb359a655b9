package app_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
	"github.com/hive-platform/hive/internal/postgres/pgtest"
)

// backends gives a test that runs on each store a new database URL for
// each: a SQLite file, or a PostgreSQL schema (pgtest.NewSchema skips
// without HIVE_TEST_POSTGRES_URL).
var backends = map[string]func(t *testing.T) string{
	"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "hive.db") },
	"postgres": func(t *testing.T) string { return pgtest.NewSchema(t) },
}

// TestServeOnEachBackend opens the app from a database URL as hive serve
// does, on SQLite and on PostgreSQL, and checks a key works end to end and
// that revocation takes effect.
func TestServeOnEachBackend(t *testing.T) {
	for name, dbURL := range backends {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cfg := app.DefaultConfig()
			cfg.DatabaseURL = dbURL(t)
			a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
			if err != nil {
				t.Fatal(err)
			}
			b, err := a.Keys.Bootstrap(ctx, apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
			if err != nil {
				t.Fatal(err)
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			served := make(chan error)
			go func() { served <- a.Serve(ctx, ln) }()

			c := client.New("http://"+ln.Addr().String(), b.Secret, client.WithMaxRetries(0))
			v, err := c.Verify(ctx)
			if err != nil || v.KeyID != b.Key.ID || v.TenantSlug != "acme" {
				t.Fatalf("verify: %+v, %v", v, err)
			}
			if _, err := c.RevokeKey(ctx, b.Key.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Verify(ctx); err == nil {
				t.Error("revoked key still verifies")
			}
			checkAlerted(t, a, b.Tenant.ID, alert.RuleRevokedKeyUsed)
			cancel()
			if err := <-served; err != nil {
				t.Errorf("Serve returned %v on shutdown", err)
			}
		})
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{"HIVE_ADDR": "0.0.0.0:9000", "HIVE_DATABASE_URL": "postgres://x/y",
		"HIVE_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.0.0/16", "HIVE_DEFAULT_RATE_LIMIT": "60", "HIVE_LOG_LEVEL": "debug",
		"HIVE_WEBHOOK_ALLOW_CIDRS": "127.0.0.0/8,fd00::/8"}
	cfg, err := app.DefaultConfig().FromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "0.0.0.0:9000" || cfg.DatabaseURL != "postgres://x/y" || len(cfg.TrustedProxies) != 2 || cfg.DefaultRateLimit != 60 || cfg.LogLevel != slog.LevelDebug ||
		len(cfg.WebhookAllowNetworks) != 2 || cfg.WebhookAllowNetworks[1].String() != "fd00::/8" {
		t.Errorf("config = %+v", cfg)
	}
	for name, bad := range map[string]map[string]string{
		"bad proxy range":   {"HIVE_TRUSTED_PROXIES": "10.0.0.0"},
		"zero rate limit":   {"HIVE_DEFAULT_RATE_LIMIT": "0"},
		"bad webhook range": {"HIVE_WEBHOOK_ALLOW_CIDRS": "localhost"},
		"bad log level":     {"HIVE_LOG_LEVEL": "loud"},
	} {
		_, err := app.DefaultConfig().FromEnv(func(k string) string { return bad[k] })
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// checkAlerted waits for the app's alert engine to store an alert of rule
// for the tenant: it runs off the request path.
func checkAlerted(t *testing.T, a *app.App, tenantID string, rule alert.Rule) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		_, n, err := a.Stores.Alerts.ListAlerts(t.Context(), alert.Filter{TenantID: tenantID, Rule: &rule})
		if err != nil {
			t.Fatal(err)
		}
		if n == 1 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d %s alerts stored, want 1", n, rule)
		}
	}
}
