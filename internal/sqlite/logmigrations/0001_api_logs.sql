-- The API log, its per-tenant settings and the per-minute usage rollups,
-- in the API log's own database file (see apilog.go): the PostgreSQL
-- schema has them in migration 0005_api_logs.sql.
--
-- tenant_id refers to no table: requests that name no tenant are logged
-- too, and the tenants live in the main database.

-- The log is the busiest table there is: every request adds a row, so a
-- row costs two b-tree inserts and no more. The table is clustered by
-- (tenant_id, id), and log ids sort by time to the microsecond, so it
-- serves a tenant's list newest first, its time ranges and the retention's
-- oldest-first deletes by itself; the one index serves the list of a key.
-- Only what lists filter on has a column of its own: the other fields of
-- the entry are packed into one BLOB (see internal/sqlite/usage_fields.go),
-- which makes a row about half as costly to write. The response body is
-- the last column, so that lists, which never read it, stop before it.
CREATE TABLE api_logs (
	tenant_id TEXT NOT NULL,    -- '' when no tenant could be told
	id        TEXT NOT NULL,
	key_id    TEXT NOT NULL,
	route     TEXT NOT NULL,    -- the route pattern; '' for an unknown path
	status    INTEGER NOT NULL,
	fields    BLOB NOT NULL,    -- time, latency, user, method, path, query (secrets redacted), error, IP, ...
	body      BLOB,             -- at most 64 KiB, secrets redacted; NULL when none was kept
	PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;

CREATE INDEX api_logs_tenant_key ON api_logs (tenant_id, key_id, id);

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
