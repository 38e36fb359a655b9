package httpapi

import (
	"net/http"

	"github.com/hive-platform/hive/client"
)

// docTags are the groups of endpoints, in the order /docs lists them.
var docTags = []docTag{
	{"Authentication", "Check a key and read the permission catalogue."},
	{"Service accounts", "Named identities for tools and teams; they hold API keys and cannot log in."},
	{"API keys", "Create, list, edit, rotate and revoke keys. A key's secret is shown once, when it is created or rotated."},
	{"Personal key", "A person's own key, acting with their rights; every request with it also sends their User ID."},
	{"Tenant", "The calling tenant, its plan and limits, and the audit trail of key changes."},
	{"Webhooks", "Signed HTTPS callbacks for events such as door.entry and alert.fired."},
	{"API logs", "Every request the API answered for your tenant, with its response, kept for the retention you choose."},
	{"Usage", "Requests over time per key and for the whole tenant: status mix, rate-limited requests, latency percentiles, top keys and routes."},
	{"Alerts", "What the alert engine noticed in your traffic and keys: error and traffic spikes, revoked, expired or expiring keys, new client addresses."},
	{"Door API", "The Door Access API that door controllers call, at the tenant's unique base URL, with X-DOOR-API-KEY."},
	{"Door administration", "Configure the Door API and manage doors, membership types, members, memberships and entries."},
	{"People", "Upload your people and their demographic attributes, and read the attributes and segments that results are split by."},
	{"Surveys", "Surveys, their questions and options, and batches of responses. Lists follow the Open API's BI conventions: flat rows, " +
		"meta.columns, cursor paging with next_path, ?format=csv."},
	{"Analytics", "Question statistics, headline metrics (Engagement Index, eNPS, average score, custom metrics), Key Drivers, " +
		"heatmaps and facets of survey responses. Small groups are suppressed on the server; every table follows the BI conventions."},
	{"Feedback", "Open Door, anonymous comments to leadership, and Hive Fives, recognition between colleagues: send them in batches, " +
		"and read them back as Open API lists with the segments of the people involved, under the privacy rules each endpoint states."},
	{"Settings", "Tenant settings: API log retention and the privacy thresholds of reported groups."},
	{"Leaked keys", "Report a Hive key found in public: a live key is revoked at once, for good, and its tenant alerted (key_leaked). No API key needed."},
	{"Health", "Liveness and readiness probes for load balancers, and Prometheus metrics; no API key needed."},
}

// undocumentedRoutes are served but are not part of the API reference: the
// reference itself, and operational endpoints outside the API. A pattern
// ending in "/" exempts every route under it.
var undocumentedRoutes = []string{
	"GET /openapi.json",
	"GET /docs",
	"GET /docs/",
}

// Parameters shared by several routes.
var (
	pID = func(what string) param {
		return param{Name: "id", In: "path", Description: "The " + what + "'s id.", Example: exampleID(what)}
	}
	pLimit    = param{Name: "limit", In: "query", Type: "integer", Description: "Page size, 1 to 100 (default 100)."}
	pAfter    = param{Name: "starting_after", In: "query", Description: "The next_cursor of the previous page."}
	pToken    = param{Name: "token", In: "path", Description: "Your Door API token: the last part of the base URL shown in Settings → External Door API.", Example: "dr_8fK2mQ9xL4"}
	pMemberID = param{Name: "id", In: "path", Type: "integer", Description: "The member's numeric id.", Example: "201"}
	pDoorID   = param{Name: "door_id", In: "path", Description: "The door's id, as door controllers send it.", Example: "asdf123"}

	pBILimit       = param{Name: "limit", In: "query", Description: "1 to 1000 for one page of that many rows; all, the default, for the whole result up to meta.row_cap (100,000) rows.", Example: "all"}
	pBOM           = param{Name: "bom", In: "query", Type: "boolean", Description: "With format=csv, true starts the CSV with a UTF-8 byte order mark, so that Excel reads accents and dashes right."}
	pCursor        = param{Name: "cursor", In: "query", Description: "pagination.next_cursor of the previous page, unchanged; leave it out for the first page."}
	pFormat        = param{Name: "format", In: "query", Enum: []string{"json", "csv"}, Description: "csv for the same columns as RFC 4180 CSV; Accept: text/csv does the same."}
	pSurveyID      = param{Name: "survey_id", In: "path", Description: "The survey's id, from GET /v1/surveys.", Example: exSurveyID}
	pFrom          = param{Name: "from", In: "query", Description: "The start of the range, an RFC 3339 time such as 2026-03-02T09:30:00Z."}
	pTo            = param{Name: "to", In: "query", Description: "The end of the range, exclusive, an RFC 3339 time; default now."}
	pSegmentID     = param{Name: "segment_id", In: "query", Type: "array", Description: "Only respondents in this segment, from GET /v1/attributes or the facets; repeat it for two, at most."}
	pSubmittedFrom = param{Name: "from", In: "query", Description: "Only responses submitted on or after this day (YYYY-MM-DD, UTC); an RFC 3339 time is taken back to midnight UTC of its day."}
	pSubmittedTo   = param{Name: "to", In: "query", Description: "Only responses submitted before this day (YYYY-MM-DD, UTC); an RFC 3339 time is taken on to the next midnight UTC unless it is one."}
	pView          = param{Name: "view", In: "query", Enum: []string{"summary", "distribution"}, Description: "summary (the default) for one row per question; distribution for one row per question and value."}
	pInterval      = param{Name: "interval", In: "query", Enum: []string{"minute", "hour", "day"}, Description: "The length of each point (default hour)."}
)

// exampleID is the id of the example object of the kind pID names, so
// that contract testers can build a request from the document alone.
func exampleID(what string) string {
	switch what {
	case "key":
		return exKeyID
	case "service account":
		return exSAID
	case "alert":
		return exAlert.ID
	case "webhook endpoint":
		return exWebhook.ID
	case "custom metric":
		return exCustomMetric.ID
	case "log entry":
		return exLogID
	}
	panic("openapi: no example id for a " + what + "; add it to exampleID")
}

// biListDoc states the conventions every Open API list follows, for the
// descriptions of those lists.
const biListDoc = "\n\nLike every Open API list, for BI tools such as Power BI: flat rows with the same keys, in the order meta.columns names them " +
	"(also on an empty page); numbers are numbers, and what is unknown or not computable is null, never 0; times are ISO 8601 UTC. " +
	"Paging is by cursor: pass pagination.next_cursor as ?cursor=, or append pagination.next_path to your base URL; both are null on the last page, " +
	"and rows added while you page are never skipped or repeated. Without ?limit= (or with ?limit=all) the response is the whole result, up to meta.row_cap (100,000) rows, " +
	"so a URL pasted into Power BI's Get Data → From Web loads every row; ?limit=1 to 1000 asks for one page. When rows follow that a response does not hold, " +
	"meta.truncated is true, next_cursor is set and the X-Hive-Truncated header (a trailer, after the body, on lists read in chunks: surveys, metrics, open-door, hive-fives) is true. " +
	"?format=csv or Accept: text/csv returns the same columns as RFC 4180 CSV, with empty cells for null, numbers to 10 significant digits and the next page in the Link header; " +
	"add &bom=true for Excel."

// usageDoc describes the points of a usage report.
const usageDoc = "One point per interval (minute, hour or day) from from to to, oldest first, empty intervals included: requests, " +
	"requests by status class, rate-limited requests, and the p50 and p99 latency in milliseconds (within 9%; null without requests). " +
	"The range is rounded out to whole intervals; without from it is the last 60 minutes, 24 hours or 30 days up to to, and it holds at most 1440 intervals by default. " +
	"Requests without a valid key are in the API log but not in usage. Usage is kept for 90 days by default."

