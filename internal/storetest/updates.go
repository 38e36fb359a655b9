package storetest

import (
	"net/netip"
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// testUpdates checks that updates save exactly the fields their contract
// names, and that deletes hide service accounts.
func testUpdates(t *testing.T, open Opener) {
	tests := []struct {
		name string
		run  func(t *testing.T, f *fixture)
	}{
		{"service account update saves name, description and updated_at only", func(t *testing.T, f *fixture) {
			want := *f.a.sa
			want.Name, want.Description, want.UpdatedAt = "Power BI", "nightly export", f.clock.tick()
			edit := want
			edit.CreatedBy, edit.CreatedAt = "usr_someone_else", f.clock.tick()
			f.must(f.s.UpdateServiceAccount(f.ctx, &edit))
			got, err := f.s.ServiceAccountByID(f.ctx, f.a.ID, f.a.sa.ID)
			f.must(err)
			check(t, "ServiceAccountByID", &want, got)
		}},
		{"service account update keeping its name is no conflict", func(t *testing.T, f *fixture) {
			f.a.sa.Description = "same name, new description"
			f.must(f.s.UpdateServiceAccount(f.ctx, f.a.sa))
		}},
		{"deleted service account is not found and not listed", func(t *testing.T, f *fixture) {
			f.must(f.s.DeleteServiceAccount(f.ctx, f.a.ID, f.a.sa.ID, f.clock.tick()))
			_, err := f.s.ServiceAccountByID(f.ctx, f.a.ID, f.a.sa.ID)
			checkCode(t, err, hive.ENOTFOUND)
			got, total, err := f.s.ListServiceAccounts(f.ctx, apikey.ServiceAccountFilter{TenantID: f.a.ID})
			f.must(err)
			if len(got) != 0 || total != 0 {
				t.Errorf("ListServiceAccounts = %d accounts, total %d; want none", len(got), total)
			}
		}},
		{"key update saves every mutable field", func(t *testing.T, f *fixture) {
			k := f.createKey(f.newKey(f.a))
			k.Name = "renamed"
			k.Permissions = []hive.Scope{hive.ScopeDoorsRead, hive.ScopeDoorAccess}
			k.Resources = hive.Resources{Surveys: []string{}, Doors: []string{"door_1"}}
			k.IPAllowlist = []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}
			k.RateLimitPerMinute = new(60)
			k.ExpiresAt = new(f.clock.tick())
			k.RevokedAt = new(f.clock.tick())
			k.ReplacedBy = hive.NewID(hive.PrefixKey, f.clock.tick())
			k.AllowQueryKey = true
			k.UpdatedAt = f.clock.tick()
			f.must(f.s.UpdateKey(f.ctx, k))
			check(t, "KeyByID", k, f.key(k))
		}},
		{"key update clears optional fields", func(t *testing.T, f *fixture) {
			k := f.fullKey()
			f.createKey(k)
			k.RateLimitPerMinute, k.ExpiresAt, k.RevokedAt, k.ReplacedBy = nil, nil, nil, ""
			f.must(f.s.UpdateKey(f.ctx, k))
			check(t, "KeyByID", k, f.key(k))
		}},
		{"key update leaves identity, hash and last use alone", func(t *testing.T, f *fixture) {
			k := f.createKey(f.newKey(f.a))
			want := *k
			want.UpdatedAt = f.clock.tick()
			edit := want
			edit.Kind, edit.ServiceAccountID, edit.UserID = apikey.KindPersonal, "", f.a.user.ID
			edit.Hash, edit.Hint, edit.CreatedBy, edit.CreatedAt = [32]byte{9}, "other", "usr_x", f.clock.tick()
			edit.LastUsedAt, edit.LastUsedIP, edit.RotatedFrom = new(f.clock.tick()), "192.0.2.1", "key_other"
			f.must(f.s.UpdateKey(f.ctx, &edit))
			check(t, "KeyByID", &want, f.key(k))
		}},
		{"update through another tenant changes nothing", func(t *testing.T, f *fixture) {
			k := f.createKey(f.newKey(f.a))
			key, sa := *k, *f.a.sa
			key.TenantID, key.Name = f.b.ID, "hijacked"
			sa.TenantID, sa.Name = f.b.ID, "hijacked"
			checkCode(t, f.s.UpdateKey(f.ctx, &key), hive.ENOTFOUND)
			checkCode(t, f.s.UpdateServiceAccount(f.ctx, &sa), hive.ENOTFOUND)
			checkCode(t, f.s.DeleteServiceAccount(f.ctx, f.b.ID, f.a.sa.ID, t0), hive.ENOTFOUND)
			check(t, "KeyByID", k, f.key(k))
			got, err := f.s.ServiceAccountByID(f.ctx, f.a.ID, f.a.sa.ID)
			f.must(err)
			check(t, "ServiceAccountByID", f.a.sa, got)
		}},
		{"deleting a service account keeps its keys readable", func(t *testing.T, f *fixture) {
			k := f.createKey(f.newKey(f.a))
			f.must(f.s.DeleteServiceAccount(f.ctx, f.a.ID, f.a.sa.ID, f.clock.tick()))
			check(t, "KeyByID", k, f.key(k))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t, newFixture(t, open))
		})
	}
}
