package storetest

import (
	"net/netip"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// testRoundTrip checks that what is saved reads back unchanged, by every
// lookup.
func testRoundTrip(t *testing.T, open Opener) {
	tests := []struct {
		name string
		run  func(t *testing.T, f *fixture)
	}{
		{"tenant reads back by id and by slug", func(t *testing.T, f *fixture) {
			ten := f.newTenant("initech")
			ten.AllowNonExpiringKeys = true
			f.must(f.s.CreateTenant(f.ctx, ten))
			byID, err := f.s.TenantByID(f.ctx, ten.ID)
			f.must(err)
			check(t, "TenantByID", ten, byID)
			bySlug, err := f.s.TenantBySlug(f.ctx, "initech")
			f.must(err)
			check(t, "TenantBySlug", ten, bySlug)
		}},
		{"user email is stored lower-cased and found in any case", func(t *testing.T, f *fixture) {
			u := f.newUser(f.a.ID, "Ann.Lee@Example.COM")
			f.must(f.s.CreateUser(f.ctx, u))
			want := *u
			want.Email = "ann.lee@example.com"
			byID, err := f.s.UserByID(f.ctx, f.a.ID, u.ID)
			f.must(err)
			check(t, "UserByID", &want, byID)
			byEmail, err := f.s.UserByEmail(f.ctx, f.a.ID, "ANN.LEE@example.com")
			f.must(err)
			check(t, "UserByEmail", &want, byEmail)
		}},
		{"user without a password reads back without one", func(t *testing.T, f *fixture) {
			u := f.newUser(f.a.ID, "sso@acme.example")
			u.PasswordHash, u.Role = nil, apikey.RoleMember
			f.must(f.s.CreateUser(f.ctx, u))
			got, err := f.s.UserByID(f.ctx, f.a.ID, u.ID)
			f.must(err)
			check(t, "UserByID", u, got)
		}},
		{"service account reads back", func(t *testing.T, f *fixture) {
			got, err := f.s.ServiceAccountByID(f.ctx, f.a.ID, f.a.sa.ID)
			f.must(err)
			check(t, "ServiceAccountByID", f.a.sa, got)
		}},
		{"every key field reads back by id and by hash", func(t *testing.T, f *fixture) {
			k := f.fullKey()
			f.createKey(k)
			check(t, "KeyByID", k, f.key(k))
			byHash, err := f.s.KeyByHash(f.ctx, k.Hash)
			f.must(err)
			check(t, "KeyByHash", k, byHash)
		}},
		{"personal key reads back with its optional fields empty", func(t *testing.T, f *fixture) {
			k := f.createKey(f.newPersonalKey(f.a))
			check(t, "KeyByID", k, f.key(k))
		}},
		{"revoked and expired keys are found by hash", func(t *testing.T, f *fixture) {
			revoked, expired := f.newKey(f.a), f.newKey(f.b)
			revoked.RevokedAt = new(t0)
			expired.ExpiresAt = new(t0)
			for _, k := range []*apikey.Key{f.createKey(revoked), f.createKey(expired)} {
				got, err := f.s.KeyByHash(f.ctx, k.Hash)
				f.must(err)
				check(t, "KeyByHash", k, got)
			}
		}},
		{"times read back in UTC, truncated to microseconds", func(t *testing.T, f *fixture) {
			cet := time.FixedZone("CET", 3600)
			at := time.Date(2026, 5, 6, 7, 8, 9, 987654321, cet)
			k := f.newKey(f.a)
			k.CreatedAt, k.UpdatedAt, k.ExpiresAt, k.RevokedAt, k.LastUsedAt = at, at, new(at), new(at), new(at)
			got := f.key(f.createKey(k))
			want := at.Truncate(time.Microsecond)
			for _, tm := range []time.Time{got.CreatedAt, got.UpdatedAt, *got.ExpiresAt, *got.RevokedAt, *got.LastUsedAt} {
				if !tm.Equal(want) || tm.Location() != time.UTC {
					t.Errorf("time = %v, want %v in UTC", tm, want.UTC())
				}
			}
		}},
		{"audit event reads back with its details", func(t *testing.T, f *fixture) {
			e := f.newEvent(f.a.ID, apikey.ActionKeyCreated, "key_x")
			e.ActorKeyID = "key_actor"
			// JSON numbers read back as float64 and arrays as []any.
			e.Details = map[string]any{"name": "PowerBI", "count": 2.0, "scopes": []any{"surveys:read"},
				"expiry": map[string]any{"never": true}}
			f.must(f.s.AddAuditEvent(f.ctx, e))
			got, _, err := f.s.ListAuditEvents(f.ctx, apikey.AuditFilter{TenantID: f.a.ID})
			f.must(err)
			check(t, "ListAuditEvents", []*apikey.AuditEvent{e}, got)
		}},
		{"audit event without details reads back without details", func(t *testing.T, f *fixture) {
			e := f.newEvent(f.a.ID, apikey.ActionTenantCreated, f.a.ID)
			f.must(f.s.AddAuditEvent(f.ctx, e))
			got, _, err := f.s.ListAuditEvents(f.ctx, apikey.AuditFilter{TenantID: f.a.ID})
			f.must(err)
			check(t, "ListAuditEvents", []*apikey.AuditEvent{e}, got)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t, newFixture(t, open))
		})
	}
}

