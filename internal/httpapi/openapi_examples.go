package httpapi

import (
	"encoding/json"
	"time"

	"github.com/hive-platform/hive/client"
)

// Example values for the OpenAPI document. Each is of the wire type its
// handler encodes or decodes, so its schema comes from the same type.

var (
	exTime    = time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)
	exExpires = exTime.AddDate(0, 0, 90)
	exSAID    = "sa_0V2Sg7LbDq5pQZr1xYk3aN"
	exKeyID   = "key_0V2ShA9mXc4tRb7uWy2eLf"
	exUserID  = "usr_0V2Sf1QwErTy6uIo9pAsDf"
	exIP      = "203.0.113.7"
)

func ptr[T any](v T) *T { return &v }

var exServiceAccount = client.ServiceAccount{ID: exSAID, Object: "service_account", Name: "PowerBI Dashboard",
	Description: "Engagement dashboards for the HR team", CreatedBy: exUserID, CreatedAt: exTime, UpdatedAt: exTime}

var exAPIKey = client.APIKey{ID: exKeyID, Object: "api_key", Name: "PowerBI production", Kind: "service_account",
	ServiceAccountID: &exSAID, Hint: "hive_sk_…Q3xZ", Status: "active",
	Permissions: []string{"surveys:read", "responses:read"}, Resources: client.Resources{Surveys: []string{"srv_engagement_2026"}},
	IPAllowlist: []string{}, ExpiresAt: &exExpires, CreatedAt: exTime, CreatedBy: exUserID, UpdatedAt: exTime,
	LastUsedAt: &exTime, LastUsedIP: &exIP}

var exCreatedKey = client.CreatedAPIKey{APIKey: exAPIKey,
	Key: "hive_sk_EXAMPLEonlyNotARealKey0000000000000000000000abc123"}

var exCreateKeyRequest = client.CreateKeyRequest{Name: "PowerBI production", ServiceAccountID: exSAID,
	Permissions: []string{"surveys:read", "responses:read"}, ExpiresInDays: ptr(90)}

var exUpdateKeyRequest = client.UpdateKeyRequest{Name: ptr("PowerBI production (EU)"), RateLimitPerMinute: ptr(120)}

var exRotateKeyRequest = client.RotateKeyRequest{GracePeriodSeconds: ptr(86400)}

var exVerification = client.Verification{Valid: true, KeyID: exKeyID, Kind: "service_account", TenantSlug: "yourcompany",
	ServiceAccountID: &exSAID, Permissions: []string{"surveys:read"}, ExpiresAt: &exExpires,
	RateLimit: client.RateLimit{Limit: 200, Remaining: 199, Reset: 1767225600}}

var exPermissions = client.Permissions{
	Permissions: []client.Permission{{Scope: "surveys:read", Group: "surveys", Description: "List surveys, questions and statistics"}},
	Presets:     []client.Preset{{Name: "data", Permissions: []string{"surveys:read", "responses:read", "open_door:read", "hive_fives:read"}}},
}

var exTenant = tenantWire{ID: "ten_0V2SeZ8nBv3cXz5aQw7ErT", Slug: "yourcompany", Name: "Your Company", Plan: "operator",
	RateLimitPerMinute: 300, ConcurrencyLimit: ptr(10)}

var exAuditEvent = client.AuditEvent{ID: "evt_0V2SjK4lPo9iUy6tRe3WqA", Object: "audit_event", Action: "api_key.created",
	ActorID: exUserID, TargetType: "api_key", TargetID: exKeyID, Details: map[string]any{"name": "PowerBI production"},
	IP: &exIP, CreatedAt: exTime}

var exWebhook = client.Webhook{ID: "wh_0V2SkL5mNb8vCx2zAs4DfG", Object: "webhook_endpoint", URL: "https://hooks.example.com/hive",
	Events: []string{"door.entry"}, Active: true, CreatedAt: exTime}

var exDelivery = client.WebhookDelivery{ID: "whd_0V2SmN6bVc9xZa3sDf5GhJ", Object: "webhook_delivery", WebhookID: exWebhook.ID,
	Event: "door.entry", Payload: json.RawMessage(`{"type":"door.entry","data":{"door_id":"front"}}`), Status: "succeeded",
	Attempts: 1, LastStatusCode: ptr(200), CreatedAt: exTime, UpdatedAt: exTime}

// pagedList is one page of a list with a cursor, as client.List is on the
// wire.
func pagedList[T any](items ...T) client.List[T] {
	return client.List[T]{Object: "list", Data: items, Total: len(items)}
}

// Door API examples, in the Door Access API's published shapes.

var exDoor = doorWire{DoorID: "asdf123", Name: "Front Door", Active: true, MembershipTypeIDs: []int64{1, 2, 3}, AllowInstructors: true}

// doorAccessRequest is the form body of POST /door/{token}/access.
type doorAccessRequest struct {
	ID           string `json:"id,omitempty"`
	DoorAccessID string `json:"door_access_id,omitempty"`
	BarcodeID    string `json:"barcode_id,omitempty"`
	DoorID       string `json:"door_id"`
	CheckOnly    string `json:"check_only,omitempty"`
}

var exDoorUser = doorUserWire{ID: 201, DoorAccessID: "FFCC8899", BarcodeID: "123456789abc", FirstName: "test", LastName: "testerson",
	Status: "active", Memberships: []doorMembershipWire{{MembershipID: 1234, MembershipTypeID: 1, MembershipTypeName: "Standard Monthly",
		Expires: 1762369732, DoorIDs: []string{"asdf123"}}}}

var exDoorAccess = doorAccessWire{doorEnvelope: doorEnvelope{Success: true}, User: &exDoorUser, Recorded: true, EntryID: ptr(int64(9001))}

