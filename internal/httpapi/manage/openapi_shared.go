package manage

import "github.com/hive-platform/hive/internal/httpapi/edge"

// Parameters shared by several routes.
var (
	pID = func(what string) edge.Param {
		return edge.Param{Name: "id", In: "path", Description: "The " + what + "'s id.", Example: exampleID(what)}
	}

	pFrom     = edge.Param{Name: "from", In: "query", Description: "The start of the range, an RFC 3339 time such as 2026-03-02T09:30:00Z."}
	pTo       = edge.Param{Name: "to", In: "query", Description: "The end of the range, exclusive, an RFC 3339 time; default now."}
	pInterval = edge.Param{Name: "interval", In: "query", Enum: []string{"minute", "hour", "day"}, Description: "The length of each point (default hour)."}
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
	case "log entry":
		return exLogID
	}
	panic("openapi: no example id for a " + what + "; add it to exampleID")
}

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
