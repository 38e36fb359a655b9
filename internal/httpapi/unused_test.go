package httpapi_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/sqlite"
)

// TestUnusedKeyIsWarnedThenDisabled runs the unused-key scan of two nodes
// (two services over one store, each with its own alert engine) through a
// tenant's policy: nothing before the warning window, one key_unused
// warning inside it however often both scan, then one disable, audited
// "because: unused", that the API refuses. A key used in between is left
// alone.
func TestUnusedKeyIsWarnedThenDisabled(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	if _, err := h.admin().SetKeyPolicy(ctx, client.KeyPolicyRequest{DisableUnusedAfterDays: new(30), UnusedWarningDays: new(7)}); err != nil {
		t.Fatal(err)
	}
	idle := h.createKey(client.CreateKeyRequest{Preset: hive.PresetData})
	busy := h.createKey(client.CreateKeyRequest{Preset: hive.PresetData})
	alerts := h.store.Store.(*sqlite.Store).Alerts()
	var scanners []*apikey.Service
	for range 2 {
		e := alert.NewEngine(alerts, alert.Config{Now: h.clock.Now})
		scanners = append(scanners, apikey.NewService(h.store, apikey.Config{Now: h.clock.Now, OnUnused: e.KeyUnused}))
	}
	scan := func() {
		t.Helper()
		var wg sync.WaitGroup
		for _, s := range scanners {
			wg.Go(func() {
				if err := s.ScanUnused(ctx); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	unusedAlerts := func() []*alert.Alert {
		t.Helper()
		rule := alert.RuleKeyUnused
		got, _, err := alerts.ListAlerts(ctx, alert.Filter{TenantID: h.boot.Tenant.ID, Rule: &rule})
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	h.clock.Advance(22 * 24 * time.Hour)
	scan()
	if got := unusedAlerts(); len(got) != 0 {
		t.Fatalf("alerts 8 days before the disable: %+v", got)
	}
	h.clock.Advance(2 * 24 * time.Hour) // day 24: within the 7-day warning
	// The bootstrap key is a key like any other: used today, it is live.
	for _, secret := range []string{busy.Key, h.boot.Secret} {
		if _, err := h.client(secret).Verify(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.svc.FlushUsage(ctx); err != nil {
		t.Fatal(err)
	}
	scan()
	scan()
	got := unusedAlerts()
	if len(got) != 1 || got[0].KeyID != idle.ID || got[0].Severity != alert.SeverityWarning || got[0].Details["disabled"] != false {
		t.Fatalf("alerts on day 24 = %+v, want one key_unused warning for the idle key", got)
	}
	if k, _ := h.admin().GetKey(ctx, idle.ID); k.Status != "active" {
		t.Fatalf("idle key is %s on day 24, want active until day 30", k.Status)
	}

	h.clock.Advance(6*24*time.Hour + time.Second) // day 30
	scan()
	k, err := h.admin().GetKey(ctx, idle.ID)
	if err != nil {
		t.Fatal(err)
	}
	if k.Status != "disabled" || k.DisabledReason == nil || *k.DisabledReason != apikey.DisableUnused {
		t.Fatalf("idle key on day 30: status %s reason %v, want disabled because unused", k.Status, k.DisabledReason)
	}
	_, err = h.client(idle.Key).Verify(ctx)
	apiError(t, err, 401, hive.EUNAUTHORIZED, hive.ReasonKeyDisabled)
	if b, _ := h.admin().GetKey(ctx, busy.ID); b.Status != "active" {
		t.Errorf("key used on day 24 is %s on day 30", b.Status)
	}
	events, err := h.admin().ListAuditEvents(ctx, client.AuditParams{TargetID: idle.ID, Action: apikey.ActionKeyDisabled})
	if err != nil {
		t.Fatal(err)
	}
	if len(events.Data) != 1 || events.Data[0].Details["because"] != apikey.DisableUnused {
		t.Errorf("disable audit events = %+v, want exactly one because unused (two nodes scanned)", events.Data)
	}
	if got := unusedAlerts(); len(got) != 2 || got[0].Details["disabled"] != true {
		t.Errorf("alerts after the disable = %+v, want the warning and one disable", got)
	}

	// Enabled again by an administrator, the key gets a fresh period rather
	// than being disabled by the next scan.
	if _, err := h.admin().EnableKey(ctx, idle.ID); err != nil {
		t.Fatal(err)
	}
	scan()
	if k, _ := h.admin().GetKey(ctx, idle.ID); k.Status != "active" {
		t.Errorf("re-enabled key is %s after the next scan, want active", k.Status)
	}

}
