package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
)

const keyColumns = `id, tenant_id, kind, service_account_id, user_id, name, hash, hint,
	permissions, resources, ip_allowlist, rate_limit_per_minute, expires_at,
	created_by, created_at, updated_at, last_used_at, last_used_ip, revoked_at, rotated_from, replaced_by,
	disabled_at, disabled_reason, enabled_at, allow_query_key`

const keyNotFound = "API key not found"

// CreateKey inserts k; a hash that already exists is ECONFLICT.
func (s *Store) CreateKey(ctx context.Context, k *apikey.Key) error {
	_, err := s.writes().ExecContext(ctx, `INSERT INTO keys (`+keyColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, keyFields(k)...)
	return failure{op: "create key", conflict: "an API key with this hash already exists"}.translate(err)
}

// KeyByID returns the tenant's key with the given ID whatever its status, or
// ENOTFOUND.
func (s *Store) KeyByID(ctx context.Context, tenantID, id string) (*apikey.Key, error) {
	k, err := scanKey(s.reads().QueryRowContext(ctx,
		`SELECT `+keyColumns+` FROM keys WHERE tenant_id = ? AND id = ?`, tenantID, id))
	if err != nil {
		return nil, failure{op: "key by id", notFound: keyNotFound}.translate(err)
	}
	return k, nil
}

const selectKeyByHash = `SELECT ` + keyColumns + ` FROM keys WHERE hash = ?`

// KeyByHash returns the key with the given hash in any tenant, whatever its
// status, or ENOTFOUND. It is one lookup in the unique index on hash, with
// the statement prepared at Open unless s is bound to a transaction.
func (s *Store) KeyByHash(ctx context.Context, h [32]byte) (*apikey.Key, error) {
	var row *sql.Row
	if s.tx != nil {
		row = s.tx.QueryRowContext(ctx, selectKeyByHash, h[:])
	} else {
		row = s.keyByHash.QueryRowContext(ctx, h[:])
	}
	k, err := scanKey(row)
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
	out, total, err := list(ctx, s.reads(), "keys", keyColumns, w, f.Page, scanKey)
	return out, total, failure{op: "list keys"}.translate(err)
}

// UpdateKey saves the mutable fields of k, or returns ENOTFOUND if the tenant
// has no such key. The last use is left alone: only TouchKeys moves it.
func (s *Store) UpdateKey(ctx context.Context, k *apikey.Key) error {
	err := s.writes().QueryRowContext(ctx, `UPDATE keys SET name = ?, permissions = ?, resources = ?,
		ip_allowlist = ?, rate_limit_per_minute = ?, expires_at = ?, revoked_at = ?, replaced_by = ?, updated_at = ?,
		allow_query_key = ? WHERE tenant_id = ? AND id = ? RETURNING id`,
		k.Name, jsonText{&k.Permissions}, jsonText{&k.Resources}, jsonText{&k.IPAllowlist},
		k.RateLimitPerMinute, nullMicros{&k.ExpiresAt}, nullMicros{&k.RevokedAt}, nullString(&k.ReplacedBy),
		micros{&k.UpdatedAt}, k.AllowQueryKey, k.TenantID, k.ID).Scan(new(string))
	return failure{op: "update key", notFound: keyNotFound}.translate(err)
}

// touchKey moves a key's last use forward. The condition on last_used_at
// makes the order of updates irrelevant: whatever order a batch is applied
// in, the time and IP left are those of the latest use.
const touchKey = `UPDATE keys SET last_used_at = ?1, last_used_ip = ?2
	WHERE id = ?3 AND (last_used_at IS NULL OR last_used_at < ?1)`

// TouchKeys records a batch of uses with one prepared statement in one
// transaction. Unknown key IDs match no row and are ignored.
func (s *Store) TouchKeys(ctx context.Context, uses []apikey.KeyUsage) error {
	if len(uses) == 0 {
		return nil
	}
	err := s.transact(ctx, func(tx *Store) error {
		stmt, err := tx.tx.PrepareContext(ctx, touchKey)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, u := range uses {
			if _, err := stmt.ExecContext(ctx, u.At.UnixMicro(), u.IP, u.KeyID); err != nil {
				return err
			}
		}
		return nil
	})
	return failure{op: "touch keys"}.translate(err)
}

// keyFields returns k's fields in keyColumns order, as arguments or as Scan
// targets.
func keyFields(k *apikey.Key) []any {
	return []any{&k.ID, &k.TenantID, &k.Kind, nullString(&k.ServiceAccountID), nullString(&k.UserID),
		&k.Name, hash(&k.Hash), &k.Hint,
		jsonText{&k.Permissions}, jsonText{&k.Resources}, jsonText{&k.IPAllowlist},
		&k.RateLimitPerMinute, nullMicros{&k.ExpiresAt},
		&k.CreatedBy, micros{&k.CreatedAt}, micros{&k.UpdatedAt}, nullMicros{&k.LastUsedAt}, &k.LastUsedIP,
		nullMicros{&k.RevokedAt}, nullString(&k.RotatedFrom), nullString(&k.ReplacedBy),
		nullMicros{&k.DisabledAt}, &k.DisabledReason, nullMicros{&k.EnabledAt}, &k.AllowQueryKey}
}

func scanKey(row rowScanner) (*apikey.Key, error) {
	var k apikey.Key
	if err := row.Scan(keyFields(&k)...); err != nil {
		return nil, err
	}
	return &k, nil
}

// keyFilter builds the WHERE clause of ListKeys. Status is judged at f.Now.
func keyFilter(f apikey.KeyFilter) (filter, error) {
	var w filter
	w.where("tenant_id = :tenant", sql.Named("tenant", f.TenantID))
	if f.ServiceAccountID != nil {
		w.where("service_account_id = :service_account", sql.Named("service_account", *f.ServiceAccountID))
	}
	if f.UserID != nil {
		w.where("user_id = :user", sql.Named("user", *f.UserID))
	}
	if f.Kind != nil {
		w.where("kind = :kind", sql.Named("kind", string(*f.Kind)))
	}
	if f.Hash != nil {
		w.where("hash = :hash", sql.Named("hash", f.Hash[:]))
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
	at := sql.Named("now", now.UnixMicro())
	switch status {
	case apikey.StatusRevoked:
		w.where("revoked_at IS NOT NULL")
	case apikey.StatusDisabled:
		w.where("revoked_at IS NULL AND disabled_at IS NOT NULL")
	case apikey.StatusExpired:
		w.where("revoked_at IS NULL AND disabled_at IS NULL AND expires_at <= :now", at)
	case apikey.StatusActive:
		w.where("revoked_at IS NULL AND disabled_at IS NULL AND (expires_at IS NULL OR expires_at > :now)", at)
	default:
		return fmt.Errorf("unknown key status %q", status)
	}
	return nil
}

// ExpiringKeys returns the unrevoked keys of every tenant that expire after
// now and at or before before, soonest first.
func (s *Store) ExpiringKeys(ctx context.Context, now, before time.Time) ([]*apikey.Key, error) {
	rows, err := s.reads().QueryContext(ctx, `SELECT `+keyColumns+` FROM keys
		WHERE revoked_at IS NULL AND expires_at > ? AND expires_at <= ? ORDER BY expires_at, id`,
		now.UnixMicro(), before.UnixMicro())
	if err != nil {
		return nil, failure{op: "expiring keys"}.translate(err)
	}
	defer rows.Close()
	var out []*apikey.Key
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, failure{op: "expiring keys"}.translate(err)
		}
		out = append(out, k)
	}
	return out, failure{op: "expiring keys"}.translate(rows.Err())
}
