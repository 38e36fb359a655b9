package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// The list groups share one fixture among their cases, which only read.

func testListServiceAccounts(t *testing.T, open Opener) {
	f := newFixture(t, open)
	powerBI := f.a.sa
	tableau := f.newServiceAccount(f.a.ID, "Tableau")
	looker := f.newServiceAccount(f.a.ID, "Looker")
	zapier := f.newServiceAccount(f.a.ID, "Zapier")
	for _, a := range []*apikey.ServiceAccount{tableau, looker, zapier} {
		f.must(f.s.CreateServiceAccount(f.ctx, a))
	}
	f.must(f.s.DeleteServiceAccount(f.ctx, f.a.ID, looker.ID, f.clock.tick()))

	tests := []struct {
		name   string
		filter apikey.ServiceAccountFilter
		want   []*apikey.ServiceAccount
		total  int
	}{
		{"live accounts newest first", apikey.ServiceAccountFilter{TenantID: f.a.ID},
			[]*apikey.ServiceAccount{zapier, tableau, powerBI}, 3},
		{"limit returns the newest and the full total",
			apikey.ServiceAccountFilter{TenantID: f.a.ID, Page: apikey.Page{Limit: 1}},
			[]*apikey.ServiceAccount{zapier}, 3},
		{"paging with After", apikey.ServiceAccountFilter{TenantID: f.a.ID, Page: apikey.Page{Limit: 1, After: zapier.ID}},
			[]*apikey.ServiceAccount{tableau}, 3},
		{"other tenant's accounts are not listed", apikey.ServiceAccountFilter{TenantID: f.b.ID},
			[]*apikey.ServiceAccount{f.b.sa}, 1},
		{"unknown tenant lists nothing", apikey.ServiceAccountFilter{TenantID: hive.NewID(hive.PrefixTenant, t0)}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := f.s.ListServiceAccounts(f.ctx, tt.filter)
			checkCode(t, err, "")
			checkList(t, "ListServiceAccounts", tt.want, got)
			check(t, "total", tt.total, total)
		})
	}
}

func testListKeys(t *testing.T, open Opener) {
	f := newFixture(t, open)
	now := t0.Add(24 * time.Hour) // the instant status is judged at
	active := f.createKey(f.newKey(f.a))
	expired := f.newKey(f.a)
	expired.ExpiresAt = new(now.Add(-time.Hour))
	revoked := f.newKey(f.a) // also expired: revoked wins
	revoked.ExpiresAt, revoked.RevokedAt = new(now.Add(-time.Hour)), new(now.Add(-2*time.Hour))
	expiresNow := f.newPersonalKey(f.a)
	expiresNow.ExpiresAt = new(now)
	expiresLater := f.newPersonalKey(f.a)
	expiresLater.ExpiresAt = new(now.Add(time.Hour))
	for _, k := range []*apikey.Key{expired, revoked, expiresNow, expiresLater} {
		f.createKey(k)
	}
	otherTenant := f.createKey(f.newKey(f.b))

	inA := func(kf apikey.KeyFilter) apikey.KeyFilter {
		kf.TenantID, kf.Now = f.a.ID, now
		return kf
	}
	tests := []struct {
		name   string
		filter apikey.KeyFilter
		want   []*apikey.Key
		total  int
	}{
		{"all of the tenant's keys newest first", inA(apikey.KeyFilter{}),
			[]*apikey.Key{expiresLater, expiresNow, revoked, expired, active}, 5},
		{"filter by service account", inA(apikey.KeyFilter{ServiceAccountID: &f.a.sa.ID}),
			[]*apikey.Key{revoked, expired, active}, 3},
		{"filter by user", inA(apikey.KeyFilter{UserID: &f.a.user.ID}),
			[]*apikey.Key{expiresLater, expiresNow}, 2},
		{"filter by kind", inA(apikey.KeyFilter{Kind: new(apikey.KindPersonal)}),
			[]*apikey.Key{expiresLater, expiresNow}, 2},
		{"status filter active", inA(apikey.KeyFilter{Status: new(apikey.StatusActive)}),
			[]*apikey.Key{expiresLater, active}, 2},
		{"status filter expired, including a key expiring at Now", inA(apikey.KeyFilter{Status: new(apikey.StatusExpired)}),
			[]*apikey.Key{expiresNow, expired}, 2},
		{"status filter revoked", inA(apikey.KeyFilter{Status: new(apikey.StatusRevoked)}),
			[]*apikey.Key{revoked}, 1},
		{"filters combine", inA(apikey.KeyFilter{ServiceAccountID: &f.a.sa.ID, Status: new(apikey.StatusActive)}),
			[]*apikey.Key{active}, 1},
		{"limit returns the newest and the full total", inA(apikey.KeyFilter{Page: apikey.Page{Limit: 2}}),
			[]*apikey.Key{expiresLater, expiresNow}, 5},
		{"paging with After", inA(apikey.KeyFilter{Page: apikey.Page{Limit: 2, After: expiresNow.ID}}),
			[]*apikey.Key{revoked, expired}, 5},
		{"paging past the oldest returns nothing", inA(apikey.KeyFilter{Page: apikey.Page{After: active.ID}}), nil, 5},
		{"other tenant's keys are not listed", apikey.KeyFilter{TenantID: f.b.ID},
			[]*apikey.Key{otherTenant}, 1},
		{"other tenant's service account matches nothing", inA(apikey.KeyFilter{ServiceAccountID: &f.b.sa.ID}), nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := f.s.ListKeys(f.ctx, tt.filter)
			checkCode(t, err, "")
			checkList(t, "ListKeys", tt.want, got)
			check(t, "total", tt.total, total)
		})
	}
}

