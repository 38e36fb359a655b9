package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"slices"
	"time"

	"github.com/hive-platform/hive/internal/door"
)

const entryColumns = `id, tenant_id, member_id, door_id, granted, reason, message, key_id,
	presented_id, presented_door_access_id, presented_barcode_id, at`

// AddEntry inserts e and sets its ID.
func (d *DoorStore) AddEntry(ctx context.Context, e *door.Entry) error {
	err := d.s.writes().QueryRowContext(ctx, `INSERT INTO door_entries (tenant_id, member_id, door_id, granted,
		reason, message, key_id, presented_id, presented_door_access_id, presented_barcode_id, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, entryFields(e)[1:]...).Scan(&e.ID)
	return failure{op: "add entry"}.translate(err)
}

// ListEntries returns a page of matching entries, newest first, and how
// many match.
func (d *DoorStore) ListEntries(ctx context.Context, f door.EntryFilter) ([]*door.Entry, int, error) {
	var w filter
	w.where("tenant_id = :tenant", sql.Named("tenant", f.TenantID))
	if f.MemberID != nil {
		w.where("member_id = :member", sql.Named("member", *f.MemberID))
	}
	if f.DoorID != nil {
		w.where("door_id = :door", sql.Named("door", *f.DoorID))
	}
	if f.DoorIn != nil {
		doors := f.DoorIn
		w.where("door_id IN (SELECT value FROM json_each(:door_in))", sql.Named("door_in", jsonList[string]{&doors}))
	}
	if f.From != nil {
		w.where("at >= :from", sql.Named("from", f.From.UnixMicro()))
	}
	if f.To != nil {
		w.where("at < :to", sql.Named("to", f.To.UnixMicro()))
	}
	if f.Granted != nil {
		w.where("granted = :granted", sql.Named("granted", *f.Granted))
	}
	out, total, err := listByInt(ctx, d.s.reads(), "door_entries", entryColumns, w, f.Page, scanEntry)
	return out, total, failure{op: "list entries"}.translate(err)
}

// LastGrantedEntry returns the member's latest granted entry at the door, or
// ENOTFOUND.
func (d *DoorStore) LastGrantedEntry(ctx context.Context, tenantID string, memberID int64, doorID string) (*door.Entry, error) {
	e, err := scanEntry(d.s.reads().QueryRowContext(ctx, `SELECT `+entryColumns+` FROM door_entries
		WHERE member_id = ? AND door_id = ? AND granted AND tenant_id = ? ORDER BY id DESC LIMIT 1`,
		memberID, doorID, tenantID))
	return e, failure{op: "last granted entry", notFound: "no granted entry"}.translate(err)
}

func entryFields(e *door.Entry) []any {
	return []any{&e.ID, &e.TenantID, &e.MemberID, &e.DoorID, &e.Granted, &e.Reason, &e.Message, &e.KeyID,
		&e.Presented.ID, &e.Presented.DoorAccessID, &e.Presented.BarcodeID, micros{&e.At}}
}

func scanEntry(row rowScanner) (*door.Entry, error) {
	var e door.Entry
	if err := row.Scan(entryFields(&e)...); err != nil {
		return nil, err
	}
	return &e, nil
}

const idempotencyColumns = `tenant_id, key_id, idempotency_key, request_hash, response, created_at`

// IdempotencyRecord returns the record of (tenant, key ID, key) or ENOTFOUND.
func (d *DoorStore) IdempotencyRecord(ctx context.Context, tenantID, keyID, key string) (*door.IdempotencyRecord, error) {
	var r door.IdempotencyRecord
	err := d.s.reads().QueryRowContext(ctx, `SELECT `+idempotencyColumns+` FROM door_idempotency
		WHERE tenant_id = ? AND key_id = ? AND idempotency_key = ?`, tenantID, keyID, key).Scan(idempotencyFields(&r)...)
	if err != nil {
		return nil, failure{op: "idempotency record", notFound: "idempotency record not found"}.translate(err)
	}
	return &r, nil
}

// SaveIdempotencyRecord inserts r, replacing a record of the same key
// created before replaceBefore; a newer one is ECONFLICT.
func (d *DoorStore) SaveIdempotencyRecord(ctx context.Context, r *door.IdempotencyRecord, replaceBefore time.Time) error {
	err := d.s.transact(ctx, func(tx *Store) error {
		_, err := tx.writes().ExecContext(ctx, `DELETE FROM door_idempotency
			WHERE tenant_id = ? AND key_id = ? AND idempotency_key = ? AND created_at < ?`,
			r.TenantID, r.KeyID, r.Key, replaceBefore.UnixMicro())
		if err != nil {
			return err
		}
		_, err = tx.writes().ExecContext(ctx, `INSERT INTO door_idempotency (`+idempotencyColumns+`)
			VALUES (?, ?, ?, ?, ?, ?)`, idempotencyFields(r)...)
		return err
	})
	return failure{op: "save idempotency record", conflict: "the idempotency key is in use"}.translate(err)
}

// DeleteIdempotencyRecords removes records created before the given time.
func (d *DoorStore) DeleteIdempotencyRecords(ctx context.Context, before time.Time) (int, error) {
	res, err := d.s.writes().ExecContext(ctx, `DELETE FROM door_idempotency WHERE created_at < ?`, before.UnixMicro())
	if err != nil {
		return 0, failure{op: "delete idempotency records"}.translate(err)
	}
	n, err := res.RowsAffected()
	return int(n), failure{op: "delete idempotency records"}.translate(err)
}

func idempotencyFields(r *door.IdempotencyRecord) []any {
	return []any{&r.TenantID, &r.KeyID, &r.Key, &r.RequestHash, (*rawText)(&r.Response), micros{&r.CreatedAt}}
}

// rawText stores bytes as TEXT, so that JSON stays readable in the database.
type rawText []byte

func (b *rawText) Value() (driver.Value, error) { return string(*b), nil }

func (b *rawText) Scan(src any) error {
	switch src := src.(type) {
	case string:
		*b = []byte(src)
	case []byte:
		*b = slices.Clone(src)
	default:
		return fmt.Errorf("text column holds %T", src)
	}
	return nil
}

// listByInt returns one page of the rows of table that match f, highest
// integer ID first, and how many rows match regardless of paging.
func listByInt[T any](ctx context.Context, q querier, table, columns string, f filter, p door.Page, scan func(rowScanner) (*T, error)) ([]*T, int, error) {
	var total int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE `+f.clause(), f.args...).Scan(&total)
	if err != nil {
		return nil, 0, err
	}
	limit := p.Limit
	switch {
	case limit <= 0:
		limit = defaultPage
	case limit > maxPage:
		limit = maxPage
	}
	args := append(slices.Clone(f.args), sql.Named("limit", limit))
	cursor := ""
	if p.After > 0 {
		cursor = ` AND id < :after`
		args = append(args, sql.Named("after", p.After))
	}
	out, err := queryAll(ctx, q, scan, `SELECT `+columns+` FROM `+table+` WHERE `+f.clause()+cursor+
		` ORDER BY id DESC LIMIT :limit`, args...)
	return out, total, err
}
