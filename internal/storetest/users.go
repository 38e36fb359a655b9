package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// testUsers checks listing users and changing a role, and that neither
// reaches into another tenant.
func testUsers(t *testing.T, open Opener) {
	t.Parallel()
	f := newFixture(t, open)
	second := f.newUser(f.a.ID, "analyst@acme.example")
	second.Role = apikey.RoleMember
	f.must(f.s.CreateUser(f.ctx, second))

	got, err := f.s.ListUsers(f.ctx, f.a.ID)
	f.must(err)
	if d := cmp.Diff([]*apikey.User{second, f.a.user}, got); d != "" {
		t.Errorf("ListUsers ordered by email (-want +got):\n%s", d)
	}

	f.must(f.s.UpdateUserRole(f.ctx, f.a.ID, second.ID, apikey.RoleIntegrationsAdmin))
	u, err := f.s.UserByID(f.ctx, f.a.ID, second.ID)
	f.must(err)
	if u.Role != apikey.RoleIntegrationsAdmin {
		t.Errorf("role after UpdateUserRole = %q, want integrations_admin", u.Role)
	}
	if err := f.s.UpdateUserRole(f.ctx, f.b.ID, second.ID, apikey.RoleOwner); hive.ErrorCode(err) != hive.ENOTFOUND {
		t.Errorf("UpdateUserRole from another tenant = %v, want ENOTFOUND", err)
	}
	other, err := f.s.ListUsers(f.ctx, f.b.ID)
	f.must(err)
	if len(other) != 1 || other[0].ID != f.b.user.ID {
		t.Errorf("ListUsers of the other tenant = %v, want only its owner", other)
	}
}
