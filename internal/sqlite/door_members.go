package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/door"
)

const memberColumns = `id, tenant_id, door_access_id, barcode_id, first_name, last_name, email, phone,
	is_instructor, status, created_at, updated_at, deleted_at`

const (
	memberNotFound  = "member not found"
	identifierTaken = "door_access_id or barcode_id is already used by another member"
)

// CreateMember inserts m and sets its ID; an identifier a live member of the
// tenant holds is ECONFLICT.
func (d *DoorStore) CreateMember(ctx context.Context, m *door.Member) error {
	err := d.s.writes().QueryRowContext(ctx, `INSERT INTO members (tenant_id, door_access_id, barcode_id,
		first_name, last_name, email, phone, is_instructor, status, created_at, updated_at, deleted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, memberFields(m)[1:]...).Scan(&m.ID)
	return failure{op: "create member", conflict: identifierTaken}.translate(err)
}

// MemberByID returns the member, deleted or not, or ENOTFOUND.
func (d *DoorStore) MemberByID(ctx context.Context, tenantID string, id int64) (*door.Member, error) {
	m, err := scanMember(d.s.reads().QueryRowContext(ctx,
		`SELECT `+memberColumns+` FROM members WHERE tenant_id = ? AND id = ?`, tenantID, id))
	return m, failure{op: "member by id", notFound: memberNotFound}.translate(err)
}

// MemberByDoorAccessID returns the live member with that door access id,
// else the one deleted last, else ENOTFOUND.
func (d *DoorStore) MemberByDoorAccessID(ctx context.Context, tenantID, v string) (*door.Member, error) {
	return d.memberBy(ctx, "door_access_id", tenantID, v)
}

// MemberByBarcodeID is MemberByDoorAccessID for barcode ids.
func (d *DoorStore) MemberByBarcodeID(ctx context.Context, tenantID, v string) (*door.Member, error) {
	return d.memberBy(ctx, "barcode_id", tenantID, v)
}

func (d *DoorStore) memberBy(ctx context.Context, column, tenantID, v string) (*door.Member, error) {
	if v == "" {
		return nil, failure{notFound: memberNotFound}.translate(sql.ErrNoRows)
	}
	m, err := scanMember(d.s.reads().QueryRowContext(ctx, `SELECT `+memberColumns+` FROM members
		WHERE tenant_id = ? AND `+column+` = ?
		ORDER BY deleted_at IS NOT NULL, deleted_at DESC, id DESC LIMIT 1`, tenantID, v))
	return m, failure{op: "member by " + column, notFound: memberNotFound}.translate(err)
}

// ListMembers returns a page of matching members, highest ID first, and how
// many match.
func (d *DoorStore) ListMembers(ctx context.Context, f door.MemberFilter) ([]*door.Member, int, error) {
	var w filter
	w.where("tenant_id = :tenant", sql.Named("tenant", f.TenantID))
	if !f.IncludeDeleted {
		w.where("deleted_at IS NULL")
	}
	if f.Status != nil {
		w.where("status = :status", sql.Named("status", string(*f.Status)))
	}
	if f.IsInstructor != nil {
		w.where("is_instructor = :instructor", sql.Named("instructor", *f.IsInstructor))
	}
	if f.DoorAccessID != nil {
		w.where("door_access_id = :door_access_id", sql.Named("door_access_id", *f.DoorAccessID))
	}
	if f.BarcodeID != nil {
		w.where("barcode_id = :barcode_id", sql.Named("barcode_id", *f.BarcodeID))
	}
	if f.Search != nil {
		w.where(`(first_name LIKE :search ESCAPE '\' OR last_name LIKE :search ESCAPE '\' OR email LIKE :search ESCAPE '\')`,
			sql.Named("search", "%"+likeEscaper.Replace(*f.Search)+"%"))
	}
	if f.UpdatedSince != nil {
		w.where("updated_at > :since", sql.Named("since", f.UpdatedSince.UnixMicro()))
	}
	out, total, err := listByInt(ctx, d.s.reads(), "members", memberColumns, w, f.Page, scanMember)
	return out, total, failure{op: "list members"}.translate(err)
}

