package postgres

import (
	"context"
	"fmt"

	"github.com/hive-platform/hive/internal/apikey"
)

const tenantColumns = `id, slug, name, allow_non_expiring_keys, plan, rate_limit_per_minute, concurrency_limit, created_at`

// CreateTenant inserts t; a taken slug is ECONFLICT.
func (s *Store) CreateTenant(ctx context.Context, t *apikey.Tenant) error {
	_, err := s.db().Exec(ctx, `INSERT INTO tenants (`+tenantColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		tenantFields(t)...)
	return failure{
		op:       "create tenant",
		conflict: fmt.Sprintf("a tenant with slug %q already exists", t.Slug),
	}.translate(err)
}

// TenantByID returns the tenant with the given ID, or ENOTFOUND.
func (s *Store) TenantByID(ctx context.Context, id string) (*apikey.Tenant, error) {
	return s.tenantWhere(ctx, "id", id)
}

// TenantBySlug returns the tenant with the given slug, or ENOTFOUND.
func (s *Store) TenantBySlug(ctx context.Context, slug string) (*apikey.Tenant, error) {
	return s.tenantWhere(ctx, "slug", slug)
}

// tenantWhere returns the tenant whose unique column holds value.
func (s *Store) tenantWhere(ctx context.Context, column, value string) (*apikey.Tenant, error) {
	var t apikey.Tenant
	err := s.db().QueryRow(ctx, `SELECT `+tenantColumns+` FROM tenants WHERE `+column+` = $1`, value).
		Scan(tenantFields(&t)...)
	if err != nil {
		return nil, failure{op: "tenant by " + column, notFound: "tenant not found"}.translate(err)
	}
	return &t, nil
}

// tenantFields returns t's fields in tenantColumns order, as arguments or as
// Scan targets.
func tenantFields(t *apikey.Tenant) []any {
	return []any{&t.ID, &t.Slug, &t.Name, &t.AllowNonExpiringKeys, (*string)(&t.Plan), &t.RateLimitPerMinute, &t.ConcurrencyLimit, &t.CreatedAt}
}

// UpdateTenant saves t's changeable fields; ENOTFOUND if t does not exist.
func (s *Store) UpdateTenant(ctx context.Context, t *apikey.Tenant) error {
	err := s.db().QueryRow(ctx, `UPDATE tenants SET name = $1, allow_non_expiring_keys = $2, plan = $3,
		rate_limit_per_minute = $4, concurrency_limit = $5 WHERE id = $6 RETURNING id`,
		t.Name, t.AllowNonExpiringKeys, string(t.Plan), t.RateLimitPerMinute, t.ConcurrencyLimit, t.ID).Scan(new(string))
	return failure{op: "update tenant", notFound: "tenant not found"}.translate(err)
}
