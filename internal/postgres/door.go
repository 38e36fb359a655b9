package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

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

// WithinTx runs fn in a transaction on one connection of the pool.
func (d *DoorStore) WithinTx(ctx context.Context, fn func(tx door.Store) error) error {
	return d.s.transact(ctx, func(tx *Store) error { return fn(&DoorStore{tx}) })
}

const settingsColumns = `tenant_id, enabled, users_endpoint_enabled, expose_email, expose_phone, token,
	reentry_window, grace_days, default_phone_region, rules_changed_at, updated_at`

// SettingsByTenant returns the tenant's settings or ENOTFOUND.
func (d *DoorStore) SettingsByTenant(ctx context.Context, tenantID string) (*door.Settings, error) {
	st, err := scanSettings(d.s.db().QueryRow(ctx,
		`SELECT `+settingsColumns+` FROM door_settings WHERE tenant_id = $1`, tenantID))
	return st, failure{op: "door settings", notFound: "Door API settings not found"}.translate(err)
}

// SettingsByToken returns the settings with exactly that token or ENOTFOUND.
func (d *DoorStore) SettingsByToken(ctx context.Context, token string) (*door.Settings, error) {
	st, err := scanSettings(d.s.db().QueryRow(ctx,
		`SELECT `+settingsColumns+` FROM door_settings WHERE token = $1`, token))
	return st, failure{op: "door settings by token", notFound: "Door API settings not found"}.translate(err)
}

// CreateSettings inserts st; existing settings or a taken token are
// ECONFLICT.
func (d *DoorStore) CreateSettings(ctx context.Context, st *door.Settings) error {
	_, err := d.s.db().Exec(ctx, `INSERT INTO door_settings (`+settingsColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, settingsArgs(st)...)
	return failure{op: "create door settings", conflict: "the tenant already has Door API settings"}.translate(err)
}

// UpdateSettings saves every field of st.
func (d *DoorStore) UpdateSettings(ctx context.Context, st *door.Settings) error {
	err := d.s.db().QueryRow(ctx, `UPDATE door_settings SET enabled = $2, users_endpoint_enabled = $3,
		expose_email = $4, expose_phone = $5, token = $6, reentry_window = $7, grace_days = $8,
		default_phone_region = $9, rules_changed_at = $10, updated_at = $11
		WHERE tenant_id = $1 RETURNING tenant_id`, settingsArgs(st)...).Scan(new(string))
	return failure{op: "update door settings", notFound: "Door API settings not found",
		conflict: "the token is taken"}.translate(err)
}

func settingsArgs(st *door.Settings) []any {
	return []any{st.TenantID, st.Enabled, st.UsersEndpointEnabled, st.ExposeEmail, st.ExposePhone, st.Token,
		st.ReentryWindow.Microseconds(), st.GraceDays, st.DefaultPhoneRegion, zeroAsNull(st.RulesChangedAt),
		st.UpdatedAt}
}

func scanSettings(row pgx.Row) (*door.Settings, error) {
	var st door.Settings
	var window int64
	var rules *time.Time
	err := row.Scan(&st.TenantID, &st.Enabled, &st.UsersEndpointEnabled, &st.ExposeEmail, &st.ExposePhone,
		&st.Token, &window, &st.GraceDays, &st.DefaultPhoneRegion, &rules, &st.UpdatedAt)
	if err != nil {
		return nil, err
	}
	st.ReentryWindow = time.Duration(window) * time.Microsecond
	if rules != nil {
		st.RulesChangedAt = *rules
	}
	return &st, nil
}