// alertRulesDoc lists the rules of internal/alert and their cooldowns.
const alertRulesDoc = "\n\nRules (severity, subject):\n" +
	"- error_rate_spike (critical, tenant): in the last 5 minutes at least 20 errors (5xx, and 4xx other than 401 and 429), " +
	"whose share of requests is at least twice that of the hour before and 10 points above it.\n" +
	"- traffic_spike (warning, key): the key's requests in 5 minutes exceed 5 times the mean 5 minutes of the hour before, and 100; " +
	"it needs an hour of history, so it is quiet for 65 minutes after a server starts.\n" +
	"- revoked_key_used, expired_key_used (critical, key): a request presented a revoked or expired key.\n" +
	"- new_client_ip (warning, key and address): an authenticated request came from an address the key never used before; a key's first address does not alert.\n" +
	"- rate_limit_repeated (warning, key): the key's rate limit refused it 20 times within 10 minutes.\n" +
	"- key_expiring (info; warning on the last day; key): the key expires within 14, 7 or 1 days.\n" +
	"- rate_limiter_degraded (warning, tenant): the shared rate limiter is unreachable, so each server counts requests on its own and limits are looser.\n" +
	"- key_leaked (critical, key): the key's secret was reported found in public (GitHub secret scanning or POST /v1/leaked-keys/report) and Hive revoked it; details name the source and url.\n\n" +
	"An alert fires at most once an hour for one rule and subject (the cooldown), across all servers; key_expiring fires once per threshold " +
	"and expiry date, so extending a key re-arms it. Every alert is also sent to webhooks subscribed to alert.fired. " +
	"The numbers above are the defaults: PUT /v1/settings/alerts turns rules off, changes thresholds and cooldowns, and chooses the webhooks and e-mail addresses."

