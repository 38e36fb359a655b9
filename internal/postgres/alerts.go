package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/apikey"
)

// AlertStore implements alert.Store on the Store's database.
type AlertStore struct{ s *Store }

// Alerts returns the alert store sharing s's pool, and s's transaction if it
// is bound to one.
func (s *Store) Alerts() *AlertStore { return &AlertStore{s} }

var _ alert.Store = (*AlertStore)(nil)

const alertColumns = `id, tenant_id, rule, severity, key_id, message, details, fired_at,
	acknowledged_at, acknowledged_by`

const alertNotFound = "alert not found"

// claimCooldown records that a dedup key fires now, unless it fired after
// the cutoff; it returns a row only when it did record it. Two transactions
// upserting one key serialise on its row: the second waits for the first to
// commit, then sees its fired_at and updates nothing.
const claimCooldown = `INSERT INTO alert_cooldowns (tenant_id, dedup_key, fired_at) VALUES ($1, $2, $3)
	ON CONFLICT (tenant_id, dedup_key) DO UPDATE SET fired_at = excluded.fired_at
	WHERE alert_cooldowns.fired_at <= $4
	RETURNING fired_at`

// FireAlert claims the cooldown and inserts al in one transaction.
func (a *AlertStore) FireAlert(ctx context.Context, al *alert.Alert, cooldown time.Duration) (bool, error) {
	fired := false
	err := a.s.transact(ctx, func(tx *Store) error {
		err := tx.db().QueryRow(ctx, claimCooldown, al.TenantID, al.DedupKey, al.FiredAt,
			al.FiredAt.Add(-cooldown)).Scan(new(time.Time))
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		_, err = tx.db().Exec(ctx, `INSERT INTO alerts (`+alertColumns+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, alertFields(al)...)
		fired = err == nil
		return err
	})
	return fired, failure{op: "fire alert"}.translate(err)
}

// AlertByID returns the tenant's alert, or ENOTFOUND.
func (a *AlertStore) AlertByID(ctx context.Context, tenantID, id string) (*alert.Alert, error) {
	al, err := scanAlert(a.s.db().QueryRow(ctx,
		`SELECT `+alertColumns+` FROM alerts WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	if err != nil {
		return nil, failure{op: "alert by id", notFound: alertNotFound}.translate(err)
	}
	return al, nil
}

// ListAlerts returns a page of the alerts matching f, newest first, and how
// many match.
func (a *AlertStore) ListAlerts(ctx context.Context, f alert.Filter) ([]*alert.Alert, int, error) {
	var w filter
	w.where("tenant_id = @tenant", pgx.NamedArgs{"tenant": f.TenantID})
	if f.Status != nil && *f.Status == alert.StatusOpen {
		w.where("acknowledged_at IS NULL", nil)
	}
	if f.Status != nil && *f.Status == alert.StatusAcknowledged {
		w.where("acknowledged_at IS NOT NULL", nil)
	}
	if f.Rule != nil {
		w.where("rule = @rule", pgx.NamedArgs{"rule": string(*f.Rule)})
	}
	if f.KeyID != nil {
		w.where("key_id = @key", pgx.NamedArgs{"key": *f.KeyID})
	}
	out, total, err := list(ctx, a.s.db(), "alerts", alertColumns, w, apikey.Page(f.Page), scanAlert)
	return out, total, failure{op: "list alerts"}.translate(err)
}

// AcknowledgeAlert sets the acknowledgement unless there is one, and
// returns the alert as saved.
func (a *AlertStore) AcknowledgeAlert(ctx context.Context, tenantID, id, by string, at time.Time) (*alert.Alert, error) {
	al, err := scanAlert(a.s.db().QueryRow(ctx, `UPDATE alerts
		SET acknowledged_at = coalesce(acknowledged_at, $1), acknowledged_by = coalesce(acknowledged_by, $2)
		WHERE tenant_id = $3 AND id = $4 RETURNING `+alertColumns, at, by, tenantID, id))
	if err != nil {
		return nil, failure{op: "acknowledge alert", notFound: alertNotFound}.translate(err)
	}
	return al, nil
}

// SeeKeyIP inserts the pair, or moves its last_seen forward, and asks
// whether the key has any other address. xmax is zero only for a row the
// statement inserted, which tells a new pair from a known one in one trip.
func (a *AlertStore) SeeKeyIP(ctx context.Context, tenantID, keyID, ip string, at time.Time) (alert.Sighting, error) {
	var s alert.Sighting
	err := a.s.transact(ctx, func(tx *Store) error {
		err := tx.db().QueryRow(ctx, `INSERT INTO key_ips (tenant_id, key_id, ip, first_seen, last_seen)
			VALUES ($1, $2, $3, $4, $4)
			ON CONFLICT (tenant_id, key_id, ip) DO UPDATE SET last_seen = greatest(key_ips.last_seen, excluded.last_seen)
			RETURNING xmax = 0`, tenantID, keyID, ip, at).Scan(&s.New)
		if err != nil || !s.New {
			return err
		}
		return tx.db().QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM key_ips
			WHERE tenant_id = $1 AND key_id = $2 AND ip <> $3)`, tenantID, keyID, ip).Scan(&s.First)
	})
	return s, failure{op: "see key ip"}.translate(err)
}

// alertFields returns al's fields in alertColumns order, as arguments or as
// Scan targets.
func alertFields(al *alert.Alert) []any {
	return []any{&al.ID, &al.TenantID, (*string)(&al.Rule), (*string)(&al.Severity), nullString(&al.KeyID),
		&al.Message, &al.Details, &al.FiredAt, &al.AcknowledgedAt, nullString(&al.AcknowledgedBy)}
}

func scanAlert(row pgx.Row) (*alert.Alert, error) {
	var al alert.Alert
	if err := row.Scan(alertFields(&al)...); err != nil {
		return nil, err
	}
	return &al, nil
}
