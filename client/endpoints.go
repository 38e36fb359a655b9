package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// call sends one API call and decodes its response as a T.
func call[T any](ctx context.Context, c *Client, method, path string, query url.Values, body any) (*T, error) {
	var out T
	if err := c.do(ctx, method, path, query, body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Verify checks the client's key: GET /v1/auth/verify.
func (c *Client) Verify(ctx context.Context) (*Verification, error) {
	return call[Verification](ctx, c, http.MethodGet, "/v1/auth/verify", nil, nil)
}

// Permissions returns the scope catalogue and presets: GET /v1/permissions.
func (c *Client) Permissions(ctx context.Context) (*Permissions, error) {
	return call[Permissions](ctx, c, http.MethodGet, "/v1/permissions", nil, nil)
}

// CreateServiceAccount creates a service account: POST /v1/service-accounts.
// An empty description is left unset.
func (c *Client) CreateServiceAccount(ctx context.Context, name, description string) (*ServiceAccount, error) {
	req := ServiceAccountRequest{Name: &name}
	if description != "" {
		req.Description = &description
	}
	return call[ServiceAccount](ctx, c, http.MethodPost, "/v1/service-accounts", nil, req)
}

// ListServiceAccounts returns one page of service accounts:
// GET /v1/service-accounts.
func (c *Client) ListServiceAccounts(ctx context.Context, p ListParams) (*List[ServiceAccount], error) {
	return call[List[ServiceAccount]](ctx, c, http.MethodGet, "/v1/service-accounts", pageQuery(p), nil)
}

// GetServiceAccount returns one service account: GET /v1/service-accounts/{id}.
func (c *Client) GetServiceAccount(ctx context.Context, id string) (*ServiceAccount, error) {
	return call[ServiceAccount](ctx, c, http.MethodGet, serviceAccountPath(id), nil, nil)
}

// UpdateServiceAccount renames or re-describes a service account:
// PATCH /v1/service-accounts/{id}.
func (c *Client) UpdateServiceAccount(ctx context.Context, id string, req ServiceAccountRequest) (*ServiceAccount, error) {
	return call[ServiceAccount](ctx, c, http.MethodPatch, serviceAccountPath(id), nil, req)
}

// DeleteServiceAccount deletes a service account and revokes its keys:
// DELETE /v1/service-accounts/{id}.
func (c *Client) DeleteServiceAccount(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, serviceAccountPath(id), nil, nil, nil)
}

// CreateKey creates a service-account key: POST /v1/api-keys. The returned
// Key field holds the secret, which the API never shows again.
func (c *Client) CreateKey(ctx context.Context, req CreateKeyRequest) (*CreatedAPIKey, error) {
	return call[CreatedAPIKey](ctx, c, http.MethodPost, "/v1/api-keys", nil, req)
}

// ListKeys returns one page of keys: GET /v1/api-keys.
func (c *Client) ListKeys(ctx context.Context, p ListKeysParams) (*List[APIKey], error) {
	q := pageQuery(p.ListParams)
	setIf(q, "service_account_id", p.ServiceAccountID)
	setIf(q, "status", p.Status)
	setIf(q, "kind", p.Kind)
	setIf(q, "secret_sha256", p.SecretSHA256)
	return call[List[APIKey]](ctx, c, http.MethodGet, "/v1/api-keys", q, nil)
}

// GetKey returns one key: GET /v1/api-keys/{id}.
func (c *Client) GetKey(ctx context.Context, id string) (*APIKey, error) {
	return call[APIKey](ctx, c, http.MethodGet, keyPath(id), nil, nil)
}

// UpdateKey edits a key's name, permissions, restrictions, expiry or limits:
// PATCH /v1/api-keys/{id}.
func (c *Client) UpdateKey(ctx context.Context, id string, req UpdateKeyRequest) (*APIKey, error) {
	return call[APIKey](ctx, c, http.MethodPatch, keyPath(id), nil, req)
}

// RevokeKey revokes a key for good and returns it as revoked:
// DELETE /v1/api-keys/{id}.
func (c *Client) RevokeKey(ctx context.Context, id string) (*APIKey, error) {
	return call[APIKey](ctx, c, http.MethodDelete, keyPath(id), nil, nil)
}

// RotateKey replaces a key with a new one and gives the old one a grace
// expiry: POST /v1/api-keys/{id}/rotate. The returned Key field holds the new
// secret and PreviousKey the old key with its new expiry.
func (c *Client) RotateKey(ctx context.Context, id string, req RotateKeyRequest) (*CreatedAPIKey, error) {
	return call[CreatedAPIKey](ctx, c, http.MethodPost, keyPath(id)+"/rotate", nil, req)
}

// GeneratePersonalKey creates or regenerates the caller's personal key:
// POST /v1/me/api-key. The client must authenticate with WithBasicAuth and
// WithTenant, or with the user's current personal key and WithUserID.
func (c *Client) GeneratePersonalKey(ctx context.Context, req PersonalKeyRequest) (*CreatedAPIKey, error) {
	return call[CreatedAPIKey](ctx, c, http.MethodPost, "/v1/me/api-key", nil, req)
}

// ListAuditEvents returns one page of the audit log: GET /v1/audit-events.
func (c *Client) ListAuditEvents(ctx context.Context, p AuditParams) (*List[AuditEvent], error) {
	q := pageQuery(p.ListParams)
	setIf(q, "target_id", p.TargetID)
	setIf(q, "action", p.Action)
	return call[List[AuditEvent]](ctx, c, http.MethodGet, "/v1/audit-events", q, nil)
}

func keyPath(id string) string            { return "/v1/api-keys/" + url.PathEscape(id) }
func serviceAccountPath(id string) string { return "/v1/service-accounts/" + url.PathEscape(id) }

// pageQuery returns the query parameters of p, leaving out zero values so
// the server applies its defaults.
func pageQuery(p ListParams) url.Values {
	q := url.Values{}
	if p.Limit > 0 {
		q.Set("limit", strconv.Itoa(p.Limit))
	}
	setIf(q, "starting_after", p.StartingAfter)
	return q
}

// setIf sets key to value unless value is empty.
func setIf(q url.Values, key, value string) {
	if value != "" {
		q.Set(key, value)
	}
}
