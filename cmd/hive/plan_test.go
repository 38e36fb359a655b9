package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/sqlite"
)

func TestPlanCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hive.db")
	if code, _, stderr := runCmd(t, nil, "bootstrap", "--tenant", "acme", "--admin-email", "a@acme.test", "--database", db); code != 0 {
		t.Fatal(stderr)
	}
	code, out, stderr := runCmd(t, nil, "plan", "--tenant", "acme", "--plan", "custom", "--rate-limit", "5000", "--concurrency", "40", "--database", db)
	if code != 0 || !strings.Contains(out, "5000 requests per minute and 40 in flight") {
		t.Fatalf("plan custom: exit %d, %q %q", code, out, stderr)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	ten, _ := st.TenantBySlug(context.Background(), "acme")
	st.Close()
	if ten.Plan != apikey.PlanCustom || ten.RateLimitPerMinute != 5000 || ten.ConcurrencyLimit != 40 {
		t.Errorf("stored tenant = %+v", ten)
	}
	for name, args := range map[string][]string{
		"unknown plan":            {"plan", "--tenant", "acme", "--plan", "platinum", "--database", db},
		"unknown tenant":          {"plan", "--tenant", "nobody", "--plan", "swarm", "--database", db},
		"custom without numbers":  {"plan", "--tenant", "acme", "--plan", "custom", "--database", db},
		"numbers on a fixed plan": {"plan", "--tenant", "acme", "--plan", "swarm", "--rate-limit", "9", "--database", db},
		"missing plan":            {"plan", "--tenant", "acme", "--database", db},
	} {
		if code, _, stderr := runCmd(t, nil, args...); code != 2 || stderr == "" {
			t.Errorf("%s: exit %d, stderr %q; want 2 with a message", name, code, stderr)
		}
	}
}
