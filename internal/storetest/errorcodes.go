package storetest

import (
	"strings"
	"testing"

	"github.com/hive-platform/hive/internal/hive"
)

// testErrorCodes checks the error contract of every method that states one,
// and that each tenant-scoped method treats another tenant's row as absent.
func testErrorCodes(t *testing.T, open Opener) {
	tests := []struct {
		name string
		call func(f *fixture) error
		code string // "" for success
		msg  string // a part of the public message, when it matters
	}{
		{
			name: "duplicate slug is conflict",
			call: func(f *fixture) error { return f.s.CreateTenant(f.ctx, f.newTenant("acme")) },
			code: hive.ECONFLICT, msg: `"acme"`,
		},
		{
			name: "duplicate id is an internal error, not a conflict",
			call: func(f *fixture) error {
				ten := f.newTenant("initech")
				ten.ID = f.a.ID
				return f.s.CreateTenant(f.ctx, ten)
			},
			code: hive.EINTERNAL,
		},
		{
			name: "unknown tenant id is not found",
			call: func(f *fixture) error { _, err := f.s.TenantByID(f.ctx, hive.NewID(hive.PrefixTenant, t0)); return err },
			code: hive.ENOTFOUND,
		},
		{
			name: "unknown slug is not found",
			call: func(f *fixture) error { _, err := f.s.TenantBySlug(f.ctx, "initech"); return err },
			code: hive.ENOTFOUND,
		},
		{
			name: "duplicate email in a tenant is conflict whatever its case",
			call: func(f *fixture) error { return f.s.CreateUser(f.ctx, f.newUser(f.a.ID, "OWNER@acme.example")) },
			code: hive.ECONFLICT, msg: "owner@acme.example",
		},
		{
			name: "same email in another tenant is allowed",
			call: func(f *fixture) error { return f.s.CreateUser(f.ctx, f.newUser(f.b.ID, f.a.user.Email)) },
		},
		{
			name: "unknown user is not found",
			call: func(f *fixture) error {
				_, err := f.s.UserByID(f.ctx, f.a.ID, hive.NewID(hive.PrefixUser, t0))
				return err
			},
			code: hive.ENOTFOUND,
		},
		{
			name: "other tenant's user is not found",
			call: func(f *fixture) error { _, err := f.s.UserByID(f.ctx, f.b.ID, f.a.user.ID); return err },
			code: hive.ENOTFOUND,
		},
		{
			name: "other tenant's email is not found",
			call: func(f *fixture) error { _, err := f.s.UserByEmail(f.ctx, f.b.ID, f.a.user.Email); return err },
			code: hive.ENOTFOUND,
		},
		{
			name: "duplicate live service account name is conflict",
			call: func(f *fixture) error {
				return f.s.CreateServiceAccount(f.ctx, f.newServiceAccount(f.a.ID, "PowerBI"))
			},
			code: hive.ECONFLICT, msg: `"PowerBI"`,
		},
		{
			name: "name of a deleted service account can be reused",
			call: func(f *fixture) error {
				f.must(f.s.DeleteServiceAccount(f.ctx, f.a.ID, f.a.sa.ID, f.clock.tick()))
				return f.s.CreateServiceAccount(f.ctx, f.newServiceAccount(f.a.ID, "PowerBI"))
			},
		},
		{
			name: "unknown service account is not found",
			call: func(f *fixture) error {
				_, err := f.s.ServiceAccountByID(f.ctx, f.a.ID, hive.NewID(hive.PrefixServiceAccount, t0))
				return err
			},
			code: hive.ENOTFOUND,
		},
		{
			name: "other tenant's service account is not found",
			call: func(f *fixture) error { _, err := f.s.ServiceAccountByID(f.ctx, f.b.ID, f.a.sa.ID); return err },
			code: hive.ENOTFOUND,
		},
		{
			name: "deleted service account is not found",
			call: func(f *fixture) error {
				f.must(f.s.DeleteServiceAccount(f.ctx, f.a.ID, f.a.sa.ID, f.clock.tick()))
				_, err := f.s.ServiceAccountByID(f.ctx, f.a.ID, f.a.sa.ID)
				return err
			},
			code: hive.ENOTFOUND,
		},
		{
			name: "renaming to a taken name is conflict",
			call: func(f *fixture) error {
				other := f.newServiceAccount(f.a.ID, "Tableau")
				f.must(f.s.CreateServiceAccount(f.ctx, other))
				other.Name = "PowerBI"
				return f.s.UpdateServiceAccount(f.ctx, other)
			},
			code: hive.ECONFLICT, msg: `"PowerBI"`,
		},
		{
			name: "update of unknown service account is not found",
			call: func(f *fixture) error {
				return f.s.UpdateServiceAccount(f.ctx, f.newServiceAccount(f.a.ID, "Tableau"))
			},
			code: hive.ENOTFOUND,
		},
		{
			name: "update of other tenant's service account is not found",
			call: func(f *fixture) error {
				a := *f.a.sa
				a.TenantID = f.b.ID
				return f.s.UpdateServiceAccount(f.ctx, &a)
			},
			code: hive.ENOTFOUND,
		},
		{
			name: "update of deleted service account is not found",
			call: func(f *fixture) error {
				f.must(f.s.DeleteServiceAccount(f.ctx, f.a.ID, f.a.sa.ID, f.clock.tick()))
				return f.s.UpdateServiceAccount(f.ctx, f.a.sa)
			},
			code: hive.ENOTFOUND,
		},
		{
			name: "delete of unknown service account is not found",
			call: func(f *fixture) error {
				return f.s.DeleteServiceAccount(f.ctx, f.a.ID, hive.NewID(hive.PrefixServiceAccount, t0), t0)
			},
			code: hive.ENOTFOUND,
		},
		{
			name: "delete of other tenant's service account is not found",
			call: func(f *fixture) error { return f.s.DeleteServiceAccount(f.ctx, f.b.ID, f.a.sa.ID, t0) },
			code: hive.ENOTFOUND,
		},
		{
			name: "second delete is not found",
			call: func(f *fixture) error {
				f.must(f.s.DeleteServiceAccount(f.ctx, f.a.ID, f.a.sa.ID, f.clock.tick()))
				return f.s.DeleteServiceAccount(f.ctx, f.a.ID, f.a.sa.ID, f.clock.tick())
			},
			code: hive.ENOTFOUND,
		},
		{
			name: "duplicate hash is conflict, even across tenants",
			call: func(f *fixture) error {
				k := f.createKey(f.newKey(f.a))
				dup := f.newKey(f.b)
				dup.Hash = k.Hash
				return f.s.CreateKey(f.ctx, dup)
			},
			code: hive.ECONFLICT,
		},
		{
			name: "unknown key is not found",
			call: func(f *fixture) error {
				_, err := f.s.KeyByID(f.ctx, f.a.ID, hive.NewID(hive.PrefixKey, t0))
				return err
			},
			code: hive.ENOTFOUND,
		},
		{
			name: "other tenant's key is not found",
			call: func(f *fixture) error {
				k := f.createKey(f.newKey(f.a))
				_, err := f.s.KeyByID(f.ctx, f.b.ID, k.ID)
				return err
			},
			code: hive.ENOTFOUND,
		},
		{
			name: "unknown hash is not found",
			call: func(f *fixture) error { _, err := f.s.KeyByHash(f.ctx, [32]byte{1, 2, 3}); return err },
			code: hive.ENOTFOUND,
		},
		{
			name: "update of unknown key is not found",
			call: func(f *fixture) error { return f.s.UpdateKey(f.ctx, f.newKey(f.a)) },
			code: hive.ENOTFOUND,
		},
		{
			name: "update of other tenant's key is not found",
			call: func(f *fixture) error {
				k := *f.createKey(f.newKey(f.a))
				k.TenantID = f.b.ID
				return f.s.UpdateKey(f.ctx, &k)
			},
			code: hive.ENOTFOUND,
		},
		{
			name: "ping answers",
			call: func(f *fixture) error { return f.s.Ping(f.ctx) },
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.call(newFixture(t, open))
			checkCode(t, err, tt.code)
			if msg := hive.ErrorMessage(err); !strings.Contains(msg, tt.msg) {
				t.Errorf("message %q does not mention %s", msg, tt.msg)
			}
		})
	}
}
