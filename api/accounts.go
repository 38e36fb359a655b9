package api

import (
	"time"
)

// The tenant, service accounts, the permission catalogue and the audit
// log.

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

// Tenant is the response of GET /v1/tenant: the calling tenant, its plan
// and the default limits of its keys.
type Tenant struct {
	ID                   string `json:"id"`
	Slug                 string `json:"slug"`
	Name                 string `json:"name"`
	Plan                 string `json:"plan"`
	RateLimitPerMinute   int    `json:"rate_limit_per_minute"`
	ConcurrencyLimit     *int   `json:"concurrency_limit"` // null: no cap
	AllowNonExpiringKeys bool   `json:"allow_non_expiring_keys"`
}
