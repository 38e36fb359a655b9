package door

import (
	"context"
	"time"
)

// Store persists the Door API's data. Every method that takes a tenant ID
// only sees that tenant's rows: a row of another tenant is ENOTFOUND. Errors
// are *hive.Error with codes ENOTFOUND and ECONFLICT as stated; anything else
// is an internal error. Times are returned in UTC with microsecond
// precision. Lists never return nil slices inside rows (DoorIDs,
// MembershipTypeIDs); a list itself may be nil when empty.
type Store interface {
	// WithinTx runs fn with a Store bound to one transaction, committing if
	// fn returns nil and rolling back otherwise. Calling WithinTx on a Store
	// already bound to a transaction runs fn in that same transaction.
	WithinTx(ctx context.Context, fn func(tx Store) error) error

	// SettingsByTenant returns ENOTFOUND if the tenant never saved settings.
	SettingsByTenant(ctx context.Context, tenantID string) (*Settings, error)
	// SettingsByToken returns the settings whose Token is exactly token, in
	// any tenant. ENOTFOUND if none.
	SettingsByToken(ctx context.Context, token string) (*Settings, error)
	// CreateSettings inserts s. Returns ECONFLICT if the tenant already has
	// settings or the token is taken.
	CreateSettings(ctx context.Context, s *Settings) error
	// UpdateSettings saves every field of s. Returns ENOTFOUND if the tenant
	// has no settings, ECONFLICT if the token is taken.
	UpdateSettings(ctx context.Context, s *Settings) error

	// CreateDoor inserts d. Returns ECONFLICT if the tenant has a door with
	// that DoorID.
	CreateDoor(ctx context.Context, d *Door) error
	// DoorByID returns ENOTFOUND if the tenant has no such door.
	DoorByID(ctx context.Context, tenantID, doorID string) (*Door, error)
	// ListDoors returns every door of the tenant ordered by DoorID.
	ListDoors(ctx context.Context, tenantID string) ([]*Door, error)
	// UpdateDoor saves Name, Active, MembershipTypeIDs, AllowInstructors and
	// UpdatedAt. Returns ENOTFOUND if the tenant has no such door.
	UpdateDoor(ctx context.Context, d *Door) error
	// DeleteDoor removes the door. Returns ENOTFOUND if absent.
	DeleteDoor(ctx context.Context, tenantID, doorID string) error

	// CreateMembershipType inserts t and sets t.ID.
	CreateMembershipType(ctx context.Context, t *MembershipType) error
	// MembershipTypeByID returns ENOTFOUND if the tenant has no such type.
	MembershipTypeByID(ctx context.Context, tenantID string, id int64) (*MembershipType, error)
	// ListMembershipTypes returns every type of the tenant ordered by ID.
	ListMembershipTypes(ctx context.Context, tenantID string) ([]*MembershipType, error)
	// UpdateMembershipType saves Name and UpdatedAt. ENOTFOUND if absent.
	UpdateMembershipType(ctx context.Context, t *MembershipType) error
	// DeleteMembershipType removes the type. Returns ENOTFOUND if absent and
	// ECONFLICT if a membership still has this type.
	DeleteMembershipType(ctx context.Context, tenantID string, id int64) error

	// CreateMember inserts m and sets m.ID. Returns ECONFLICT if a live
	// member of the tenant has the same non-empty DoorAccessID or BarcodeID.
	CreateMember(ctx context.Context, m *Member) error
	// MemberByID returns the member, deleted or not. ENOTFOUND if absent.
	MemberByID(ctx context.Context, tenantID string, id int64) (*Member, error)
	// MemberByDoorAccessID returns the live member with that DoorAccessID or,
	// if there is none, the most recently deleted one. ENOTFOUND if neither.
	MemberByDoorAccessID(ctx context.Context, tenantID, doorAccessID string) (*Member, error)
	// MemberByBarcodeID is MemberByDoorAccessID for BarcodeID.
	MemberByBarcodeID(ctx context.Context, tenantID, barcodeID string) (*Member, error)
	// ListMembers returns a page of the matching members, highest ID first,
	// and how many match regardless of paging.
	ListMembers(ctx context.Context, f MemberFilter) ([]*Member, int, error)
	// SyncMembers returns the members q selects, lowest ID first.
	SyncMembers(ctx context.Context, q SyncQuery) ([]*Member, error)
	// UpdateMember saves every mutable field of m: DoorAccessID, BarcodeID,
	// FirstName, LastName, Email, Phone, IsInstructor, Status and UpdatedAt.
	// Returns ENOTFOUND for an absent or deleted member, ECONFLICT for an
	// identifier taken by another live member.
	UpdateMember(ctx context.Context, m *Member) error
	// TouchMember sets the member's UpdatedAt to at, deleted or not.
	// ENOTFOUND if absent.
	TouchMember(ctx context.Context, tenantID string, id int64, at time.Time) error
	// DeleteMember marks the member deleted at the given time, which also
	// becomes its UpdatedAt. Returns ENOTFOUND if absent or already deleted.
	DeleteMember(ctx context.Context, tenantID string, id int64, at time.Time) error

	// CreateMembership inserts m and sets m.ID. The member and type must
	// exist in the tenant; otherwise ENOTFOUND.
	CreateMembership(ctx context.Context, m *Membership) error
	// MembershipByID returns ENOTFOUND if the tenant has no such membership.
	MembershipByID(ctx context.Context, tenantID string, id int64) (*Membership, error)
	// MembershipsOf returns the memberships of the given members, ordered by
	// member ID and then ID, in one query.
	MembershipsOf(ctx context.Context, tenantID string, memberIDs []int64) ([]*Membership, error)
	// UpdateMembership saves MembershipTypeID, Expires, DoorIDs and
	// UpdatedAt. ENOTFOUND if the membership or the new type is absent.
	UpdateMembership(ctx context.Context, m *Membership) error
	// DeleteMembership removes the membership. ENOTFOUND if absent.
	DeleteMembership(ctx context.Context, tenantID string, id int64) error

	// AddEntry inserts e and sets e.ID.
	AddEntry(ctx context.Context, e *Entry) error
	// ListEntries returns a page of matching entries, highest ID first, and
	// how many match regardless of paging.
	ListEntries(ctx context.Context, f EntryFilter) ([]*Entry, int, error)
	// LastGrantedEntry returns the member's most recent granted entry at the
	// door. ENOTFOUND if there is none.
	LastGrantedEntry(ctx context.Context, tenantID string, memberID int64, doorID string) (*Entry, error)

	// IdempotencyRecord returns the record of (tenant, key ID, key), however
	// old. ENOTFOUND if none.
	IdempotencyRecord(ctx context.Context, tenantID, keyID, key string) (*IdempotencyRecord, error)
	// SaveIdempotencyRecord inserts r, replacing a record of the same
	// (tenant, key ID, key) created before replaceBefore. Returns ECONFLICT
	// if a newer record exists.
	SaveIdempotencyRecord(ctx context.Context, r *IdempotencyRecord, replaceBefore time.Time) error
	// DeleteIdempotencyRecords removes records created before the given
	// time, in every tenant, and returns how many it removed.
	DeleteIdempotencyRecords(ctx context.Context, before time.Time) (int, error)
}