var exDoorUsers = doorUsersWire{doorEnvelope: doorEnvelope{Success: true}, Users: []doorUserWire{exDoorUser}, Page: 1, NextPage: false}

var exDoorSettings = doorSettingsWire{Enabled: true, UsersEndpointEnabled: true, BaseURL: "https://yourcompany.hive.hr/door/dr_8fK2mQ9xL4/",
	ReentryWindowSeconds: 60, GraceDays: 3, DefaultPhoneRegion: "GB", UpdatedAt: exTime}

var exMembershipType = membershipTypeWire{ID: 1, Name: "Standard Monthly", CreatedAt: exTime, UpdatedAt: exTime}

var exMember = memberWire{ID: 201, DoorAccessID: "FFCC8899", BarcodeID: "123456789abc", FirstName: "test", LastName: "testerson",
	Email: "test@example.com", Phone: "+447700900123", Status: "active", CreatedAt: exTime, UpdatedAt: exTime}

var exMembership = membershipWire{ID: 1234, MemberID: 201, MembershipTypeID: 1, Expires: 1762369732, DoorIDs: []string{"asdf123"},
	CreatedAt: exTime, UpdatedAt: exTime}

var exEntry = entryWire{ID: 9001, MemberID: ptr(int64(201)), DoorID: "asdf123", Granted: true, Reason: "granted", KeyID: exKeyID,
	BarcodeID: "123456789abc", At: exTime}

var exImport = importResultWire{DryRun: true, Created: 1, Rows: []importRowWire{{Row: 2, Action: "create"}}, Errors: []importErrorWire{}}

const exImportCSV = "door_access_id,barcode_id,first_name,last_name,email,phone,is_instructor,status\nFFCC8899,123456789abc,test,testerson,test@example.com,+447700900123,false,active\n"

// API log, usage and alert examples.

var exLogID = "log_0V2SwX4oPa1sDf5gHj8kLz"

var exAPILog = client.APILog{ID: exLogID, Object: "api_log", Time: exTime, KeyID: &exKeyID, Method: "GET", AuthVia: "header",
	Route: ptr("GET /v1/surveys"), Path: "/v1/surveys", Query: "limit=500&updated_since=2026-01-01", Status: 200,
	LatencyMS: 12.375, ClientIP: &exIP, UserAgent: "Microsoft.Data.Mashup", RequestID: "req_3kq9x2a1",
	ResponseBytes: 5321, ContentType: "application/json; charset=utf-8", ResponseURL: "/v1/api-logs/" + exLogID + "/response"}

var exAPILogSettings = client.APILogSettings{Object: "api_log_settings", APILogRetentionDays: 30, DefaultRetentionDays: 7}

func exUsagePoint(start *time.Time, requests int64) client.UsagePoint {
	return client.UsagePoint{Start: start, Requests: requests, Status2xx: requests - 3, Status4xx: 3, RateLimited: 1,
		P50MS: ptr(11.5), P99MS: ptr(96.0)}
}

var exHour = exTime.Truncate(time.Hour)

var exKeyUsage = client.Usage{Object: "usage", KeyID: &exKeyID, Interval: "hour", From: exHour.Add(-time.Hour), To: exHour.Add(time.Hour),
	Data:  []client.UsagePoint{exUsagePoint(ptr(exHour.Add(-time.Hour)), 120), exUsagePoint(&exHour, 84)},
	Total: exUsagePoint(nil, 204)}

var exTenantUsage = func() client.Usage {
	u := exKeyUsage
	u.KeyID = nil
	byKey, byRoute := exUsagePoint(nil, 204), exUsagePoint(nil, 204)
	byKey.KeyID, byRoute.Route = &exKeyID, ptr("GET /v1/surveys")
	u.ByKey, u.ByRoute = []client.UsagePoint{byKey}, []client.UsagePoint{byRoute}
	return u
}()

var exAlert = client.Alert{ID: "alr_0V2SxY5pAs2dFg6hJk9lZx", Object: "alert", Rule: "new_client_ip", Severity: "warning",
	Status: "open", KeyID: &exKeyID, Message: "Key " + exKeyID + " was used from 198.51.100.23, an address it never used before",
	Details: map[string]any{"client_ip": "198.51.100.23"}, FiredAt: exTime}

var exAckedAlert = func() client.Alert {
	a := exAlert
	a.Status, a.AcknowledgedAt, a.AcknowledgedBy = "acknowledged", ptr(exTime.Add(20*time.Minute)), &exUserID
	return a
}()

const exExpiryCalendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Hive//API key expiry//EN\r\nCALSCALE:GREGORIAN\r\n" +
	"METHOD:PUBLISH\r\nX-WR-CALNAME:Hive API key expiry\r\nBEGIN:VEVENT\r\nUID:key_0V2ShA9mXc4tRb7uWy2eLf@hive\r\n" +
	"DTSTAMP:20260115T093000Z\r\nDTSTART;VALUE=DATE:20260415\r\nDTEND;VALUE=DATE:20260416\r\n" +
	"SUMMARY:API key PowerBI production expires\r\n" +
	"URL:https://yourcompany.hive.hr/v1/api-keys/key_0V2ShA9mXc4tRb7uWy2eLf\r\nTRANSP:TRANSPARENT\r\n" +
	"BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:API key PowerBI production expires in 14 days\r\nTRIGGER:-P14D\r\nEND:VALARM\r\n" +
	"END:VEVENT\r\nEND:VCALENDAR\r\n"

const exMetrics = "# HELP hive_http_requests_total API requests answered, by route pattern, method and status code.\n" +
	"# TYPE hive_http_requests_total counter\n" +
	"hive_http_requests_total{method=\"GET\",route=\"GET /v1/surveys\",status=\"200\"} 1027\n"
