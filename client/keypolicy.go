package client

import (
	"context"
	"net/http"
	"time"
)

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

// GetKeyPolicy returns the tenant's key policy: GET /v1/settings/key-policy.
func (c *Client) GetKeyPolicy(ctx context.Context) (*KeyPolicy, error) {
	return call[KeyPolicy](ctx, c, http.MethodGet, "/v1/settings/key-policy", nil, nil)
}

// SetKeyPolicy replaces the tenant's key policy: PUT /v1/settings/key-policy.
func (c *Client) SetKeyPolicy(ctx context.Context, req KeyPolicyRequest) (*KeyPolicy, error) {
	return call[KeyPolicy](ctx, c, http.MethodPut, "/v1/settings/key-policy", nil, req)
}

// DisableKey refuses a key until EnableKey: POST /v1/api-keys/{id}/disable.
// Every node refuses it before the call returns.
func (c *Client) DisableKey(ctx context.Context, id string) (*APIKey, error) {
	return call[APIKey](ctx, c, http.MethodPost, keyPath(id)+"/disable", nil, nil)
}

// EnableKey lets a disabled key work again: POST /v1/api-keys/{id}/enable.
// A revoked key is never enabled (409).
func (c *Client) EnableKey(ctx context.Context, id string) (*APIKey, error) {
	return call[APIKey](ctx, c, http.MethodPost, keyPath(id)+"/enable", nil, nil)
}
