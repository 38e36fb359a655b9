package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hive-platform/hive/internal/apikey"
)

const keyColumns = `id, tenant_id, kind, service_account_id, user_id, name, hash, hint,
	permissions, resources, ip_allowlist, rate_limit_per_minute, expires_at,
	created_by, created_at, updated_at, last_used_at, last_used_ip, revoked_at, rotated_from, replaced_by,
	disabled_at, disabled_reason, enabled_at, allow_query_key`

const keyNotFound = "API key not found"

// CreateKey inserts k; a hash that already exists is ECONFLICT.
func (s *Store) CreateKey(ctx context.Context, k *apikey.Key) error {
	_, err := s.db().Exec(ctx, `INSERT INTO keys (`+keyColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,
		$10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)`, keyFields(k)...)
	return failure{op: "create key", conflict: "an API key with this hash already exists"}.translate(err)
}

// KeyByID returns the tenant's key with the given ID whatever its status, or
// ENOTFOUND.
func (s *Store) KeyByID(ctx context.Context, tenantID, id string) (*apikey.Key, error) {
	k, err := scanKey(s.db().QueryRow(ctx,
		`SELECT `+keyColumns+` FROM keys WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	if err != nil {
		return nil, failure{op: "key by id", notFound: keyNotFound}.translate(err)
	}
	return k, nil
}

// KeyByHash returns the key with the given hash in any tenant, whatever its
// status, or ENOTFOUND. It is one lookup in the unique index on hash.
func (s *Store) KeyByHash(ctx context.Context, h [32]byte) (*apikey.Key, error) {
	k, err := scanKey(s.db().QueryRow(ctx, `SELECT `+keyColumns+` FROM keys WHERE hash = $1`, h[:]))
	if err != nil {
		return nil, failure{op: "key by hash", notFound: keyNotFound}.translate(err)
	}
	return k, nil
}

// ListKeys returns a page of the keys matching f, newest first, and how many
// match.
func (s *Store) ListKeys(ctx context.Context, f apikey.KeyFilter) ([]*apikey.Key, int, error) {
	w, err := keyFilter(f)
	if err != nil {
		return nil, 0, failure{op: "list keys"}.translate(err)
	}
	out, total, err := list(ctx, s.db(), "keys", keyColumns, w, f.Page, scanKey)
	return out, total, failure{op: "list keys"}.translate(err)
}

// UpdateKey saves the mutable fields of k, or returns ENOTFOUND if the tenant
// has no such key. The last use is left alone: only TouchKeys moves it.
func (s *Store) UpdateKey(ctx context.Context, k *apikey.Key) error {
	err := s.db().QueryRow(ctx, `UPDATE keys SET name = $1, permissions = $2, resources = $3,
		ip_allowlist = $4, rate_limit_per_minute = $5, expires_at = $6, revoked_at = $7, replaced_by = $8, updated_at = $9,
		allow_query_key = $12 WHERE tenant_id = $10 AND id = $11 RETURNING id`,
		k.Name, &k.Permissions, &k.Resources, &k.IPAllowlist, k.RateLimitPerMinute, k.ExpiresAt, k.RevokedAt,
		nullString(&k.ReplacedBy), k.UpdatedAt, k.TenantID, k.ID, k.AllowQueryKey).Scan(new(string))
	return failure{op: "update key", notFound: keyNotFound}.translate(err)
}

// touchKeys applies a batch of uses in one statement. DISTINCT ON keeps the
// latest use of each key, since UPDATE ... FROM applies only one source row
// per target row, and the condition on last_used_at keeps it moving
// forward. Unknown IDs join no row.
const touchKeys = `UPDATE keys AS k SET last_used_at = u.at, last_used_ip = u.ip
	FROM (
		SELECT DISTINCT ON (id) id, at, ip
		FROM unnest($1::text[], $2::timestamptz[], $3::text[]) AS u (id, at, ip)
		ORDER BY id, at DESC
	) AS u
	WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.at)`

