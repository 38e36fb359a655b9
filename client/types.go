package client

import (
	"fmt"

	"github.com/hive-platform/hive/api"
)

// Resources is api.Resources.
type Resources = api.Resources

// APIKey is api.APIKey.
type APIKey = api.APIKey

// CreatedAPIKey is api.CreatedAPIKey.
type CreatedAPIKey = api.CreatedAPIKey

// CreateKeyRequest is api.CreateKeyRequest.
type CreateKeyRequest = api.CreateKeyRequest

// UpdateKeyRequest is api.UpdateKeyRequest.
type UpdateKeyRequest = api.UpdateKeyRequest

// RotateKeyRequest is api.RotateKeyRequest.
type RotateKeyRequest = api.RotateKeyRequest

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

// List is api.List.
type List[T any] = api.List[T]

// ServiceAccount is api.ServiceAccount.
type ServiceAccount = api.ServiceAccount

// ServiceAccountRequest is api.ServiceAccountRequest.
type ServiceAccountRequest = api.ServiceAccountRequest

// RateLimit is api.RateLimit.
type RateLimit = api.RateLimit

// Verification is api.Verification.
type Verification = api.Verification

// Permission is api.Permission.
type Permission = api.Permission

// Preset is api.Preset.
type Preset = api.Preset

// Permissions is api.Permissions.
type Permissions = api.Permissions

// AuditEvent is api.AuditEvent.
type AuditEvent = api.AuditEvent

// AuditParams filters GET /v1/audit-events.
type AuditParams struct {
	TargetID string
	Action   string
	ListParams
}

// PersonalKeyRequest is api.PersonalKeyRequest.
type PersonalKeyRequest = api.PersonalKeyRequest

// ErrorBody is api.ErrorBody.
type ErrorBody = api.ErrorBody

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
