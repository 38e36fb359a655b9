package postgres

import (
	"context"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

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
	err := d.s.db().QueryRow(ctx, `INSERT INTO members (tenant_id, door_access_id, barcode_id,
		first_name, last_name, email, phone, is_instructor, status, created_at, updated_at, deleted_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		m.TenantID, m.DoorAccessID, m.BarcodeID, m.FirstName, m.LastName, m.Email, m.Phone, m.IsInstructor,
		string(m.Status), m.CreatedAt, m.UpdatedAt, m.DeletedAt).Scan(&m.ID)
	return failure{op: "create member", conflict: identifierTaken}.translate(err)
}

// MemberByID returns the member, deleted or not, or ENOTFOUND.
func (d *DoorStore) MemberByID(ctx context.Context, tenantID string, id int64) (*door.Member, error) {
	m, err := scanMember(d.s.db().QueryRow(ctx,
		`SELECT `+memberColumns+` FROM members WHERE tenant_id = $1 AND id = $2`, tenantID, id))
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
		return nil, failure{notFound: memberNotFound}.translate(pgx.ErrNoRows)
	}
	m, err := scanMember(d.s.db().QueryRow(ctx, `SELECT `+memberColumns+` FROM members
		WHERE tenant_id = $1 AND `+column+` = $2
		ORDER BY deleted_at IS NOT NULL, deleted_at DESC, id DESC LIMIT 1`, tenantID, v))
	return m, failure{op: "member by " + column, notFound: memberNotFound}.translate(err)
}

// ListMembers returns a page of matching members, highest ID first, and how
// many match.
func (d *DoorStore) ListMembers(ctx context.Context, f door.MemberFilter) ([]*door.Member, int, error) {
	var w filter
	w.where("tenant_id = @tenant", pgx.NamedArgs{"tenant": f.TenantID})
	if !f.IncludeDeleted {
		w.where("deleted_at IS NULL", nil)
	}
	if f.Status != nil {
		w.where("status = @status", pgx.NamedArgs{"status": string(*f.Status)})
	}
	if f.IsInstructor != nil {
		w.where("is_instructor = @instructor", pgx.NamedArgs{"instructor": *f.IsInstructor})
	}
	if f.DoorAccessID != nil {
		w.where("door_access_id = @door_access_id", pgx.NamedArgs{"door_access_id": *f.DoorAccessID})
	}
	if f.BarcodeID != nil {
		w.where("barcode_id = @barcode_id", pgx.NamedArgs{"barcode_id": *f.BarcodeID})
	}
	if f.Search != nil {
		w.where(`(first_name ILIKE @search OR last_name ILIKE @search OR email ILIKE @search)`,
			pgx.NamedArgs{"search": "%" + likeEscaper.Replace(*f.Search) + "%"})
	}
	if f.UpdatedSince != nil {
		w.where("updated_at > @since", pgx.NamedArgs{"since": *f.UpdatedSince})
	}
	out, total, err := listByInt(ctx, d.s.db(), "members", memberColumns, w, f.Page, scanMember)
	return out, total, failure{op: "list members"}.translate(err)
}

// likeEscaper escapes LIKE's wildcards with its default escape character,
// so a search matches them literally.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// syncMembers is the query of SyncMembers. Expiry is compared as "expires
// after the cutoff", the cutoff being now less the grace period: a
// membership is current while now < expires + grace.
const syncMembers = `SELECT ` + memberColumns + ` FROM members AS m WHERE m.tenant_id = @tenant AND (
	CASE WHEN @incremental::boolean THEN
		m.updated_at > @since OR (@all_live::boolean AND m.deleted_at IS NULL)
	ELSE
		m.deleted_at IS NULL AND m.status = 'active' AND (
			(@instructors::boolean AND m.is_instructor)
			OR EXISTS (SELECT 1 FROM memberships AS ms WHERE ms.member_id = m.id AND ms.expires > @cutoff AND (
				ms.membership_type_id = ANY (@types::bigint[])
				OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(ms.door_ids) AS j (door_id)
					WHERE j.door_id = ANY (@doors::text[])))))
	END)
	ORDER BY m.id LIMIT @limit OFFSET @offset`

// SyncMembers returns the members q selects, lowest ID first.
func (d *DoorStore) SyncMembers(ctx context.Context, q door.SyncQuery) ([]*door.Member, error) {
	var since time.Time
	if q.ChangedSince != nil {
		since = *q.ChangedSince
	}
	out, err := queryAll(ctx, d.s.db(), scanMember, syncMembers, pgx.NamedArgs{
		"tenant": q.TenantID, "incremental": q.ChangedSince != nil, "since": since, "all_live": q.AllLive,
		"instructors": q.Instructors, "cutoff": q.ExpiresAfter, "types": nonNil(q.TypeIDs),
		"doors": nonNil(q.DoorIDs), "limit": q.Limit, "offset": q.Offset,
	})
	return out, failure{op: "sync members"}.translate(err)
}

// UpdateMember saves the mutable fields of a live member.
func (d *DoorStore) UpdateMember(ctx context.Context, m *door.Member) error {
	err := d.s.db().QueryRow(ctx, `UPDATE members SET door_access_id = $1, barcode_id = $2,
		first_name = $3, last_name = $4, email = $5, phone = $6, is_instructor = $7, status = $8, updated_at = $9
		WHERE tenant_id = $10 AND id = $11 AND deleted_at IS NULL RETURNING id`,
		m.DoorAccessID, m.BarcodeID, m.FirstName, m.LastName, m.Email, m.Phone, m.IsInstructor,
		string(m.Status), m.UpdatedAt, m.TenantID, m.ID).Scan(new(int64))
	return failure{op: "update member", notFound: memberNotFound, conflict: identifierTaken}.translate(err)
}

// TouchMember moves the member's UpdatedAt to at.
func (d *DoorStore) TouchMember(ctx context.Context, tenantID string, id int64, at time.Time) error {
	err := d.s.db().QueryRow(ctx, `UPDATE members SET updated_at = $1 WHERE tenant_id = $2 AND id = $3 RETURNING id`,
		at, tenantID, id).Scan(new(int64))
	return failure{op: "touch member", notFound: memberNotFound}.translate(err)
}

// DeleteMember marks a live member deleted at the given time.
func (d *DoorStore) DeleteMember(ctx context.Context, tenantID string, id int64, at time.Time) error {
	err := d.s.db().QueryRow(ctx, `UPDATE members SET deleted_at = $1, updated_at = $1
		WHERE tenant_id = $2 AND id = $3 AND deleted_at IS NULL RETURNING id`, at, tenantID, id).Scan(new(int64))
	return failure{op: "delete member", notFound: memberNotFound}.translate(err)
}

func scanMember(row pgx.Row) (*door.Member, error) {
	var m door.Member
	err := row.Scan(&m.ID, &m.TenantID, &m.DoorAccessID, &m.BarcodeID, &m.FirstName, &m.LastName, &m.Email,
		&m.Phone, &m.IsInstructor, (*string)(&m.Status), &m.CreatedAt, &m.UpdatedAt, &m.DeletedAt)
	if err != nil {
		return nil, err
	}
	return &m, nil
}

const membershipColumns = `id, tenant_id, member_id, membership_type_id, expires, door_ids, created_at, updated_at`

const membershipNotFound = "membership not found"

// CreateMembership inserts ms and sets its ID. The member and the type must
// be the tenant's, or it is ENOTFOUND.
func (d *DoorStore) CreateMembership(ctx context.Context, ms *door.Membership) error {
	err := d.s.db().QueryRow(ctx, `INSERT INTO memberships (tenant_id, member_id, membership_type_id,
		expires, door_ids, created_at, updated_at)
		SELECT $1, $2, $3, $4, $5, $6, $7
		WHERE EXISTS (SELECT 1 FROM members WHERE tenant_id = $1 AND id = $2)
		AND EXISTS (SELECT 1 FROM membership_types WHERE tenant_id = $1 AND id = $3)
		RETURNING id`, ms.TenantID, ms.MemberID, ms.MembershipTypeID, ms.Expires, nonNil(ms.DoorIDs),
		ms.CreatedAt, ms.UpdatedAt).Scan(&ms.ID)
	return failure{op: "create membership", notFound: "member or membership type not found"}.translate(err)
}

// MembershipByID returns the tenant's membership or ENOTFOUND.
func (d *DoorStore) MembershipByID(ctx context.Context, tenantID string, id int64) (*door.Membership, error) {
	ms, err := scanMembership(d.s.db().QueryRow(ctx,
		`SELECT `+membershipColumns+` FROM memberships WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	return ms, failure{op: "membership by id", notFound: membershipNotFound}.translate(err)
}

