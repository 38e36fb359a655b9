package storetest

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// RunAlerts runs the conformance suite of alert.Store. open returns an
// empty, migrated store that is closed when t ends.
func RunAlerts(t *testing.T, open func(t *testing.T) alert.Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, f *alertFixture)
	}{
		{"RoundTrip", testAlertRoundTrip},
		{"Cooldown", testAlertCooldown},
		{"ConcurrentFiring", testAlertConcurrentFiring},
		{"List", testAlertList},
		{"Acknowledge", testAlertAcknowledge},
		{"KeyIPs", testAlertKeyIPs},
		{"Settings", testAlertSettings},
		{"Emails", testAlertEmails},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t, newAlertFixture(t, open))
		})
	}
}

// alertFixture is an empty alert store and the IDs of two tenants and a key.
type alertFixture struct {
	t     *testing.T
	ctx   context.Context
	s     alert.Store
	clock clock
	a, b  string // tenant IDs
	key   string
}

func newAlertFixture(t *testing.T, open func(t *testing.T) alert.Store) *alertFixture {
	f := &alertFixture{t: t, ctx: t.Context(), s: open(t), clock: clock{now: t0}}
	f.a = hive.NewID(hive.PrefixTenant, f.clock.tick())
	f.b = hive.NewID(hive.PrefixTenant, f.clock.tick())
	f.key = hive.NewID(hive.PrefixKey, f.clock.tick())
	return f
}

// newAlert returns an unsaved alert of tenant about f.key.
func (f *alertFixture) newAlert(tenant string, rule alert.Rule, dedup string) *alert.Alert {
	now := f.clock.tick()
	return &alert.Alert{ID: hive.NewID(hive.PrefixAlert, now), TenantID: tenant, Rule: rule,
		Severity: alert.SeverityWarning, KeyID: f.key, Message: "something happened",
		Details: map[string]any{"client_ip": "203.0.113.9", "count": float64(3)}, FiredAt: now, DedupKey: dedup}
}

// fire fires a and fails the test on an error.
func (f *alertFixture) fire(a *alert.Alert, cooldown time.Duration) bool {
	f.t.Helper()
	ok, err := f.s.FireAlert(f.ctx, a, cooldown)
	if err != nil {
		f.t.Fatal(err)
	}
	return ok
}

// stored is a as the store returns it: DedupKey is not kept.
func stored(a *alert.Alert) *alert.Alert {
	c := *a
	c.DedupKey = ""
	return &c
}

func testAlertRoundTrip(t *testing.T, f *alertFixture) {
	a := f.newAlert(f.a, alert.RuleNewClientIP, "x")
	if !f.fire(a, time.Hour) {
		t.Fatal("first firing was not stored")
	}
	got, err := f.s.AlertByID(f.ctx, f.a, a.ID)
	checkCode(t, err, "")
	check(t, "alert", stored(a), got)

	tenantWide := f.newAlert(f.a, alert.RuleErrorRateSpike, "y")
	tenantWide.KeyID, tenantWide.Details = "", map[string]any{}
	f.fire(tenantWide, time.Hour)
	got, err = f.s.AlertByID(f.ctx, f.a, tenantWide.ID)
	checkCode(t, err, "")
	check(t, "tenant-wide alert", stored(tenantWide), got)

	_, err = f.s.AlertByID(f.ctx, f.b, a.ID)
	checkCode(t, err, hive.ENOTFOUND)
	_, err = f.s.AlertByID(f.ctx, f.a, hive.NewID(hive.PrefixAlert, f.clock.tick()))
	checkCode(t, err, hive.ENOTFOUND)
}

func testAlertCooldown(t *testing.T, f *alertFixture) {
	first := f.newAlert(f.a, alert.RuleRevokedKeyUsed, "revoked:k")
	if !f.fire(first, time.Hour) {
		t.Fatal("first firing was not stored")
	}
	again := f.newAlert(f.a, alert.RuleRevokedKeyUsed, "revoked:k")
	again.FiredAt = first.FiredAt.Add(59 * time.Minute)
	if f.fire(again, time.Hour) {
		t.Error("a second firing within the cooldown was stored")
	}
	if _, err := f.s.AlertByID(f.ctx, f.a, again.ID); hive.ErrorCode(err) != hive.ENOTFOUND {
		t.Errorf("the refused firing is readable: %v", err)
	}
	other := f.newAlert(f.b, alert.RuleRevokedKeyUsed, "revoked:k")
	other.FiredAt = again.FiredAt
	if !f.fire(other, time.Hour) {
		t.Error("another tenant's firing of the same dedup key was refused")
	}
	later := f.newAlert(f.a, alert.RuleRevokedKeyUsed, "revoked:k")
	later.FiredAt = first.FiredAt.Add(time.Hour)
	if !f.fire(later, time.Hour) {
		t.Error("a firing a whole cooldown later was refused")
	}
}

func testAlertConcurrentFiring(t *testing.T, f *alertFixture) {
	const n = 8
	var stored atomic.Int32
	var wg sync.WaitGroup
	at := f.clock.tick()
	for i := range n {
		a := f.newAlert(f.a, alert.RuleTrafficSpike, "spike:k")
		a.ID = hive.NewID(hive.PrefixAlert, at.Add(time.Duration(i)*time.Millisecond))
		a.FiredAt = at
		wg.Go(func() {
			ok, err := f.s.FireAlert(f.ctx, a, time.Hour)
			if err != nil {
				t.Error(err)
			}
			if ok {
				stored.Add(1)
			}
		})
	}
	wg.Wait()
	if got := stored.Load(); got != 1 {
		t.Errorf("%d of %d concurrent firings were stored, want 1", got, n)
	}
	_, total, err := f.s.ListAlerts(f.ctx, alert.Filter{TenantID: f.a})
	checkCode(t, err, "")
	if total != 1 {
		t.Errorf("tenant has %d alerts, want 1", total)
	}
}

