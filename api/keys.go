package api

import (
	"time"
)

// Keys and key policy.

// Resources restricts a key to named surveys or doors. A nil list means all of
// that kind; an empty list means none.
type Resources struct {
	Surveys []string `json:"surveys"`
	Doors   []string `json:"doors"`
}

// APIKey is a key as every view but the create and rotate responses shows it:
// with a hint, never the secret.
type APIKey struct {
	ID                 string     `json:"id"`
	Object             string     `json:"object"` // "api_key"
	Name               string     `json:"name"`
	Kind               string     `json:"kind"` // "service_account" or "personal"
	ServiceAccountID   *string    `json:"service_account_id"`
	UserID             *string    `json:"user_id"`
	Hint               string     `json:"hint"`
	Status             string     `json:"status"` // "active", "expired", "revoked" or "disabled"
	Permissions        []string   `json:"permissions"`
	Resources          Resources  `json:"resources"`
	IPAllowlist        []string   `json:"ip_allowlist"`
	RateLimitPerMinute *int       `json:"rate_limit_per_minute"`
	ExpiresAt          *time.Time `json:"expires_at"`
	CreatedAt          time.Time  `json:"created_at"`
	CreatedBy          string     `json:"created_by"`
	UpdatedAt          time.Time  `json:"updated_at"`
	LastUsedAt         *time.Time `json:"last_used_at"`
	LastUsedIP         *string    `json:"last_used_ip"`
	RevokedAt          *time.Time `json:"revoked_at"`
	DisabledAt         *time.Time `json:"disabled_at"`     // set while the key is disabled
	DisabledReason     *string    `json:"disabled_reason"` // "manual" or "unused" while disabled
	RotatedFrom        *string    `json:"rotated_from"`
	ReplacedBy         *string    `json:"replaced_by"`
	// AllowQueryKey: the key may be sent as ?api_key= on the Open API's GET
	// read routes, for BI tools that cannot send a header.
	AllowQueryKey bool `json:"allow_query_key"`
}

// CreatedAPIKey is the create, rotate and personal-key response: the only
// time the secret Key is ever returned.
type CreatedAPIKey struct {
	APIKey
	Key         string  `json:"key"`
	PreviousKey *APIKey `json:"previous_key,omitempty"` // set by rotate
}

// CreateKeyRequest is the body of POST /v1/api-keys. Give Permissions or a
// Preset (data, read_only, read_write, full_access), not both. ExpiresAt or ExpiresInDays set
// the expiry (default 90 days); NeverExpires works only where the tenant
// allows non-expiring keys.
type CreateKeyRequest struct {
	Name               string     `json:"name"`
	ServiceAccountID   string     `json:"service_account_id"`
	Permissions        []string   `json:"permissions,omitempty"`
	Preset             string     `json:"preset,omitempty"`
	Resources          *Resources `json:"resources,omitempty"`
	ExpiresAt          *time.Time `json:"expires_at,omitempty"`
	ExpiresInDays      *int       `json:"expires_in_days,omitempty"`
	NeverExpires       bool       `json:"never_expires,omitempty"`
	IPAllowlist        []string   `json:"ip_allowlist,omitempty"`
	RateLimitPerMinute *int       `json:"rate_limit_per_minute,omitempty"`
	AllowQueryKey      bool       `json:"allow_query_key,omitempty"`
}

// UpdateKeyRequest is the body of PATCH /v1/api-keys/{id}. Nil fields are left
// as they are. RateLimitPerMinute 0 removes the key's own limit. The secret
// itself can never be changed: rotate the key instead.
type UpdateKeyRequest struct {
	Name               *string    `json:"name,omitempty"`
	Permissions        *[]string  `json:"permissions,omitempty"`
	Preset             *string    `json:"preset,omitempty"`
	Resources          *Resources `json:"resources,omitempty"`
	ExpiresAt          *time.Time `json:"expires_at,omitempty"`
	ExpiresInDays      *int       `json:"expires_in_days,omitempty"`
	NeverExpires       *bool      `json:"never_expires,omitempty"`
	IPAllowlist        *[]string  `json:"ip_allowlist,omitempty"`
	RateLimitPerMinute *int       `json:"rate_limit_per_minute,omitempty"`
	AllowQueryKey      *bool      `json:"allow_query_key,omitempty"`
}

// RotateKeyRequest is the body of POST /v1/api-keys/{id}/rotate. The old key
// keeps working for GracePeriodSeconds (0 to 604800; default 0). The new key
// keeps the old one's lifetime unless ExpiresInDays is given.
type RotateKeyRequest struct {
	GracePeriodSeconds *int `json:"grace_period_seconds,omitempty"`
	ExpiresInDays      *int `json:"expires_in_days,omitempty"`
}

// PersonalKeyRequest is the body of POST /v1/me/api-key.
type PersonalKeyRequest struct {
	Name          string `json:"name,omitempty"`
	ExpiresInDays *int   `json:"expires_in_days,omitempty"`
}

// RateLimit reports the caller's rate limit window.
type RateLimit struct {
	Limit     int   `json:"limit"`
	Remaining int   `json:"remaining"`
	Reset     int64 `json:"reset"` // unix seconds
}

// Verification is the response of GET /v1/auth/verify.
type Verification struct {
	Valid            bool       `json:"valid"`
	KeyID            string     `json:"key_id"`
	Kind             string     `json:"kind"`
	TenantSlug       string     `json:"tenant_slug"`
	ServiceAccountID *string    `json:"service_account_id"`
	UserID           *string    `json:"user_id"`
	Permissions      []string   `json:"permissions"`
	Resources        Resources  `json:"resources"`
	ExpiresAt        *time.Time `json:"expires_at"`
	RateLimit        RateLimit  `json:"rate_limit"`
}

// KeyPolicy is what a tenant demands of its keys: GET and PUT
// /v1/settings/key-policy.
type KeyPolicy struct {
	Object                      string     `json:"object"` // "key_policy"
	MaxLifetimeDays             *int       `json:"max_lifetime_days"`
	AllowNeverExpiring          bool       `json:"allow_never_expiring"`
	DisableUnusedAfterDays      *int       `json:"disable_unused_after_days"`
	UnusedWarningDays           int        `json:"unused_warning_days"`
	AdminKeysRequireIPAllowlist bool       `json:"admin_keys_require_ip_allowlist"`
	UpdatedAt                   *time.Time `json:"updated_at"` // null until the policy is first saved
	UpdatedBy                   *string    `json:"updated_by"`
}

// KeyPolicyRequest is the body of PUT /v1/settings/key-policy: the whole
// policy. Null MaxLifetimeDays is no limit; null DisableUnusedAfterDays
// never disables unused keys; UnusedWarningDays left out is 7 (at most one
// less than DisableUnusedAfterDays), 0 sends no warning.
type KeyPolicyRequest struct {
	MaxLifetimeDays             *int `json:"max_lifetime_days"`
	AllowNeverExpiring          bool `json:"allow_never_expiring"`
	DisableUnusedAfterDays      *int `json:"disable_unused_after_days"`
	UnusedWarningDays           *int `json:"unused_warning_days,omitempty"`
	AdminKeysRequireIPAllowlist bool `json:"admin_keys_require_ip_allowlist"`
}
