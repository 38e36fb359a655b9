package manage

import (
	"net/http"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// tenantEndpoints read the tenant and its audit trail, and manage webhooks,
// the API log and alerts.
func (s *API) tenantEndpoints() []edge.Endpoint {
	return []edge.Endpoint{
		{Route: "GET /v1/tenant", Handler: s.getTenant, Scope: hive.ScopeAdminRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "getTenant", Tag: "Tenant", Summary: "Get your tenant",
				Description: "The tenant, its plan, and the default rate limit and concurrency cap of its keys.", Response: exTenant}},
		{Route: "GET /v1/audit-events", Handler: s.listAuditEvents, Scope: hive.ScopeAdminRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "listAuditEvents", Tag: "Tenant", Summary: "List audit events",
				Description: "Who created, edited, rotated or revoked a key or service account, and when; newest first.",
				Params: []edge.Param{
					{Name: "target_id", In: "query", Description: "Only events about this key or service account."},
					{Name: "action", In: "query", Description: "Only this action, such as api_key.created."},
					edge.ParamLimit, edge.ParamAfter,
				}, Response: edge.PagedList(exAuditEvent)}},

		{Route: "POST /v1/webhooks", Handler: s.createWebhook, Scope: hive.ScopeAdminWrite, Allow: edge.Admins,
			Doc: edge.Doc{ID: "createWebhook", Tag: "Webhooks", Summary: "Create a webhook endpoint",
				Description: "The URL must be https (http only to localhost). The signing secret is in this response only; check each delivery's Hive-Signature header with it.",
				Body:        api.CreateWebhookRequest{URL: "https://hooks.example.com/hive", Events: []string{"door.entry"}}, BodyRequired: []string{"url", "events"},
				Status: http.StatusCreated, Response: api.CreatedWebhook{Webhook: exWebhook, Secret: "whsec_EXAMPLEonly0000000000000000"},
				Errors: []int{http.StatusConflict}}},
		{Route: "GET /v1/webhooks", Handler: s.listWebhooks, Scope: hive.ScopeAdminRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "listWebhooks", Tag: "Webhooks", Summary: "List webhook endpoints",
				Params: []edge.Param{edge.ParamLimit, edge.ParamAfter}, Response: edge.PagedList(exWebhook)}},
		{Route: "GET /v1/webhooks/{id}", Handler: s.getWebhook, Scope: hive.ScopeAdminRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "getWebhook", Tag: "Webhooks", Summary: "Get a webhook endpoint",
				Params: []edge.Param{pID("webhook endpoint")}, Response: exWebhook}},
		{Route: "DELETE /v1/webhooks/{id}", Handler: s.deleteWebhook, Scope: hive.ScopeAdminWrite, Allow: edge.Admins,
			Doc: edge.Doc{ID: "deleteWebhook", Tag: "Webhooks", Summary: "Delete a webhook endpoint",
				Description: "Pending deliveries to the endpoint are deleted with it.", Params: []edge.Param{pID("webhook endpoint")}, Status: http.StatusNoContent}},
		{Route: "GET /v1/webhooks/{id}/deliveries", Handler: s.listWebhookDeliveries, Scope: hive.ScopeAdminRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "listWebhookDeliveries", Tag: "Webhooks", Summary: "List deliveries", Description: "Events sent, or being sent, to the endpoint, newest first.",
				Params: []edge.Param{pID("webhook endpoint"),
					{Name: "status", In: "query", Description: "Only deliveries in this state.", Enum: []string{"pending", "succeeded", "failed"}},
					edge.ParamLimit, edge.ParamAfter}, Response: edge.PagedList(exDelivery)}},

		{Route: "GET /v1/api-logs", Handler: s.listAPILogs, Scope: hive.ScopeLogsRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "listAPILogs", Tag: "API logs", Summary: "List API logs",
				Description: "Every request the API answered for your tenant, newest first, errors included, and requests that presented a revoked or expired key of yours: key, route, status, " +
					"error code and reason, latency, client address and user agent. The query string is stored with secret-looking parameters, and any API key under any name, redacted; one-time secrets are blanked in stored bodies. " +
					"Entries are written in batches off the request path, so a request appears within a second or so, and are deleted after the " +
					"retention set in PUT /v1/settings/api-logs (default 7 days, 1 to 90). Page with starting_after=next_cursor while has_more; " +
					"there is no total, as counting a busy log would cost more than the page.",
				Params: []edge.Param{
					{Name: "key_id", In: "query", Description: "Only requests that presented this key."},
					{Name: "status", In: "query", Description: "An exact status such as 429, or a class from 1xx to 5xx.", Example: "4xx"},
					{Name: "route", In: "query", Description: "Only this route pattern, method included (a path alone is a 400 saying so).", Example: "GET /v1/surveys"},
					{Name: "from", In: "query", Description: "Requests at or after this RFC 3339 time."},
					{Name: "to", In: "query", Description: "Requests before this RFC 3339 time; it must be after from."},
					edge.ParamLimit, edge.ParamAfter,
				}, Response: api.APILogList{Object: "list", Data: []api.APILog{exAPILog}, HasMore: true, NextCursor: &exLogID}}},
		{Route: "GET /v1/api-logs/{id}", Handler: s.getAPILog, Scope: hive.ScopeLogsRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "getAPILog", Tag: "API logs", Summary: "Get an API log entry",
				Description: "One request of the log. 404 once it is older than the retention.", Params: []edge.Param{pID("log entry")}, Response: exAPILog}},
		{Route: "GET /v1/api-logs/{id}/response", Handler: s.getAPILogResponse, Scope: hive.ScopeLogsRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "getAPILogResponse", Tag: "API logs", Summary: "Get the response of a logged request",
				Description: "The response body as it was sent, with its Content-Type: the data the caller received. Only the first 64 KiB is kept " +
					"(Hive-Body-Truncated says whether it was cut), and secrets, such as a created key's, are blanked. " +
					"404, with the reason, when the response had no body, it was not kept because the log was over its memory budget, or the entry has expired.",
				Params: []edge.Param{pID("log entry")}, ResponseType: "*/*", Response: `{"data":[{"id":"srv_0V2SpQ7wErT4yUi8oPa1sD","name":"Engagement Survey Spring 2026"}]}`,
				ResponseHeaders: map[string]string{"Hive-Body-Truncated": "true when the stored body is the first 64 KiB of a longer one."}}},

		{Route: "GET /v1/settings/api-logs", Handler: s.getAPILogSettings, Scope: hive.ScopeAdminRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "getAPILogSettings", Tag: "Settings", Summary: "Get API log settings",
				Description: "How many days the API log keeps requests and their responses.", Response: exAPILogSettings}},
		{Route: "PUT /v1/settings/api-logs", Handler: s.updateAPILogSettings, Scope: hive.ScopeAdminWrite, Allow: edge.Admins,
			Doc: edge.Doc{ID: "updateAPILogSettings", Tag: "Settings", Summary: "Set the API log retention",
				Description: "api_log_retention_days is 1 to 90 (default 7). Older entries are deleted by the next hourly clean-up.",
				Body:        api.APILogSettingsRequest{APILogRetentionDays: 30}, BodyRequired: []string{"api_log_retention_days"}, Response: exAPILogSettings}},
		{Route: "GET /v1/settings/key-policy", Handler: s.getKeyPolicy, Scope: hive.ScopeAdminRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "getKeyPolicy", Tag: "Settings", Summary: "Get the key policy",
				Description: "What your tenant demands of its keys. " + keyPolicyDoc, Response: exKeyPolicy}},
		{Route: "PUT /v1/settings/key-policy", Handler: s.updateKeyPolicy, Scope: hive.ScopeAdminWrite, Allow: edge.Admins,
			Doc: edge.Doc{ID: "updateKeyPolicy", Tag: "Settings", Summary: "Set the key policy",
				Description: "Replaces the whole policy; the change is in the audit trail (key_policy.updated). " + keyPolicyDoc,
				Body:        exKeyPolicyRequest, Response: exKeyPolicy}},

		{Route: "GET /v1/alerts", Handler: s.listAlerts, Scope: hive.ScopeLogsRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "listAlerts", Tag: "Alerts", Summary: "List alerts",
				Description: "Alerts raised for your tenant, newest first; 404 on a server without the alert engine." + alertRulesDoc,
				Params: []edge.Param{
					{Name: "status", In: "query", Enum: []string{"open", "acknowledged"}, Description: "Only open, or only acknowledged, alerts."},
					{Name: "rule", In: "query", Enum: []string{"error_rate_spike", "traffic_spike", "revoked_key_used", "expired_key_used",
						"new_client_ip", "rate_limit_repeated", "key_expiring", "rate_limiter_degraded", "key_leaked", "key_unused"}, Description: "Only alerts of this rule."},
					{Name: "key_id", In: "query", Description: "Only alerts about this key."},
					edge.ParamLimit, edge.ParamAfter,
				}, Response: edge.PagedList(exAlert), Errors: []int{http.StatusNotFound}}},
		{Route: "GET /v1/alerts/{id}", Handler: s.getAlert, Scope: hive.ScopeLogsRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "getAlert", Tag: "Alerts", Summary: "Get an alert",
				Description: "details holds the rule's numbers, such as requests and errors in the window, or the new client_ip.",
				Params:      []edge.Param{pID("alert")}, Response: exAlert}},
		{Route: "POST /v1/alerts/{id}/ack", Handler: s.ackAlert, Scope: hive.ScopeAdminWrite, Allow: edge.Admins,
			Doc: edge.Doc{ID: "acknowledgeAlert", Tag: "Alerts", Summary: "Acknowledge an alert",
				Description: "Marks the alert as handled. Acknowledging again changes nothing: the first acknowledgement, and who made it, is kept.",
				Params:      []edge.Param{pID("alert")}, Response: exAckedAlert}},
		// A literal segment beats a wildcard, so this never reaches getKey.
		{Route: "GET /v1/settings/alerts", Handler: s.getAlertSettings, Scope: hive.ScopeAdminRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "getAlertSettings", Tag: "Alerts", Summary: "Get alert settings",
				Description: "Every rule with whether it is on, its cooldown and thresholds, and where alerts are sent. updated_at is null while the tenant has the defaults.",
				Response:    exAlertSettings, Errors: []int{http.StatusNotFound}}},
		{Route: "PUT /v1/settings/alerts", Handler: s.updateAlertSettings, Scope: hive.ScopeAdminWrite, Allow: edge.Admins,
			Doc: edge.Doc{ID: "updateAlertSettings", Tag: "Alerts", Summary: "Change alert settings",
				Description: alertSettingsDoc, Body: exAlertSettingsRequest, Response: exAlertSettings, Errors: []int{http.StatusNotFound}}},
		{Route: "GET /v1/api-keys/expiry.ics", Auth: edge.AuthKeyOrQuery, Handler: s.keyExpiryCalendar, Scope: hive.ScopeKeysRead, Allow: edge.Admins,
			Doc: edge.Doc{ID: "keyExpiryCalendar", Tag: "Alerts", Summary: "Subscribe to key expiry",
				Description: "An iCalendar (RFC 5545) feed to subscribe to from a calendar app: one all-day event per active key that expires, on its " +
					"expiry date, with reminders 14, 7 and 1 days before and a link to rotate it. Each event's UID is the key's id, so a refresh " +
					"updates events rather than adding them. Calendar apps cannot send headers, so this route alone also takes the key as ?key=, " +
					"used only when no header carries one; the API log redacts it. Give such a URL a key with api_keys:read and nothing else. " +
					"404 on a server without the alert engine.",
				Params: []edge.Param{{Name: "key", In: "query", Description: "An API key, for calendar apps that cannot send Authorization; " +
					"a key with only api_keys:read, as the URL is stored in the calendar."}},
				ResponseType: "text/calendar", Response: exExpiryCalendar, Errors: []int{http.StatusNotFound},
				ResponseHeaders: map[string]string{"Cache-Control": "private, max-age=300: calendar apps may poll every 5 minutes."}}},
	}
}
