package sqlite

import (
	"context"
	"database/sql"

	"github.com/hive-platform/hive/internal/apikey"
)

const auditColumns = `id, tenant_id, actor_id, actor_key_id, action, target_type, target_id, details, ip, created_at`

// AddAuditEvent inserts e.
func (s *Store) AddAuditEvent(ctx context.Context, e *apikey.AuditEvent) error {
	_, err := s.writes().ExecContext(ctx, `INSERT INTO audit_events (`+auditColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, auditFields(e)...)
	return failure{op: "add audit event"}.translate(err)
}

// ListAuditEvents returns a page of the events matching f, newest first, and
// how many match.
func (s *Store) ListAuditEvents(ctx context.Context, f apikey.AuditFilter) ([]*apikey.AuditEvent, int, error) {
	var w filter
	w.where("tenant_id = :tenant", sql.Named("tenant", f.TenantID))
	if f.TargetID != nil {
		w.where("target_id = :target", sql.Named("target", *f.TargetID))
	}
	if f.Action != nil {
		w.where("action = :action", sql.Named("action", *f.Action))
	}
	out, total, err := list(ctx, s.reads(), "audit_events", auditColumns, w, f.Page, scanAuditEvent)
	return out, total, failure{op: "list audit events"}.translate(err)
}

// auditFields returns e's fields in auditColumns order, as arguments or as
// Scan targets.
func auditFields(e *apikey.AuditEvent) []any {
	return []any{&e.ID, &e.TenantID, &e.ActorID, &e.ActorKeyID, &e.Action, &e.TargetType, &e.TargetID,
		jsonText{&e.Details}, &e.IP, micros{&e.CreatedAt}}
}

func scanAuditEvent(row rowScanner) (*apikey.AuditEvent, error) {
	var e apikey.AuditEvent
	if err := row.Scan(auditFields(&e)...); err != nil {
		return nil, err
	}
	return &e, nil
}
