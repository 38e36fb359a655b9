-- The API log, its per-tenant settings and the per-minute usage rollups.
--
-- tenant_id is not a foreign key: requests that name no tenant are logged
-- too, with a NULL tenant, and the usage tables belong to the usage store,
-- which is tested apart from the key tables.

CREATE TABLE api_logs (
	id             text COLLATE "C" PRIMARY KEY,
	time           timestamptz NOT NULL, -- when the request arrived
	tenant_id      text COLLATE "C",     -- NULL when no tenant could be told
	key_id         text COLLATE "C" NOT NULL,
	user_id        text NOT NULL,
	method         text NOT NULL,
	route          text NOT NULL,        -- the route pattern; '' for an unknown path
	path           text NOT NULL,
	query          text NOT NULL,        -- secrets redacted
	status         integer NOT NULL,
	error_code     text NOT NULL,
	reason         text NOT NULL,
	rate_limited   boolean NOT NULL,
	latency_us     bigint NOT NULL,
	client_ip      text NOT NULL,
	user_agent     text NOT NULL,
	request_id     text NOT NULL,
	response_bytes integer NOT NULL,
	content_type   text NOT NULL,
	body_truncated boolean NOT NULL,
	body_dropped   boolean NOT NULL
);

-- The list, newest first, for the tenant and for one key of it.
CREATE INDEX api_logs_tenant_time ON api_logs (tenant_id, time DESC, id DESC);
CREATE INDEX api_logs_tenant_key_time ON api_logs (tenant_id, key_id, time DESC, id DESC);
-- What the retention deletes for tenants on the default retention.
CREATE INDEX api_logs_time ON api_logs (time);

-- Response bodies, apart from the rows, so that lists never read them.
CREATE TABLE api_log_bodies (
	log_id text COLLATE "C" PRIMARY KEY REFERENCES api_logs (id) ON DELETE CASCADE,
	body   bytea NOT NULL -- at most 64 KiB, secrets redacted
);

CREATE TABLE api_log_settings (
	tenant_id      text COLLATE "C" PRIMARY KEY,
	retention_days integer NOT NULL,
	updated_at     timestamptz NOT NULL
);

-- Rollups: every write adds to the row of its minute, so nodes writing the
-- same minute sum. minute is unix seconds, a multiple of 60, so periods
-- are integer arithmetic in both dialects.
CREATE TABLE usage_counts (
	tenant_id    text COLLATE "C" NOT NULL,
	key_id       text COLLATE "C" NOT NULL,
	route        text COLLATE "C" NOT NULL,
	minute       bigint NOT NULL,
	requests     bigint NOT NULL,
	status_2xx   bigint NOT NULL,
	status_3xx   bigint NOT NULL,
	status_4xx   bigint NOT NULL,
	status_5xx   bigint NOT NULL,
	rate_limited bigint NOT NULL,
	PRIMARY KEY (tenant_id, key_id, route, minute)
);

CREATE INDEX usage_counts_tenant_minute ON usage_counts (tenant_id, minute);

-- The latency histogram: one row per bucket that has requests.
CREATE TABLE usage_latency (
	tenant_id text COLLATE "C" NOT NULL,
	key_id    text COLLATE "C" NOT NULL,
	route     text COLLATE "C" NOT NULL,
	minute    bigint NOT NULL,
	bucket    smallint NOT NULL,
	n         bigint NOT NULL,
	PRIMARY KEY (tenant_id, key_id, route, minute, bucket)
);

CREATE INDEX usage_latency_tenant_minute ON usage_latency (tenant_id, minute);
