package api

import "time"

// The Door Access API: what a door controller sends to /door/{token}/ and
// reads back. Every response embeds DoorEnvelope; a refused swipe is a 200
// with Success false and the Reason.

// DoorEnvelope is the Door Access API's envelope. Message is empty on
// success; on failure it is for people and Reason (Hive's machine-readable
// reason, such as "membership_expired") is for programs.
type DoorEnvelope struct {
	Success bool   `json:"success"`
	Message string `json:"message"`
	Reason  string `json:"reason,omitempty"`
}

// Door is a door as GET /door/{token}/doors and the /v1/doors
// administration show it. An empty MembershipTypeIDs admits no membership;
// AllowInstructors admits instructors whatever their memberships.
type Door struct {
	DoorID            string  `json:"door_id"`
	Name              string  `json:"name"`
	Active            bool    `json:"active"`
	MembershipTypeIDs []int64 `json:"membership_type_ids"`
	AllowInstructors  bool    `json:"allow_instructors"`
}

// DoorDoors is the response of GET /door/{token}/doors.
type DoorDoors struct {
	DoorEnvelope
	Doors []Door `json:"doors"`
}

// DoorMembership is one membership of a DoorUser. Expires is in unix
// seconds.
type DoorMembership struct {
	MembershipID       int64    `json:"membership_id"`
	MembershipTypeID   int64    `json:"membership_type_id"`
	MembershipTypeName string   `json:"membership_type_name"`
	Expires            int64    `json:"expires"`
	DoorIDs            []string `json:"door_ids"`
}

// DoorUser is the Door Access API's user object. Email and Phone appear
// only when the tenant's settings expose them; Removed only in incremental
// syncs. Status is active, frozen, cancelled or deleted.
type DoorUser struct {
	ID           int64            `json:"id"`
	DoorAccessID string           `json:"door_access_id"`
	BarcodeID    string           `json:"barcode_id"`
	FirstName    string           `json:"first_name"`
	LastName     string           `json:"last_name"`
	Email        *string          `json:"email,omitempty"`
	Phone        *string          `json:"phone,omitempty"`
	IsInstructor bool             `json:"is_instructor"`
	Status       string           `json:"status"`
	Memberships  []DoorMembership `json:"memberships"`
	Removed      bool             `json:"removed,omitempty"`
}

// DoorUsers is one page of GET /door/{token}/users. NextPage is the next
// page's number, or false on the last page.
type DoorUsers struct {
	DoorEnvelope
	Users    []DoorUser `json:"users"`
	Page     int        `json:"page"`
	NextPage any        `json:"next_page"`
}

// DoorAccessRequest is the body of POST /door/{token}/access, sent as a
// form (application/x-www-form-urlencoded) under these names. Give one of
// ID, DoorAccessID or BarcodeID, as the card or tag presented it.
// CheckOnly "true" decides without recording an entry.
type DoorAccessRequest struct {
	ID           string `json:"id,omitempty"`
	DoorAccessID string `json:"door_access_id,omitempty"`
	BarcodeID    string `json:"barcode_id,omitempty"`
	DoorID       string `json:"door_id"`
	CheckOnly    string `json:"check_only,omitempty"`
}

// DoorAccess is the decision of POST /door/{token}/access: Success is
// whether the door opens. User is the member the request named, when one
// was found. EntryID is set when the swipe was recorded; NotRecorded says
// why it was not, and Replayed marks the answer to a repeated request.
type DoorAccess struct {
	DoorEnvelope
	User        *DoorUser `json:"user"`
	Recorded    bool      `json:"recorded"`
	EntryID     *int64    `json:"entry_id,omitempty"`
	NotRecorded string    `json:"not_recorded,omitempty"`
	Replayed    bool      `json:"replayed,omitempty"`
}

// The door administration under /v1.

// DoorSettings are a tenant's Door Access API settings: GET
// /v1/door-api/settings. BaseURL is the URL controllers are configured with.
type DoorSettings struct {
	Enabled              bool      `json:"enabled"`
	UsersEndpointEnabled bool      `json:"users_endpoint_enabled"`
	ExposeEmail          bool      `json:"expose_email"`
	ExposePhone          bool      `json:"expose_phone"`
	BaseURL              string    `json:"base_url"`
	ReentryWindowSeconds int       `json:"reentry_window_seconds"`
	GraceDays            int       `json:"grace_days"`
	DefaultPhoneRegion   string    `json:"default_phone_region"`
	UpdatedAt            time.Time `json:"updated_at"`
}