func testAlertList(t *testing.T, f *alertFixture) {
	a1 := f.newAlert(f.a, alert.RuleNewClientIP, "1")
	a2 := f.newAlert(f.a, alert.RuleRevokedKeyUsed, "2")
	a3 := f.newAlert(f.a, alert.RuleErrorRateSpike, "3")
	a3.KeyID = ""
	b1 := f.newAlert(f.b, alert.RuleNewClientIP, "1")
	for _, a := range []*alert.Alert{a1, a2, a3, b1} {
		f.fire(a, time.Hour)
	}
	if _, err := f.s.AcknowledgeAlert(f.ctx, f.a, a2.ID, "usr_x", f.clock.tick()); err != nil {
		t.Fatal(err)
	}
	open, acked, rule := alert.StatusOpen, alert.StatusAcknowledged, alert.RuleNewClientIP
	cases := []struct {
		name   string
		filter alert.Filter
		want   []string
	}{
		{"all of one tenant, newest first", alert.Filter{TenantID: f.a}, []string{a3.ID, a2.ID, a1.ID}},
		{"open", alert.Filter{TenantID: f.a, Status: &open}, []string{a3.ID, a1.ID}},
		{"acknowledged", alert.Filter{TenantID: f.a, Status: &acked}, []string{a2.ID}},
		{"by rule", alert.Filter{TenantID: f.a, Rule: &rule}, []string{a1.ID}},
		{"by key", alert.Filter{TenantID: f.a, KeyID: &f.key}, []string{a2.ID, a1.ID}},
		{"page after", alert.Filter{TenantID: f.a, Page: alert.Page{Limit: 1, After: a3.ID}}, []string{a2.ID}},
		{"other tenant", alert.Filter{TenantID: f.b}, []string{b1.ID}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _, err := f.s.ListAlerts(f.ctx, c.filter)
			checkCode(t, err, "")
			check(t, "alert ids", c.want, ids(got, func(a *alert.Alert) string { return a.ID }))
		})
	}
	_, total, _ := f.s.ListAlerts(f.ctx, alert.Filter{TenantID: f.a, Page: alert.Page{Limit: 1}})
	if total != 3 {
		t.Errorf("total = %d, want 3 whatever the page", total)
	}
}

func testAlertAcknowledge(t *testing.T, f *alertFixture) {
	a := f.newAlert(f.a, alert.RuleNewClientIP, "x")
	f.fire(a, time.Hour)
	at := f.clock.tick()
	got, err := f.s.AcknowledgeAlert(f.ctx, f.a, a.ID, "usr_first", at)
	checkCode(t, err, "")
	want := stored(a)
	want.AcknowledgedAt, want.AcknowledgedBy = &at, "usr_first"
	check(t, "acknowledged alert", want, got)

	again, err := f.s.AcknowledgeAlert(f.ctx, f.a, a.ID, "usr_second", f.clock.tick())
	checkCode(t, err, "")
	check(t, "alert acknowledged twice", want, again)

	_, err = f.s.AcknowledgeAlert(f.ctx, f.b, a.ID, "usr_other", f.clock.tick())
	checkCode(t, err, hive.ENOTFOUND)
}

func testAlertKeyIPs(t *testing.T, f *alertFixture) {
	see := func(tenant, key, ip string) alert.Sighting {
		t.Helper()
		s, err := f.s.SeeKeyIP(f.ctx, tenant, key, ip, f.clock.tick())
		checkCode(t, err, "")
		return s
	}
	check(t, "first address", alert.Sighting{New: true, First: true}, see(f.a, f.key, "203.0.113.9"))
	check(t, "same address", alert.Sighting{}, see(f.a, f.key, "203.0.113.9"))
	check(t, "second address", alert.Sighting{New: true}, see(f.a, f.key, "198.51.100.7"))
	check(t, "second address again", alert.Sighting{}, see(f.a, f.key, "198.51.100.7"))
	check(t, "same key id in another tenant", alert.Sighting{New: true, First: true}, see(f.b, f.key, "198.51.100.7"))
}

// testExpiringKeys checks apikey.Store.ExpiringKeys: unrevoked keys of every
// tenant expiring in the range, soonest first.
func testExpiringKeys(t *testing.T, open Opener) {
	f := newFixture(t, open)
	now := f.clock.now
	withExpiry := func(ten tenant, in time.Duration, revoked bool) *apikey.Key {
		k := f.newKey(ten)
		at := now.Add(in)
		k.ExpiresAt = &at
		if revoked {
			k.RevokedAt = &now
		}
		return f.createKey(k)
	}
	inTwoDays := withExpiry(f.a, 48*time.Hour, false)
	inOneDay := withExpiry(f.b, 24*time.Hour, false)
	withExpiry(f.a, 12*time.Hour, true)              // revoked
	withExpiry(f.a, -time.Hour, false)               // already expired
	withExpiry(f.a, 30*24*time.Hour, false)          // beyond the range
	f.createKey(f.newKey(f.b))                       // never expires
	atEnd := withExpiry(f.a, 14*24*time.Hour, false) // the range includes its end
	got, err := f.s.ExpiringKeys(f.ctx, now, now.Add(14*24*time.Hour))
	checkCode(t, err, "")
	check(t, "expiring keys", []string{inOneDay.ID, inTwoDays.ID, atEnd.ID},
		ids(got, func(k *apikey.Key) string { return k.ID }))
	if len(got) > 0 {
		check(t, "expiring key", f.key(inOneDay), got[0])
	}
}
