package storetest

import (
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// testKeyPolicy checks KeyPolicy, SaveKeyPolicy and
// KeyPoliciesDisablingUnused: the zero policy before any save, a round
// trip of every field, AllowNeverExpiring as the tenant's flag, and
// isolation between tenants.
func testKeyPolicy(t *testing.T, open Opener) {
	t.Parallel()
	f := newFixture(t, open)
	got, err := f.s.KeyPolicy(f.ctx, f.a.ID)
	f.must(err)
	check(t, "policy never saved", &apikey.KeyPolicy{TenantID: f.a.ID}, got)

	_, err = f.s.KeyPolicy(f.ctx, hive.NewID(hive.PrefixTenant, t0))
	checkCode(t, err, hive.ENOTFOUND)
	checkCode(t, f.s.SaveKeyPolicy(f.ctx, &apikey.KeyPolicy{TenantID: hive.NewID(hive.PrefixTenant, t0)}), hive.ENOTFOUND)

	p := &apikey.KeyPolicy{TenantID: f.a.ID, MaxLifetimeDays: new(30), DisableUnusedAfterDays: new(60),
		UnusedWarningDays: 7, AdminKeysRequireIPAllowlist: true, UpdatedBy: f.a.user.ID, UpdatedAt: f.clock.tick()}
	f.must(f.s.SaveKeyPolicy(f.ctx, p))
	got, err = f.s.KeyPolicy(f.ctx, f.a.ID)
	f.must(err)
	check(t, "saved policy", p, got)

	q := &apikey.KeyPolicy{TenantID: f.a.ID, AllowNeverExpiring: true, UpdatedBy: f.a.user.ID, UpdatedAt: f.clock.tick()}
	f.must(f.s.SaveKeyPolicy(f.ctx, q))
	got, err = f.s.KeyPolicy(f.ctx, f.a.ID)
	f.must(err)
	check(t, "policy saved again, limits cleared", q, got)
	ten, err := f.s.TenantByID(f.ctx, f.a.ID)
	f.must(err)
	if !ten.AllowNonExpiringKeys {
		t.Error("AllowNeverExpiring was not saved as the tenant's AllowNonExpiringKeys")
	}

	got, err = f.s.KeyPolicy(f.ctx, f.b.ID)
	f.must(err)
	check(t, "other tenant's policy", &apikey.KeyPolicy{TenantID: f.b.ID}, got)

	pb := &apikey.KeyPolicy{TenantID: f.b.ID, DisableUnusedAfterDays: new(90), UpdatedBy: f.b.user.ID, UpdatedAt: f.clock.tick()}
	f.must(f.s.SaveKeyPolicy(f.ctx, pb))
	list, err := f.s.KeyPoliciesDisablingUnused(f.ctx)
	f.must(err)
	checkList(t, "policies disabling unused keys", []*apikey.KeyPolicy{pb}, list)
}

// testDisableKeys checks SetKeyDisabled and UnusedKeys: a disable and an
// enable each change once, a revoked key never changes, the unused-since
// condition keeps a key used since, the status filter sees disabled keys,
// and another tenant's key is ENOTFOUND.
func testDisableKeys(t *testing.T, open Opener) {
	t.Parallel()
	f := newFixture(t, open)
	k := f.createKey(f.newKey(f.a))
	at := f.clock.tick()
	d := apikey.KeyDisable{TenantID: f.a.ID, KeyID: k.ID, At: &at, Reason: apikey.DisableManual, UpdatedAt: at}

	changed, err := f.s.SetKeyDisabled(f.ctx, d)
	f.must(err)
	if !changed {
		t.Fatal("first disable reported no change")
	}
	want := *k
	want.DisabledAt, want.DisabledReason, want.UpdatedAt = &at, apikey.DisableManual, at
	check(t, "disabled key", &want, f.key(k))
	if changed, _ = f.s.SetKeyDisabled(f.ctx, d); changed {
		t.Error("disabling a disabled key reported a change")
	}
	status := apikey.StatusDisabled
	list, _, err := f.s.ListKeys(f.ctx, apikey.KeyFilter{TenantID: f.a.ID, Status: &status, Now: at})
	f.must(err)
	check(t, "keys listed as disabled", []string{k.ID}, ids(list, func(k *apikey.Key) string { return k.ID }))
	active := apikey.StatusActive
	list, _, err = f.s.ListKeys(f.ctx, apikey.KeyFilter{TenantID: f.a.ID, Status: &active, Now: at})
	f.must(err)
	checkList(t, "active keys", nil, list)

	_, err = f.s.SetKeyDisabled(f.ctx, apikey.KeyDisable{TenantID: f.b.ID, KeyID: k.ID, At: &at, Reason: apikey.DisableManual, UpdatedAt: at})
	checkCode(t, err, hive.ENOTFOUND)

	en := f.clock.tick()
	changed, err = f.s.SetKeyDisabled(f.ctx, apikey.KeyDisable{TenantID: f.a.ID, KeyID: k.ID, UpdatedAt: en})
	f.must(err)
	if !changed {
		t.Fatal("enable reported no change")
	}
	want.DisabledAt, want.DisabledReason, want.UpdatedAt, want.EnabledAt = nil, "", en, &en
	check(t, "enabled key", &want, f.key(k))
	if changed, _ = f.s.SetKeyDisabled(f.ctx, apikey.KeyDisable{TenantID: f.a.ID, KeyID: k.ID, UpdatedAt: en}); changed {
		t.Error("enabling an enabled key reported a change")
	}

	revoked := f.newKey(f.a)
	revoked.RevokedAt = new(f.clock.tick())
	f.createKey(revoked)
	if changed, _ = f.s.SetKeyDisabled(f.ctx, apikey.KeyDisable{TenantID: f.a.ID, KeyID: revoked.ID, At: &at, Reason: apikey.DisableManual, UpdatedAt: at}); changed {
		t.Error("disabling a revoked key reported a change")
	}

	// The unused-since condition: a key used after the cutoff stays live.
	used := f.createKey(f.newKey(f.a))
	cutoff := f.clock.tick()
	f.must(f.s.TouchKeys(f.ctx, []apikey.KeyUsage{{KeyID: used.ID, At: f.clock.tick(), IP: "192.0.2.1"}}))
	now := f.clock.tick()
	if changed, _ = f.s.SetKeyDisabled(f.ctx, apikey.KeyDisable{TenantID: f.a.ID, KeyID: used.ID, At: &now,
		Reason: apikey.DisableUnused, UnusedSince: &cutoff, UpdatedAt: now}); changed {
		t.Error("a key used after UnusedSince was disabled")
	}
	idle := f.newKey(f.a)
	idle.CreatedAt = cutoff.Add(-time.Hour)
	f.createKey(idle)
	if changed, _ = f.s.SetKeyDisabled(f.ctx, apikey.KeyDisable{TenantID: f.a.ID, KeyID: idle.ID, At: &now,
		Reason: apikey.DisableUnused, UnusedSince: &cutoff, UpdatedAt: now}); !changed {
		t.Error("a key never used since before UnusedSince was not disabled")
	}
}

// testUnusedKeys checks UnusedKeys: the last use, or creation when never
// used, against the bound; revoked, disabled, expired and other tenants'
// keys left out; least recently used first.
func testUnusedKeys(t *testing.T, open Opener) {
	t.Parallel()
	f := newFixture(t, open)
	old := f.newKey(f.a) // never used, created long ago
	old.CreatedAt = t0.Add(-48 * time.Hour)
	f.createKey(old)
	usedLongAgo := f.newKey(f.a)
	usedLongAgo.CreatedAt = t0.Add(-48 * time.Hour)
	f.createKey(usedLongAgo)
	f.must(f.s.TouchKeys(f.ctx, []apikey.KeyUsage{{KeyID: usedLongAgo.ID, At: t0.Add(-24 * time.Hour).Add(time.Minute), IP: "192.0.2.1"}}))
	usedRecently := f.createKey(f.newKey(f.a))
	f.must(f.s.TouchKeys(f.ctx, []apikey.KeyUsage{{KeyID: usedRecently.ID, At: t0.Add(time.Hour), IP: "192.0.2.1"}}))
	for _, mod := range []func(k *apikey.Key){
		func(k *apikey.Key) { k.RevokedAt = new(t0) },
		func(k *apikey.Key) { k.ExpiresAt = new(t0.Add(-time.Hour)) },
		func(k *apikey.Key) { k.CreatedAt = t0.Add(-48 * time.Hour) },
	} {
		k := f.newKey(f.a)
		mod(k)
		k.CreatedAt = t0.Add(-48 * time.Hour)
		f.createKey(k)
		if k.RevokedAt == nil && k.ExpiresAt == nil {
			at := t0
			f.must(f.s.TouchKeys(f.ctx, nil))
			_, err := f.s.SetKeyDisabled(f.ctx, apikey.KeyDisable{TenantID: f.a.ID, KeyID: k.ID, At: &at, Reason: apikey.DisableManual, UpdatedAt: at})
			f.must(err)
		}
	}
	other := f.newKey(f.b)
	other.CreatedAt = t0.Add(-48 * time.Hour)
	f.createKey(other)

	got, err := f.s.UnusedKeys(f.ctx, f.a.ID, t0, t0.Add(-12*time.Hour))
	f.must(err)
	check(t, "unused keys", []string{old.ID, usedLongAgo.ID}, ids(got, func(k *apikey.Key) string { return k.ID }))

	// Enabling starts the idle time afresh: a key disabled and enabled an
	// hour ago is not unused, however long ago it was created.
	at := t0.Add(-2 * time.Hour)
	_, err = f.s.SetKeyDisabled(f.ctx, apikey.KeyDisable{TenantID: f.a.ID, KeyID: old.ID, At: &at, Reason: apikey.DisableUnused, UpdatedAt: at})
	f.must(err)
	_, err = f.s.SetKeyDisabled(f.ctx, apikey.KeyDisable{TenantID: f.a.ID, KeyID: old.ID, UpdatedAt: t0.Add(-time.Hour)})
	f.must(err)
	got, err = f.s.UnusedKeys(f.ctx, f.a.ID, t0, t0.Add(-12*time.Hour))
	f.must(err)
	check(t, "unused keys after an enable", []string{usedLongAgo.ID}, ids(got, func(k *apikey.Key) string { return k.ID }))
	cutoff := t0.Add(-12 * time.Hour)
	if changed, _ := f.s.SetKeyDisabled(f.ctx, apikey.KeyDisable{TenantID: f.a.ID, KeyID: old.ID, At: new(t0),
		Reason: apikey.DisableUnused, UnusedSince: &cutoff, UpdatedAt: t0}); changed {
		t.Error("a key enabled after UnusedSince was disabled as unused")
	}

	// The lookup by secret hash finds the tenant's key and nobody else's.
	list, _, err := f.s.ListKeys(f.ctx, apikey.KeyFilter{TenantID: f.a.ID, Hash: &old.Hash, Now: t0})
	f.must(err)
	check(t, "keys by hash", []string{old.ID}, ids(list, func(k *apikey.Key) string { return k.ID }))
	list, _, err = f.s.ListKeys(f.ctx, apikey.KeyFilter{TenantID: f.b.ID, Hash: &old.Hash, Now: t0})
	f.must(err)
	checkList(t, "another tenant's keys by hash", nil, list)
}
