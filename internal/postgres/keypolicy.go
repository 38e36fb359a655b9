package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hive-platform/hive/internal/apikey"
)

// idleSince is when a key was last used, created or enabled, whichever is
// last: what the unused-key policy counts from.
const idleSince = `GREATEST(last_used_at, created_at, enabled_at)`

// SetKeyDisabled disables or enables an unrevoked key in one conditional
// UPDATE, and reports whether it changed. ENOTFOUND if the tenant has no
// such key.
func (s *Store) SetKeyDisabled(ctx context.Context, d apikey.KeyDisable) (bool, error) {
	// Enabling has no unused-since bound, and PostgreSQL cannot type a
	// parameter the statement never uses, so each way has its own.
	set, q, args := `, enabled_at = $3`, `disabled_at IS NOT NULL AND id = $5`, []any{d.At, d.Reason, d.UpdatedAt, d.TenantID, d.KeyID}
	if d.At != nil {
		set, q = ``, `disabled_at IS NULL AND id = $5 AND ($6::timestamptz IS NULL OR `+idleSince+` <= $6)`
		args = append(args, d.UnusedSince)
	}
	tag, err := s.db().Exec(ctx, `UPDATE keys SET disabled_at = $1, disabled_reason = $2, updated_at = $3`+set+`
		WHERE tenant_id = $4 AND revoked_at IS NULL AND `+q, args...)
	if err != nil {
		return false, failure{op: "set key disabled"}.translate(err)
	}
	if tag.RowsAffected() > 0 {
		return true, nil
	}
	_, err = s.KeyByID(ctx, d.TenantID, d.KeyID)
	return false, err
}

// UnusedKeys returns the tenant's live keys last used (or created) at or
// before before, least recently used first.
func (s *Store) UnusedKeys(ctx context.Context, tenantID string, now, before time.Time) ([]*apikey.Key, error) {
	rows, err := s.db().Query(ctx, `SELECT `+keyColumns+` FROM keys
		WHERE tenant_id = $1 AND revoked_at IS NULL AND disabled_at IS NULL
			AND (expires_at IS NULL OR expires_at > $2) AND `+idleSince+` <= $3
		ORDER BY `+idleSince+`, id`, tenantID, now, before)
	if err != nil {
		return nil, failure{op: "unused keys"}.translate(err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*apikey.Key, error) { return scanKey(row) })
	return out, failure{op: "unused keys"}.translate(err)
}

const policyColumns = `t.id, t.allow_non_expiring_keys, p.max_lifetime_days, p.disable_unused_after_days,
	COALESCE(p.unused_warning_days, 0), COALESCE(p.admin_keys_require_ip_allowlist, false),
	COALESCE(p.updated_by, ''), p.updated_at`

// KeyPolicy returns the tenant's policy, the zero policy if it saved none,
// or ENOTFOUND for an unknown tenant.
func (s *Store) KeyPolicy(ctx context.Context, tenantID string) (*apikey.KeyPolicy, error) {
	p, err := scanPolicy(s.db().QueryRow(ctx, `SELECT `+policyColumns+`
		FROM tenants t LEFT JOIN key_policies p ON p.tenant_id = t.id WHERE t.id = $1`, tenantID))
	if err != nil {
		return nil, failure{op: "key policy", notFound: "tenant not found"}.translate(err)
	}
	return p, nil
}

// SaveKeyPolicy writes p, and its AllowNeverExpiring to the tenant, in one
// transaction; ENOTFOUND for an unknown tenant.
func (s *Store) SaveKeyPolicy(ctx context.Context, p *apikey.KeyPolicy) error {
	err := s.transact(ctx, func(tx *Store) error {
		err := tx.db().QueryRow(ctx, `UPDATE tenants SET allow_non_expiring_keys = $1 WHERE id = $2 RETURNING id`,
			p.AllowNeverExpiring, p.TenantID).Scan(new(string))
		if err != nil {
			return err
		}
		_, err = tx.db().Exec(ctx, `INSERT INTO key_policies (tenant_id, max_lifetime_days,
			disable_unused_after_days, unused_warning_days, admin_keys_require_ip_allowlist, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (tenant_id) DO UPDATE SET max_lifetime_days = excluded.max_lifetime_days,
				disable_unused_after_days = excluded.disable_unused_after_days,
				unused_warning_days = excluded.unused_warning_days,
				admin_keys_require_ip_allowlist = excluded.admin_keys_require_ip_allowlist,
				updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			p.TenantID, p.MaxLifetimeDays, p.DisableUnusedAfterDays, p.UnusedWarningDays,
			p.AdminKeysRequireIPAllowlist, p.UpdatedBy, p.UpdatedAt)
		return err
	})
	return failure{op: "save key policy", notFound: "tenant not found"}.translate(err)
}

// KeyPoliciesDisablingUnused returns every policy with
// DisableUnusedAfterDays set, by tenant ID.
func (s *Store) KeyPoliciesDisablingUnused(ctx context.Context) ([]*apikey.KeyPolicy, error) {
	rows, err := s.db().Query(ctx, `SELECT `+policyColumns+`
		FROM tenants t JOIN key_policies p ON p.tenant_id = t.id
		WHERE p.disable_unused_after_days IS NOT NULL ORDER BY t.id`)
	if err != nil {
		return nil, failure{op: "key policies"}.translate(err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*apikey.KeyPolicy, error) { return scanPolicy(row) })
	return out, failure{op: "key policies"}.translate(err)
}

func scanPolicy(row pgx.Row) (*apikey.KeyPolicy, error) {
	var p apikey.KeyPolicy
	var updated *time.Time
	err := row.Scan(&p.TenantID, &p.AllowNeverExpiring, &p.MaxLifetimeDays, &p.DisableUnusedAfterDays,
		&p.UnusedWarningDays, &p.AdminKeysRequireIPAllowlist, &p.UpdatedBy, &updated)
	if err != nil {
		return nil, err
	}
	if updated != nil {
		p.UpdatedAt = updated.UTC()
	}
	return &p, nil
}
