// Package apikey holds tenants, users, service accounts and API keys, and the
// rules that govern them: key format, expiry, rotation, revocation, personal
// keys, and verification of a presented key on the request path.
package apikey

import (
	"net/netip"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// Tenant is one customer organisation. Its slug is the subdomain of its Hive
// URL and is unique.
type Tenant struct {
	ID                   string
	Slug                 string
	Name                 string
	AllowNonExpiringKeys bool
	Plan                 Plan
	RateLimitPerMinute   int // the custom plan's limit per key; 0 otherwise
	ConcurrencyLimit     int // the custom plan's in-flight cap per key; 0 otherwise
	CreatedAt            time.Time
}

// Plan is a tenant's subscription plan, which sets the default rate limit
// and the cap on concurrent in-flight requests of its keys.
type Plan string

const (
	PlanDefault  Plan = ""         // no plan chosen: the server's defaults
	PlanExplorer Plan = "explorer" // 60 requests/minute, 3 in flight
	PlanOperator Plan = "operator" // 300 requests/minute, 10 in flight
	PlanSwarm    Plan = "swarm"    // 1000 requests/minute, 25 in flight
	PlanCustom   Plan = "custom"   // the tenant's own numbers
)

// Limits returns the per-key rate limit and in-flight cap of t's plan; 0
// means the server's default.
func (t *Tenant) Limits() (perMinute, concurrency int) {
	switch t.Plan {
	case PlanExplorer:
		return 60, 3
	case PlanOperator:
		return 300, 10
	case PlanSwarm:
		return 1000, 25
	case PlanCustom:
		return t.RateLimitPerMinute, t.ConcurrencyLimit
	}
	return 0, 0
}

// Role is a user's role in a tenant.
type Role string

const (
	RoleOwner             Role = "owner"
	RoleIntegrationsAdmin Role = "integrations_admin" // shown as "Administrator of Integrations"
	RoleMember            Role = "member"
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	return r == RoleOwner || r == RoleIntegrationsAdmin || r == RoleMember
}

// Scopes returns the most a user of this role may do, through the console
// or a personal key. Owners and integrations admins hold the whole
// catalogue; members hold the Data preset: no logs, admin, keys, service
// accounts, nor gym members' contact details.
func (r Role) Scopes() hive.Scopes {
	switch r {
	case RoleOwner, RoleIntegrationsAdmin:
		all, _ := hive.PresetScopes(hive.PresetFullAccess)
		return hive.NewScopes(all...)
	case RoleMember:
		data, _ := hive.PresetScopes(hive.PresetData)
		return hive.NewScopes(data...)
	}
	return 0
}

// User is a person who can log in to the console. Email is unique within a
// tenant and stored lower-cased.
type User struct {
	ID           string
	TenantID     string
	Email        string
	Name         string
	PasswordHash []byte // bcrypt
	Role         Role
	CreatedAt    time.Time
}

// ServiceAccount is a named, password-less identity that keys belong to. It
// can never log in. Names are unique within a tenant among live accounts.
type ServiceAccount struct {
	ID          string
	TenantID    string
	Name        string
	Description string
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	DeletedAt   *time.Time // deleted accounts are kept for the audit trail
}

// KeyKind tells service-account keys from personal keys.
type KeyKind string

const (
	KindServiceAccount KeyKind = "service_account" // hive_sk_
	KindPersonal       KeyKind = "personal"        // hive_pk_
)

// KeyStatus is derived from a key's revocation and expiry times.
type KeyStatus string

const (
	StatusActive  KeyStatus = "active"
	StatusExpired KeyStatus = "expired"
	StatusRevoked KeyStatus = "revoked"
	// StatusDisabled is a key refused until it is enabled again; unlike a
	// revocation, disabling can be undone.
	StatusDisabled KeyStatus = "disabled"
)

// Key is an API key. The secret itself is never stored: only its SHA-256
// Hash, and a Hint (prefix and last four characters) for people to recognise.
type Key struct {
	ID                 string
	TenantID           string
	Kind               KeyKind
	ServiceAccountID   string // set when Kind is KindServiceAccount
	UserID             string // set when Kind is KindPersonal
	Name               string
	Hash               [32]byte
	Hint               string
	Permissions        []hive.Scope
	Resources          hive.Resources
	IPAllowlist        []netip.Prefix // empty means any address
	RateLimitPerMinute *int           // nil means the tenant default
	ExpiresAt          *time.Time     // nil means it never expires
	CreatedBy          string
	CreatedAt          time.Time
	UpdatedAt          time.Time
	LastUsedAt         *time.Time
	LastUsedIP         string
	RevokedAt          *time.Time
	DisabledAt         *time.Time // nil unless the key is disabled
	DisabledReason     string     // DisableManual or DisableUnused while disabled
	EnabledAt          *time.Time // when it was last enabled after being disabled
	RotatedFrom        string     // the key this one replaced
	ReplacedBy         string     // the key that replaced this one
	// AllowQueryKey lets the key be sent as ?api_key= on the Open API's GET
	// read routes, for BI tools that cannot send a header (Power BI's Web
	// API credential). Off unless asked for: a URL is more easily leaked
	// than a header.
	AllowQueryKey bool
}

// Status reports the key's status at now.
func (k *Key) Status(now time.Time) KeyStatus {
	switch {
	case k.RevokedAt != nil:
		return StatusRevoked
	case k.DisabledAt != nil:
		return StatusDisabled
	case k.ExpiresAt != nil && !now.Before(*k.ExpiresAt):
		return StatusExpired
	}
	return StatusActive
}

// AuditEvent records who changed a key or service account, and when. Details
// never hold a secret.
type AuditEvent struct {
	ID         string
	TenantID   string
	ActorID    string // user or service account
	ActorKeyID string // the key the actor used, if any
	Action     string // e.g. "api_key.created"
	TargetType string // "api_key", "service_account", "user", "tenant"
	TargetID   string
	Details    map[string]any
	IP         string
	CreatedAt  time.Time
}

// Audit actions.
const (
	ActionTenantCreated         = "tenant.created"
	ActionUserCreated           = "user.created"
	ActionServiceAccountCreated = "service_account.created"
	ActionServiceAccountUpdated = "service_account.updated"
	ActionServiceAccountDeleted = "service_account.deleted"
	ActionKeyCreated            = "api_key.created"
	ActionKeyUpdated            = "api_key.updated"
	ActionKeyRotated            = "api_key.rotated"
	ActionKeyRevoked            = "api_key.revoked"
	ActionKeyDisabled           = "api_key.disabled"
	ActionKeyEnabled            = "api_key.enabled"
	ActionKeyPolicyUpdated      = "key_policy.updated"
)

// Page selects a page of a list ordered newest first. IDs sort by creation
// time, so After is the ID of the last item of the previous page.
type Page struct {
	Limit int    // 0 means 100; stores cap it at 1000
	After string // return items with IDs strictly below this one
}

// ServiceAccountFilter selects service accounts of one tenant. Deleted
// accounts are never listed.
type ServiceAccountFilter struct {
	TenantID string
	Page
}

// KeyFilter selects keys of one tenant.
type KeyFilter struct {
	TenantID         string
	ServiceAccountID *string
	UserID           *string
	Kind             *KeyKind
	Hash             *[32]byte // the SHA-256 of the key's secret
	Status           *KeyStatus
	Now              time.Time // the instant Status is judged at
	Page
}

// AuditFilter selects audit events of one tenant.
type AuditFilter struct {
	TenantID string
	TargetID *string
	Action   *string
	Page
}

// KeyUsage is one observed use of a key, written in batches off the request
// path.
type KeyUsage struct {
	KeyID string
	At    time.Time
	IP    string
}
