package reference

import (
	"github.com/hive-platform/hive/internal/analytics"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// docHint is a troubleshooting hint that /docs shows beside an error whose
// details.reason (or, without one, error code) is Key. The words come from
// the Open API guide's troubleshooting table and the authentication guide.
type docHint struct {
	Key   string
	Issue string
	Fix   string
}

// docLiveHints replace a hint's Fix beside an actual error: /docs fills
// each {name} from the error's details, so the hint states the numbers of
// the key that made the request.
var docLiveHints = map[string]string{
	hive.ERATELIMITED: "This key is limited to {limit} requests per minute; retry after {retry_after} seconds. Spread requests over time, or use a separate service account with its own key for high-volume integrations.",
}

var docHints = []docHint{
	{hive.ReasonKeyMissing, "401 Unauthorised: API key missing",
		"Paste your API key into the API key field at the top of this page; every test request sends it as Authorization: Bearer <key> (X-DOOR-API-KEY on Door API endpoints)."},
	{hive.ReasonKeyMalformed, "401 Unauthorised: API key incorrect",
		"The key is not in Hive's format. Copy it again in full, starting with hive_sk_ (or hive_pk_ for a personal key), with no spaces or quotes."},
	{hive.ReasonKeyInvalid, "401 Unauthorised: API key incorrect",
		"Check that your API key is correct and hasn't been revoked. Keys are shown only once: if you navigated away without copying it, generate a new key from the Service Accounts page."},
	{hive.ReasonBearerMissing, "401 Unauthorised: incorrect Bearer format",
		"Send the key as Authorization: Bearer [Your_Key], the word Bearer, a space, then the key. In Power BI choose Web API or Advanced and add it as that HTTP header."},
	{hive.ReasonKeyExpired, "API key has stopped working: the key has expired",
		"Keys expire after 90 days. Check the expiry date on the Service Accounts page and generate a replacement. Update the key in all connected BI tools."},
	{hive.ReasonKeyRevoked, "API key has stopped working: the key was revoked",
		"Revocation is immediate and cannot be undone. Create a new key from the Service Accounts page and update your applications."},
	{hive.ReasonKeyDisabled, "API key has stopped working: the key is disabled",
		"An administrator disabled it, or the tenant's key policy did after it went unused. Unlike revocation this can be undone: an administrator enables it again on the key's page."},
	{hive.ReasonTenantMismatch, "Tenant slug not accepted",
		"The slug is the subdomain of your Hive URL. If your URL is yourcompany.hive.hr, your slug is yourcompany — do not include hive.hr. It must be the tenant the key belongs to."},
	{hive.ReasonUserIDMismatch, "Personal key: User ID missing or wrong",
		"Both the API key and User ID are required for all requests with a personal key. Copy the User ID shown on My Profile → API Info into the User ID field."},
	{hive.ReasonIPNotAllowed, "Request refused from this address",
		"This key has an IP allowlist that does not include your address. Ask an Administrator of Integrations to add it, or call from an allowed network."},
	{hive.ReasonBadCredentials, "Email or password not accepted",
		"Check your email, password and tenant slug; or use your personal key instead."},
	{hive.ReasonQueryKeyRefused, "401 Unauthorised: API key in the URL refused",
		"A key sent as ?api_key= works only on GET read routes and only for a key with allow_query_key. Send it as Authorization: Bearer instead, or have an admin turn on allow_query_key for the key (PATCH /v1/api-keys/{id})."},
	{edge.ReasonMetricsToken, "GET /metrics: metrics token missing or wrong",
		"This server requires the token set in HIVE_METRICS_TOKEN, not an API key: send Authorization: Bearer <token> (in Prometheus, the scrape config's authorization.credentials)."},
	{hive.EFORBIDDEN, "Endpoint returns no data or access denied: the key lacks permission",
		"Confirm your key has the required permission shown on the endpoint. An Administrator of Integrations can edit the key's permissions on the Service Accounts page."},
	{hive.ERATELIMITED, "Requests failing after many calls: rate limit hit",
		"Each key has its own limit, 200 requests per minute unless the key or the plan sets another (GET /v1/auth/verify and X-RateLimit-Limit show it). Spread requests over time, or use a separate service account with its own key for high-volume integrations."},
	{hive.ENOTFOUND, "Filtered requests return no results: incorrect IDs",
		"Check the ids in the path. Run the list endpoints first to retrieve valid ids; all filter parameters depend on them."},
	{string(analytics.BelowThreshold), "Segment data returns null: below_threshold",
		"The cell has fewer responses than your organisation's confidentiality threshold. This is by design; report on a larger segment or a longer period."},
	{string(analytics.Complementary), "Segment data returns null: complementary",
		"Another cell of the same breakdown is below the threshold, and the total minus the visible cells would reveal it, so the smallest visible cell is hidden too."},
	{string(analytics.RemainderBelowThreshold), "Filtered data returns null: remainder_below_threshold",
		"Everyone outside your filter is fewer than the threshold, so the unfiltered figure minus this one would describe them. Widen the filter or drop it."},
	{string(analytics.SegmentRemainderBelowThreshold), "Filtered data returns null: segment_remainder_below_threshold",
		"Dropping one of your segment_ids (with from/to, the window without the segment) would add fewer people than the threshold. Use fewer or larger segments, or a wider window."},
	{string(analytics.WindowRemainderBelowThreshold), "Filtered data returns null: window_remainder_below_threshold",
		"The segment outside your date window holds fewer people than the threshold. Drop from/to, or widen the window to cover them."},
	{string(analytics.AdjacentDayBelowThreshold), "Filtered data returns null: adjacent_day_below_threshold",
		"from and to apply in whole UTC days (meta.from and meta.to show them). Moving an end by one day would add fewer people than the threshold: put the ends on busier days, or use whole months."},
	{hive.EINVALID, "The request was not accepted",
		"The message names the field and how to fix it. Check the parameters and the request body against this page."},
	{hive.EUNAUTHORIZED, "401 Unauthorised: API key missing or incorrect",
		"Check that your API key is correct and hasn't been revoked, and that it is pasted into the API key field above."},
}