// zeroAsNull stores a zero time, meaning "never", as NULL.
func zeroAsNull(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// nonNil returns l, or an empty slice for nil, so that a JSON array column
// never holds null.
func nonNil[T any](l []T) []T {
	if l == nil {
		return []T{}
	}
	return l
}

const doorColumns = `tenant_id, door_id, name, active, membership_type_ids, allow_instructors, created_at, updated_at`

// CreateDoor inserts dr; a door_id the tenant has is ECONFLICT.
func (d *DoorStore) CreateDoor(ctx context.Context, dr *door.Door) error {
	_, err := d.s.db().Exec(ctx, `INSERT INTO doors (`+doorColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		dr.TenantID, dr.DoorID, dr.Name, dr.Active, nonNil(dr.MembershipTypeIDs), dr.AllowInstructors,
		dr.CreatedAt, dr.UpdatedAt)
	return failure{op: "create door", conflict: fmt.Sprintf("a door with door_id %q already exists", dr.DoorID)}.translate(err)
}

// DoorByID returns the tenant's door or ENOTFOUND.
func (d *DoorStore) DoorByID(ctx context.Context, tenantID, doorID string) (*door.Door, error) {
	dr, err := scanDoor(d.s.db().QueryRow(ctx,
		`SELECT `+doorColumns+` FROM doors WHERE tenant_id = $1 AND door_id = $2`, tenantID, doorID))
	return dr, failure{op: "door by id", notFound: "door not found"}.translate(err)
}

// ListDoors returns the tenant's doors ordered by door_id.
func (d *DoorStore) ListDoors(ctx context.Context, tenantID string) ([]*door.Door, error) {
	out, err := queryAll(ctx, d.s.db(), scanDoor,
		`SELECT `+doorColumns+` FROM doors WHERE tenant_id = $1 ORDER BY door_id`, tenantID)
	return out, failure{op: "list doors"}.translate(err)
}

// UpdateDoor saves the mutable fields of dr or returns ENOTFOUND.
func (d *DoorStore) UpdateDoor(ctx context.Context, dr *door.Door) error {
	err := d.s.db().QueryRow(ctx, `UPDATE doors SET name = $1, active = $2, membership_type_ids = $3,
		allow_instructors = $4, updated_at = $5 WHERE tenant_id = $6 AND door_id = $7 RETURNING door_id`,
		dr.Name, dr.Active, nonNil(dr.MembershipTypeIDs), dr.AllowInstructors, dr.UpdatedAt,
		dr.TenantID, dr.DoorID).Scan(new(string))
	return failure{op: "update door", notFound: "door not found"}.translate(err)
}

// DeleteDoor removes the door or returns ENOTFOUND.
func (d *DoorStore) DeleteDoor(ctx context.Context, tenantID, doorID string) error {
	err := d.s.db().QueryRow(ctx, `DELETE FROM doors WHERE tenant_id = $1 AND door_id = $2 RETURNING door_id`,
		tenantID, doorID).Scan(new(string))
	return failure{op: "delete door", notFound: "door not found"}.translate(err)
}

func scanDoor(row pgx.Row) (*door.Door, error) {
	var dr door.Door
	err := row.Scan(&dr.TenantID, &dr.DoorID, &dr.Name, &dr.Active, &dr.MembershipTypeIDs, &dr.AllowInstructors,
		&dr.CreatedAt, &dr.UpdatedAt)
	if err != nil {
		return nil, err
	}
	dr.MembershipTypeIDs = nonNil(dr.MembershipTypeIDs)
	return &dr, nil
}

const membershipTypeColumns = `id, tenant_id, name, created_at, updated_at`

// CreateMembershipType inserts t and sets its ID.
func (d *DoorStore) CreateMembershipType(ctx context.Context, t *door.MembershipType) error {
	err := d.s.db().QueryRow(ctx, `INSERT INTO membership_types (tenant_id, name, created_at, updated_at)
		VALUES ($1, $2, $3, $4) RETURNING id`, t.TenantID, t.Name, t.CreatedAt, t.UpdatedAt).Scan(&t.ID)
	return failure{op: "create membership type"}.translate(err)
}

// MembershipTypeByID returns the tenant's type or ENOTFOUND.
func (d *DoorStore) MembershipTypeByID(ctx context.Context, tenantID string, id int64) (*door.MembershipType, error) {
	t, err := scanMembershipType(d.s.db().QueryRow(ctx,
		`SELECT `+membershipTypeColumns+` FROM membership_types WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	return t, failure{op: "membership type by id", notFound: "membership type not found"}.translate(err)
}

// ListMembershipTypes returns the tenant's types ordered by ID.
func (d *DoorStore) ListMembershipTypes(ctx context.Context, tenantID string) ([]*door.MembershipType, error) {
	out, err := queryAll(ctx, d.s.db(), scanMembershipType,
		`SELECT `+membershipTypeColumns+` FROM membership_types WHERE tenant_id = $1 ORDER BY id`, tenantID)
	return out, failure{op: "list membership types"}.translate(err)
}

// UpdateMembershipType saves t's name or returns ENOTFOUND.
func (d *DoorStore) UpdateMembershipType(ctx context.Context, t *door.MembershipType) error {
	err := d.s.db().QueryRow(ctx, `UPDATE membership_types SET name = $1, updated_at = $2
		WHERE tenant_id = $3 AND id = $4 RETURNING id`, t.Name, t.UpdatedAt, t.TenantID, t.ID).Scan(new(int64))
	return failure{op: "update membership type", notFound: "membership type not found"}.translate(err)
}

// DeleteMembershipType removes a type no membership has. A type in use is
// ECONFLICT, an absent one ENOTFOUND. The type row is locked first, so that
// no membership of it can be created meanwhile.
func (d *DoorStore) DeleteMembershipType(ctx context.Context, tenantID string, id int64) error {
	return d.s.transact(ctx, func(tx *Store) error {
		err := tx.db().QueryRow(ctx, `SELECT id FROM membership_types WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
			tenantID, id).Scan(new(int64))
		if err != nil {
			return failure{op: "delete membership type", notFound: "membership type not found"}.translate(err)
		}
		var used int
		err = tx.db().QueryRow(ctx, `SELECT count(*) FROM memberships WHERE tenant_id = $1 AND membership_type_id = $2`,
			tenantID, id).Scan(&used)
		if err != nil {
			return failure{op: "delete membership type"}.translate(err)
		}
		if used > 0 {
			return hive.Errorf(hive.ECONFLICT, "the membership type is used by %d membership(s); change or delete them first", used)
		}
		_, err = tx.db().Exec(ctx, `DELETE FROM membership_types WHERE tenant_id = $1 AND id = $2`, tenantID, id)
		return failure{op: "delete membership type"}.translate(err)
	})
}

func scanMembershipType(row pgx.Row) (*door.MembershipType, error) {
	var t door.MembershipType
	if err := row.Scan(&t.ID, &t.TenantID, &t.Name, &t.CreatedAt, &t.UpdatedAt); err != nil {
		return nil, err
	}
	return &t, nil
}

// queryAll runs a query and scans every row.
func queryAll[T any](ctx context.Context, q querier, scan func(pgx.Row) (*T, error), sql string, args ...any) ([]*T, error) {
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*T, error) { return scan(row) })
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return out, err
}

// owned returns ENOTFOUND naming what unless the tenant has the row with id
// in table, locking it for the rest of the transaction. Methods that check
// anything else about a row (whether it is in use, whether a child collides)
// call it first, so another tenant's id always answers as absent and never
// reveals what it holds.
func owned(ctx context.Context, tx *Store, table, tenantID string, id any, what string) error {
	err := tx.db().QueryRow(ctx, `SELECT 1 FROM `+table+` WHERE tenant_id = $1 AND id = $2 FOR SHARE`, tenantID, id).Scan(new(int))
	return failure{op: "find " + what, notFound: what + " not found"}.translate(err)
}
