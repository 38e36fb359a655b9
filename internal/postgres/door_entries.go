package postgres

import (
	"context"
	"errors"
	"maps"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
)

const entryColumns = `id, tenant_id, member_id, door_id, granted, reason, message, key_id,
	presented_id, presented_door_access_id, presented_barcode_id, at`

// AddEntry inserts e and sets its ID.
func (d *DoorStore) AddEntry(ctx context.Context, e *door.Entry) error {
	err := d.s.db().QueryRow(ctx, `INSERT INTO door_entries (tenant_id, member_id, door_id, granted,
		reason, message, key_id, presented_id, presented_door_access_id, presented_barcode_id, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		e.TenantID, e.MemberID, e.DoorID, e.Granted, e.Reason, e.Message, e.KeyID,
		e.Presented.ID, e.Presented.DoorAccessID, e.Presented.BarcodeID, e.At).Scan(&e.ID)
	return failure{op: "add entry"}.translate(err)
}

// ListEntries returns a page of matching entries, newest first, and how
// many match.
func (d *DoorStore) ListEntries(ctx context.Context, f door.EntryFilter) ([]*door.Entry, int, error) {
	var w filter
	w.where("tenant_id = @tenant", pgx.NamedArgs{"tenant": f.TenantID})
	if f.MemberID != nil {
		w.where("member_id = @member", pgx.NamedArgs{"member": *f.MemberID})
	}
	if f.DoorID != nil {
		w.where("door_id = @door", pgx.NamedArgs{"door": *f.DoorID})
	}
	if f.DoorIn != nil {
		w.where("door_id = ANY (@door_in::text[])", pgx.NamedArgs{"door_in": f.DoorIn})
	}
	if f.From != nil {
		w.where("at >= @from", pgx.NamedArgs{"from": *f.From})
	}
	if f.To != nil {
		w.where("at < @to", pgx.NamedArgs{"to": *f.To})
	}
	if f.Granted != nil {
		w.where("granted = @granted", pgx.NamedArgs{"granted": *f.Granted})
	}
	out, total, err := listByInt(ctx, d.s.db(), "door_entries", entryColumns, w, f.Page, scanEntry)
	return out, total, failure{op: "list entries"}.translate(err)
}

// LastGrantedEntry returns the member's latest granted entry at the door, or
// ENOTFOUND.
func (d *DoorStore) LastGrantedEntry(ctx context.Context, tenantID string, memberID int64, doorID string) (*door.Entry, error) {
	e, err := scanEntry(d.s.db().QueryRow(ctx, `SELECT `+entryColumns+` FROM door_entries
		WHERE member_id = $1 AND door_id = $2 AND granted AND tenant_id = $3 ORDER BY id DESC LIMIT 1`,
		memberID, doorID, tenantID))
	return e, failure{op: "last granted entry", notFound: "no granted entry"}.translate(err)
}

func scanEntry(row pgx.Row) (*door.Entry, error) {
	var e door.Entry
	err := row.Scan(&e.ID, &e.TenantID, &e.MemberID, &e.DoorID, &e.Granted, &e.Reason, &e.Message, &e.KeyID,
		&e.Presented.ID, &e.Presented.DoorAccessID, &e.Presented.BarcodeID, &e.At)
	if err != nil {
		return nil, err
	}
	return &e, nil
}

const idempotencyColumns = `tenant_id, key_id, idempotency_key, request_hash, response, created_at`

// IdempotencyRecord returns the record of (tenant, key ID, key) or ENOTFOUND.
func (d *DoorStore) IdempotencyRecord(ctx context.Context, tenantID, keyID, key string) (*door.IdempotencyRecord, error) {
	var r door.IdempotencyRecord
	err := d.s.db().QueryRow(ctx, `SELECT `+idempotencyColumns+` FROM door_idempotency
		WHERE tenant_id = $1 AND key_id = $2 AND idempotency_key = $3`, tenantID, keyID, key).
		Scan(&r.TenantID, &r.KeyID, &r.Key, &r.RequestHash, &r.Response, &r.CreatedAt)
	if err != nil {
		return nil, failure{op: "idempotency record", notFound: "idempotency record not found"}.translate(err)
	}
	return &r, nil
}

// SaveIdempotencyRecord inserts r, replacing a record of the same key
// created before replaceBefore; a newer one is ECONFLICT. The upsert
// replaces only an old record: with a newer one it updates nothing and
// returns no row.
func (d *DoorStore) SaveIdempotencyRecord(ctx context.Context, r *door.IdempotencyRecord, replaceBefore time.Time) error {
	var inserted bool
	err := d.s.db().QueryRow(ctx, `INSERT INTO door_idempotency (`+idempotencyColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (tenant_id, key_id, idempotency_key) DO UPDATE
		SET request_hash = EXCLUDED.request_hash, response = EXCLUDED.response, created_at = EXCLUDED.created_at
		WHERE door_idempotency.created_at < $7
		RETURNING true`, r.TenantID, r.KeyID, r.Key, r.RequestHash, r.Response, r.CreatedAt,
		replaceBefore).Scan(&inserted)
	if errors.Is(err, pgx.ErrNoRows) {
		return hive.Errorf(hive.ECONFLICT, "the idempotency key is in use")
	}
	return failure{op: "save idempotency record", conflict: "the idempotency key is in use"}.translate(err)
}

// DeleteIdempotencyRecords removes records created before the given time.
func (d *DoorStore) DeleteIdempotencyRecords(ctx context.Context, before time.Time) (int, error) {
	tag, err := d.s.db().Exec(ctx, `DELETE FROM door_idempotency WHERE created_at < $1`, before)
	if err != nil {
		return 0, failure{op: "delete idempotency records"}.translate(err)
	}
	return int(tag.RowsAffected()), nil
}

// listByInt returns one page of the rows of table that match f, highest
// integer ID first, and how many rows match regardless of paging.
func listByInt[T any](ctx context.Context, q querier, table, columns string, f filter, p door.Page, scan func(pgx.Row) (*T, error)) ([]*T, int, error) {
	var total int
	err := q.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE `+f.clause(), f.args).Scan(&total)
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
	args := pgx.NamedArgs{"limit": limit}
	maps.Copy(args, f.args)
	cursor := ""
	if p.After > 0 {
		cursor = ` AND id < @after`
		args["after"] = p.After
	}
	out, err := queryAll(ctx, q, scan, `SELECT `+columns+` FROM `+table+` WHERE `+f.clause()+cursor+
		` ORDER BY id DESC LIMIT @limit`, args)
	return out, total, err
}
