package client

import (
	"fmt"
	"time"
)

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

// ListKeysParams filters GET /v1/api-keys.
type ListKeysParams struct {
	ServiceAccountID string // optional
	Status           string // optional: active, expired, revoked or disabled
	Kind             string // optional: service_account or personal
	// SecretSHA256 is the hex SHA-256 of a secret, to learn whether that
	// secret is one of the tenant's keys without sending the secret itself.
	SecretSHA256 string
	ListParams
}

// ListParams pages any list: Limit 1..100 (default 100) and StartingAfter,
// the NextCursor of the previous page.
type ListParams struct {
	Limit         int
	StartingAfter string
}

// List is one page of a list endpoint.
type List[T any] struct {
	Object     string  `json:"object"` // "list"
	Data       []T     `json:"data"`
	HasMore    bool    `json:"has_more"`
	NextCursor *string `json:"next_cursor"`
	Total      int     `json:"total"`
}

// ServiceAccount is a named identity for a tool or team; it has no password
// and cannot log in.
type ServiceAccount struct {
	ID          string    `json:"id"`
	Object      string    `json:"object"` // "service_account"
	Name        string    `json:"name"`
	Description string    `json:"description"`
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// ServiceAccountRequest is the body of POST and PATCH /v1/service-accounts.
// On PATCH nil fields are left as they are.
type ServiceAccountRequest struct {
	Name        *string `json:"name,omitempty"`
	Description *string `json:"description,omitempty"`
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

// Permission is one scope of the catalogue.
type Permission struct {
	Scope       string `json:"scope"`
	Group       string `json:"group"`
	Description string `json:"description"`
}

// Preset is a named set of scopes.
type Preset struct {
	Name        string   `json:"name"`
	Permissions []string `json:"permissions"`
}

// Permissions is the response of GET /v1/permissions.
type Permissions struct {
	Permissions []Permission `json:"permissions"`
	Presets     []Preset     `json:"presets"`
}

// AuditEvent records who created, edited, rotated or revoked a key or
// service account, and when.
type AuditEvent struct {
	ID         string         `json:"id"`
	Object     string         `json:"object"` // "audit_event"
	Action     string         `json:"action"`
	ActorID    string         `json:"actor_id"`
	ActorKeyID *string        `json:"actor_key_id"`
	TargetType string         `json:"target_type"`
	TargetID   string         `json:"target_id"`
	Details    map[string]any `json:"details"`
	IP         *string        `json:"ip"`
	CreatedAt  time.Time      `json:"created_at"`
}

// AuditParams filters GET /v1/audit-events.
type AuditParams struct {
	TargetID string
	Action   string
	ListParams
}

// PersonalKeyRequest is the body of POST /v1/me/api-key.
type PersonalKeyRequest struct {
	Name          string `json:"name,omitempty"`
	ExpiresInDays *int   `json:"expires_in_days,omitempty"`
}

// ErrorBody is the JSON shape of every /v1 error response.
type ErrorBody struct {
	Error struct {
		Code    string         `json:"code"`
		Message string         `json:"message"`
		Details map[string]any `json:"details,omitempty"`
	} `json:"error"`
}

// Error is returned by every Client method when the API answers with an error.
type Error struct {
	StatusCode int
	Code       string
	Message    string
	Details    map[string]any
	RequestID  string
}

func (e *Error) Error() string {
	if r := e.Reason(); r != "" {
		return fmt.Sprintf("hive: %d %s (%s): %s", e.StatusCode, e.Code, r, e.Message)
	}
	return fmt.Sprintf("hive: %d %s: %s", e.StatusCode, e.Code, e.Message)
}

// Reason returns details.reason, set on 401 responses.
func (e *Error) Reason() string {
	r, _ := e.Details["reason"].(string)
	return r
}
