package reference

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