// likeEscaper escapes LIKE's wildcards, so a search matches them literally.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// syncMembers is the query of SyncMembers. The lists arrive as JSON arrays.
// Expiry is compared as "expires after the cutoff", the cutoff being now
// less the grace period: a membership is current while now < expires + grace.
const syncMembers = `SELECT ` + memberColumns + ` FROM members AS m WHERE m.tenant_id = :tenant AND (
	CASE WHEN :incremental THEN
		m.updated_at > :since OR (:all_live AND m.deleted_at IS NULL)
	ELSE
		m.deleted_at IS NULL AND m.status = 'active' AND (
			(:instructors AND m.is_instructor)
			OR EXISTS (SELECT 1 FROM memberships AS ms WHERE ms.member_id = m.id AND ms.expires > :cutoff AND (
				ms.membership_type_id IN (SELECT value FROM json_each(:types))
				OR EXISTS (SELECT 1 FROM json_each(ms.door_ids) AS j WHERE j.value IN (SELECT value FROM json_each(:doors))))))
	END)
	ORDER BY m.id LIMIT :limit OFFSET :offset`

// SyncMembers returns the members q selects, lowest ID first.
func (d *DoorStore) SyncMembers(ctx context.Context, q door.SyncQuery) ([]*door.Member, error) {
	var since int64
	if q.ChangedSince != nil {
		since = q.ChangedSince.UnixMicro()
	}
	types, doors := q.TypeIDs, q.DoorIDs
	out, err := queryAll(ctx, d.s.reads(), scanMember, syncMembers,
		sql.Named("tenant", q.TenantID), sql.Named("incremental", q.ChangedSince != nil),
		sql.Named("since", since), sql.Named("all_live", q.AllLive), sql.Named("instructors", q.Instructors),
		sql.Named("cutoff", q.ExpiresAfter.UnixMicro()), sql.Named("types", jsonList[int64]{&types}),
		sql.Named("doors", jsonList[string]{&doors}), sql.Named("limit", q.Limit), sql.Named("offset", q.Offset))
	return out, failure{op: "sync members"}.translate(err)
}

// UpdateMember saves the mutable fields of a live member.
func (d *DoorStore) UpdateMember(ctx context.Context, m *door.Member) error {
	err := d.s.writes().QueryRowContext(ctx, `UPDATE members SET door_access_id = ?, barcode_id = ?,
		first_name = ?, last_name = ?, email = ?, phone = ?, is_instructor = ?, status = ?, updated_at = ?
		WHERE tenant_id = ? AND id = ? AND deleted_at IS NULL RETURNING id`,
		m.DoorAccessID, m.BarcodeID, m.FirstName, m.LastName, m.Email, m.Phone, m.IsInstructor,
		string(m.Status), micros{&m.UpdatedAt}, m.TenantID, m.ID).Scan(new(int64))
	return failure{op: "update member", notFound: memberNotFound, conflict: identifierTaken}.translate(err)
}

// TouchMember moves the member's UpdatedAt to at.
func (d *DoorStore) TouchMember(ctx context.Context, tenantID string, id int64, at time.Time) error {
	err := d.s.writes().QueryRowContext(ctx, `UPDATE members SET updated_at = ? WHERE tenant_id = ? AND id = ? RETURNING id`,
		at.UnixMicro(), tenantID, id).Scan(new(int64))
	return failure{op: "touch member", notFound: memberNotFound}.translate(err)
}

// DeleteMember marks a live member deleted at the given time.
func (d *DoorStore) DeleteMember(ctx context.Context, tenantID string, id int64, at time.Time) error {
	err := d.s.writes().QueryRowContext(ctx, `UPDATE members SET deleted_at = ?1, updated_at = ?1
		WHERE tenant_id = ?2 AND id = ?3 AND deleted_at IS NULL RETURNING id`,
		at.UnixMicro(), tenantID, id).Scan(new(int64))
	return failure{op: "delete member", notFound: memberNotFound}.translate(err)
}

// memberFields returns m's fields in memberColumns order.
func memberFields(m *door.Member) []any {
	return []any{&m.ID, &m.TenantID, &m.DoorAccessID, &m.BarcodeID, &m.FirstName, &m.LastName, &m.Email,
		&m.Phone, &m.IsInstructor, (*string)(&m.Status), micros{&m.CreatedAt}, micros{&m.UpdatedAt},
		nullMicros{&m.DeletedAt}}
}

func scanMember(row rowScanner) (*door.Member, error) {
	var m door.Member
	if err := row.Scan(memberFields(&m)...); err != nil {
		return nil, err
	}
	return &m, nil
}

