package manage

import (
	"net/http"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// keyEndpoints check a key, and manage service accounts, API keys, personal
// keys and their usage.
func (s *API) keyEndpoints() []edge.Endpoint {
	return []edge.Endpoint{
		{Route: "GET /v1/auth/verify", Handler: s.verify, Allow: edge.AnyKey,
			Doc: edge.Doc{ID: "verifyKey", Tag: "Authentication", Summary: "Verify your key",
				Description: "What the presented key is and may do, with the live rate-limit numbers. Any valid key may call it: use it to test a connection.",
				Response:    exVerification}},
		{Route: "GET /v1/permissions", Handler: s.permissions, Allow: edge.AnyKey,
			Doc: edge.Doc{ID: "listPermissions", Tag: "Authentication", Summary: "List permissions",
				Description: "The permission catalogue (resource:action scopes) and exactly what each preset holds: data (what a BI tool reads), read_only (every data read, no admin, keys or logs), read_write and full_access.",
				Response:    exPermissions}},

		{Route: "POST /v1/service-accounts", Handler: s.createServiceAccount, Scope: hive.ScopeServiceAccountsWrite, Allow: edge.Admins,
			Doc: edge.Doc{ID: "createServiceAccount", Tag: "Service accounts", Summary: "Create a service account", Description: "A named account for one tool or team, for example PowerBI Dashboard. It has no password and cannot log in.",
				Body: api.ServiceAccountRequest{Name: edge.Ptr("PowerBI Dashboard"), Description: edge.Ptr("Engagement dashboards for the HR team")}, BodyRequired: []string{"name"},
				Status: http.StatusCreated, Response: exServiceAccount, Errors: []int{http.StatusConflict}}},
		{Route: "GET /v1/service-accounts", Handler: s.listServiceAccounts, Scope: hive.ScopeServiceAccountsRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "listServiceAccounts", Tag: "Service accounts", Summary: "List service accounts", Params: []edge.Param{edge.ParamLimit, edge.ParamAfter}, Response: edge.PagedList(exServiceAccount)}},
		{Route: "GET /v1/service-accounts/{id}", Handler: s.getServiceAccount, Scope: hive.ScopeServiceAccountsRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "getServiceAccount", Tag: "Service accounts", Summary: "Get a service account", Params: []edge.Param{pID("service account")}, Response: exServiceAccount}},
		{Route: "PATCH /v1/service-accounts/{id}", Handler: s.updateServiceAccount, Scope: hive.ScopeServiceAccountsWrite, Allow: edge.Admins,
			Doc: edge.Doc{ID: "updateServiceAccount", Tag: "Service accounts", Summary: "Rename a service account", Description: "Fields left out are kept.", Params: []edge.Param{pID("service account")},
				Body: api.ServiceAccountRequest{Name: edge.Ptr("HR Analytics Team")}, Response: exServiceAccount, Errors: []int{http.StatusConflict}}},
		{Route: "DELETE /v1/service-accounts/{id}", Handler: s.deleteServiceAccount, Scope: hive.ScopeServiceAccountsWrite, Allow: edge.Admins, Confirmed: true,
			Doc: edge.Doc{ID: "deleteServiceAccount", Tag: "Service accounts", Summary: "Delete a service account", Description: "Revokes every key of the account, at once and for good.",
				Params: []edge.Param{pID("service account")}, Status: http.StatusNoContent}},

		{Route: "POST /v1/api-keys", Handler: s.createKey, Scope: hive.ScopeKeysWrite, Allow: edge.Admins,
			Doc: edge.Doc{ID: "createKey", Tag: "API keys", Summary: "Create an API key",
				Description: "Give permissions or a preset (data, read_only, read_write or full_access; GET /v1/permissions lists their scopes), never more than your own key holds, optional resource restrictions, an expiry (90 days by default), an IP allowlist and a rate limit. " +
					"allow_query_key (default false) lets the key be sent as `?api_key=` on GET read routes, for Power BI's Web API credential; see the apiKeyQuery scheme. " +
					"The secret `key` is in this response only: copy it now and store it in a password manager.",
				Body: exCreateKeyRequest, Status: http.StatusCreated, Response: exCreatedKey}},
		{Route: "GET /v1/api-keys", Handler: s.listKeys, Scope: hive.ScopeKeysRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "listKeys", Tag: "API keys", Summary: "List API keys",
				Description: "Keys with their hint, never their secret.",
				Params: []edge.Param{
					{Name: "service_account_id", In: "query", Description: "Only this service account's keys."},
					{Name: "status", In: "query", Description: "Only keys in this state.", Enum: []string{"active", "expired", "revoked", "disabled"}},
					{Name: "secret_sha256", In: "query", Description: "Only the key whose secret has this SHA-256 (64 hex digits): whether a secret found somewhere is one of your keys, and its state, without sending the secret.",
						Example: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
					{Name: "kind", In: "query", Description: "Only this kind of key.", Enum: []string{"service_account", "personal"}},
					edge.ParamLimit, edge.ParamAfter,
				}, Response: edge.PagedList(exAPIKey)}},
		{Route: "GET /v1/api-keys/{id}", Handler: s.getKey, Scope: hive.ScopeKeysRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "getKey", Tag: "API keys", Summary: "Get an API key",
				Params: []edge.Param{pID("key")}, Response: exAPIKey}},
		{Route: "PATCH /v1/api-keys/{id}", Handler: s.updateKey, Scope: hive.ScopeKeysWrite, Allow: edge.Admins, Confirmed: true,
			Doc: edge.Doc{ID: "updateKey", Tag: "API keys", Summary: "Edit an API key",
				Description: "Change the name, permissions, restrictions, expiry, IP allowlist or rate limit; fields left out are kept. The secret itself never changes: rotate the key instead.",
				Params:      []edge.Param{pID("key")}, Body: exUpdateKeyRequest, Response: exAPIKey, Errors: []int{http.StatusConflict}}},
		{Route: "DELETE /v1/api-keys/{id}", Handler: s.revokeKey, Scope: hive.ScopeKeysWrite, Allow: edge.Admins, Confirmed: true,
			Doc: edge.Doc{ID: "revokeKey", Tag: "API keys", Summary: "Revoke an API key",
				Description: "Takes effect on every node before this call returns (see Hive-Fleet-Confirmed), and cannot be undone.",
				Params:      []edge.Param{pID("key")}, Response: exAPIKey}},
		{Route: "POST /v1/api-keys/{id}/rotate", Handler: s.rotateKey, Scope: hive.ScopeKeysWrite, Allow: edge.Admins, Confirmed: true,
			Doc: edge.Doc{ID: "rotateKey", Tag: "API keys", Summary: "Rotate an API key",
				Description: "Creates a replacement key; the old one keeps working for grace_period_seconds (0 to 604800). The new secret is in this response only.",
				Params:      []edge.Param{pID("key")}, Body: exRotateKeyRequest, Status: http.StatusCreated,
				Response: api.CreatedAPIKey{APIKey: exAPIKey, Key: exCreatedKey.Key, PreviousKey: &exAPIKey}, Errors: []int{http.StatusConflict}}},
		{Route: "POST /v1/api-keys/{id}/disable", Handler: s.disableKey, Scope: hive.ScopeKeysWrite, Allow: edge.Admins, Confirmed: true,
			Doc: edge.Doc{ID: "disableKey", Tag: "API keys", Summary: "Disable an API key",
				Description: "Refuses the key (401, reason api_key_disabled) on every node before this call returns (see Hive-Fleet-Confirmed), until it is enabled again. " +
					"Unlike revoking, this can be undone. Disabling a disabled key changes nothing; a revoked key is 409.",
				Params: []edge.Param{pID("key")}, Response: exDisabledKey, Errors: []int{http.StatusConflict}}},
		{Route: "POST /v1/api-keys/{id}/enable", Handler: s.enableKey, Scope: hive.ScopeKeysWrite, Allow: edge.Admins, Confirmed: true,
			Doc: edge.Doc{ID: "enableKey", Tag: "API keys", Summary: "Enable a disabled API key",
				Description: "The key works again on every node before this call returns. The key must keep the tenant's key policy, as a new key would (400 naming the field). " +
					"A revoked key, leaked or not, is never enabled: 409 with details.reason key_leaked or key_revoked.",
				Params: []edge.Param{pID("key")}, Response: exAPIKey, Errors: []int{http.StatusConflict}}},

		{Route: "POST /v1/me/api-key", Auth: edge.AuthUser, Handler: s.generatePersonalKey, Allow: edge.Personal, Confirmed: true,
			Doc: edge.Doc{ID: "generatePersonalKey", Tag: "Personal key", Summary: "Generate your personal key",
				Description: "A new personal key for the calling user, replacing their previous one. Call it with your email and password (HTTP Basic, tenant slug in X-Hive-Tenant) or your current personal key. " +
					"Every request with a personal key must also send your User ID in X-Hive-User-Id.",
				Body: api.PersonalKeyRequest{Name: "My laptop", ExpiresInDays: edge.Ptr(30)}, Status: http.StatusCreated,
				Response: api.CreatedAPIKey{APIKey: api.APIKey{ID: exKeyID, Object: "api_key", Name: "My laptop", Kind: "personal", UserID: &exUserID,
					Hint: "hive_pk_…8dLw", Status: "active", Permissions: []string{"surveys:read"}, ExpiresAt: &exExpires, CreatedAt: exTime,
					CreatedBy: exUserID, UpdatedAt: exTime}, Key: "hive_pk_EXAMPLEonlyNotARealKey0000000000000000000000abc123"},
				Errors: []int{http.StatusForbidden}}},

		{Route: "GET /v1/api-keys/{id}/usage", Handler: s.keyUsage, Scope: hive.ScopeKeysRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "getKeyUsage", Tag: "Usage", Summary: "Get a key's usage",
				Description: "One key's requests over time. " + usageDoc, Params: []edge.Param{pID("key"), pFrom, pTo, pInterval}, Response: exKeyUsage}},
		{Route: "GET /v1/usage", Handler: s.tenantUsage, Scope: hive.ScopeKeysRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "getTenantUsage", Tag: "Usage", Summary: "Get your tenant's usage",
				Description: "The requests of all your keys over time, with the totals by key (by_key) and by route pattern (by_route), most requests first. " + usageDoc,
				Params:      []edge.Param{pFrom, pTo, pInterval}, Response: exTenantUsage}},
	}
}
