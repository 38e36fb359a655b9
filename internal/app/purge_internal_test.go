package app

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/session"
)

// TestHousekeepingPurgesExpiredSessions checks the hourly job deletes console
// sessions nobody came back to.
func TestHousekeepingPurgesExpiredSessions(t *testing.T) {
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.DatabaseURL = filepath.Join(t.TempDir(), "hive.db")
	a, err := Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	boot, err := a.Keys.Bootstrap(ctx, apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	lastWeek := session.NewService(a.Stores.Sessions, session.Config{Now: func() time.Time { return time.Now().Add(-8 * 24 * time.Hour) }})
	if _, _, err := lastWeek.Start(ctx, boot.Tenant.ID, boot.Owner.ID, "127.0.0.1", "test"); err != nil {
		t.Fatal(err)
	}
	a.purgeOnce(ctx)
	if n, err := a.Sessions.Purge(ctx); err != nil || n != 0 {
		t.Fatalf("after housekeeping %d expired sessions were left (%v), want 0", n, err)
	}
}