const membershipColumns = `id, tenant_id, member_id, membership_type_id, expires, door_ids, created_at, updated_at`

const membershipNotFound = "membership not found"

// CreateMembership inserts ms and sets its ID. The member and the type must
// be the tenant's, or it is ENOTFOUND.
func (d *DoorStore) CreateMembership(ctx context.Context, ms *door.Membership) error {
	err := d.s.writes().QueryRowContext(ctx, `INSERT INTO memberships (tenant_id, member_id, membership_type_id,
		expires, door_ids, created_at, updated_at)
		SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
		WHERE EXISTS (SELECT 1 FROM members WHERE tenant_id = ?1 AND id = ?2)
		AND EXISTS (SELECT 1 FROM membership_types WHERE tenant_id = ?1 AND id = ?3)
		RETURNING id`, membershipFields(ms)[1:]...).Scan(&ms.ID)
	return failure{op: "create membership", notFound: "member or membership type not found"}.translate(err)
}

// MembershipByID returns the tenant's membership or ENOTFOUND.
func (d *DoorStore) MembershipByID(ctx context.Context, tenantID string, id int64) (*door.Membership, error) {
	ms, err := scanMembership(d.s.reads().QueryRowContext(ctx,
		`SELECT `+membershipColumns+` FROM memberships WHERE tenant_id = ? AND id = ?`, tenantID, id))
	return ms, failure{op: "membership by id", notFound: membershipNotFound}.translate(err)
}

// MembershipsOf returns the memberships of the given members in one query.
func (d *DoorStore) MembershipsOf(ctx context.Context, tenantID string, memberIDs []int64) ([]*door.Membership, error) {
	var out []*door.Membership
	var err error
	switch len(memberIDs) {
	case 0:
		return nil, nil
	case 1: // a swipe: a plain lookup in the index, without json_each
		out, err = queryAll(ctx, d.s.reads(), scanMembership, `SELECT `+membershipColumns+` FROM memberships
			WHERE member_id = ? AND tenant_id = ? ORDER BY id`, memberIDs[0], tenantID)
	default:
		out, err = queryAll(ctx, d.s.reads(), scanMembership, `SELECT `+membershipColumns+` FROM memberships
			WHERE tenant_id = ? AND member_id IN (SELECT value FROM json_each(?)) ORDER BY member_id, id`,
			tenantID, jsonList[int64]{&memberIDs})
	}
	return out, failure{op: "memberships of members"}.translate(err)
}

// UpdateMembership saves the mutable fields of ms. A type that is not the
// tenant's is ENOTFOUND.
func (d *DoorStore) UpdateMembership(ctx context.Context, ms *door.Membership) error {
	err := d.s.writes().QueryRowContext(ctx, `UPDATE memberships SET membership_type_id = ?1, expires = ?2,
		door_ids = ?3, updated_at = ?4
		WHERE tenant_id = ?5 AND id = ?6
		AND EXISTS (SELECT 1 FROM membership_types WHERE tenant_id = ?5 AND id = ?1) RETURNING id`,
		ms.MembershipTypeID, micros{&ms.Expires}, jsonList[string]{&ms.DoorIDs}, micros{&ms.UpdatedAt},
		ms.TenantID, ms.ID).Scan(new(int64))
	return failure{op: "update membership", notFound: "membership or membership type not found"}.translate(err)
}

// DeleteMembership removes the membership or returns ENOTFOUND.
func (d *DoorStore) DeleteMembership(ctx context.Context, tenantID string, id int64) error {
	err := d.s.writes().QueryRowContext(ctx, `DELETE FROM memberships WHERE tenant_id = ? AND id = ? RETURNING id`,
		tenantID, id).Scan(new(int64))
	return failure{op: "delete membership", notFound: membershipNotFound}.translate(err)
}

func membershipFields(ms *door.Membership) []any {
	return []any{&ms.ID, &ms.TenantID, &ms.MemberID, &ms.MembershipTypeID, micros{&ms.Expires},
		jsonList[string]{&ms.DoorIDs}, micros{&ms.CreatedAt}, micros{&ms.UpdatedAt}}
}

func scanMembership(row rowScanner) (*door.Membership, error) {
	var ms door.Membership
	if err := row.Scan(membershipFields(&ms)...); err != nil {
		return nil, err
	}
	return &ms, nil
}