func testListAuditEvents(t *testing.T, open Opener) {
	f := newFixture(t, open)
	const keyID = "key_target"
	created := f.newEvent(f.a.ID, apikey.ActionKeyCreated, keyID)
	updated := f.newEvent(f.a.ID, apikey.ActionKeyUpdated, keyID)
	saCreated := f.newEvent(f.a.ID, apikey.ActionServiceAccountCreated, f.a.sa.ID)
	otherTenant := f.newEvent(f.b.ID, apikey.ActionKeyCreated, keyID)
	for _, e := range []*apikey.AuditEvent{created, updated, saCreated, otherTenant} {
		f.must(f.s.AddAuditEvent(f.ctx, e))
	}

	tests := []struct {
		name   string
		filter apikey.AuditFilter
		want   []*apikey.AuditEvent
		total  int
	}{
		{"all of the tenant's events newest first", apikey.AuditFilter{TenantID: f.a.ID},
			[]*apikey.AuditEvent{saCreated, updated, created}, 3},
		{"filter by target", apikey.AuditFilter{TenantID: f.a.ID, TargetID: new(keyID)},
			[]*apikey.AuditEvent{updated, created}, 2},
		{"filter by action", apikey.AuditFilter{TenantID: f.a.ID, Action: new(apikey.ActionKeyCreated)},
			[]*apikey.AuditEvent{created}, 1},
		{"paging with After", apikey.AuditFilter{TenantID: f.a.ID, Page: apikey.Page{Limit: 1, After: saCreated.ID}},
			[]*apikey.AuditEvent{updated}, 3},
		{"other tenant's events are not listed", apikey.AuditFilter{TenantID: f.b.ID},
			[]*apikey.AuditEvent{otherTenant}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := f.s.ListAuditEvents(f.ctx, tt.filter)
			checkCode(t, err, "")
			checkList(t, "ListAuditEvents", tt.want, got)
			check(t, "total", tt.total, total)
		})
	}
}

// testPageLimits checks the page size on 1001 events: a limit of 0 means
// 100, a limit just above 100 is honoured (the API asks for one row more than
// it shows, to learn whether more follow), and no page holds more than 1000.
func testPageLimits(t *testing.T, open Opener) {
	f := newFixture(t, open)
	var events []*apikey.AuditEvent
	f.must(f.s.WithinTx(f.ctx, func(tx apikey.Store) error {
		for range 1001 {
			e := f.newEvent(f.a.ID, apikey.ActionKeyUpdated, "key_x")
			events = append(events, e)
			if err := tx.AddAuditEvent(f.ctx, e); err != nil {
				return err
			}
		}
		return nil
	}))
	eventID := func(e *apikey.AuditEvent) string { return e.ID }
	newest := ids(events, eventID)
	slices.Reverse(newest)

	tests := []struct {
		name string
		page apikey.Page
		want []string
	}{
		{"limit 0 returns 100", apikey.Page{}, newest[:100]},
		{"limit 101 returns 101", apikey.Page{Limit: 101}, newest[:101]},
		{"limit above 1000 returns 1000", apikey.Page{Limit: 5000}, newest[:1000]},
		{"next page holds the rest", apikey.Page{Limit: 1000, After: newest[999]}, newest[1000:]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := f.s.ListAuditEvents(f.ctx, apikey.AuditFilter{TenantID: f.a.ID, Page: tt.page})
			checkCode(t, err, "")
			check(t, "ListAuditEvents IDs", tt.want, ids(got, eventID))
			check(t, "total", 1001, total)
		})
	}
}
