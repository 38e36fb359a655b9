package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/apikey"
)

// AlertStore implements alert.Store on the Store's database.
type AlertStore struct{ s *Store }

// Alerts returns the alert store sharing s's connections, and s's
// transaction if it is bound to one.
func (s *Store) Alerts() *AlertStore { return &AlertStore{s} }

var _ alert.Store = (*AlertStore)(nil)

const alertColumns = `id, tenant_id, rule, severity, key_id, message, details, fired_at,
	acknowledged_at, acknowledged_by`

const alertNotFound = "alert not found"

// claimCooldown records that a dedup key fires now, unless it fired after
// the cutoff; it returns a row only when it did record it.
const claimCooldown = `INSERT INTO alert_cooldowns (tenant_id, dedup_key, fired_at) VALUES (?1, ?2, ?3)
	ON CONFLICT (tenant_id, dedup_key) DO UPDATE SET fired_at = excluded.fired_at
	WHERE alert_cooldowns.fired_at <= ?4
	RETURNING fired_at`

// FireAlert claims the cooldown and inserts a in one transaction. The store
// has one writer, so no other firing runs between the two.
func (a *AlertStore) FireAlert(ctx context.Context, al *alert.Alert, cooldown time.Duration) (bool, error) {
	fired := false
	err := a.s.transact(ctx, func(tx *Store) error {
		err := tx.writes().QueryRowContext(ctx, claimCooldown, al.TenantID, al.DedupKey,
			al.FiredAt.UnixMicro(), al.FiredAt.Add(-cooldown).UnixMicro()).Scan(new(int64))
		if err == sql.ErrNoRows {
			return nil
		}
		if err != nil {
			return err
		}
		_, err = tx.writes().ExecContext(ctx, `INSERT INTO alerts (`+alertColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, alertFields(al)...)
		fired = err == nil
		return err
	})
	return fired, failure{op: "fire alert"}.translate(err)
}

// AlertByID returns the tenant's alert, or ENOTFOUND.
func (a *AlertStore) AlertByID(ctx context.Context, tenantID, id string) (*alert.Alert, error) {
	al, err := scanAlert(a.s.reads().QueryRowContext(ctx,
		`SELECT `+alertColumns+` FROM alerts WHERE tenant_id = ? AND id = ?`, tenantID, id))
	if err != nil {
		return nil, failure{op: "alert by id", notFound: alertNotFound}.translate(err)
	}
	return al, nil
}

// ListAlerts returns a page of the alerts matching f, newest first, and how
// many match.
func (a *AlertStore) ListAlerts(ctx context.Context, f alert.Filter) ([]*alert.Alert, int, error) {
	var w filter
	w.where("tenant_id = :tenant", sql.Named("tenant", f.TenantID))
	if f.Status != nil && *f.Status == alert.StatusOpen {
		w.where("acknowledged_at IS NULL")
	}
	if f.Status != nil && *f.Status == alert.StatusAcknowledged {
		w.where("acknowledged_at IS NOT NULL")
	}
	if f.Rule != nil {
		w.where("rule = :rule", sql.Named("rule", string(*f.Rule)))
	}
	if f.KeyID != nil {
		w.where("key_id = :key", sql.Named("key", *f.KeyID))
	}
	out, total, err := list(ctx, a.s.reads(), "alerts", alertColumns, w, apikey.Page(f.Page), scanAlert)
	return out, total, failure{op: "list alerts"}.translate(err)
}

// AcknowledgeAlert sets the acknowledgement unless there is one, and
// returns the alert as saved.
func (a *AlertStore) AcknowledgeAlert(ctx context.Context, tenantID, id, by string, at time.Time) (*alert.Alert, error) {
	al, err := scanAlert(a.s.writes().QueryRowContext(ctx, `UPDATE alerts
		SET acknowledged_at = coalesce(acknowledged_at, ?), acknowledged_by = coalesce(acknowledged_by, ?)
		WHERE tenant_id = ? AND id = ? RETURNING `+alertColumns, at.UnixMicro(), by, tenantID, id))
	if err != nil {
		return nil, failure{op: "acknowledge alert", notFound: alertNotFound}.translate(err)
	}
	return al, nil
}

// SeeKeyIP moves the pair's last_seen forward, or inserts it and asks
// whether the key has any other address.
func (a *AlertStore) SeeKeyIP(ctx context.Context, tenantID, keyID, ip string, at time.Time) (alert.Sighting, error) {
	var s alert.Sighting
	err := a.s.transact(ctx, func(tx *Store) error {
		res, err := tx.writes().ExecContext(ctx, `UPDATE key_ips SET last_seen = max(last_seen, ?)
			WHERE tenant_id = ? AND key_id = ? AND ip = ?`, at.UnixMicro(), tenantID, keyID, ip)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			return err
		}
		_, err = tx.writes().ExecContext(ctx, `INSERT INTO key_ips (tenant_id, key_id, ip, first_seen, last_seen)
			VALUES (?, ?, ?, ?, ?)`, tenantID, keyID, ip, at.UnixMicro(), at.UnixMicro())
		if err != nil {
			return err
		}
		s.New = true
		return tx.writes().QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM key_ips
			WHERE tenant_id = ? AND key_id = ? AND ip <> ?)`, tenantID, keyID, ip).Scan(&s.First)
	})
	return s, failure{op: "see key ip"}.translate(err)
}

// alertFields returns al's fields in alertColumns order, as arguments or as
// Scan targets.
func alertFields(al *alert.Alert) []any {
	return []any{&al.ID, &al.TenantID, (*string)(&al.Rule), (*string)(&al.Severity), nullString(&al.KeyID),
		&al.Message, jsonText{&al.Details}, micros{&al.FiredAt}, nullMicros{&al.AcknowledgedAt},
		nullString(&al.AcknowledgedBy)}
}

func scanAlert(row rowScanner) (*alert.Alert, error) {
	var al alert.Alert
	if err := row.Scan(alertFields(&al)...); err != nil {
		return nil, err
	}
	return &al, nil
}
