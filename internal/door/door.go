// Package door is the Door Access API's domain: per-tenant settings, doors,
// membership types, members and their memberships, the access decision a
// door controller asks for on every swipe, the entries it records, and the
// member list controllers sync.
//
// The package imports only the shared vocabulary (hive), the standard library
// and a phone-number library. Storage sits behind Store; HTTP, scopes and
// the wire format live in package httpapi.
package door

import (
	"time"
)

// MaxIDLen is the longest door_id, door_access_id or barcode_id the Door
// Access API allows, and the longest name or email.
const MaxIDLen = 191

// Settings is a tenant's Door API configuration. A tenant that never saved
// any has the defaults of DefaultSettings.
type Settings struct {
	TenantID             string
	Enabled              bool // false: every door route answers 403
	UsersEndpointEnabled bool // false: GET /users answers 403
	ExposeEmail          bool // include the member's email in user objects
	ExposePhone          bool // include the member's phone (E.164) in user objects
	// Token is the random secret in the tenant's base URL /door/{token}/:
	// TokenLen base62 characters, unique, regenerable.
	Token string
	// ReentryWindow collapses repeat swipes: a granted swipe by the same
	// member at the same door within this long of their last recorded
	// granted entry there is granted but not recorded again. 0 turns it off.
	ReentryWindow time.Duration
	// GraceDays extends every membership: it opens doors until
	// Expires + GraceDays*24h (exclusive).
	GraceDays int
	// DefaultPhoneRegion is the ISO 3166-1 region (e.g. "US") that phone
	// numbers without a country code are read in.
	DefaultPhoneRegion string
	// RulesChangedAt is the last time a door or membership type changed,
	// which may change the access of every member; incremental /users syncs
	// since an earlier time list every member. Zero if never.
	RulesChangedAt time.Time
	UpdatedAt      time.Time
}

// Setting limits and defaults.
const (
	DefaultPhoneRegion = "US"
	MaxGraceDays       = 365
	MaxReentryWindow   = 24 * time.Hour
	TokenLen           = 40
)

// Grace returns the grace period as a duration.
func (s *Settings) Grace() time.Duration { return time.Duration(s.GraceDays) * 24 * time.Hour }

// Door is a door a controller guards. DoorID is chosen by the tenant:
// letters, digits, '-' and '_', at most 191 characters, unique in the tenant
// and never changed once created.
type Door struct {
	TenantID          string
	DoorID            string
	Name              string
	Active            bool    // an inactive door opens for nobody
	MembershipTypeIDs []int64 // memberships of these types open the door; never nil
	AllowInstructors  bool    // instructors enter whatever their memberships
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// MembershipType is a kind of membership ("Standard Monthly"). Its ID is
// assigned by the store and unique across tenants.
type MembershipType struct {
	ID        int64
	TenantID  string
	Name      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Status is a member's standing.
type Status string

const (
	StatusActive    Status = "active"
	StatusFrozen    Status = "frozen"    // temporarily barred, e.g. a paused membership
	StatusCancelled Status = "cancelled" // no longer a member
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	return s == StatusActive || s == StatusFrozen || s == StatusCancelled
}

// Member is a person who may swipe in. ID is assigned by the store, unique
// across all tenants and never reused: it is the Door Access API's user id.
// DoorAccessID (card, fob) and BarcodeID are optional; each non-empty one is
// unique among the tenant's live members. Email and Phone are stored as
// given. Deletion is soft, so that incremental syncs can report it; a
// deleted member's identifiers are free for others.
type Member struct {
	ID           int64
	TenantID     string
	DoorAccessID string
	BarcodeID    string
	FirstName    string
	LastName     string
	Email        string
	Phone        string
	IsInstructor bool
	Status       Status
	CreatedAt    time.Time
	// UpdatedAt moves on every change of the member or of their memberships,
	// and on deletion, so that /users?updated_since= sees it.
	UpdatedAt time.Time
	DeletedAt *time.Time
}

// Deleted reports whether the member was deleted.
func (m *Member) Deleted() bool { return m.DeletedAt != nil }

// Membership is one membership a member holds. ID is assigned by the store
// and never repeated. It opens every door whose MembershipTypeIDs hold its
// type, and the doors listed in DoorIDs, until Expires plus the tenant's
// grace days.
type Membership struct {
	ID               int64
	TenantID         string
	MemberID         int64
	MembershipTypeID int64
	Expires          time.Time // whole seconds, UTC
	DoorIDs          []string  // extra doors this membership opens; never nil
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// Entry is one recorded /access decision, granted or denied. ID is assigned
// by the store and increases with time.
type Entry struct {
	ID        int64
	TenantID  string
	MemberID  *int64 // nil when no single member matched
	DoorID    string // as presented, whether or not such a door exists
	Granted   bool
	Reason    string // one of the Reason* constants
	Message   string
	KeyID     string      // the API key the controller used
	Presented Identifiers // the identifiers as the controller sent them
	At        time.Time
}

// Identifiers are the member identifiers a controller presents, as raw
// strings: the Door Access API's id, door_access_id and barcode_id.
type Identifiers struct {
	ID           string
	DoorAccessID string
	BarcodeID    string
}

// Page selects a page of a list ordered newest (highest ID) first.
type Page struct {
	Limit int   // 0 means 100; stores cap it at 1000
	After int64 // return items with IDs strictly below this one; 0 for the first page
}

// MemberFilter selects members of one tenant. Deleted members are listed
// only with IncludeDeleted.
type MemberFilter struct {
	TenantID       string
	Status         *Status
	IsInstructor   *bool
	DoorAccessID   *string
	BarcodeID      *string
	Search         *string    // case-insensitive substring of first name, last name or email
	UpdatedSince   *time.Time // updated strictly after
	IncludeDeleted bool
	Page
}

// EntryFilter selects entries of one tenant. From is inclusive, To exclusive.
type EntryFilter struct {
	TenantID string
	MemberID *int64
	DoorID   *string
	DoorIn   []string // nil for any door; otherwise only these (a restricted key's doors)
	From     *time.Time
	To       *time.Time
	Granted  *bool
	Page
}

// SyncQuery selects members for GET /users, ordered by ID ascending.
//
// Without ChangedSince it selects the members who have access to at least
// one door: not deleted, status active, and either instructors while
// Instructors is true, or holding a membership that expires after
// ExpiresAfter and whose type is in TypeIDs or whose DoorIDs share an entry
// with DoorIDs.
//
// With ChangedSince it selects instead every member, deleted or not, updated
// strictly after it, and also every live member when AllLive is set.
type SyncQuery struct {
	TenantID     string
	ExpiresAfter time.Time
	TypeIDs      []int64
	DoorIDs      []string
	Instructors  bool

	ChangedSince *time.Time
	AllLive      bool

	Offset int
	Limit  int
}

// IdempotencyRecord remembers the decision given to a request carrying an
// Idempotency-Key, so that a retry gets the same answer and records nothing.
type IdempotencyRecord struct {
	TenantID    string
	KeyID       string // the API key that sent it; keys do not share records
	Key         string // the Idempotency-Key header
	RequestHash string // hex SHA-256 of the normalised request
	Response    []byte // the decision, as JSON
	CreatedAt   time.Time
}
