package storetest

import (
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// testTenants checks that a tenant's plan round-trips and that UpdateTenant
// changes only the tenant it names.
func testTenants(t *testing.T, open Opener) {
	f := newFixture(t, open)
	t.Run("plan round trip", func(t *testing.T) {
		ten := f.newTenant("initech")
		ten.Plan, ten.RateLimitPerMinute, ten.ConcurrencyLimit, ten.AllowNonExpiringKeys = apikey.PlanCustom, 5000, 40, true
		f.must(f.s.CreateTenant(f.ctx, ten))
		got, err := f.s.TenantBySlug(f.ctx, "initech")
		checkCode(t, err, "")
		check(t, "TenantBySlug", ten, got)
	})
	t.Run("update changes only that tenant", func(t *testing.T) {
		before, _ := f.s.TenantByID(f.ctx, f.b.ID)
		upd := *f.a.Tenant
		upd.Name, upd.Plan, upd.RateLimitPerMinute, upd.ConcurrencyLimit = "Acme Corp", apikey.PlanSwarm, 0, 0
		checkCode(t, f.s.UpdateTenant(f.ctx, &upd), "")
		got, _ := f.s.TenantByID(f.ctx, f.a.ID)
		check(t, "updated tenant", &upd, got)
		after, _ := f.s.TenantByID(f.ctx, f.b.ID)
		check(t, "other tenant", before, after)
	})
	t.Run("unknown tenant is not found", func(t *testing.T) {
		ghost := f.newTenant("ghost")
		ghost.ID = hive.NewID(hive.PrefixTenant, t0)
		checkCode(t, f.s.UpdateTenant(f.ctx, ghost), hive.ENOTFOUND)
	})
}
