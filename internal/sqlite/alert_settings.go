package sqlite

import (
	"context"

	"github.com/hive-platform/hive/internal/alert"
)

// AlertSettings returns the tenant's saved alert settings, or ENOTFOUND.
func (a *AlertStore) AlertSettings(ctx context.Context, tenantID string) (*alert.Settings, error) {
	set := &alert.Settings{TenantID: tenantID}
	var raw []byte
	err := a.s.reads().QueryRowContext(ctx, `SELECT settings, updated_at FROM alert_settings WHERE tenant_id = ?`,
		tenantID).Scan(&raw, micros{&set.UpdatedAt})
	if err != nil {
		return nil, failure{op: "alert settings", notFound: "alert settings not found"}.translate(err)
	}
	if err := alert.DecodeSettings(set, raw); err != nil {
		return nil, err
	}
	return set, nil
}

// SaveAlertSettings inserts or replaces the tenant's alert settings.
func (a *AlertStore) SaveAlertSettings(ctx context.Context, set *alert.Settings) error {
	raw, err := alert.EncodeSettings(set)
	if err != nil {
		return err
	}
	_, err = a.s.writes().ExecContext(ctx, `INSERT INTO alert_settings (tenant_id, settings, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (tenant_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
		set.TenantID, string(raw), set.UpdatedAt.UnixMicro())
	return failure{op: "save alert settings"}.translate(err)
}

// QueueAlertEmails inserts the messages in one transaction.
func (a *AlertStore) QueueAlertEmails(ctx context.Context, ms []*alert.Email) error {
	err := a.s.transact(ctx, func(tx *Store) error {
		for _, m := range ms {
			_, err := tx.writes().ExecContext(ctx, `INSERT INTO alert_emails
				(id, tenant_id, alert_id, recipient, subject, body, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				m.ID, m.TenantID, m.AlertID, m.To, m.Subject, m.Body, m.QueuedAt.UnixMicro())
			if err != nil {
				return err
			}
		}
		return nil
	})
	return failure{op: "queue alert emails"}.translate(err)
}

// AlertEmails returns the outbox messages of the tenant's alert.
func (a *AlertStore) AlertEmails(ctx context.Context, tenantID, alertID string) ([]*alert.Email, error) {
	rows, err := a.s.reads().QueryContext(ctx, `SELECT id, tenant_id, alert_id, recipient, subject, body, queued_at
		FROM alert_emails WHERE tenant_id = ? AND alert_id = ? ORDER BY id`, tenantID, alertID)
	if err != nil {
		return nil, failure{op: "alert emails"}.translate(err)
	}
	defer rows.Close()
	out := []*alert.Email{}
	for rows.Next() {
		var m alert.Email
		if err := rows.Scan(&m.ID, &m.TenantID, &m.AlertID, &m.To, &m.Subject, &m.Body, micros{&m.QueuedAt}); err != nil {
			return nil, failure{op: "alert emails"}.translate(err)
		}
		out = append(out, &m)
	}
	return out, failure{op: "alert emails"}.translate(rows.Err())
}
