-- The API log, its per-tenant settings and the per-minute usage rollups.
--
-- tenant_id is not a foreign key: requests that name no tenant are logged
-- too, with a NULL tenant, and the usage tables belong to the usage store,
-- which is tested apart from the key tables.

-- The log is the busiest table there is: every request adds a row. It is
-- clustered by id (WITHOUT ROWID), and ids sort by time, so the table
-- itself serves the retention's oldest-first scans and each row costs one
-- b-tree insert fewer than a rowid table with an id index would.
CREATE TABLE api_logs (
	id             TEXT PRIMARY KEY,
	time           INTEGER NOT NULL, -- when the request arrived
	tenant_id      TEXT,             -- NULL when no tenant could be told
	key_id         TEXT NOT NULL,
	user_id        TEXT NOT NULL,
	method         TEXT NOT NULL,
	route          TEXT NOT NULL,    -- the route pattern; '' for an unknown path
	path           TEXT NOT NULL,
	query          TEXT NOT NULL,    -- secrets redacted
	status         INTEGER NOT NULL,
	error_code     TEXT NOT NULL,
	reason         TEXT NOT NULL,
	rate_limited   INTEGER NOT NULL,
	latency_us     INTEGER NOT NULL,
	client_ip      TEXT NOT NULL,
	user_agent     TEXT NOT NULL,
	request_id     TEXT NOT NULL,
	response_bytes INTEGER NOT NULL,
	content_type   TEXT NOT NULL,
	body_truncated INTEGER NOT NULL,
	body_dropped   INTEGER NOT NULL
) WITHOUT ROWID;

-- The list, newest first, for the tenant and for one key of it.
CREATE INDEX api_logs_tenant_time ON api_logs (tenant_id, time DESC, id DESC);
CREATE INDEX api_logs_tenant_key_time ON api_logs (tenant_id, key_id, time DESC, id DESC);

-- Response bodies, apart from the rows, so that lists never read them.
CREATE TABLE api_log_bodies (
	log_id TEXT PRIMARY KEY REFERENCES api_logs (id) ON DELETE CASCADE,
	body   BLOB NOT NULL -- at most 64 KiB, secrets redacted
) WITHOUT ROWID;

CREATE TABLE api_log_settings (
	tenant_id      TEXT PRIMARY KEY,
	retention_days INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL
);

-- Rollups: every write adds to the row of its minute, so nodes writing the
-- same minute sum. minute is unix seconds, a multiple of 60, so periods
-- are integer arithmetic in both dialects.
CREATE TABLE usage_counts (
	tenant_id    TEXT NOT NULL,
	key_id       TEXT NOT NULL,
	route        TEXT NOT NULL,
	minute       INTEGER NOT NULL,
	requests     INTEGER NOT NULL,
	status_2xx   INTEGER NOT NULL,
	status_3xx   INTEGER NOT NULL,
	status_4xx   INTEGER NOT NULL,
	status_5xx   INTEGER NOT NULL,
	rate_limited INTEGER NOT NULL,
	PRIMARY KEY (tenant_id, key_id, route, minute)
) WITHOUT ROWID;

CREATE INDEX usage_counts_tenant_minute ON usage_counts (tenant_id, minute);

-- The latency histogram: one row per bucket that has requests.
CREATE TABLE usage_latency (
	tenant_id TEXT NOT NULL,
	key_id    TEXT NOT NULL,
	route     TEXT NOT NULL,
	minute    INTEGER NOT NULL,
	bucket    INTEGER NOT NULL,
	n         INTEGER NOT NULL,
	PRIMARY KEY (tenant_id, key_id, route, minute, bucket)
) WITHOUT ROWID;

CREATE INDEX usage_latency_tenant_minute ON usage_latency (tenant_id, minute);
