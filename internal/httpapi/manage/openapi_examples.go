package manage

import (
	"encoding/json"
	"time"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// Example values for the OpenAPI document. Each is of the wire type its
// handler encodes or decodes, so its schema comes from the same type.

var (
	exTime    = edge.ExTime
	exExpires = exTime.AddDate(0, 0, 90)
	exSAID    = "sa_0V2Sg7LbDq5pQZr1xYk3aN"
	exKeyID   = edge.ExKeyID
	exUserID  = "usr_0V2Sf1QwErTy6uIo9pAsDf"
	exIP      = "203.0.113.7"
)

var exServiceAccount = api.ServiceAccount{ID: exSAID, Object: "service_account", Name: "PowerBI Dashboard",
	Description: "Engagement dashboards for the HR team", CreatedBy: exUserID, CreatedAt: exTime, UpdatedAt: exTime}

var exAPIKey = api.APIKey{ID: exKeyID, Object: "api_key", Name: "PowerBI production", Kind: "service_account",
	ServiceAccountID: &exSAID, Hint: "hive_sk_…Q3xZ", Status: "active",
	Permissions: []string{"surveys:read", "responses:read"}, Resources: api.Resources{Surveys: []string{"srv_engagement_2026"}},
	IPAllowlist: []string{}, ExpiresAt: &exExpires, CreatedAt: exTime, CreatedBy: exUserID, UpdatedAt: exTime,
	LastUsedAt: &exTime, LastUsedIP: &exIP}

var exCreatedKey = api.CreatedAPIKey{APIKey: exAPIKey,
	Key: "hive_sk_EXAMPLEonlyNotARealKey0000000000000000000000abc123"}

var exCreateKeyRequest = api.CreateKeyRequest{Name: "PowerBI production", ServiceAccountID: exSAID,
	Permissions: []string{"surveys:read", "responses:read"}, ExpiresInDays: edge.Ptr(90)}

var exUpdateKeyRequest = api.UpdateKeyRequest{Name: edge.Ptr("PowerBI production (EU)"), RateLimitPerMinute: edge.Ptr(120)}

var exRotateKeyRequest = api.RotateKeyRequest{GracePeriodSeconds: edge.Ptr(86400)}

var exVerification = api.Verification{Valid: true, KeyID: exKeyID, Kind: "service_account", TenantSlug: "yourcompany",
	ServiceAccountID: &exSAID, Permissions: []string{"surveys:read"}, ExpiresAt: &exExpires,
	RateLimit: api.RateLimit{Limit: 200, Remaining: 199, Reset: 1767225600}}

var exPermissions = api.Permissions{
	Permissions: []api.Permission{{Scope: "surveys:read", Group: "surveys", Description: "List surveys, questions and statistics"}},
	Presets:     []api.Preset{{Name: "data", Permissions: []string{"surveys:read", "responses:read", "open_door:read", "hive_fives:read"}}},
}

var exTenant = api.Tenant{ID: "ten_0V2SeZ8nBv3cXz5aQw7ErT", Slug: "yourcompany", Name: "Your Company", Plan: "operator",
	RateLimitPerMinute: 300, ConcurrencyLimit: edge.Ptr(10)}

var exAuditEvent = api.AuditEvent{ID: "evt_0V2SjK4lPo9iUy6tRe3WqA", Object: "audit_event", Action: "api_key.created",
	ActorID: exUserID, TargetType: "api_key", TargetID: exKeyID, Details: map[string]any{"name": "PowerBI production"},
	IP: &exIP, CreatedAt: exTime}

var exWebhook = api.Webhook{ID: "whk_0V2SkL5mNb8vCx2zAs4DfG", Object: "webhook_endpoint", URL: "https://hooks.example.com/hive",
	Events: []string{"door.entry"}, Active: true, CreatedAt: exTime}

var exDelivery = api.WebhookDelivery{ID: "whd_0V2SmN6bVc9xZa3sDf5GhJ", Object: "webhook_delivery", WebhookID: exWebhook.ID,
	Event: "door.entry", Payload: json.RawMessage(`{"type":"door.entry","data":{"door_id":"front"}}`), Status: "succeeded",
	Attempts: 1, LastStatusCode: edge.Ptr(200), CreatedAt: exTime, UpdatedAt: exTime}

// API log, usage and alert examples.

var exLogID = "log_0V2SwX4oPa1sDf5gHj8kLz"

var exAPILog = api.APILog{ID: exLogID, Object: "api_log", Time: exTime, KeyID: &exKeyID, Method: "GET", AuthVia: "header",
	Route: edge.Ptr("GET /v1/surveys"), Path: "/v1/surveys", Query: "limit=500&updated_since=2026-01-01", Status: 200,
	LatencyMS: 12.375, ClientIP: &exIP, UserAgent: "Microsoft.Data.Mashup", RequestID: "req_3kq9x2a1",
	ResponseBytes: 5321, ContentType: "application/json; charset=utf-8", ResponseURL: "/v1/api-logs/" + exLogID + "/response"}

var exAPILogSettings = api.APILogSettings{Object: "api_log_settings", APILogRetentionDays: 30, DefaultRetentionDays: 7}

func exUsagePoint(start *time.Time, requests int64) api.UsagePoint {
	return api.UsagePoint{Start: start, Requests: requests, Status2xx: requests - 3, Status4xx: 3, RateLimited: 1,
		P50MS: edge.Ptr(11.5), P99MS: edge.Ptr(96.0)}
}

var exHour = exTime.Truncate(time.Hour)

var exKeyUsage = api.Usage{Object: "usage", KeyID: &exKeyID, Interval: "hour", From: exHour.Add(-time.Hour), To: exHour.Add(time.Hour),
	Data:  []api.UsagePoint{exUsagePoint(edge.Ptr(exHour.Add(-time.Hour)), 120), exUsagePoint(&exHour, 84)},
	Total: exUsagePoint(nil, 204)}

var exTenantUsage = func() api.Usage {
	u := exKeyUsage
	u.KeyID = nil
	byKey, byRoute := exUsagePoint(nil, 204), exUsagePoint(nil, 204)
	byKey.KeyID, byRoute.Route = &exKeyID, edge.Ptr("GET /v1/surveys")
	u.ByKey, u.ByRoute = []api.UsagePoint{byKey}, []api.UsagePoint{byRoute}
	return u
}()

var exAlert = api.Alert{ID: "alr_0V2SxY5pAs2dFg6hJk9lZx", Object: "alert", Rule: "new_client_ip", Severity: "warning",
	Status: "open", KeyID: &exKeyID, Message: "Key " + exKeyID + " was used from 198.51.100.23, an address it never used before",
	Details: map[string]any{"client_ip": "198.51.100.23"}, FiredAt: exTime}

var exAckedAlert = func() api.Alert {
	a := exAlert
	a.Status, a.AcknowledgedAt, a.AcknowledgedBy = "acknowledged", edge.Ptr(exTime.Add(20*time.Minute)), &exUserID
	return a
}()

const exExpiryCalendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Hive//API key expiry//EN\r\nCALSCALE:GREGORIAN\r\n" +
	"METHOD:PUBLISH\r\nX-WR-CALNAME:Hive API key expiry\r\nBEGIN:VEVENT\r\nUID:key_0V2ShA9mXc4tRb7uWy2eLf@hive\r\n" +
	"DTSTAMP:20260115T093000Z\r\nDTSTART;VALUE=DATE:20260415\r\nDTEND;VALUE=DATE:20260416\r\n" +
	"SUMMARY:API key PowerBI production expires\r\n" +
	"URL:https://yourcompany.hive.hr/v1/api-keys/key_0V2ShA9mXc4tRb7uWy2eLf\r\nTRANSP:TRANSPARENT\r\n" +
	"BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:API key PowerBI production expires in 14 days\r\nTRIGGER:-P14D\r\nEND:VALARM\r\n" +
	"END:VEVENT\r\nEND:VCALENDAR\r\n"