// TouchKeys records a batch of uses in one statement.
func (s *Store) TouchKeys(ctx context.Context, uses []apikey.KeyUsage) error {
	if len(uses) == 0 {
		return nil
	}
	ids, ats, ips := make([]string, len(uses)), make([]time.Time, len(uses)), make([]string, len(uses))
	for i, u := range uses {
		ids[i], ats[i], ips[i] = u.KeyID, u.At, u.IP
	}
	_, err := s.db().Exec(ctx, touchKeys, ids, ats, ips)
	return failure{op: "touch keys"}.translate(err)
}

// keyFields returns k's fields in keyColumns order, as arguments or as Scan
// targets.
func keyFields(k *apikey.Key) []any {
	return []any{&k.ID, &k.TenantID, &k.Kind, nullString(&k.ServiceAccountID), nullString(&k.UserID),
		&k.Name, hash(&k.Hash), &k.Hint, &k.Permissions, &k.Resources, &k.IPAllowlist,
		&k.RateLimitPerMinute, &k.ExpiresAt, &k.CreatedBy, &k.CreatedAt, &k.UpdatedAt, &k.LastUsedAt, &k.LastUsedIP,
		&k.RevokedAt, nullString(&k.RotatedFrom), nullString(&k.ReplacedBy), &k.DisabledAt, &k.DisabledReason, &k.EnabledAt, &k.AllowQueryKey}
}

func scanKey(row pgx.Row) (*apikey.Key, error) {
	var k apikey.Key
	if err := row.Scan(keyFields(&k)...); err != nil {
		return nil, err
	}
	return &k, nil
}

// keyFilter builds the WHERE clause of ListKeys. Status is judged at f.Now.
func keyFilter(f apikey.KeyFilter) (filter, error) {
	var w filter
	w.where("tenant_id = @tenant", pgx.NamedArgs{"tenant": f.TenantID})
	if f.ServiceAccountID != nil {
		w.where("service_account_id = @service_account", pgx.NamedArgs{"service_account": *f.ServiceAccountID})
	}
	if f.UserID != nil {
		w.where("user_id = @user", pgx.NamedArgs{"user": *f.UserID})
	}
	if f.Kind != nil {
		w.where("kind = @kind", pgx.NamedArgs{"kind": string(*f.Kind)})
	}
	if f.Hash != nil {
		w.where("hash = @hash", pgx.NamedArgs{"hash": f.Hash[:]})
	}
	if f.Status == nil {
		return w, nil
	}
	err := w.whereStatus(*f.Status, f.Now)
	return w, err
}

// whereStatus adds the condition that a key has the given status at now.
// A revoked key is revoked whatever its expiry, and a disabled key disabled.
func (w *filter) whereStatus(status apikey.KeyStatus, now time.Time) error {
	at := pgx.NamedArgs{"now": now}
	switch status {
	case apikey.StatusRevoked:
		w.where("revoked_at IS NOT NULL", nil)
	case apikey.StatusDisabled:
		w.where("revoked_at IS NULL AND disabled_at IS NOT NULL", nil)
	case apikey.StatusExpired:
		w.where("revoked_at IS NULL AND disabled_at IS NULL AND expires_at <= @now", at)
	case apikey.StatusActive:
		w.where("revoked_at IS NULL AND disabled_at IS NULL AND (expires_at IS NULL OR expires_at > @now)", at)
	default:
		return fmt.Errorf("unknown key status %q", status)
	}
	return nil
}

// ExpiringKeys returns the unrevoked keys of every tenant that expire after
// now and at or before before, soonest first.
func (s *Store) ExpiringKeys(ctx context.Context, now, before time.Time) ([]*apikey.Key, error) {
	rows, err := s.db().Query(ctx, `SELECT `+keyColumns+` FROM keys
		WHERE revoked_at IS NULL AND expires_at > $1 AND expires_at <= $2 ORDER BY expires_at, id`, now, before)
	if err != nil {
		return nil, failure{op: "expiring keys"}.translate(err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*apikey.Key, error) { return scanKey(row) })
	return out, failure{op: "expiring keys"}.translate(err)
}
