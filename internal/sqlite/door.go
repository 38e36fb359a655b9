package sqlite

import (
	"context"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
)

// DoorStore implements door.Store on the same database as Store. It is a
// type of its own because a type cannot have two WithinTx methods, one for
// each domain's Store.
type DoorStore struct{ s *Store }

var _ door.Store = (*DoorStore)(nil)

// Doors returns the door.Store over s's database.
func (s *Store) Doors() *DoorStore { return &DoorStore{s} }

// WithinTx runs fn in a transaction on the writer connection, which it may
// share with other door transactions running at the same moment: see
// groupCommit. fn's work is committed when WithinTx returns nil, and none of
// it when it returns an error. Statements inside fn run to completion even
// if ctx is cancelled meanwhile; fn is not run if ctx is done before.
func (d *DoorStore) WithinTx(ctx context.Context, fn func(tx door.Store) error) error {
	return d.s.transactGrouped(ctx, func(tx *Store) error { return fn(&DoorStore{tx}) })
}

const settingsColumns = `tenant_id, enabled, users_endpoint_enabled, expose_email, expose_phone, token,
	reentry_window, grace_days, default_phone_region, rules_changed_at, updated_at`

// SettingsByTenant returns the tenant's settings or ENOTFOUND.
func (d *DoorStore) SettingsByTenant(ctx context.Context, tenantID string) (*door.Settings, error) {
	st, err := scanSettings(d.s.reads().QueryRowContext(ctx,
		`SELECT `+settingsColumns+` FROM door_settings WHERE tenant_id = ?`, tenantID))
	return st, failure{op: "door settings", notFound: "Door API settings not found"}.translate(err)
}

// SettingsByToken returns the settings with exactly that token or ENOTFOUND.
func (d *DoorStore) SettingsByToken(ctx context.Context, token string) (*door.Settings, error) {
	st, err := scanSettings(d.s.reads().QueryRowContext(ctx,
		`SELECT `+settingsColumns+` FROM door_settings WHERE token = ?`, token))
	return st, failure{op: "door settings by token", notFound: "Door API settings not found"}.translate(err)
}

// CreateSettings inserts st; existing settings or a taken token are
// ECONFLICT.
func (d *DoorStore) CreateSettings(ctx context.Context, st *door.Settings) error {
	_, err := d.s.writes().ExecContext(ctx, `INSERT INTO door_settings (`+settingsColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, settingsFields(st)...)
	return failure{op: "create door settings", conflict: "the tenant already has Door API settings"}.translate(err)
}

// UpdateSettings saves every field of st.
func (d *DoorStore) UpdateSettings(ctx context.Context, st *door.Settings) error {
	err := d.s.writes().QueryRowContext(ctx, `UPDATE door_settings SET enabled = ?, users_endpoint_enabled = ?,
		expose_email = ?, expose_phone = ?, token = ?, reentry_window = ?, grace_days = ?,
		default_phone_region = ?, rules_changed_at = ?, updated_at = ?
		WHERE tenant_id = ? RETURNING tenant_id`, settingsFields(st)[1:]...).Scan(new(string))
	return failure{op: "update door settings", notFound: "Door API settings not found",
		conflict: "the token is taken"}.translate(err)
}

// settingsFields returns st's fields in settingsColumns order; UpdateSettings
// relies on tenant_id being first and repeats it last.
func settingsFields(st *door.Settings) []any {
	return []any{&st.TenantID, &st.Enabled, &st.UsersEndpointEnabled, &st.ExposeEmail, &st.ExposePhone,
		&st.Token, duration{&st.ReentryWindow}, &st.GraceDays, &st.DefaultPhoneRegion,
		zeroMicros{&st.RulesChangedAt}, micros{&st.UpdatedAt}, &st.TenantID}
}

func scanSettings(row rowScanner) (*door.Settings, error) {
	var st door.Settings
	f := settingsFields(&st)
	if err := row.Scan(f[:len(f)-1]...); err != nil {
		return nil, err
	}
	return &st, nil
}

const doorColumns = `tenant_id, door_id, name, active, membership_type_ids, allow_instructors, created_at, updated_at`

// CreateDoor inserts dr; a door_id the tenant has is ECONFLICT.
func (d *DoorStore) CreateDoor(ctx context.Context, dr *door.Door) error {
	_, err := d.s.writes().ExecContext(ctx, `INSERT INTO doors (`+doorColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		doorFields(dr)...)
	return failure{op: "create door", conflict: fmt.Sprintf("a door with door_id %q already exists", dr.DoorID)}.translate(err)
}

