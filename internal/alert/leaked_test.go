package alert_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/apikey"
)

// TestKeyLeakedFiresOnceAcrossNodes reports one leaked key to two nodes: the
// tenant gets one critical alert naming where it was found, and one webhook.
func TestKeyLeakedFiresOnceAcrossNodes(t *testing.T) {
	e := newEnv(t)
	k := e.createKey(30 * 24 * time.Hour)
	where := apikey.Leak{Source: apikey.LeakSourceGitHub, Location: "commit", URL: "https://github.com/o/r/commit/abc"}
	e.eng.KeyLeaked(e.ctx, k, where)
	e.engine().KeyLeaked(e.ctx, k, where)

	rule := alert.RuleKeyLeaked
	alerts, total, err := e.db.Alerts().ListAlerts(e.ctx, alert.Filter{TenantID: tenant, Rule: &rule})
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 {
		t.Fatalf("%d key_leaked alerts, want 1", total)
	}
	a := alerts[0]
	if a.Severity != alert.SeverityCritical || a.KeyID != k.ID {
		t.Errorf("alert = %s about %q, want critical about %s", a.Severity, a.KeyID, k.ID)
	}
	want := map[string]any{"key_name": k.Name, "hint": k.Hint, "source": "github", "location": "commit", "url": where.URL}
	if diff := cmp.Diff(want, a.Details); diff != "" {
		t.Errorf("details (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{tenant + " " + alert.EventFired}, e.pub.events); diff != "" {
		t.Errorf("published (-want +got):\n%s", diff)
	}
}
