package reference

import (
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// authReasons are the values of details.reason on a 401, for the ErrorReason
// schema and the troubleshooting hints of /docs.
var authReasons = []string{
	hive.ReasonKeyMissing, hive.ReasonKeyMalformed, hive.ReasonKeyInvalid, hive.ReasonKeyExpired,
	hive.ReasonKeyRevoked, hive.ReasonKeyDisabled, hive.ReasonBearerMissing, hive.ReasonUserIDMismatch, hive.ReasonIPNotAllowed,
	hive.ReasonTenantMismatch, hive.ReasonBadCredentials, hive.ReasonQueryKeyRefused, edge.ReasonMetricsToken,
}

// errorCodes are the values of error.code.
var errorCodes = []string{
	hive.EINVALID, hive.EUNAUTHORIZED, hive.EFORBIDDEN, hive.ENOTFOUND, hive.ECONFLICT,
	hive.ERATELIMITED, hive.EMETHOD, hive.EUNAVAILABLE, hive.EINTERNAL,
}

// baseComponents returns what every operation refers to: the error
// envelopes and responses, the rate-limit headers, the tenant and user
// headers and the security schemes.
func baseComponents(g *Registry) components {
	g.Components["ErrorReason"] = &Schema{Type: "string", Enum: anySlice(authReasons),
		Description: "Why a 401 was answered; /docs shows a troubleshooting hint for each."}
	g.Components["Error"] = errorSchema()
	g.Components["DoorError"] = &Schema{Type: "object", Required: []string{"success", "message"},
		Description: "The Door Access API's envelope, on errors too.",
		Properties: map[string]*Schema{
			"success": {Const: false},
			"message": {Type: "string", Description: "What went wrong and how to fix it."},
			"reason":  {Type: "string", Description: "The ErrorReason of a 401, else the error code."},
		}}
	return components{
		Responses:  errorResponses(),
		Parameters: headerParameters(),
		Headers:    rateLimitHeaders(),
		SecuritySchemes: map[string]*securityScheme{
			"bearerAuth": {Type: "http", Scheme: "bearer",
				Description: "`Authorization: Bearer hive_sk_...` (a service-account key) or `hive_pk_...` (a personal key, with X-Hive-User-Id)."},
			"apiKeyHeader": {Type: "apiKey", In: "header", Name: "X-Api-Key",
				Description: "The API key in the X-Api-Key header, for tools that cannot send Authorization."},
			"apiKeyQuery": {Type: "apiKey", In: "query", Name: edge.QueryKeyParam,
				Description: "The key as `?api_key=hive_sk_...`, for BI tools that can only send it in the URL, such as Power BI's Web API " +
					"credential (`Web.Contents(url, [ApiKeyName=\"api_key\"])`). Accepted only for keys created or edited with " +
					"`allow_query_key: true`, only on the GET read routes that list this scheme, and only when no header carries a key; " +
					"otherwise 401 with reason api_key_in_query_refused. The API log redacts the value and marks the entry `auth_via: \"query\"`; " +
					"`next_path` leaves it out, as the tool adds it to each URL. A URL is more easily leaked than a header: give such a " +
					"key the Data preset and nothing more."},
			"doorApiKey": {Type: "apiKey", In: "header", Name: "X-DOOR-API-KEY",
				Description: "The Door Access API key, on every /door request."},
			"basicAuth": {Type: "http", Scheme: "basic",
				Description: "A person's email and password, with the tenant slug in X-Hive-Tenant."},
			"metricsToken": {Type: "http", Scheme: "bearer",
				Description: "The token set in HIVE_METRICS_TOKEN, for GET /metrics only; needed only when one is set."},
			"gitlabToken": {Type: "http", Scheme: "bearer",
				Description: "The token set in HIVE_GITLAB_REVOCATION_TOKEN, for GitLab's Token Revocation API only."},
		},
	}
}

func errorSchema() *Schema {
	details := &Schema{Type: "object", AdditionalProperties: true,
		Description: "Machine-readable details: reason on a 401; required_permission and provided_permissions on a 403; field and problem on a 400; limit, reset and retry_after on a 429; retry_after on a 503.",
		Properties: map[string]*Schema{
			"reason":               {Ref: "#/components/schemas/ErrorReason"},
			"field":                {Type: "string"},
			"problem":              {Type: "string"},
			"required_permission":  {Type: "string"},
			"provided_permissions": {Type: "array", Items: &Schema{Type: "string"}},
			"limit":                {Type: "integer"},
			"reset":                {Type: "integer", Description: "Unix seconds."},
			"retry_after":          {Type: "integer", Description: "Seconds."},
		}}
	return &Schema{Type: "object", Required: []string{"error"}, Properties: map[string]*Schema{
		"error": {Type: "object", Required: []string{"code", "message"}, Properties: map[string]*Schema{
			"code":    {Type: "string", Enum: anySlice(errorCodes)},
			"message": {Type: "string", Description: "Safe to show; says what to fix."},
			"details": details,
		}},
	}}
}

// errorResponses are the shared error responses, in both envelopes.
func errorResponses() map[string]*response {
	out := map[string]*response{}
	add := func(name, desc string, headers map[string]*header, example, doorExample any) {
		out[name] = &response{Description: desc, Headers: headers, Content: map[string]*mediaType{
			"application/json": {Schema: &Schema{Ref: "#/components/schemas/Error"}, Example: example}}}
		out["Door"+name] = &response{Description: desc, Headers: headers, Content: map[string]*mediaType{
			"application/json": {Schema: &Schema{Ref: "#/components/schemas/DoorError"}, Example: doorExample}}}
	}
	add("BadRequest", "The request is invalid; the message names the field and the fix.", nil,
		errExample(hive.EINVALID, "name: is required, for example \"PowerBI Dashboard\"", map[string]any{"field": "name", "problem": "is required, for example \"PowerBI Dashboard\""}),
		doorErrExample("door_id: is required", hive.EINVALID))
	add("Unauthorized", "The API key is missing, malformed, unknown, expired or revoked, or does not fit the request.",
		map[string]*header{"WWW-Authenticate": {Schema: &Schema{Type: "string"}, Description: `Bearer realm="hive"`}},
		errExample(hive.EUNAUTHORIZED, "Invalid API key", map[string]any{"reason": hive.ReasonKeyInvalid}),
		doorErrExample("Invalid API key", hive.ReasonKeyInvalid))
	add("Forbidden", "The key lacks the permission, or is restricted from the resource.", rateLimitHeaderRefs(),
		errExample(hive.EFORBIDDEN, "Insufficient permissions", map[string]any{"required_permission": "api_keys:write", "provided_permissions": []string{"api_keys:read"}}),
		doorErrExample("The Door Access API is disabled for this Hive. An administrator can enable it in Settings → External Door API.", hive.EFORBIDDEN))
	add("NotFound", "No such object in the key's tenant.", nil,
		errExample(hive.ENOTFOUND, "API key \"key_123\" not found", nil),
		doorErrExample("This Door API URL is unknown. Copy the base URL again from Settings → External Door API.", hive.ENOTFOUND))
	add("Conflict", "The change conflicts with the object's state or another object.", nil,
		errExample(hive.ECONFLICT, "API key \"key_123\" is revoked; revoked keys cannot be edited", nil),
		doorErrExample("Idempotency-Key was used for a different request", hive.ECONFLICT))
	limited := rateLimitHeaderRefs()
	limited["Retry-After"] = &header{Ref: "#/components/headers/Retry-After"}
	add("RateLimited", "The key's rate limit is used up; retry after Retry-After seconds.", limited,
		errExample(hive.ERATELIMITED, "Rate limit of 200 requests per minute exceeded; retry after 12 seconds", map[string]any{"limit": 200, "reset": 1767225600, "retry_after": 12}),
		doorErrExample("Rate limit of 200 requests per minute exceeded; retry after 12 seconds", hive.ERATELIMITED))
	unavailable := hive.Unavailable(nil)
	add("Unavailable", "The database cannot be reached right now (a restart or failover); nothing was changed. Retry after Retry-After seconds.",
		map[string]*header{"Retry-After": {Ref: "#/components/headers/Retry-After"}},
		errExample(hive.EUNAVAILABLE, unavailable.Message, unavailable.Details),
		doorErrExample(unavailable.Message, hive.EUNAVAILABLE))
	out["NotReady"] = &response{Description: "Not ready: the database does not answer. A load balancer should send traffic elsewhere.",
		Headers: map[string]*header{"Retry-After": {Ref: "#/components/headers/Retry-After"}},
		Content: map[string]*mediaType{"application/json": {Schema: &Schema{Type: "object", Required: []string{"status", "reason"},
			AdditionalProperties: false, Properties: map[string]*Schema{
				"status": {Type: "string", Enum: []any{"unavailable"}},
				"reason": {Type: "string", Description: "What is not ready."}}},
			Example: map[string]string{"status": "unavailable", "reason": "database unreachable"}}}}
	return out
}

func errExample(code, msg string, details map[string]any) any {
	e := map[string]any{"code": code, "message": msg}
	if details != nil {
		e["details"] = details
	}
	return map[string]any{"error": e}
}

func doorErrExample(msg, reason string) any {
	return map[string]any{"success": false, "message": msg, "reason": reason}
}

func rateLimitHeaders() map[string]*header {
	return map[string]*header{
		"X-RateLimit-Limit":     {Description: "Requests allowed per minute for this key.", Schema: &Schema{Type: "integer"}},
		"X-RateLimit-Remaining": {Description: "Requests left in the current window.", Schema: &Schema{Type: "integer"}},
		"X-RateLimit-Reset":     {Description: "When the full limit is back, in unix seconds; on a 429, when a request is allowed again: the response's second plus Retry-After.", Schema: &Schema{Type: "integer"}},
		"RateLimit-Policy":      {Description: `The IETF policy field: "key";q=<limit>;w=60.`, Schema: &Schema{Type: "string"}},
		"RateLimit":             {Description: `The IETF field: "key";r=<remaining>;t=<seconds until reset>.`, Schema: &Schema{Type: "string"}},
		"Retry-After":           {Description: "Seconds to wait before retrying; ends at X-RateLimit-Reset.", Schema: &Schema{Type: "integer"}},
	}
}

// rateLimitHeaderRefs are the headers on every authenticated response.
func rateLimitHeaderRefs() map[string]*header {
	out := map[string]*header{}
	for _, name := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "RateLimit-Policy", "RateLimit"} {
		out[name] = &header{Ref: "#/components/headers/" + name}
	}
	return out
}

func headerParameters() map[string]*parameter {
	return map[string]*parameter{
		"TenantHeader": {Name: "X-Hive-Tenant", In: "header", Schema: &Schema{Type: "string"}, Example: "yourcompany",
			Description: "Your tenant slug, the subdomain of your Hive URL (yourcompany for yourcompany.hive.hr). Optional; when given it must be the key's tenant."},
		"UserIDHeader": {Name: "X-Hive-User-Id", In: "header", Schema: &Schema{Type: "string"}, Example: "usr_2J8kQ1",
			Description: "With a personal key (hive_pk_...): your User ID from My Profile → API Info; required. The user_id query parameter works too."},
	}
}

func anySlice(list []string) []any {
	out := make([]any, len(list))
	for i, s := range list {
		out[i] = s
	}
	return out
}
