package httpapi

import (
	"net/http"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/hive"
)

// docTags are the groups of endpoints, in the order /docs lists them.
var docTags = []docTag{
	{"Authentication", "Check a key and read the permission catalogue."},
	{"Service accounts", "Named identities for tools and teams; they hold API keys and cannot log in."},
	{"API keys", "Create, list, edit, rotate and revoke keys. A key's secret is shown once, when it is created or rotated."},
	{"Personal key", "A person's own key, acting with their rights; every request with it also sends their User ID."},
	{"Tenant", "The calling tenant, its plan and limits, and the audit trail of key changes."},
	{"Webhooks", "Signed HTTPS callbacks for events such as door.entry and alert.fired."},
	{"Door API", "The Door Access API that door controllers call, at the tenant's unique base URL, with X-DOOR-API-KEY."},
	{"Door administration", "Configure the Door API and manage doors, membership types, members, memberships and entries."},
	{"Health", "Liveness and readiness probes for load balancers; no key needed."},
}

// undocumentedRoutes are served but are not part of the API reference: the
// reference itself, and operational endpoints outside the API. A pattern
// ending in "/" exempts every route under it.
var undocumentedRoutes = []string{
	"GET /openapi.json",
	"GET /docs",
	"GET /docs/",
	"GET /metrics",
}

// Parameters shared by several routes.
var (
	pID       = func(what string) param { return param{Name: "id", In: "path", Description: "The " + what + "'s id."} }
	pLimit    = param{Name: "limit", In: "query", Type: "integer", Description: "Page size, 1 to 100 (default 100)."}
	pAfter    = param{Name: "starting_after", In: "query", Description: "The next_cursor of the previous page."}
	pToken    = param{Name: "token", In: "path", Description: "Your Door API token: the last part of the base URL shown in Settings → External Door API."}
	pMemberID = param{Name: "id", In: "path", Type: "integer", Description: "The member's numeric id.", Example: "201"}
	pDoorID   = param{Name: "door_id", In: "path", Description: "The door's id, as door controllers send it.", Example: "asdf123"}
)