// MembershipsOf returns the memberships of the given members in one query.
func (d *DoorStore) MembershipsOf(ctx context.Context, tenantID string, memberIDs []int64) ([]*door.Membership, error) {
	if len(memberIDs) == 0 {
		return nil, nil
	}
	out, err := queryAll(ctx, d.s.db(), scanMembership, `SELECT `+membershipColumns+` FROM memberships
		WHERE tenant_id = $1 AND member_id = ANY ($2) ORDER BY member_id, id`, tenantID, memberIDs)
	return out, failure{op: "memberships of members"}.translate(err)
}

// UpdateMembership saves the mutable fields of ms. A type that is not the
// tenant's is ENOTFOUND.
func (d *DoorStore) UpdateMembership(ctx context.Context, ms *door.Membership) error {
	err := d.s.db().QueryRow(ctx, `UPDATE memberships SET membership_type_id = $1, expires = $2,
		door_ids = $3, updated_at = $4
		WHERE tenant_id = $5 AND id = $6
		AND EXISTS (SELECT 1 FROM membership_types WHERE tenant_id = $5 AND id = $1) RETURNING id`,
		ms.MembershipTypeID, ms.Expires, nonNil(ms.DoorIDs), ms.UpdatedAt, ms.TenantID, ms.ID).Scan(new(int64))
	return failure{op: "update membership", notFound: "membership or membership type not found"}.translate(err)
}

// DeleteMembership removes the membership or returns ENOTFOUND.
func (d *DoorStore) DeleteMembership(ctx context.Context, tenantID string, id int64) error {
	err := d.s.db().QueryRow(ctx, `DELETE FROM memberships WHERE tenant_id = $1 AND id = $2 RETURNING id`,
		tenantID, id).Scan(new(int64))
	return failure{op: "delete membership", notFound: membershipNotFound}.translate(err)
}

func scanMembership(row pgx.Row) (*door.Membership, error) {
	var ms door.Membership
	err := row.Scan(&ms.ID, &ms.TenantID, &ms.MemberID, &ms.MembershipTypeID, &ms.Expires, &ms.DoorIDs,
		&ms.CreatedAt, &ms.UpdatedAt)
	if err != nil {
		return nil, err
	}
	ms.DoorIDs = nonNil(ms.DoorIDs)
	return &ms, nil
}
