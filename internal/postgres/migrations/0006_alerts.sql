-- Alerts, the cooldowns that keep each from firing more than once per
-- cooldown, and the client addresses each key has used.
--
-- tenant_id and key_id are not foreign keys: the alert tables belong to the
-- alert store, which is tested and used apart from the key tables, and
-- neither tenants nor keys are ever deleted.

CREATE TABLE alerts (
	id              text COLLATE "C" PRIMARY KEY,
	tenant_id       text COLLATE "C" NOT NULL,
	rule            text NOT NULL,
	severity        text NOT NULL,
	key_id          text COLLATE "C", -- NULL for tenant-wide rules
	message         text NOT NULL,
	details         jsonb NOT NULL,
	fired_at        timestamptz NOT NULL,
	acknowledged_at timestamptz,
	acknowledged_by text
);

CREATE INDEX alerts_tenant ON alerts (tenant_id, id);
CREATE INDEX alerts_tenant_key ON alerts (tenant_id, key_id, id);

-- One row per tenant and dedup key: when it last fired. FireAlert's
-- conditional upsert on it is what keeps two nodes from firing one alert.
CREATE TABLE alert_cooldowns (
	tenant_id text COLLATE "C" NOT NULL,
	dedup_key text NOT NULL,
	fired_at  timestamptz NOT NULL,
	PRIMARY KEY (tenant_id, dedup_key)
);

CREATE TABLE key_ips (
	tenant_id  text COLLATE "C" NOT NULL,
	key_id     text COLLATE "C" NOT NULL,
	ip         text NOT NULL,
	first_seen timestamptz NOT NULL,
	last_seen  timestamptz NOT NULL,
	PRIMARY KEY (tenant_id, key_id, ip)
);

-- The expiry scan's query: unrevoked keys by expiry.
CREATE INDEX keys_expiring ON keys (expires_at) WHERE revoked_at IS NULL AND expires_at IS NOT NULL;
