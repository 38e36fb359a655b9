-- The API log, its per-tenant settings and the per-minute usage rollups,
-- in the API log's own database file (see apilog.go): the PostgreSQL
-- schema has them in migration 0005_api_logs.sql.
--
-- tenant_id refers to no table: requests that name no tenant are logged
-- too, and the tenants live in the main database.

-- The log is the busiest table there is: every request adds an entry. A
-- row per entry cost two b-tree inserts per request, most of the batch
-- writer's time, so the entries are stored in blocks instead: a batch's
-- entries of one tenant, sorted by ID, make one row (or a few, see
-- internal/sqlite/usage_blocks.go), and a row costs two b-tree inserts per
-- batch. Log ids sort by time to the microsecond, and a block spans a few
-- seconds at most, so the index on (tenant_id, last_id) serves a tenant's
-- list newest first, its time ranges and cursors, the lookup of one entry
-- and the retention's oldest-first deletes. keys lets a list of one key
-- skip the blocks without it. The bodies are the last column, so that
-- lists, which never read them, stop before it.
CREATE TABLE api_log_blocks (
	tenant_id TEXT NOT NULL,    -- '' when no tenant could be told
	last_id   TEXT NOT NULL,    -- the greatest entry ID in the block
	first_id  TEXT NOT NULL,    -- the least
	n         INTEGER NOT NULL, -- how many entries the block holds
	keys      BLOB NOT NULL,    -- the entries' key IDs, each once: NUL, then each key followed by a NUL
	rows      BLOB NOT NULL,    -- the entries, encoded: ID, key, route, status, packed fields, body length
	bodies    BLOB              -- the entries' bodies, concatenated; NULL when none has one
);

CREATE UNIQUE INDEX api_log_blocks_tenant_last ON api_log_blocks (tenant_id, last_id, first_id);

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
