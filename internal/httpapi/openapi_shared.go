package httpapi

import "github.com/hive-platform/hive/internal/httpapi/edge"

// Parameters shared by several routes.
var (
	pID = func(what string) edge.Param {
		return edge.Param{Name: "id", In: "path", Description: "The " + what + "'s id.", Example: exampleID(what)}
	}

	pBILimit       = edge.Param{Name: "limit", In: "query", Description: "1 to 1000 for one page of that many rows; all, the default, for the whole result up to meta.row_cap (100,000) rows.", Example: "all"}
	pBOM           = edge.Param{Name: "bom", In: "query", Type: "boolean", Description: "With format=csv, true starts the CSV with a UTF-8 byte order mark, so that Excel reads accents and dashes right."}
	pCursor        = edge.Param{Name: "cursor", In: "query", Description: "pagination.next_cursor of the previous page, unchanged; leave it out for the first page."}
	pFormat        = edge.Param{Name: "format", In: "query", Enum: []string{"json", "csv"}, Description: "csv for the same columns as RFC 4180 CSV; Accept: text/csv does the same."}
	pSurveyID      = edge.Param{Name: "survey_id", In: "path", Description: "The survey's id, from GET /v1/surveys.", Example: exSurveyID}
	pFrom          = edge.Param{Name: "from", In: "query", Description: "The start of the range, an RFC 3339 time such as 2026-03-02T09:30:00Z."}
	pTo            = edge.Param{Name: "to", In: "query", Description: "The end of the range, exclusive, an RFC 3339 time; default now."}
	pSegmentID     = edge.Param{Name: "segment_id", In: "query", Type: "array", Description: "Only respondents in this segment, from GET /v1/attributes or the facets; repeat it for two, at most."}
	pSubmittedFrom = edge.Param{Name: "from", In: "query", Description: "Only responses submitted on or after this day (YYYY-MM-DD, UTC); an RFC 3339 time is taken back to midnight UTC of its day."}
	pSubmittedTo   = edge.Param{Name: "to", In: "query", Description: "Only responses submitted before this day (YYYY-MM-DD, UTC); an RFC 3339 time is taken on to the next midnight UTC unless it is one."}
	pView          = edge.Param{Name: "view", In: "query", Enum: []string{"summary", "distribution"}, Description: "summary (the default) for one row per question; distribution for one row per question and value."}
	pInterval      = edge.Param{Name: "interval", In: "query", Enum: []string{"minute", "hour", "day"}, Description: "The length of each point (default hour)."}
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
	"- key_leaked (critical, key): the key's secret was reported found in public (GitHub secret scanning or POST /v1/leaked-keys/report) and Hive revoked it; details name the source and url.\n" +
	"- key_unused (warning, key): the key policy's disable_unused_after_days will disable the key on details.disable_at, or (details.disabled) just did.\n\n" +
	"An alert fires at most once an hour for one rule and subject (the cooldown), across all servers; key_expiring fires once per threshold " +
	"and expiry date, so extending a key re-arms it. Every alert is also sent to webhooks subscribed to alert.fired. " +
	"The numbers above are the defaults: PUT /v1/settings/alerts turns rules off, changes thresholds and cooldowns, and chooses the webhooks and e-mail addresses."