// routeDocs documents every API endpoint, grouped as routes() registers
// them. A test checks this table against the served routes both ways.
var routeDocs = []routeDoc{
	{Route: "GET /healthz", ID: "healthz", Tag: "Health", Auth: authNone, Summary: "Liveness",
		Description: "200 while the process runs.", Response: map[string]string{"status": "ok"}},
	{Route: "GET /readyz", ID: "readyz", Tag: "Health", Auth: authNone, Summary: "Readiness",
		Description: "200 when the database answers, else 503 with status unavailable.", Response: map[string]string{"status": "ok"}},

	{Route: "GET /v1/auth/verify", ID: "verifyKey", Tag: "Authentication", Summary: "Verify your key",
		Description: "What the presented key is and may do, with the live rate-limit numbers. Any valid key may call it: use it to test a connection.",
		Response:    exVerification},
	{Route: "GET /v1/permissions", ID: "listPermissions", Tag: "Authentication", Summary: "List permissions",
		Description: "The permission catalogue (resource:action scopes) and the presets read_only, read_write and full_access.",
		Response:    exPermissions},

	{Route: "POST /v1/service-accounts", ID: "createServiceAccount", Tag: "Service accounts", Scope: hive.ScopeServiceAccountsWrite,
		Summary: "Create a service account", Description: "A named account for one tool or team, for example PowerBI Dashboard. It has no password and cannot log in.",
		Body: client.ServiceAccountRequest{Name: ptr("PowerBI Dashboard"), Description: ptr("Engagement dashboards for the HR team")}, BodyRequired: []string{"name"},
		Status: http.StatusCreated, Response: exServiceAccount, Errors: []int{http.StatusConflict}},
	{Route: "GET /v1/service-accounts", ID: "listServiceAccounts", Tag: "Service accounts", Scope: hive.ScopeServiceAccountsRead,
		Summary: "List service accounts", Params: []param{pLimit, pAfter}, Response: pagedList(exServiceAccount)},
	{Route: "GET /v1/service-accounts/{id}", ID: "getServiceAccount", Tag: "Service accounts", Scope: hive.ScopeServiceAccountsRead,
		Summary: "Get a service account", Params: []param{pID("service account")}, Response: exServiceAccount},
	{Route: "PATCH /v1/service-accounts/{id}", ID: "updateServiceAccount", Tag: "Service accounts", Scope: hive.ScopeServiceAccountsWrite,
		Summary: "Rename a service account", Description: "Fields left out are kept.", Params: []param{pID("service account")},
		Body: client.ServiceAccountRequest{Name: ptr("HR Analytics Team")}, Response: exServiceAccount, Errors: []int{http.StatusConflict}},
	{Route: "DELETE /v1/service-accounts/{id}", ID: "deleteServiceAccount", Tag: "Service accounts", Scope: hive.ScopeServiceAccountsWrite,
		Summary: "Delete a service account", Description: "Revokes every key of the account, at once and for good.",
		Params: []param{pID("service account")}, Status: http.StatusNoContent},

	{Route: "POST /v1/api-keys", ID: "createKey", Tag: "API keys", Scope: hive.ScopeKeysWrite, Summary: "Create an API key",
		Description: "Give permissions or a preset (read-only without either), optional resource restrictions, an expiry (90 days by default), an IP allowlist and a rate limit. " +
			"The secret `key` is in this response only: copy it now and store it in a password manager.",
		Body: exCreateKeyRequest, Status: http.StatusCreated, Response: exCreatedKey},
	{Route: "GET /v1/api-keys", ID: "listKeys", Tag: "API keys", Scope: hive.ScopeKeysRead, Summary: "List API keys",
		Description: "Keys with their hint, never their secret.",
		Params: []param{
			{Name: "service_account_id", In: "query", Description: "Only this service account's keys."},
			{Name: "status", In: "query", Description: "Only keys in this state.", Enum: []string{"active", "expired", "revoked"}},
			{Name: "kind", In: "query", Description: "Only this kind of key.", Enum: []string{"service_account", "personal"}},
			pLimit, pAfter,
		}, Response: pagedList(exAPIKey)},
	{Route: "GET /v1/api-keys/{id}", ID: "getKey", Tag: "API keys", Scope: hive.ScopeKeysRead, Summary: "Get an API key",
		Params: []param{pID("key")}, Response: exAPIKey},
	{Route: "PATCH /v1/api-keys/{id}", ID: "updateKey", Tag: "API keys", Scope: hive.ScopeKeysWrite, Summary: "Edit an API key",
		Description: "Change the name, permissions, restrictions, expiry, IP allowlist or rate limit; fields left out are kept. The secret itself never changes: rotate the key instead.",
		Params:      []param{pID("key")}, Body: exUpdateKeyRequest, Response: exAPIKey, Errors: []int{http.StatusConflict}},
	{Route: "DELETE /v1/api-keys/{id}", ID: "revokeKey", Tag: "API keys", Scope: hive.ScopeKeysWrite, Summary: "Revoke an API key",
		Description: "Takes effect on the next request, on every node, and cannot be undone.",
		Params:      []param{pID("key")}, Response: exAPIKey},
	{Route: "POST /v1/api-keys/{id}/rotate", ID: "rotateKey", Tag: "API keys", Scope: hive.ScopeKeysWrite, Summary: "Rotate an API key",
		Description: "Creates a replacement key; the old one keeps working for grace_period_seconds (0 to 604800). The new secret is in this response only.",
		Params:      []param{pID("key")}, Body: exRotateKeyRequest, Status: http.StatusCreated,
		Response: client.CreatedAPIKey{APIKey: exAPIKey, Key: exCreatedKey.Key, PreviousKey: &exAPIKey}, Errors: []int{http.StatusConflict}},

	{Route: "POST /v1/me/api-key", ID: "generatePersonalKey", Tag: "Personal key", Auth: authUser, Summary: "Generate your personal key",
		Description: "A new personal key for the calling user, replacing their previous one. Call it with your email and password (HTTP Basic, tenant slug in X-Hive-Tenant) or your current personal key. " +
			"Every request with a personal key must also send your User ID in X-Hive-User-Id.",
		Body: client.PersonalKeyRequest{Name: "My laptop", ExpiresInDays: ptr(30)}, Status: http.StatusCreated,
		Response: client.CreatedAPIKey{APIKey: client.APIKey{ID: exKeyID, Object: "api_key", Name: "My laptop", Kind: "personal", UserID: &exUserID,
			Hint: "hive_pk_…8dLw", Status: "active", Permissions: []string{"surveys:read"}, ExpiresAt: &exExpires, CreatedAt: exTime,
			CreatedBy: exUserID, UpdatedAt: exTime}, Key: "hive_pk_EXAMPLEonlyNotARealKey0000000000000000000000abc123"},
		Errors: []int{http.StatusForbidden}},

	{Route: "GET /v1/tenant", ID: "getTenant", Tag: "Tenant", Scope: hive.ScopeAdminRead, Summary: "Get your tenant",
		Description: "The tenant, its plan, and the default rate limit and concurrency cap of its keys.", Response: exTenant},
	{Route: "GET /v1/audit-events", ID: "listAuditEvents", Tag: "Tenant", Scope: hive.ScopeAdminRead, Summary: "List audit events",
		Description: "Who created, edited, rotated or revoked a key or service account, and when; newest first.",
		Params: []param{
			{Name: "target_id", In: "query", Description: "Only events about this key or service account."},
			{Name: "action", In: "query", Description: "Only this action, such as api_key.created."},
			pLimit, pAfter,
		}, Response: pagedList(exAuditEvent)},

	{Route: "POST /v1/webhooks", ID: "createWebhook", Tag: "Webhooks", Scope: hive.ScopeAdminWrite, Summary: "Create a webhook endpoint",
		Description: "The URL must be https (http only to localhost). The signing secret is in this response only; check each delivery's Hive-Signature header with it.",
		Body:        client.CreateWebhookRequest{URL: "https://hooks.example.com/hive", Events: []string{"door.entry"}}, BodyRequired: []string{"url", "events"},
		Status: http.StatusCreated, Response: client.CreatedWebhook{Webhook: exWebhook, Secret: "whsec_EXAMPLEonly0000000000000000"},
		Errors: []int{http.StatusConflict}},
	{Route: "GET /v1/webhooks", ID: "listWebhooks", Tag: "Webhooks", Scope: hive.ScopeAdminRead, Summary: "List webhook endpoints",
		Params: []param{pLimit, pAfter}, Response: pagedList(exWebhook)},
	{Route: "GET /v1/webhooks/{id}", ID: "getWebhook", Tag: "Webhooks", Scope: hive.ScopeAdminRead, Summary: "Get a webhook endpoint",
		Params: []param{pID("webhook endpoint")}, Response: exWebhook},
	{Route: "DELETE /v1/webhooks/{id}", ID: "deleteWebhook", Tag: "Webhooks", Scope: hive.ScopeAdminWrite, Summary: "Delete a webhook endpoint",
		Description: "Pending deliveries to the endpoint are deleted with it.", Params: []param{pID("webhook endpoint")}, Status: http.StatusNoContent},
	{Route: "GET /v1/webhooks/{id}/deliveries", ID: "listWebhookDeliveries", Tag: "Webhooks", Scope: hive.ScopeAdminRead,
		Summary: "List deliveries", Description: "Events sent, or being sent, to the endpoint, newest first.",
		Params: []param{pID("webhook endpoint"),
			{Name: "status", In: "query", Description: "Only deliveries in this state.", Enum: []string{"pending", "succeeded", "failed"}},
			pLimit, pAfter}, Response: pagedList(exDelivery)},

	{Route: "GET /door/{token}/test", ID: "doorTest", Tag: "Door API", Auth: authDoor, Summary: "Test the connection",
		Description: "Succeeds when the base URL and key work: use it to check that your controller can authenticate and parse the response.",
		Params:      []param{pToken}, Response: doorEnvelope{Success: true}},
	{Route: "GET /door/{token}/doors", ID: "doorListDoors", Tag: "Door API", Auth: authDoor, Scope: hive.ScopeDoorsRead, Summary: "List doors",
		Description: "Every door with the membership types that open it. A key restricted to some doors sees only those.",
		Params:      []param{pToken}, Response: doorDoorsWire{doorEnvelope{Success: true}, []doorWire{exDoor}}},
	{Route: "POST /door/{token}/access", ID: "doorAccess", Tag: "Door API", Auth: authDoor, Scope: hive.ScopeDoorAccess, Summary: "Check access and record an entry",
		Description: "Decides one swipe. Identify the user by id, door_access_id and/or barcode_id (all given must match one user). " +
			"Unless check_only is true the entry is recorded. A denial is a 200 with success false and the reason in message; 4xx statuses are for requests that cannot be decided. " +
			"Send an Idempotency-Key header to make retries safe.",
		Params: []param{pToken}, BodyType: "application/x-www-form-urlencoded",
		Body: doorAccessRequest{BarcodeID: "123456789abc", DoorID: "asdf123", CheckOnly: "false"}, BodyRequired: []string{"door_id"},
		Response: exDoorAccess, Errors: []int{http.StatusConflict}},
	{Route: "GET /door/{token}/users", ID: "doorListUsers", Tag: "Door API", Auth: authDoor, Scope: hive.ScopeDoorUsersRead, Summary: "List users with door access",
		Description: "Members with access to at least one door, 100 a page; only when enabled in the API settings. next_page is false on the last page. " +
			"With updated_since, only members changed since then, deleted ones marked removed.",
		Params: []param{pToken,
			{Name: "p", In: "query", Type: "integer", Description: "The page number, from 1.", Example: "1"},
			{Name: "updated_since", In: "query", Description: "Unix seconds or an RFC 3339 time."}},
		Response: exDoorUsers},

	{Route: "GET /v1/door-api/settings", ID: "getDoorSettings", Tag: "Door administration", Scope: hive.ScopeDoorsRead,
		Summary: "Get Door API settings", Description: "Whether the Door API is on, what it shows, and its base URL.", Response: exDoorSettings},
	{Route: "PUT /v1/door-api/settings", ID: "updateDoorSettings", Tag: "Door administration", Scope: hive.ScopeDoorsWrite,
		Summary: "Change Door API settings", Description: "Fields left out are kept.",
		Body: doorSettingsRequest{Enabled: ptr(true), UsersEndpointEnabled: ptr(true), ExposeEmail: ptr(false)}, Response: exDoorSettings},
	{Route: "POST /v1/door-api/settings/regenerate-token", ID: "regenerateDoorToken", Tag: "Door administration", Scope: hive.ScopeDoorsWrite,
		Summary: "Regenerate the base URL", Description: "A new base URL; the old one stops working at once.", Response: exDoorSettings},
	{Route: "POST /v1/doors", ID: "createDoor", Tag: "Door administration", Scope: hive.ScopeDoorsWrite, Summary: "Create a door",
		Body:         doorRequest{DoorID: "asdf123", Name: ptr("Front Door"), Active: ptr(true), MembershipTypeIDs: &[]int64{1, 2, 3}, AllowInstructors: ptr(true)},
		BodyRequired: []string{"door_id", "name"}, Status: http.StatusCreated, Response: exDoor, Errors: []int{http.StatusConflict}},
	{Route: "GET /v1/doors", ID: "listDoors", Tag: "Door administration", Scope: hive.ScopeDoorsRead, Summary: "List doors",
		Response: wholeList(exDoor)},
	{Route: "GET /v1/doors/{door_id}", ID: "getDoor", Tag: "Door administration", Scope: hive.ScopeDoorsRead, Summary: "Get a door",
		Params: []param{pDoorID}, Response: exDoor},
	{Route: "PATCH /v1/doors/{door_id}", ID: "updateDoor", Tag: "Door administration", Scope: hive.ScopeDoorsWrite, Summary: "Edit a door",
		Description: "Fields left out are kept; door_id never changes.", Params: []param{pDoorID},
		Body: doorRequest{Name: ptr("Main Entrance")}, Response: exDoor},
	{Route: "DELETE /v1/doors/{door_id}", ID: "deleteDoor", Tag: "Door administration", Scope: hive.ScopeDoorsWrite, Summary: "Delete a door",
		Params: []param{pDoorID}, Status: http.StatusNoContent},
	{Route: "POST /v1/membership-types", ID: "createMembershipType", Tag: "Door administration", Scope: hive.ScopeDoorsWrite,
		Summary: "Create a membership type", Body: membershipTypeRequest{Name: "Standard Monthly"}, BodyRequired: []string{"name"},
		Status: http.StatusCreated, Response: exMembershipType, Errors: []int{http.StatusConflict}},
	{Route: "GET /v1/membership-types", ID: "listMembershipTypes", Tag: "Door administration", Scope: hive.ScopeDoorsRead,
		Summary: "List membership types", Response: wholeList(exMembershipType)},
	{Route: "GET /v1/membership-types/{id}", ID: "getMembershipType", Tag: "Door administration", Scope: hive.ScopeDoorsRead,
		Summary: "Get a membership type", Params: []param{membershipTypeID}, Response: exMembershipType},
	{Route: "PATCH /v1/membership-types/{id}", ID: "renameMembershipType", Tag: "Door administration", Scope: hive.ScopeDoorsWrite,
		Summary: "Rename a membership type", Params: []param{membershipTypeID}, Body: membershipTypeRequest{Name: "Unlimited Access"},
		BodyRequired: []string{"name"}, Response: exMembershipType, Errors: []int{http.StatusConflict}},
	{Route: "DELETE /v1/membership-types/{id}", ID: "deleteMembershipType", Tag: "Door administration", Scope: hive.ScopeDoorsWrite,
		Summary: "Delete a membership type", Description: "Only a type that no membership has.", Params: []param{membershipTypeID},
		Status: http.StatusNoContent, Errors: []int{http.StatusConflict}},
	{Route: "POST /v1/members", ID: "createMember", Tag: "Door administration", Scope: hive.ScopeDoorsWrite, Summary: "Create a member",
		Body: memberRequest{DoorAccessID: ptr("FFCC8899"), BarcodeID: ptr("123456789abc"), FirstName: ptr("test"), LastName: ptr("testerson"),
			Email: ptr("test@example.com"), Phone: ptr("+447700900123")},
		Status: http.StatusCreated, Response: exMember, Errors: []int{http.StatusConflict}},
	{Route: "GET /v1/members", ID: "listMembers", Tag: "Door administration", Scope: hive.ScopeDoorsRead, Summary: "List members",
		Params: []param{
			{Name: "status", In: "query", Description: "Only members in this state.", Enum: []string{"active", "frozen", "cancelled"}},
			{Name: "is_instructor", In: "query", Type: "boolean", Description: "Only instructors, or only others."},
			{Name: "search", In: "query", Description: "Matches names, email, door access id and barcode id."},
			{Name: "updated_since", In: "query", Description: "Unix seconds or an RFC 3339 time."},
			{Name: "include_deleted", In: "query", Type: "boolean", Description: "Include deleted members."},
			pLimit, pAfter,
		}, Response: pagedList(exMember)},
	{Route: "POST /v1/members/import", ID: "importMembers", Tag: "Door administration", Scope: hive.ScopeDoorsWrite, Summary: "Import members from CSV",
		Description: "Creates or updates members from a CSV file. Every row is checked before anything is written; with dry_run=true nothing is.",
		Params:      []param{{Name: "dry_run", In: "query", Type: "boolean", Description: "Check the file and report what would change."}},
		BodyType:    "text/csv", Body: exImportCSV, Response: exImport},
	{Route: "GET /v1/members/{id}", ID: "getMember", Tag: "Door administration", Scope: hive.ScopeDoorsRead, Summary: "Get a member",
		Params: []param{pMemberID}, Response: exMember},
	{Route: "PATCH /v1/members/{id}", ID: "updateMember", Tag: "Door administration", Scope: hive.ScopeDoorsWrite, Summary: "Edit a member",
		Description: "Fields left out are kept.", Params: []param{pMemberID}, Body: memberRequest{Status: ptr("frozen")},
		Response: exMember, Errors: []int{http.StatusConflict}},
	{Route: "DELETE /v1/members/{id}", ID: "deleteMember", Tag: "Door administration", Scope: hive.ScopeDoorsWrite, Summary: "Delete a member",
		Description: "Controllers syncing with updated_since see the member as removed.", Params: []param{pMemberID}, Status: http.StatusNoContent},
	{Route: "GET /v1/members/{id}/entries", ID: "exportMemberEntries", Tag: "Door administration", Scope: hive.ScopeDoorsRead,
		Summary: "Export a member's entries", Description: "Everything recorded about one member's door use, for a data access request.",
		Params: []param{pMemberID}, Response: memberEntriesWire{exMember, []entryWire{exEntry}}},
	{Route: "POST /v1/members/{id}/memberships", ID: "createMembership", Tag: "Door administration", Scope: hive.ScopeDoorsWrite,
		Summary: "Add a membership", Params: []param{pMemberID},
		Body:         membershipRequest{MembershipTypeID: ptr(int64(1)), Expires: ptr(int64(1762369732)), DoorIDs: &[]string{"asdf123"}},
		BodyRequired: []string{"membership_type_id", "expires"}, Status: http.StatusCreated, Response: exMembership},
	{Route: "GET /v1/members/{id}/memberships", ID: "listMemberships", Tag: "Door administration", Scope: hive.ScopeDoorsRead,
		Summary: "List a member's memberships", Params: []param{pMemberID}, Response: wholeList(exMembership)},
	{Route: "GET /v1/members/{id}/memberships/{membership_id}", ID: "getMembership", Tag: "Door administration", Scope: hive.ScopeDoorsRead,
		Summary: "Get a membership", Params: []param{pMemberID, membershipID}, Response: exMembership},
	{Route: "PATCH /v1/members/{id}/memberships/{membership_id}", ID: "updateMembership", Tag: "Door administration", Scope: hive.ScopeDoorsWrite,
		Summary: "Edit a membership", Description: "Fields left out are kept.", Params: []param{pMemberID, membershipID},
		Body: membershipRequest{Expires: ptr(int64(1793905732))}, Response: exMembership},
	{Route: "DELETE /v1/members/{id}/memberships/{membership_id}", ID: "deleteMembership", Tag: "Door administration", Scope: hive.ScopeDoorsWrite,
		Summary: "Delete a membership", Params: []param{pMemberID, membershipID}, Status: http.StatusNoContent},
	{Route: "GET /v1/door-entries", ID: "listDoorEntries", Tag: "Door administration", Scope: hive.ScopeDoorsRead, Summary: "List door entries",
		Description: "Every access decision, granted or not, newest first.",
		Params: []param{
			{Name: "member_id", In: "query", Type: "integer", Description: "Only this member's entries."},
			{Name: "door_id", In: "query", Description: "Only this door's entries."},
			{Name: "granted", In: "query", Type: "boolean", Description: "Only granted, or only denied, entries."},
			{Name: "from", In: "query", Description: "From this time: unix seconds or RFC 3339."},
			{Name: "to", In: "query", Description: "Up to this time: unix seconds or RFC 3339."},
			pLimit, pAfter,
		}, Response: pagedList(exEntry)},
}

var (
	membershipTypeID = param{Name: "id", In: "path", Type: "integer", Description: "The membership type's numeric id.", Example: "1"}
	membershipID     = param{Name: "membership_id", In: "path", Type: "integer", Description: "The membership's numeric id.", Example: "1234"}
)
