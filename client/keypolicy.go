package client

import (
	"context"
	"net/http"

	"github.com/hive-platform/hive/api"
)

// KeyPolicy is api.KeyPolicy.
type KeyPolicy = api.KeyPolicy

// KeyPolicyRequest is api.KeyPolicyRequest.
type KeyPolicyRequest = api.KeyPolicyRequest

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