// DoorSettingsRequest is the body of PUT /v1/door-api/settings; nil fields
// are left as they are.
type DoorSettingsRequest struct {
	Enabled              *bool   `json:"enabled"`
	UsersEndpointEnabled *bool   `json:"users_endpoint_enabled"`
	ExposeEmail          *bool   `json:"expose_email"`
	ExposePhone          *bool   `json:"expose_phone"`
	ReentryWindowSeconds *int    `json:"reentry_window_seconds"`
	GraceDays            *int    `json:"grace_days"`
	DefaultPhoneRegion   *string `json:"default_phone_region"`
}

// DoorRequest creates or changes a door; on a change nil fields are left
// as they are.
type DoorRequest struct {
	DoorID            string   `json:"door_id"`
	Name              *string  `json:"name"`
	Active            *bool    `json:"active"`
	MembershipTypeIDs *[]int64 `json:"membership_type_ids"`
	AllowInstructors  *bool    `json:"allow_instructors"`
}

// MembershipType is a kind of membership that doors admit.
type MembershipType struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// MembershipTypeRequest is the body of POST and PATCH
// /v1/membership-types.
type MembershipTypeRequest struct {
	Name string `json:"name"`
}

// Member is a person a door may admit, as the administration shows them.
type Member struct {
	ID           int64      `json:"id"`
	DoorAccessID string     `json:"door_access_id"`
	BarcodeID    string     `json:"barcode_id"`
	FirstName    string     `json:"first_name"`
	LastName     string     `json:"last_name"`
	Email        string     `json:"email"`
	Phone        string     `json:"phone"`
	IsInstructor bool       `json:"is_instructor"`
	Status       string     `json:"status"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	DeletedAt    *time.Time `json:"deleted_at"`
}

// MemberRequest creates or changes a member; on a change nil fields are
// left as they are.
type MemberRequest struct {
	DoorAccessID *string `json:"door_access_id"`
	BarcodeID    *string `json:"barcode_id"`
	FirstName    *string `json:"first_name"`
	LastName     *string `json:"last_name"`
	Email        *string `json:"email"`
	Phone        *string `json:"phone"`
	IsInstructor *bool   `json:"is_instructor"`
	Status       *string `json:"status"`
}

// Membership is one of a member's memberships. Expires is in unix seconds,
// as the Door Access API shows it.
type Membership struct {
	ID               int64     `json:"id"`
	MemberID         int64     `json:"member_id"`
	MembershipTypeID int64     `json:"membership_type_id"`
	Expires          int64     `json:"expires"`
	DoorIDs          []string  `json:"door_ids"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
}

// MembershipRequest creates or changes a membership; on a change nil
// fields are left as they are.
type MembershipRequest struct {
	MembershipTypeID *int64    `json:"membership_type_id"`
	Expires          *int64    `json:"expires"` // unix seconds, as the Door Access API shows it
	DoorIDs          *[]string `json:"door_ids"`
}

// Entry is one decided swipe. MemberID is null when no member matched;
// the Presented fields are the identifiers the controller sent.
type Entry struct {
	ID                    int64     `json:"id"`
	MemberID              *int64    `json:"member_id"`
	DoorID                string    `json:"door_id"`
	Granted               bool      `json:"granted"`
	Reason                string    `json:"reason"`
	Message               string    `json:"message"`
	KeyID                 string    `json:"key_id"`
	PresentedID           string    `json:"presented_id,omitempty"`
	PresentedDoorAccessID string    `json:"presented_door_access_id,omitempty"`
	PresentedBarcodeID    string    `json:"presented_barcode_id,omitempty"`
	At                    time.Time `json:"at"`
}

// MemberEntries is the response of GET /v1/members/{id}/entries.
type MemberEntries struct {
	Member  Member  `json:"member"`
	Entries []Entry `json:"entries"`
}