// routeDocs documents every API endpoint, grouped as routes() registers
// them. A test checks this table against the served routes both ways.
var routeDocs = []routeDoc{
	{Route: "GET /healthz", ID: "healthz", Tag: "Health", Auth: authNone, Summary: "Liveness",
		Description: "200 while the process runs.", Response: map[string]string{"status": "ok"}},
	{Route: "GET /readyz", ID: "readyz", Tag: "Health", Auth: authNone, Summary: "Readiness",
		Description: "200 when the database answers, else 503 with status unavailable.", Response: map[string]string{"status": "ok"},
		Errors: []int{http.StatusServiceUnavailable}},
	{Route: "GET /metrics", ID: "metrics", Tag: "Health", Auth: authMetrics, Summary: "Prometheus metrics",
		Description: "This server's metrics in the Prometheus text format: requests by route pattern, method and status, latency, " +
			"401s and 429s by reason, the key cache, the API log's queue and the alert engine. Counts are per server: scrape every node. " +
			"No API key: when HIVE_METRICS_TOKEN is set, send it as Authorization: Bearer <token> (401 otherwise); 404 when metrics are off.",
		ResponseType: "text/plain", Response: exMetrics, Errors: []int{http.StatusNotFound}},

	{Route: "POST /v1/leaked-keys/report", ID: "reportLeakedKey", Tag: "Leaked keys", Auth: authNone, Summary: "Report a leaked key",
		Description: "Found a Hive key (hive_sk_... or hive_pk_...) in a repository, a paste or a log? Send it here, with the address where you saw it. " +
			"If it is a live key it is revoked at once and for good, and its tenant gets a key_leaked alert on the console and its webhooks. " +
			"The answer is 202 and the same whether or not the key existed, was live or was a Hive key at all, so this cannot be used to test keys; " +
			"each report counts against your address's budget of invalid keys (429 with Retry-After past it).",
		Body: client.LeakReport{Key: "hive_sk_…", URL: "https://github.com/acme/app/blob/main/config.yml"}, BodyRequired: []string{"key"},
		Status: http.StatusAccepted, Response: leakReceipt, Errors: []int{http.StatusTooManyRequests}},
	{Route: "POST /v1/secret-scanning/github", ID: "githubSecretScanning", Tag: "Leaked keys", Auth: authNone, Summary: "GitHub secret scanning",
		Description: "GitHub's secret-scanning partner callback: a JSON array of {token, type, url, source}, signed with ECDSA P-256 over SHA-256 " +
			"(base64 ASN.1 in GITHUB-PUBLIC-KEY-SIGNATURE, the key named by GITHUB-PUBLIC-KEY-IDENTIFIER). The server makes no outbound calls: " +
			"the operator saves GitHub's key document (https://api.github.com/meta/public_keys/secret_scanning) to a file named by HIVE_GITHUB_SECRET_SCANNING_KEYS. " +
			"Each Hive key in the payload is revoked as leaked and labelled true_positive; anything else is false_positive; token_hash is the hex SHA-256 of the token. " +
			"A signature that does not verify is 401 and changes nothing; a payload sent again within a day gets the same answer and changes nothing. 404 when not enabled.",
		Body:     []client.GitHubTokenAlert{{Token: "hive_sk_…", Type: "hive_api_key", URL: "https://github.com/acme/app/blob/abc123/config.yml", Source: "content"}},
		Response: []client.GitHubTokenLabel{{TokenHash: "5e8b…", TokenType: "hive_api_key", Label: "true_positive"}},
		Errors:   []int{http.StatusUnauthorized, http.StatusNotFound}},
	{Route: "GET /v1/revocable_token_types", ID: "gitlabTokenTypes", Tag: "Leaked keys", Auth: authGitLab, Summary: "GitLab: revocable token types",
		Description: "GitLab's Token Revocation API, for a self-managed GitLab whose secret detection finds Hive keys: the token type Hive revokes, " +
			"gitleaks_rule_id_hive_api_key (the README's gitleaks rule). Authenticated with the token set in HIVE_GITLAB_REVOCATION_TOKEN; 404 when none is set.",
		Response: client.GitLabTokenTypes{Types: []string{"gitleaks_rule_id_hive_api_key"}}, Errors: []int{http.StatusNotFound}},
	{Route: "POST /v1/revoke_tokens", ID: "gitlabRevokeTokens", Tag: "Leaked keys", Auth: authGitLab, Summary: "GitLab: revoke leaked tokens",
		Description: "GitLab's Token Revocation API: each token of type gitleaks_rule_id_hive_api_key that is a live Hive key is revoked as leaked, " +
			"its tenant alerted (key_leaked, with location as the url). Other types and unknown tokens are ignored; 204 either way, and a repeat changes nothing.",
		Body:   []client.GitLabLeakedToken{{Type: "gitleaks_rule_id_hive_api_key", Token: "hive_sk_…", Location: "https://gitlab.example.com/acme/app/-/blob/abc123/.env"}},
		Status: http.StatusNoContent, Errors: []int{http.StatusNotFound}},

	{Route: "GET /v1/auth/verify", ID: "verifyKey", Tag: "Authentication", Summary: "Verify your key",
		Description: "What the presented key is and may do, with the live rate-limit numbers. Any valid key may call it: use it to test a connection.",
		Response:    exVerification},
	{Route: "GET /v1/permissions", ID: "listPermissions", Tag: "Authentication", Summary: "List permissions",
		Description: "The permission catalogue (resource:action scopes) and exactly what each preset holds: data (what a BI tool reads), read_only (every data read, no admin, keys or logs), read_write and full_access.",
		Response:    exPermissions},

	{Route: "POST /v1/service-accounts", ID: "createServiceAccount", Tag: "Service accounts", Summary: "Create a service account", Description: "A named account for one tool or team, for example PowerBI Dashboard. It has no password and cannot log in.",
		Body: client.ServiceAccountRequest{Name: ptr("PowerBI Dashboard"), Description: ptr("Engagement dashboards for the HR team")}, BodyRequired: []string{"name"},
		Status: http.StatusCreated, Response: exServiceAccount, Errors: []int{http.StatusConflict}},
	{Route: "GET /v1/service-accounts", ID: "listServiceAccounts", Tag: "Service accounts", Summary: "List service accounts", Params: []param{pLimit, pAfter}, Response: pagedList(exServiceAccount)},
	{Route: "GET /v1/service-accounts/{id}", ID: "getServiceAccount", Tag: "Service accounts", Summary: "Get a service account", Params: []param{pID("service account")}, Response: exServiceAccount},
	{Route: "PATCH /v1/service-accounts/{id}", ID: "updateServiceAccount", Tag: "Service accounts", Summary: "Rename a service account", Description: "Fields left out are kept.", Params: []param{pID("service account")},
		Body: client.ServiceAccountRequest{Name: ptr("HR Analytics Team")}, Response: exServiceAccount, Errors: []int{http.StatusConflict}},
	{Route: "DELETE /v1/service-accounts/{id}", ID: "deleteServiceAccount", Tag: "Service accounts", Summary: "Delete a service account", Description: "Revokes every key of the account, at once and for good.",
		Params: []param{pID("service account")}, Status: http.StatusNoContent, ResponseHeaders: fleetHeaders},

	{Route: "POST /v1/api-keys", ID: "createKey", Tag: "API keys", Summary: "Create an API key",
		Description: "Give permissions or a preset (data, read_only, read_write or full_access; GET /v1/permissions lists their scopes), never more than your own key holds, optional resource restrictions, an expiry (90 days by default), an IP allowlist and a rate limit. " +
			"allow_query_key (default false) lets the key be sent as `?api_key=` on GET read routes, for Power BI's Web API credential; see the apiKeyQuery scheme. " +
			"The secret `key` is in this response only: copy it now and store it in a password manager.",
		Body: exCreateKeyRequest, Status: http.StatusCreated, Response: exCreatedKey},
	{Route: "GET /v1/api-keys", ID: "listKeys", Tag: "API keys", Summary: "List API keys",
		Description: "Keys with their hint, never their secret.",
		Params: []param{
			{Name: "service_account_id", In: "query", Description: "Only this service account's keys."},
			{Name: "status", In: "query", Description: "Only keys in this state.", Enum: []string{"active", "expired", "revoked"}},
			{Name: "kind", In: "query", Description: "Only this kind of key.", Enum: []string{"service_account", "personal"}},
			pLimit, pAfter,
		}, Response: pagedList(exAPIKey)},
	{Route: "GET /v1/api-keys/{id}", ID: "getKey", Tag: "API keys", Summary: "Get an API key",
		Params: []param{pID("key")}, Response: exAPIKey},
	{Route: "PATCH /v1/api-keys/{id}", ID: "updateKey", Tag: "API keys", Summary: "Edit an API key",
		Description: "Change the name, permissions, restrictions, expiry, IP allowlist or rate limit; fields left out are kept. The secret itself never changes: rotate the key instead.",
		Params:      []param{pID("key")}, Body: exUpdateKeyRequest, Response: exAPIKey, Errors: []int{http.StatusConflict},
		ResponseHeaders: fleetHeaders},
	{Route: "DELETE /v1/api-keys/{id}", ID: "revokeKey", Tag: "API keys", Summary: "Revoke an API key",
		Description: "Takes effect on every node before this call returns (see Hive-Fleet-Confirmed), and cannot be undone.",
		Params:      []param{pID("key")}, Response: exAPIKey,
		ResponseHeaders: fleetHeaders},
	{Route: "POST /v1/api-keys/{id}/rotate", ID: "rotateKey", Tag: "API keys", Summary: "Rotate an API key",
		Description: "Creates a replacement key; the old one keeps working for grace_period_seconds (0 to 604800). The new secret is in this response only.",
		Params:      []param{pID("key")}, Body: exRotateKeyRequest, Status: http.StatusCreated,
		Response: client.CreatedAPIKey{APIKey: exAPIKey, Key: exCreatedKey.Key, PreviousKey: &exAPIKey}, Errors: []int{http.StatusConflict},
		ResponseHeaders: fleetHeaders},

	{Route: "POST /v1/me/api-key", ID: "generatePersonalKey", Tag: "Personal key", Auth: authUser, Summary: "Generate your personal key",
		Description: "A new personal key for the calling user, replacing their previous one. Call it with your email and password (HTTP Basic, tenant slug in X-Hive-Tenant) or your current personal key. " +
			"Every request with a personal key must also send your User ID in X-Hive-User-Id.",
		Body: client.PersonalKeyRequest{Name: "My laptop", ExpiresInDays: ptr(30)}, Status: http.StatusCreated,
		Response: client.CreatedAPIKey{APIKey: client.APIKey{ID: exKeyID, Object: "api_key", Name: "My laptop", Kind: "personal", UserID: &exUserID,
			Hint: "hive_pk_…8dLw", Status: "active", Permissions: []string{"surveys:read"}, ExpiresAt: &exExpires, CreatedAt: exTime,
			CreatedBy: exUserID, UpdatedAt: exTime}, Key: "hive_pk_EXAMPLEonlyNotARealKey0000000000000000000000abc123"},
		Errors: []int{http.StatusForbidden}, ResponseHeaders: fleetHeaders},

	{Route: "GET /v1/tenant", ID: "getTenant", Tag: "Tenant", Summary: "Get your tenant",
		Description: "The tenant, its plan, and the default rate limit and concurrency cap of its keys.", Response: exTenant},
	{Route: "GET /v1/audit-events", ID: "listAuditEvents", Tag: "Tenant", Summary: "List audit events",
		Description: "Who created, edited, rotated or revoked a key or service account, and when; newest first.",
		Params: []param{
			{Name: "target_id", In: "query", Description: "Only events about this key or service account."},
			{Name: "action", In: "query", Description: "Only this action, such as api_key.created."},
			pLimit, pAfter,
		}, Response: pagedList(exAuditEvent)},

	{Route: "POST /v1/webhooks", ID: "createWebhook", Tag: "Webhooks", Summary: "Create a webhook endpoint",
		Description: "The URL must be https (http only to localhost). The signing secret is in this response only; check each delivery's Hive-Signature header with it.",
		Body:        client.CreateWebhookRequest{URL: "https://hooks.example.com/hive", Events: []string{"door.entry"}}, BodyRequired: []string{"url", "events"},
		Status: http.StatusCreated, Response: client.CreatedWebhook{Webhook: exWebhook, Secret: "whsec_EXAMPLEonly0000000000000000"},
		Errors: []int{http.StatusConflict}},
	{Route: "GET /v1/webhooks", ID: "listWebhooks", Tag: "Webhooks", Summary: "List webhook endpoints",
		Params: []param{pLimit, pAfter}, Response: pagedList(exWebhook)},
	{Route: "GET /v1/webhooks/{id}", ID: "getWebhook", Tag: "Webhooks", Summary: "Get a webhook endpoint",
		Params: []param{pID("webhook endpoint")}, Response: exWebhook},
	{Route: "DELETE /v1/webhooks/{id}", ID: "deleteWebhook", Tag: "Webhooks", Summary: "Delete a webhook endpoint",
		Description: "Pending deliveries to the endpoint are deleted with it.", Params: []param{pID("webhook endpoint")}, Status: http.StatusNoContent},
	{Route: "GET /v1/webhooks/{id}/deliveries", ID: "listWebhookDeliveries", Tag: "Webhooks", Summary: "List deliveries", Description: "Events sent, or being sent, to the endpoint, newest first.",
		Params: []param{pID("webhook endpoint"),
			{Name: "status", In: "query", Description: "Only deliveries in this state.", Enum: []string{"pending", "succeeded", "failed"}},
			pLimit, pAfter}, Response: pagedList(exDelivery)},

	{Route: "GET /v1/api-logs", ID: "listAPILogs", Tag: "API logs", Summary: "List API logs",
		Description: "Every request the API answered for your tenant, newest first, errors included, and requests that presented a revoked or expired key of yours: key, route, status, " +
			"error code and reason, latency, client address and user agent. The query string is stored with secret-looking parameters, and any API key under any name, redacted; one-time secrets are blanked in stored bodies. " +
			"Entries are written in batches off the request path, so a request appears within a second or so, and are deleted after the " +
			"retention set in PUT /v1/settings/api-logs (default 7 days, 1 to 90). Page with starting_after=next_cursor while has_more; " +
			"there is no total, as counting a busy log would cost more than the page.",
		Params: []param{
			{Name: "key_id", In: "query", Description: "Only requests that presented this key."},
			{Name: "status", In: "query", Description: "An exact status such as 429, or a class from 1xx to 5xx.", Example: "4xx"},
			{Name: "route", In: "query", Description: "Only this route pattern, method included (a path alone is a 400 saying so).", Example: "GET /v1/surveys"},
			{Name: "from", In: "query", Description: "Requests at or after this RFC 3339 time."},
			{Name: "to", In: "query", Description: "Requests before this RFC 3339 time; it must be after from."},
			pLimit, pAfter,
		}, Response: client.APILogList{Object: "list", Data: []client.APILog{exAPILog}, HasMore: true, NextCursor: &exLogID}},
	{Route: "GET /v1/api-logs/{id}", ID: "getAPILog", Tag: "API logs", Summary: "Get an API log entry",
		Description: "One request of the log. 404 once it is older than the retention.", Params: []param{pID("log entry")}, Response: exAPILog},
	{Route: "GET /v1/api-logs/{id}/response", ID: "getAPILogResponse", Tag: "API logs", Summary: "Get the response of a logged request",
		Description: "The response body as it was sent, with its Content-Type: the data the caller received. Only the first 64 KiB is kept " +
			"(Hive-Body-Truncated says whether it was cut), and secrets, such as a created key's, are blanked. " +
			"404, with the reason, when the response had no body, it was not kept because the log was over its memory budget, or the entry has expired.",
		Params: []param{pID("log entry")}, ResponseType: "*/*", Response: `{"data":[{"id":"srv_0V2SpQ7wErT4yUi8oPa1sD","name":"Engagement Survey Spring 2026"}]}`,
		ResponseHeaders: map[string]string{"Hive-Body-Truncated": "true when the stored body is the first 64 KiB of a longer one."}},
	{Route: "GET /v1/settings/api-logs", ID: "getAPILogSettings", Tag: "Settings", Summary: "Get API log settings",
		Description: "How many days the API log keeps requests and their responses.", Response: exAPILogSettings},
	{Route: "PUT /v1/settings/api-logs", ID: "updateAPILogSettings", Tag: "Settings", Summary: "Set the API log retention",
		Description: "api_log_retention_days is 1 to 90 (default 7). Older entries are deleted by the next hourly clean-up.",
		Body:        client.APILogSettingsRequest{APILogRetentionDays: 30}, BodyRequired: []string{"api_log_retention_days"}, Response: exAPILogSettings},

	{Route: "GET /v1/api-keys/{id}/usage", ID: "getKeyUsage", Tag: "Usage", Summary: "Get a key's usage",
		Description: "One key's requests over time. " + usageDoc, Params: []param{pID("key"), pFrom, pTo, pInterval}, Response: exKeyUsage},
	{Route: "GET /v1/usage", ID: "getTenantUsage", Tag: "Usage", Summary: "Get your tenant's usage",
		Description: "The requests of all your keys over time, with the totals by key (by_key) and by route pattern (by_route), most requests first. " + usageDoc,
		Params:      []param{pFrom, pTo, pInterval}, Response: exTenantUsage},

	{Route: "GET /v1/alerts", ID: "listAlerts", Tag: "Alerts", Summary: "List alerts",
		Description: "Alerts raised for your tenant, newest first; 404 on a server without the alert engine." + alertRulesDoc,
		Params: []param{
			{Name: "status", In: "query", Enum: []string{"open", "acknowledged"}, Description: "Only open, or only acknowledged, alerts."},
			{Name: "rule", In: "query", Enum: []string{"error_rate_spike", "traffic_spike", "revoked_key_used", "expired_key_used",
				"new_client_ip", "rate_limit_repeated", "key_expiring", "rate_limiter_degraded", "key_leaked"}, Description: "Only alerts of this rule."},
			{Name: "key_id", In: "query", Description: "Only alerts about this key."},
			pLimit, pAfter,
		}, Response: pagedList(exAlert), Errors: []int{http.StatusNotFound}},
	{Route: "GET /v1/alerts/{id}", ID: "getAlert", Tag: "Alerts", Summary: "Get an alert",
		Description: "details holds the rule's numbers, such as requests and errors in the window, or the new client_ip.",
		Params:      []param{pID("alert")}, Response: exAlert},
	{Route: "POST /v1/alerts/{id}/ack", ID: "acknowledgeAlert", Tag: "Alerts", Summary: "Acknowledge an alert",
		Description: "Marks the alert as handled. Acknowledging again changes nothing: the first acknowledgement, and who made it, is kept.",
		Params:      []param{pID("alert")}, Response: exAckedAlert},
	{Route: "GET /v1/settings/alerts", ID: "getAlertSettings", Tag: "Alerts", Summary: "Get alert settings",
		Description: "Every rule with whether it is on, its cooldown and thresholds, and where alerts are sent. updated_at is null while the tenant has the defaults.",
		Response:    exAlertSettings, Errors: []int{http.StatusNotFound}},
	{Route: "PUT /v1/settings/alerts", ID: "updateAlertSettings", Tag: "Alerts", Summary: "Change alert settings",
		Description: alertSettingsDoc, Body: exAlertSettingsRequest, Response: exAlertSettings, Errors: []int{http.StatusNotFound}},
	{Route: "GET /v1/api-keys/expiry.ics", ID: "keyExpiryCalendar", Tag: "Alerts", Summary: "Subscribe to key expiry",
		Description: "An iCalendar (RFC 5545) feed to subscribe to from a calendar app: one all-day event per active key that expires, on its " +
			"expiry date, with reminders 14, 7 and 1 days before and a link to rotate it. Each event's UID is the key's id, so a refresh " +
			"updates events rather than adding them. Calendar apps cannot send headers, so this route alone also takes the key as ?key=, " +
			"used only when no header carries one; the API log redacts it. Give such a URL a key with api_keys:read and nothing else. " +
			"404 on a server without the alert engine.",
		Params: []param{{Name: "key", In: "query", Description: "An API key, for calendar apps that cannot send Authorization; " +
			"a key with only api_keys:read, as the URL is stored in the calendar."}},
		ResponseType: "text/calendar", Response: exExpiryCalendar, Errors: []int{http.StatusNotFound},
		ResponseHeaders: map[string]string{"Cache-Control": "private, max-age=300: calendar apps may poll every 5 minutes."}},

	{Route: "GET /door/{token}/test", ID: "doorTest", Tag: "Door API", Auth: authDoor, Summary: "Test the connection",
		Description: "Succeeds when the base URL and key work: use it to check that your controller can authenticate and parse the response.",
		Params:      []param{pToken}, Response: doorEnvelope{Success: true}},
	{Route: "GET /door/{token}/doors", ID: "doorListDoors", Tag: "Door API", Auth: authDoor, Summary: "List doors",
		Description: "Every door with the membership types that open it. A key restricted to some doors sees only those.",
		Params:      []param{pToken}, Response: doorDoorsWire{doorEnvelope{Success: true}, []doorWire{exDoor}}},
	{Route: "POST /door/{token}/access", ID: "doorAccess", Tag: "Door API", Auth: authDoor, Summary: "Check access and record an entry",
		Description: "Decides one swipe. Identify the user by id, door_access_id and/or barcode_id (all given must match one user). " +
			"Unless check_only is true the entry is recorded. A denial is a 200 with success false and the reason in message; 4xx statuses are for requests that cannot be decided. " +
			"Send an Idempotency-Key header to make retries safe.",
		Params: []param{pToken}, BodyType: "application/x-www-form-urlencoded",
		Body: doorAccessRequest{BarcodeID: "123456789abc", DoorID: "asdf123", CheckOnly: "false"}, BodyRequired: []string{"door_id"},
		Response: exDoorAccess, Errors: []int{http.StatusConflict}},
	{Route: "GET /door/{token}/users", ID: "doorListUsers", Tag: "Door API", Auth: authDoor, Summary: "List users with door access",
		Description: "Members with access to at least one door, 100 a page; only when enabled in the API settings. next_page is false on the last page. " +
			"With updated_since, only members changed since then, deleted ones marked removed.",
		Params: []param{pToken,
			{Name: "p", In: "query", Type: "integer", Description: "The page number, from 1.", Example: "1"},
			{Name: "updated_since", In: "query", Description: "Unix seconds or an RFC 3339 time."}},
		Response: exDoorUsers},

	{Route: "GET /v1/door-api/settings", ID: "getDoorSettings", Tag: "Door administration", Summary: "Get Door API settings", Description: "Whether the Door API is on, what it shows, and its base URL.", Response: exDoorSettings},
	{Route: "PUT /v1/door-api/settings", ID: "updateDoorSettings", Tag: "Door administration", Summary: "Change Door API settings", Description: "Fields left out are kept.",
		Body: doorSettingsRequest{Enabled: ptr(true), UsersEndpointEnabled: ptr(true), ExposeEmail: ptr(false)}, Response: exDoorSettings},
	{Route: "POST /v1/door-api/settings/regenerate-token", ID: "regenerateDoorToken", Tag: "Door administration", Summary: "Regenerate the base URL", Description: "A new base URL; the old one stops working at once.", Response: exDoorSettings},
	{Route: "POST /v1/doors", ID: "createDoor", Tag: "Door administration", Summary: "Create a door",
		Body:         doorRequest{DoorID: "asdf123", Name: ptr("Front Door"), Active: ptr(true), MembershipTypeIDs: &[]int64{1, 2, 3}, AllowInstructors: ptr(true)},
		BodyRequired: []string{"door_id", "name"}, Status: http.StatusCreated, Response: exDoor, Errors: []int{http.StatusConflict}},
	{Route: "GET /v1/doors", ID: "listDoors", Tag: "Door administration", Summary: "List doors",
		Response: wholeList(exDoor)},
	{Route: "GET /v1/doors/{door_id}", ID: "getDoor", Tag: "Door administration", Summary: "Get a door",
		Params: []param{pDoorID}, Response: exDoor},
	{Route: "PATCH /v1/doors/{door_id}", ID: "updateDoor", Tag: "Door administration", Summary: "Edit a door",
		Description: "Fields left out are kept; door_id never changes.", Params: []param{pDoorID},
		Body: doorRequest{Name: ptr("Main Entrance")}, Response: exDoor},
	{Route: "DELETE /v1/doors/{door_id}", ID: "deleteDoor", Tag: "Door administration", Summary: "Delete a door",
		Params: []param{pDoorID}, Status: http.StatusNoContent},
	{Route: "POST /v1/membership-types", ID: "createMembershipType", Tag: "Door administration", Summary: "Create a membership type", Body: membershipTypeRequest{Name: "Standard Monthly"}, BodyRequired: []string{"name"},
		Status: http.StatusCreated, Response: exMembershipType, Errors: []int{http.StatusConflict}},
	{Route: "GET /v1/membership-types", ID: "listMembershipTypes", Tag: "Door administration", Summary: "List membership types", Response: wholeList(exMembershipType)},
	{Route: "GET /v1/membership-types/{id}", ID: "getMembershipType", Tag: "Door administration", Summary: "Get a membership type", Params: []param{membershipTypeID}, Response: exMembershipType},
	{Route: "PATCH /v1/membership-types/{id}", ID: "renameMembershipType", Tag: "Door administration", Summary: "Rename a membership type", Params: []param{membershipTypeID}, Body: membershipTypeRequest{Name: "Unlimited Access"},
		BodyRequired: []string{"name"}, Response: exMembershipType, Errors: []int{http.StatusConflict}},
	{Route: "DELETE /v1/membership-types/{id}", ID: "deleteMembershipType", Tag: "Door administration", Summary: "Delete a membership type", Description: "Only a type that no membership has.", Params: []param{membershipTypeID},
		Status: http.StatusNoContent, Errors: []int{http.StatusConflict}},
	{Route: "POST /v1/members", ID: "createMember", Tag: "Door administration", Summary: "Create a member",
		Body: memberRequest{DoorAccessID: ptr("FFCC8899"), BarcodeID: ptr("123456789abc"), FirstName: ptr("test"), LastName: ptr("testerson"),
			Email: ptr("test@example.com"), Phone: ptr("+447700900123")},
		Status: http.StatusCreated, Response: exMember, Errors: []int{http.StatusConflict}},
	{Route: "GET /v1/members", ID: "listMembers", Tag: "Door administration", Summary: "List members",
		Params: []param{
			{Name: "status", In: "query", Description: "Only members in this state.", Enum: []string{"active", "frozen", "cancelled"}},
			{Name: "is_instructor", In: "query", Type: "boolean", Description: "Only instructors, or only others."},
			{Name: "search", In: "query", Description: "Matches names, email, door access id and barcode id."},
			{Name: "updated_since", In: "query", Description: "Unix seconds or an RFC 3339 time."},
			{Name: "include_deleted", In: "query", Type: "boolean", Description: "Include deleted members."},
			pLimit, pAfter,
		}, Response: pagedList(exMember)},
	{Route: "POST /v1/members/import", ID: "importMembers", Tag: "Door administration", Summary: "Import members from CSV",
		Description: "Creates or updates members from a CSV file. Every row is checked before anything is written; with dry_run=true nothing is.",
		Params:      []param{{Name: "dry_run", In: "query", Type: "boolean", Description: "Check the file and report what would change."}},
		BodyType:    "text/csv", Body: exImportCSV, Response: exImport},
	{Route: "GET /v1/members/{id}", ID: "getMember", Tag: "Door administration", Summary: "Get a member",
		Params: []param{pMemberID}, Response: exMember},
	{Route: "PATCH /v1/members/{id}", ID: "updateMember", Tag: "Door administration", Summary: "Edit a member",
		Description: "Fields left out are kept.", Params: []param{pMemberID}, Body: memberRequest{Status: ptr("frozen")},
		Response: exMember, Errors: []int{http.StatusConflict}},
	{Route: "DELETE /v1/members/{id}", ID: "deleteMember", Tag: "Door administration", Summary: "Delete a member",
		Description: "Controllers syncing with updated_since see the member as removed.", Params: []param{pMemberID}, Status: http.StatusNoContent},
	{Route: "GET /v1/members/{id}/entries", ID: "exportMemberEntries", Tag: "Door administration", Summary: "Export a member's entries", Description: "Everything recorded about one member's door use, for a data access request.",
		Params: []param{pMemberID}, Response: memberEntriesWire{exMember, []entryWire{exEntry}}},
	{Route: "POST /v1/members/{id}/memberships", ID: "createMembership", Tag: "Door administration", Summary: "Add a membership", Params: []param{pMemberID},
		Body:         membershipRequest{MembershipTypeID: ptr(int64(1)), Expires: ptr(int64(1762369732)), DoorIDs: &[]string{"asdf123"}},
		BodyRequired: []string{"membership_type_id", "expires"}, Status: http.StatusCreated, Response: exMembership},
	{Route: "GET /v1/members/{id}/memberships", ID: "listMemberships", Tag: "Door administration", Summary: "List a member's memberships", Params: []param{pMemberID}, Response: wholeList(exMembership)},
	{Route: "GET /v1/members/{id}/memberships/{membership_id}", ID: "getMembership", Tag: "Door administration", Summary: "Get a membership", Params: []param{pMemberID, membershipID}, Response: exMembership},
	{Route: "PATCH /v1/members/{id}/memberships/{membership_id}", ID: "updateMembership", Tag: "Door administration", Summary: "Edit a membership", Description: "Fields left out are kept.", Params: []param{pMemberID, membershipID},
		Body: membershipRequest{Expires: ptr(int64(1793905732))}, Response: exMembership},
	{Route: "DELETE /v1/members/{id}/memberships/{membership_id}", ID: "deleteMembership", Tag: "Door administration", Summary: "Delete a membership", Params: []param{pMemberID, membershipID}, Status: http.StatusNoContent},
	{Route: "GET /v1/door-entries", ID: "listDoorEntries", Tag: "Door administration", Summary: "List door entries",
		Description: "Every access decision, granted or not, newest first.",
		Params: []param{
			{Name: "member_id", In: "query", Type: "integer", Description: "Only this member's entries."},
			{Name: "door_id", In: "query", Description: "Only this door's entries."},
			{Name: "granted", In: "query", Type: "boolean", Description: "Only granted, or only denied, entries."},
			{Name: "from", In: "query", Description: "From this time: unix seconds or RFC 3339."},
			{Name: "to", In: "query", Description: "Up to this time: unix seconds or RFC 3339."},
			pLimit, pAfter,
		}, Response: pagedList(exEntry)},

	{Route: "POST /v1/people/import", ID: "importPeople", Tag: "People", Summary: "Upload people from CSV",
		Description: "Creates and updates people from a CSV file (UTF-8, a BOM is fine, up to 100,000 rows and 64 MiB), matched by employee_id; " +
			"people missing from the file are left as they are. The header must hold employee_id, email, first_name, last_name, start_date and " +
			"date_of_birth; every further column is a demographic attribute such as department or location, with one segment per value. " +
			"employee_id, email, first_name and last_name need a value on every row. Dates are YYYY-MM-DD; an empty date or attribute cell " +
			"puts the person in that attribute's Not specified segment; tenure and age come from the dates. " +
			"The whole file is checked before anything is written: if any cell is wrong nothing is imported, and the 400 lists every problem " +
			"(up to 100) in details.errors as row, column and message. With dry_run=true nothing is written and the counts say what would change.",
		Params:   []param{{Name: "dry_run", In: "query", Type: "boolean", Description: "Check the file and report what would change, writing nothing."}},
		BodyType: "text/csv", Body: exPeopleCSV,
		Response: peopleImportWire{DryRun: true, Created: 1, Updated: 1, AttributesCreated: []string{"location"}, SegmentsCreated: 2}},
	{Route: "GET /v1/attributes", ID: "listAttributes", Tag: "People", Summary: "List attributes and segments",
		Description: "One row per attribute and segment, to label and filter results: the option attributes from the upload's extra columns, " +
			"and the date attributes tenure (in months) and age (in years) with fixed buckets [bucket_min, bucket_max) in bucket_unit, " +
			"bucket_max null for the last; the bucket columns are null for option attributes. Each attribute has a Not specified segment. " +
			"Segment ids never change across uploads, so reports that filter on them keep working. A response counts in the tenure and age " +
			"buckets of its respondent as of its submitted_at." + biListDoc,
		Params: []param{pBILimit, pCursor, pFormat, pBOM}, Response: biExample[attributeSegmentWire](attributeColumns, "", exAttributes...),
		CSV: csvExample(attributeColumns, exAttributes...)},
	{Route: "GET /v1/settings/privacy", ID: "getPrivacySettings", Tag: "Settings", Summary: "Get privacy thresholds",
		Description: "No group smaller than threshold (default 5) is reported in statistics, heatmaps or drivers, and comments only for groups " +
			"of at least comment_threshold (default 10): results never point at a few people.",
		Response: privacyWire{ptr(5), ptr(10)}},
	{Route: "PUT /v1/settings/privacy", ID: "updatePrivacySettings", Tag: "Settings", Summary: "Set privacy thresholds",
		Description: "threshold is 3 to 1000; comment_threshold is at least threshold (a comment says more about its author than a score) " +
			"and at most 1000. A field left out keeps its value.",
		Body: privacyWire{ptr(7), ptr(12)}, Response: privacyWire{ptr(7), ptr(12)}},

	{Route: "POST /v1/surveys", ID: "createSurvey", Tag: "Surveys", Summary: "Create a survey",
		Description: "type is engagement, pulse, enps or custom; status is draft (the default), live or closed. Dates are YYYY-MM-DD or " +
			"RFC 3339, end_date not before start_date. A survey created live or closed takes as invited_count the number of people " +
			"in your tenant now. A key restricted to specific surveys cannot create one (403). The response is the survey's row.",
		Body:         surveyRequest{Name: ptr(exSurvey.Name), Type: ptr("engagement"), Status: ptr("live"), StartDate: ptr("2026-03-02"), EndDate: ptr("2026-03-16")},
		BodyRequired: []string{"name", "type"}, Status: http.StatusCreated, Response: biRow[surveyWire](surveyColumns, exSurvey)},
	{Route: "GET /v1/surveys", ID: "listSurveys", Tag: "Surveys", Summary: "List surveys",
		Description: "The surveys your key may see, in creation order: status, dates, invited_count (null while a draft) and response_count. " +
			"For an incremental refresh pass the last updated_at you saw as updated_since: it is inclusive, and updated_at also moves " +
			"with every batch of responses." + biListDoc,
		Params: []param{
			{Name: "status", In: "query", Enum: []string{"draft", "live", "closed"}, Description: "Only surveys in this state."},
			{Name: "updated_since", In: "query", Description: "Only surveys updated at or after this date (YYYY-MM-DD) or RFC 3339 time."},
			pBILimit, pCursor, pFormat, pBOM,
		}, Response: biExample[surveyWire](surveyColumns, "", exSurvey), CSV: csvExample(surveyColumns, exSurvey)},
	{Route: "GET /v1/surveys/{survey_id}", ID: "getSurvey", Tag: "Surveys", Summary: "Get a survey",
		Description: "The survey's row. A key restricted to other surveys gets 404, as if it did not exist.",
		Params:      []param{pSurveyID}, Response: biRow[surveyWire](surveyColumns, exSurvey)},
	{Route: "PATCH /v1/surveys/{survey_id}", ID: "updateSurvey", Tag: "Surveys", Summary: "Edit a survey",
		Description: "Changes name, status, start_date or end_date; fields left out are kept, and type never changes. When a draft goes " +
			"live or closed, invited_count is set to the number of people in your tenant at that moment.",
		Params: []param{pSurveyID}, Body: surveyRequest{Status: ptr("closed")}, Response: biRow[surveyWire](surveyColumns, exSurvey)},
	{Route: "POST /v1/surveys/{survey_id}/questions", ID: "addQuestion", Tag: "Surveys", Summary: "Add a question",
		Description: "Appends a question; its position is the next number. type is scale (0–10, the default, or 1–5; favourable_min and " +
			"unfavourable_max default to 7 and 4, or 4 and 2), enps (always 0–10, promoters 9–10, detractors 0–6: leave the scale and bands out), " +
			"option (2 to 50 options, answered by position from 1) or free_text (a comment). question_key names the question across surveys " +
			"(lower-case letters, digits, '_', '.' or '-'), so trends follow it; another question of the survey with the same key is a 409. " +
			"category is the driver it belongs to; only scale questions can be in_engagement_index. The response is the question's row.",
		Params: []param{pSurveyID},
		Body: questionRequest{QuestionKey: "pride", Text: "I am proud to work for this company", Type: "scale", Category: "Engagement",
			InEngagementIndex: true},
		BodyRequired: []string{"question_key", "text", "type"}, Status: http.StatusCreated,
		Response: biRow[questionWire](questionColumns, exQuestions[0]), Errors: []int{http.StatusConflict}},
	{Route: "GET /v1/surveys/{survey_id}/questions", ID: "listQuestions", Tag: "Surveys", Summary: "List questions",
		Description: "The survey's questions in position order. scale_min, scale_max, favourable_min and unfavourable_max are null for " +
			"option and free_text questions, category when the question has none; option_count is the number of options. " +
			"meta.survey_id repeats the survey." + biListDoc,
		Params:   []param{pSurveyID, pBILimit, pCursor, pFormat, pBOM},
		Response: biExample[questionWire](questionColumns, exSurveyID, exQuestions...), CSV: csvExample(questionColumns, exQuestions...)},
	{Route: "GET /v1/surveys/{survey_id}/question-options", ID: "listQuestionOptions", Tag: "Surveys", Summary: "List question options",
		Description: "One row per option of the survey's option questions, in question and option order: option_value is the number a " +
			"response sends as the answer, option_label its text." + biListDoc,
		Params:   []param{pSurveyID, pBILimit, pCursor, pFormat, pBOM},
		Response: biExample[questionOptionWire](questionOptionColumns, exSurveyID, exQuestionOptions...),
		CSV:      csvExample(questionOptionColumns, exQuestionOptions...)},
	{Route: "POST /v1/surveys/{survey_id}/responses", ID: "addResponses", Tag: "Surveys", Summary: "Add responses",
		Description: "Saves a batch of 1 to 1000 responses, all or none: the first bad answer refuses the batch, and the 400 names its field, " +
			"such as responses[3].answers[1].value, with details.index. employee_id is a person uploaded with POST /v1/people/import; a person " +
			"answers a survey once. value is a whole number on the scale for scale and enps questions, the option_value for option questions, " +
			"and a string of up to 5000 characters for free_text. submitted_at (RFC 3339 or YYYY-MM-DD; default now; never in the future) " +
			"fixes the segments, tenure and age the response counts in, so later HR changes never move results. The body may be up to 16 MiB.",
		Params: []param{pSurveyID}, Body: exResponsesRequest, BodyRequired: []string{"responses"}, Status: http.StatusCreated,
		Response: responsesAcceptedWire{SurveyID: exSurveyID, Accepted: 1}},

	{Route: "GET /v1/surveys/{survey_id}/statistics", ID: "surveyStatistics", Tag: "Analytics", Summary: "Question statistics",
		Description: "One row per question of the survey in position order, free-text questions left out. With view=distribution, " +
			"one row per question and value instead: count and pct (of the question's response_count) for every value of the scale " +
			"or every option, answered or not; a suppressed question's distribution rows are suppressed whole. " +
			"meta.survey_id and meta.segment_ids repeat the request. A survey without questions is a 400; a key restricted to other " +
			"surveys gets 404." + bandsDoc + filterDoc + confidentialityDoc + biListDoc,
		Params:   []param{pSurveyID, pSegmentID, pSubmittedFrom, pSubmittedTo, pView, pBILimit, pCursor, pFormat, pBOM},
		Response: exStatsPage, ResponseOr: exDistributionPage, CSV: csvExample(statisticsColumns(exSurveyID), exPrideStats, exOptionStats)},
	{Route: "GET /v1/surveys/{survey_id}/questions/{question_id}/statistics", ID: "questionStatistics", Tag: "Analytics",
		Summary: "One question's statistics",
		Description: "The statistics table for one question, named by id or question_key: one row, or with view=distribution one row " +
			"per value. A free-text question is a 400; a question not in the survey is a 404." + bandsDoc + filterDoc + confidentialityDoc,
		Params: []param{pSurveyID, {Name: "question_id", In: "path", Description: "The question's id, or its question_key.", Example: "pride"},
			pSegmentID, pSubmittedFrom, pSubmittedTo, pView, pBILimit, pCursor, pFormat, pBOM},
		Response:   reportExample[client.QuestionStatistics](statisticsColumns(exSurveyID), exPrideStats),
		ResponseOr: exDistributionPage, CSV: csvExample(statisticsColumns(exSurveyID), exPrideStats)},
	{Route: "GET /v1/metrics", ID: "listMetrics", Tag: "Analytics", Summary: "Headline metrics",
		Description: "One row per metric × survey, or × period with interval, × segment with attribute_id. Rows run survey by survey " +
			"in id order, then metric, period and segment. Without survey_id every survey your key may see is included, except surveys " +
			"without questions. A metric a survey cannot have (no eNPS question, no Engagement Index questions, none of a custom " +
			"metric's keys) is one row of nulls, not suppressed. With interval, complementary suppression runs along both the periods " +
			"and the segments. An unknown metric, attribute or segment, or an interval other than month or quarter, is a 400 naming " +
			"the parameter; an unknown survey_id is a 404." + metricsDoc + filterDoc + confidentialityDoc + biListDoc,
		Params: []param{
			{Name: "metric", In: "query", Type: "array", Example: "engagement_index",
				Description: "engagement_index, enps, average_score or custom:{id}; repeat it for several. Default: the first three."},
			{Name: "survey_id", In: "query", Description: "Only this survey; left out, every survey your key may see."},
			{Name: "attribute_id", In: "query", Description: "One row per segment of this attribute, Not specified included."},
			{Name: "interval", In: "query", Enum: []string{"month", "quarter"},
				Description: "One row per month (period 2026-03) or quarter (2026-Q1) of submission, in UTC; left out, one row per survey."},
			pSegmentID, pSubmittedFrom, pSubmittedTo, pBILimit, pCursor, pFormat, pBOM,
		},
		Response: biExample[client.MetricRow](metricColumns, "", exMetricRows...), CSV: csvExample(metricColumns, exMetricRows...),
		Errors: []int{http.StatusNotFound}},
	{Route: "GET /v1/surveys/{survey_id}/key-drivers", ID: "keyDrivers", Tag: "Analytics", Summary: "Key Drivers",
		Description: "Which driver moves engagement most: one row per driver, the highest influence_pct first, rows without one last, " +
			"by name. A driver's row is suppressed when the respondents with a value for it, or with a value and an Engagement Index " +
			"value, fall below the threshold (or, filtered, leave fewer than the threshold outside); a filtered group that does so " +
			"suppresses every row." + keyDriversDoc + filterDoc + confidentialityDoc + biListDoc,
		Params:   []param{pSurveyID, pSegmentID, pSubmittedFrom, pSubmittedTo, pBILimit, pCursor, pFormat, pBOM},
		Response: reportExample[client.KeyDriver](driverColumns, exDrivers...), CSV: csvExample(driverColumns, exDrivers...)},
	{Route: "GET /v1/heatmap/{survey_id}", ID: "heatmap", Tag: "Analytics", Summary: "Heatmap",
		Description: "One row per segment × Engagement Index (when the survey has Engagement Index questions), eNPS (when it has an " +
			"eNPS question) and each scale or eNPS question, in that order, attribute by attribute. Each row carries the segment's " +
			"response_count, score, mean and favourable_pct, the whole survey's as overall_*, and delta_* = segment − overall " +
			"(null when either side is). score is the Engagement Index (0–100), the eNPS (−100 to 100) or the question's " +
			"average_score_100; mean is a question's mean on its scale. The segments of one attribute and row form one breakdown for " +
			"complementary suppression; a suppressed row keeps its overall_* values. The Engagement Index (person first) and eNPS are " +
			"defined under GET /v1/metrics; favourable_pct is null on eNPS rows." + confidentialityDoc + biListDoc,
		Params: []param{pSurveyID,
			{Name: "attribute_id", In: "query", Description: "Only this attribute's segments; left out, every attribute, each its own breakdown."},
			{Name: "metric", In: "query", Enum: []string{"engagement_index", "enps", "question"}, Description: "Only rows of this row_type."},
			pBILimit, pCursor, pFormat, pBOM},
		Response: biExample[client.HeatmapRow](heatmapColumns, exSurveyID, exHeatmap...), CSV: csvExample(heatmapColumns, exHeatmap...)},
	{Route: "GET /v1/surveys/{survey_id}/facets", ID: "facets", Tag: "Analytics", Summary: "Facets to filter by",
		Description: "What the survey's reports can be filtered by: one row per segment of every attribute (facet_type segment), then " +
			"one per month and per quarter with responses (date_bucket), with respondent_count and reportable. Each attribute and each " +
			"interval is one breakdown: a count below the threshold is null, with complementary suppression, so the visible counts " +
			"never size a hidden group. meta.respondent_count is the survey's respondents, null below the threshold." +
			confidentialityDoc + biListDoc,
		Params:   []param{pSurveyID, pBILimit, pCursor, pFormat, pBOM},
		Response: exFacetsPage, CSV: csvExample(facetColumns, exFacets...)},
	{Route: "POST /v1/custom-metrics", ID: "createCustomMetric", Tag: "Analytics", Summary: "Create a custom metric",
		Description: "A named index over 1 to 100 question keys, computed person first like the Engagement Index: each respondent's " +
			"mean of the listed questions they answered on 0–100, counted when they answered at least two thirds of those the survey " +
			"has. Every key must name a question of one of your surveys (400 naming question_keys[i] otherwise); a survey that lacks " +
			"some is computed over those it has, and over its scale and eNPS questions only. name is 1 to 200 characters and unique " +
			"in your tenant (409). Ask for it in GET /v1/metrics as metric=custom:{id}. The response is the metric's row.",
		Body:         customMetricRequest{Name: exCustomMetric.Name, QuestionKeys: exCustomMetric.QuestionKeys},
		BodyRequired: []string{"name", "question_keys"}, Status: http.StatusCreated,
		Response: biRow[client.CustomMetric](customMetricColumns, exCustomMetric), Errors: []int{http.StatusConflict}},
	{Route: "GET /v1/custom-metrics", ID: "listCustomMetrics", Tag: "Analytics", Summary: "List custom metrics", Description: "Your tenant's custom metrics, in creation order." + biListDoc,
		Params:   []param{pBILimit, pCursor, pFormat, pBOM},
		Response: biExample[client.CustomMetric](customMetricColumns, "", exCustomMetric), CSV: csvExample(customMetricColumns, exCustomMetric)},
	{Route: "GET /v1/custom-metrics/{id}", ID: "getCustomMetric", Tag: "Analytics", Summary: "Get a custom metric", Params: []param{pID("custom metric")},
		Response: biRow[client.CustomMetric](customMetricColumns, exCustomMetric)},
	{Route: "DELETE /v1/custom-metrics/{id}", ID: "deleteCustomMetric", Tag: "Analytics", Summary: "Delete a custom metric", Description: "GET /v1/metrics answers 400 for metric=custom:{id} from then on.",
		Params: []param{pID("custom metric")}, Status: http.StatusNoContent},

	{Route: "POST /v1/open-door", ID: "addOpenDoor", Tag: "Feedback", Summary: "Send Open Door submissions",
		Description: "Saves one anonymous submission, or 1 to 1,000 in {\"submissions\": [...]}, all or none: the first bad item refuses " +
			"the batch, and the 400 names its field, such as submissions[2].category, with details.index (a single submission is " +
			"submissions[0]); sending one item's fields and submissions together is a 400 too. employee_id must name a person " +
			"uploaded with POST /v1/people/import. It is used only to snapshot the author's segments as of submitted_at, and is " +
			"never stored with the submission nor returned by GET /v1/open-door: what is kept is the UTC day, category, text and " +
			"that snapshot. category is problem, question, suggestion or custom; text is 1 to 5,000 characters once trimmed. " +
			"The body may be up to 16 MiB.",
		Body:      openDoorItem{EmployeeID: "E1001", Category: "suggestion", Text: exOpenDoor[0].Text, SubmittedAt: ptr("2026-03-04T10:15:00Z")},
		BodyBatch: "submissions", BodyRequired: []string{"employee_id", "category", "text"}, Status: http.StatusCreated,
		Response: feedbackAcceptedWire{Accepted: 1}},
	{Route: "GET /v1/open-door", ID: "listOpenDoor", Tag: "Feedback", Summary: "List Open Door submissions",
		Description: openDoorDoc + biListDoc,
		Params: []param{
			{Name: "from", In: "query", Description: "Only days at or after this date (YYYY-MM-DD) or RFC 3339 time, rounded up to a whole day."},
			{Name: "to", In: "query", Description: "Only days before this date (YYYY-MM-DD) or RFC 3339 time, rounded up to a whole day."},
			{Name: "category", In: "query", Enum: []string{"problem", "question", "suggestion", "custom"}, Description: "Only this category."},
			feedbackSegment, pBILimit, pCursor, pFormat, pBOM,
		},
		Response: exOpenDoorPage, CSV: csvExample(openDoorColumns(exFeedbackAttrs), exOpenDoor...)},
	{Route: "POST /v1/hive-fives", ID: "addHiveFives", Tag: "Feedback", Summary: "Send Hive Fives",
		Description: "Saves one recognition, or 1 to 1,000 in {\"hive_fives\": [...]}, all or none: the first bad item refuses the " +
			"batch, and the 400 names its field, such as hive_fives[3].value, with details.index (a single recognition is " +
			"hive_fives[0]); sending one item's fields and hive_fives together is a 400 too. sender_employee_id and " +
			"recipient_employee_id name two different people uploaded with POST /v1/people/import; both sides' segments are " +
			"snapshotted as of sent_at. value is a value tag such as teamwork; text is 1 to 5,000 characters once trimmed. " +
			"private hides the text and the sender from GET /v1/hive-fives, which still lists and counts the recognition. " +
			"The body may be up to 16 MiB.",
		Body: hiveFiveItem{SenderEmployeeID: "E1002", RecipientEmployeeID: "E1001", Text: *exHiveFives[0].Text, Value: "teamwork",
			SentAt: ptr("2026-01-15T09:30:00Z")},
		BodyBatch: "hive_fives", BodyRequired: []string{"sender_employee_id", "recipient_employee_id", "text", "value"},
		Status: http.StatusCreated, Response: feedbackAcceptedWire{Accepted: 1}},
	{Route: "GET /v1/hive-fives", ID: "listHiveFives", Tag: "Feedback", Summary: "List Hive Fives",
		Description: hiveFivesDoc + biListDoc,
		Params: []param{
			{Name: "from", In: "query", Description: "Only recognitions sent at or after this date (YYYY-MM-DD, UTC) or RFC 3339 time."},
			{Name: "to", In: "query", Description: "Only recognitions sent before this date (YYYY-MM-DD, UTC) or RFC 3339 time."},
			feedbackSegment, pBILimit, pCursor, pFormat, pBOM,
		},
		Response: exHiveFivePage, CSV: csvExample(hiveFiveColumns(exFeedbackAttrs), exHiveFives...)},
}

var (
	membershipTypeID = param{Name: "id", In: "path", Type: "integer", Description: "The membership type's numeric id.", Example: "1"}
	membershipID     = param{Name: "membership_id", In: "path", Type: "integer", Description: "The membership's numeric id.", Example: "1234"}
)

// fleetHeaders are the response headers of a change to keys.
var fleetHeaders = map[string]string{HeaderFleetConfirmed: fleetConfirmedDoc}