// fullKey returns an unsaved key with every field set.
func (f *fixture) fullKey() *apikey.Key {
	old := f.createKey(f.newKey(f.a))
	k := f.newKey(f.a)
	k.Permissions = []hive.Scope{hive.ScopeSurveysRead, hive.ScopeResponsesRead, hive.ScopeDoorAccess}
	k.Resources = hive.Resources{Surveys: []string{"srv_1", "srv_2"}, Doors: []string{"door_9"}}
	k.IPAllowlist = []netip.Prefix{netip.MustParsePrefix("203.0.113.0/24"), netip.MustParsePrefix("2001:db8::/32")}
	k.RateLimitPerMinute = new(600)
	k.ExpiresAt = new(t0.Add(90 * 24 * time.Hour))
	k.LastUsedAt = new(t0.Add(time.Hour))
	k.LastUsedIP = "203.0.113.9"
	k.RevokedAt = new(t0.Add(2 * time.Hour))
	k.RotatedFrom = old.ID
	k.ReplacedBy = hive.NewID(hive.PrefixKey, t0.Add(time.Hour))
	k.AllowQueryKey = true
	return k
}

// testRestrictions checks that a nil list ("all") and an empty list
// ("none") stay apart, for every list a key holds.
func testRestrictions(t *testing.T, open Opener) {
	tests := []struct {
		name  string
		perms []hive.Scope
		res   hive.Resources
		ips   []netip.Prefix
	}{
		{name: "nil lists stay nil"},
		{name: "empty survey restriction stays empty, not all", res: hive.Resources{Surveys: []string{}}},
		{name: "empty door restriction stays empty, not all", res: hive.Resources{Doors: []string{}}},
		{name: "both restrictions empty stay empty", res: hive.Resources{Surveys: []string{}, Doors: []string{}}},
		{name: "listed resources read back", res: hive.Resources{Surveys: []string{"srv_1"}, Doors: []string{"door_1"}}},
		{name: "empty permissions stay empty", perms: []hive.Scope{}},
		{name: "empty allowlist stays empty", ips: []netip.Prefix{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, open)
			created := f.newKey(f.a)
			created.Permissions, created.Resources, created.IPAllowlist = tt.perms, tt.res, tt.ips
			check(t, "after CreateKey", created, f.key(f.createKey(created)))

			updated := f.createKey(f.newKey(f.a))
			updated.Permissions, updated.Resources, updated.IPAllowlist = tt.perms, tt.res, tt.ips
			f.must(f.s.UpdateKey(f.ctx, updated))
			check(t, "after UpdateKey", updated, f.key(updated))
		})
	}
}