// DoorByID returns the tenant's door or ENOTFOUND.
func (d *DoorStore) DoorByID(ctx context.Context, tenantID, doorID string) (*door.Door, error) {
	dr, err := scanDoor(d.s.reads().QueryRowContext(ctx,
		`SELECT `+doorColumns+` FROM doors WHERE tenant_id = ? AND door_id = ?`, tenantID, doorID))
	return dr, failure{op: "door by id", notFound: "door not found"}.translate(err)
}

// ListDoors returns the tenant's doors ordered by door_id.
func (d *DoorStore) ListDoors(ctx context.Context, tenantID string) ([]*door.Door, error) {
	out, err := queryAll(ctx, d.s.reads(), scanDoor,
		`SELECT `+doorColumns+` FROM doors WHERE tenant_id = ? ORDER BY door_id`, tenantID)
	return out, failure{op: "list doors"}.translate(err)
}

// UpdateDoor saves the mutable fields of dr or returns ENOTFOUND.
func (d *DoorStore) UpdateDoor(ctx context.Context, dr *door.Door) error {
	err := d.s.writes().QueryRowContext(ctx, `UPDATE doors SET name = ?, active = ?, membership_type_ids = ?,
		allow_instructors = ?, updated_at = ? WHERE tenant_id = ? AND door_id = ? RETURNING door_id`,
		dr.Name, dr.Active, jsonList[int64]{&dr.MembershipTypeIDs}, dr.AllowInstructors, micros{&dr.UpdatedAt},
		dr.TenantID, dr.DoorID).Scan(new(string))
	return failure{op: "update door", notFound: "door not found"}.translate(err)
}

// DeleteDoor removes the door or returns ENOTFOUND.
func (d *DoorStore) DeleteDoor(ctx context.Context, tenantID, doorID string) error {
	err := d.s.writes().QueryRowContext(ctx, `DELETE FROM doors WHERE tenant_id = ? AND door_id = ? RETURNING door_id`,
		tenantID, doorID).Scan(new(string))
	return failure{op: "delete door", notFound: "door not found"}.translate(err)
}

func doorFields(dr *door.Door) []any {
	return []any{&dr.TenantID, &dr.DoorID, &dr.Name, &dr.Active, jsonList[int64]{&dr.MembershipTypeIDs},
		&dr.AllowInstructors, micros{&dr.CreatedAt}, micros{&dr.UpdatedAt}}
}

func scanDoor(row rowScanner) (*door.Door, error) {
	var dr door.Door
	if err := row.Scan(doorFields(&dr)...); err != nil {
		return nil, err
	}
	return &dr, nil
}

const membershipTypeColumns = `id, tenant_id, name, created_at, updated_at`

// CreateMembershipType inserts t and sets its ID.
func (d *DoorStore) CreateMembershipType(ctx context.Context, t *door.MembershipType) error {
	err := d.s.writes().QueryRowContext(ctx, `INSERT INTO membership_types (tenant_id, name, created_at, updated_at)
		VALUES (?, ?, ?, ?) RETURNING id`, t.TenantID, t.Name, micros{&t.CreatedAt}, micros{&t.UpdatedAt}).Scan(&t.ID)
	return failure{op: "create membership type"}.translate(err)
}

// MembershipTypeByID returns the tenant's type or ENOTFOUND.
func (d *DoorStore) MembershipTypeByID(ctx context.Context, tenantID string, id int64) (*door.MembershipType, error) {
	t, err := scanMembershipType(d.s.reads().QueryRowContext(ctx,
		`SELECT `+membershipTypeColumns+` FROM membership_types WHERE tenant_id = ? AND id = ?`, tenantID, id))
	return t, failure{op: "membership type by id", notFound: "membership type not found"}.translate(err)
}

// ListMembershipTypes returns the tenant's types ordered by ID.
func (d *DoorStore) ListMembershipTypes(ctx context.Context, tenantID string) ([]*door.MembershipType, error) {
	out, err := queryAll(ctx, d.s.reads(), scanMembershipType,
		`SELECT `+membershipTypeColumns+` FROM membership_types WHERE tenant_id = ? ORDER BY id`, tenantID)
	return out, failure{op: "list membership types"}.translate(err)
}

