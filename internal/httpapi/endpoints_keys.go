package httpapi

import (
	"net/http"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/hive"
)

// keyEndpoints check a key, and manage service accounts, API keys, personal
// keys and their usage.
var keyEndpoints = []endpoint{
	{Route: "GET /v1/auth/verify", Handler: (*Server).verify, Allow: anyKey,
		Doc: routeDoc{ID: "verifyKey", Tag: "Authentication", Summary: "Verify your key",
			Description: "What the presented key is and may do, with the live rate-limit numbers. Any valid key may call it: use it to test a connection.",
			Response:    exVerification}},
	{Route: "GET /v1/permissions", Handler: (*Server).permissions, Allow: anyKey,
		Doc: routeDoc{ID: "listPermissions", Tag: "Authentication", Summary: "List permissions",
			Description: "The permission catalogue (resource:action scopes) and exactly what each preset holds: data (what a BI tool reads), read_only (every data read, no admin, keys or logs), read_write and full_access.",
			Response:    exPermissions}},

	{Route: "POST /v1/service-accounts", Handler: (*Server).createServiceAccount, Scope: hive.ScopeServiceAccountsWrite, Allow: admins,
		Doc: routeDoc{ID: "createServiceAccount", Tag: "Service accounts", Summary: "Create a service account", Description: "A named account for one tool or team, for example PowerBI Dashboard. It has no password and cannot log in.",
			Body: client.ServiceAccountRequest{Name: ptr("PowerBI Dashboard"), Description: ptr("Engagement dashboards for the HR team")}, BodyRequired: []string{"name"},
			Status: http.StatusCreated, Response: exServiceAccount, Errors: []int{http.StatusConflict}}},
	{Route: "GET /v1/service-accounts", Handler: (*Server).listServiceAccounts, Scope: hive.ScopeServiceAccountsRead, Allow: admins,
		Doc: routeDoc{ID: "listServiceAccounts", Tag: "Service accounts", Summary: "List service accounts", Params: []param{pLimit, pAfter}, Response: pagedList(exServiceAccount)}},
	{Route: "GET /v1/service-accounts/{id}", Handler: (*Server).getServiceAccount, Scope: hive.ScopeServiceAccountsRead, Allow: admins,
		Doc: routeDoc{ID: "getServiceAccount", Tag: "Service accounts", Summary: "Get a service account", Params: []param{pID("service account")}, Response: exServiceAccount}},
	{Route: "PATCH /v1/service-accounts/{id}", Handler: (*Server).updateServiceAccount, Scope: hive.ScopeServiceAccountsWrite, Allow: admins,
		Doc: routeDoc{ID: "updateServiceAccount", Tag: "Service accounts", Summary: "Rename a service account", Description: "Fields left out are kept.", Params: []param{pID("service account")},
			Body: client.ServiceAccountRequest{Name: ptr("HR Analytics Team")}, Response: exServiceAccount, Errors: []int{http.StatusConflict}}},
	{Route: "DELETE /v1/service-accounts/{id}", Handler: (*Server).deleteServiceAccount, Scope: hive.ScopeServiceAccountsWrite, Allow: admins, Confirmed: true,
		Doc: routeDoc{ID: "deleteServiceAccount", Tag: "Service accounts", Summary: "Delete a service account", Description: "Revokes every key of the account, at once and for good.",
			Params: []param{pID("service account")}, Status: http.StatusNoContent}},

	{Route: "POST /v1/api-keys", Handler: (*Server).createKey, Scope: hive.ScopeKeysWrite, Allow: admins,
		Doc: routeDoc{ID: "createKey", Tag: "API keys", Summary: "Create an API key",
			Description: "Give permissions or a preset (data, read_only, read_write or full_access; GET /v1/permissions lists their scopes), never more than your own key holds, optional resource restrictions, an expiry (90 days by default), an IP allowlist and a rate limit. " +
				"allow_query_key (default false) lets the key be sent as `?api_key=` on GET read routes, for Power BI's Web API credential; see the apiKeyQuery scheme. " +
				"The secret `key` is in this response only: copy it now and store it in a password manager.",
			Body: exCreateKeyRequest, Status: http.StatusCreated, Response: exCreatedKey}},
	{Route: "GET /v1/api-keys", Handler: (*Server).listKeys, Scope: hive.ScopeKeysRead, Allow: admins,
		Doc: routeDoc{ID: "listKeys", Tag: "API keys", Summary: "List API keys",
			Description: "Keys with their hint, never their secret.",
			Params: []param{
				{Name: "service_account_id", In: "query", Description: "Only this service account's keys."},
				{Name: "status", In: "query", Description: "Only keys in this state.", Enum: []string{"active", "expired", "revoked", "disabled"}},
				{Name: "secret_sha256", In: "query", Description: "Only the key whose secret has this SHA-256 (64 hex digits): whether a secret found somewhere is one of your keys, and its state, without sending the secret.",
					Example: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
				{Name: "kind", In: "query", Description: "Only this kind of key.", Enum: []string{"service_account", "personal"}},
				pLimit, pAfter,
			}, Response: pagedList(exAPIKey)}},
	{Route: "GET /v1/api-keys/{id}", Handler: (*Server).getKey, Scope: hive.ScopeKeysRead, Allow: admins,
		Doc: routeDoc{ID: "getKey", Tag: "API keys", Summary: "Get an API key",
			Params: []param{pID("key")}, Response: exAPIKey}},
	{Route: "PATCH /v1/api-keys/{id}", Handler: (*Server).updateKey, Scope: hive.ScopeKeysWrite, Allow: admins, Confirmed: true,
		Doc: routeDoc{ID: "updateKey", Tag: "API keys", Summary: "Edit an API key",
			Description: "Change the name, permissions, restrictions, expiry, IP allowlist or rate limit; fields left out are kept. The secret itself never changes: rotate the key instead.",
			Params:      []param{pID("key")}, Body: exUpdateKeyRequest, Response: exAPIKey, Errors: []int{http.StatusConflict}}},
	{Route: "DELETE /v1/api-keys/{id}", Handler: (*Server).revokeKey, Scope: hive.ScopeKeysWrite, Allow: admins, Confirmed: true,
		Doc: routeDoc{ID: "revokeKey", Tag: "API keys", Summary: "Revoke an API key",
			Description: "Takes effect on every node before this call returns (see Hive-Fleet-Confirmed), and cannot be undone.",
			Params:      []param{pID("key")}, Response: exAPIKey}},
	{Route: "POST /v1/api-keys/{id}/rotate", Handler: (*Server).rotateKey, Scope: hive.ScopeKeysWrite, Allow: admins, Confirmed: true,
		Doc: routeDoc{ID: "rotateKey", Tag: "API keys", Summary: "Rotate an API key",
			Description: "Creates a replacement key; the old one keeps working for grace_period_seconds (0 to 604800). The new secret is in this response only.",
			Params:      []param{pID("key")}, Body: exRotateKeyRequest, Status: http.StatusCreated,
			Response: client.CreatedAPIKey{APIKey: exAPIKey, Key: exCreatedKey.Key, PreviousKey: &exAPIKey}, Errors: []int{http.StatusConflict}}},
	{Route: "POST /v1/api-keys/{id}/disable", Handler: (*Server).disableKey, Scope: hive.ScopeKeysWrite, Allow: admins, Confirmed: true,
		Doc: routeDoc{ID: "disableKey", Tag: "API keys", Summary: "Disable an API key",
			Description: "Refuses the key (401, reason api_key_disabled) on every node before this call returns (see Hive-Fleet-Confirmed), until it is enabled again. " +
				"Unlike revoking, this can be undone. Disabling a disabled key changes nothing; a revoked key is 409.",
			Params: []param{pID("key")}, Response: exDisabledKey, Errors: []int{http.StatusConflict}}},
	{Route: "POST /v1/api-keys/{id}/enable", Handler: (*Server).enableKey, Scope: hive.ScopeKeysWrite, Allow: admins, Confirmed: true,
		Doc: routeDoc{ID: "enableKey", Tag: "API keys", Summary: "Enable a disabled API key",
			Description: "The key works again on every node before this call returns. The key must keep the tenant's key policy, as a new key would (400 naming the field). " +
				"A revoked key, leaked or not, is never enabled: 409 with details.reason key_leaked or key_revoked.",
			Params: []param{pID("key")}, Response: exAPIKey, Errors: []int{http.StatusConflict}}},

	{Route: "POST /v1/me/api-key", Auth: authUser, Handler: (*Server).generatePersonalKey, Allow: personal, Confirmed: true,
		Doc: routeDoc{ID: "generatePersonalKey", Tag: "Personal key", Summary: "Generate your personal key",
			Description: "A new personal key for the calling user, replacing their previous one. Call it with your email and password (HTTP Basic, tenant slug in X-Hive-Tenant) or your current personal key. " +
				"Every request with a personal key must also send your User ID in X-Hive-User-Id.",
			Body: client.PersonalKeyRequest{Name: "My laptop", ExpiresInDays: ptr(30)}, Status: http.StatusCreated,
			Response: client.CreatedAPIKey{APIKey: client.APIKey{ID: exKeyID, Object: "api_key", Name: "My laptop", Kind: "personal", UserID: &exUserID,
				Hint: "hive_pk_…8dLw", Status: "active", Permissions: []string{"surveys:read"}, ExpiresAt: &exExpires, CreatedAt: exTime,
				CreatedBy: exUserID, UpdatedAt: exTime}, Key: "hive_pk_EXAMPLEonlyNotARealKey0000000000000000000000abc123"},
			Errors: []int{http.StatusForbidden}}},

	{Route: "GET /v1/api-keys/{id}/usage", Handler: (*Server).keyUsage, Scope: hive.ScopeKeysRead, Allow: admins,
		Doc: routeDoc{ID: "getKeyUsage", Tag: "Usage", Summary: "Get a key's usage",
			Description: "One key's requests over time. " + usageDoc, Params: []param{pID("key"), pFrom, pTo, pInterval}, Response: exKeyUsage}},
	{Route: "GET /v1/usage", Handler: (*Server).tenantUsage, Scope: hive.ScopeKeysRead, Allow: admins,
		Doc: routeDoc{ID: "getTenantUsage", Tag: "Usage", Summary: "Get your tenant's usage",
			Description: "The requests of all your keys over time, with the totals by key (by_key) and by route pattern (by_route), most requests first. " + usageDoc,
			Params:      []param{pFrom, pTo, pInterval}, Response: exTenantUsage}},
}