// UpdateMembershipType saves t's name or returns ENOTFOUND.
func (d *DoorStore) UpdateMembershipType(ctx context.Context, t *door.MembershipType) error {
	err := d.s.writes().QueryRowContext(ctx, `UPDATE membership_types SET name = ?, updated_at = ?
		WHERE tenant_id = ? AND id = ? RETURNING id`, t.Name, micros{&t.UpdatedAt}, t.TenantID, t.ID).Scan(new(int64))
	return failure{op: "update membership type", notFound: "membership type not found"}.translate(err)
}

// DeleteMembershipType removes a type no membership has. A type in use is
// ECONFLICT, an absent one ENOTFOUND.
func (d *DoorStore) DeleteMembershipType(ctx context.Context, tenantID string, id int64) error {
	return d.s.transact(ctx, func(tx *Store) error {
		q := tx.writes()
		if err := owned(ctx, q, "membership_types", tenantID, id, "membership type"); err != nil {
			return err
		}
		var used int
		err := q.QueryRowContext(ctx, `SELECT count(*) FROM memberships WHERE tenant_id = ? AND membership_type_id = ?`,
			tenantID, id).Scan(&used)
		if err != nil {
			return failure{op: "delete membership type"}.translate(err)
		}
		if used > 0 {
			return typeInUse(used)
		}
		_, err = q.ExecContext(ctx, `DELETE FROM membership_types WHERE tenant_id = ? AND id = ?`, tenantID, id)
		return failure{op: "delete membership type"}.translate(err)
	})
}

func membershipTypeFields(t *door.MembershipType) []any {
	return []any{&t.ID, &t.TenantID, &t.Name, micros{&t.CreatedAt}, micros{&t.UpdatedAt}}
}

func scanMembershipType(row rowScanner) (*door.MembershipType, error) {
	var t door.MembershipType
	if err := row.Scan(membershipTypeFields(&t)...); err != nil {
		return nil, err
	}
	return &t, nil
}

// typeInUse is the conflict of deleting a membership type that memberships
// still have.
func typeInUse(n int) error {
	return hive.Errorf(hive.ECONFLICT, "the membership type is used by %d membership(s); change or delete them first", n)
}

// queryAll runs a query and scans every row.
func queryAll[T any](ctx context.Context, q querier, scan func(rowScanner) (*T, error), query string, args ...any) ([]*T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// duration adapts a time.Duration to an INTEGER of microseconds.
type duration struct{ d *time.Duration }

func (x duration) Value() (driver.Value, error) { return x.d.Microseconds(), nil }

func (x duration) Scan(src any) error {
	n, ok := src.(int64)
	if !ok {
		return fmt.Errorf("duration column holds %T, want INTEGER", src)
	}
	*x.d = time.Duration(n) * time.Microsecond
	return nil
}

// zeroMicros is micros for a time whose zero value means "never", stored as
// NULL.
type zeroMicros struct{ t *time.Time }

func (z zeroMicros) Value() (driver.Value, error) {
	if z.t.IsZero() {
		return nil, nil
	}
	return z.t.UnixMicro(), nil
}

func (z zeroMicros) Scan(src any) error {
	if src == nil {
		*z.t = time.Time{}
		return nil
	}
	return micros{z.t}.Scan(src)
}

// jsonList adapts a slice to a JSON array column that is never null: a nil
// slice is stored as [] and always scans back non-nil.
type jsonList[T any] struct{ l *[]T }

func (j jsonList[T]) Value() (driver.Value, error) {
	if *j.l == nil {
		return "[]", nil
	}
	return jsonText{j.l}.Value()
}

func (j jsonList[T]) Scan(src any) error {
	if err := (jsonText{j.l}).Scan(src); err != nil {
		return err
	}
	if *j.l == nil {
		*j.l = []T{}
	}
	return nil
}

// owned returns ENOTFOUND naming what unless the tenant has the row with id
// in table. Methods that check anything else about a row (whether it is in
// use, whether a child collides) call it first, so another tenant's id
// always answers as absent and never reveals what it holds.
func owned(ctx context.Context, q querier, table, tenantID string, id any, what string) error {
	err := q.QueryRowContext(ctx, `SELECT 1 FROM `+table+` WHERE tenant_id = ? AND id = ?`, tenantID, id).Scan(new(int))
	return failure{op: "find " + what, notFound: what + " not found"}.translate(err)
}
