-- Alerts, the cooldowns that keep each from firing more than once per
-- cooldown, and the client addresses each key has used.
--
-- tenant_id and key_id are not foreign keys: the alert tables belong to the
-- alert store, which is tested and used apart from the key tables, and
-- neither tenants nor keys are ever deleted.

CREATE TABLE alerts (
	id              TEXT PRIMARY KEY,
	tenant_id       TEXT NOT NULL,
	rule            TEXT NOT NULL,
	severity        TEXT NOT NULL,
	key_id          TEXT,           -- NULL for tenant-wide rules
	message         TEXT NOT NULL,
	details         TEXT NOT NULL,  -- JSON object
	fired_at        INTEGER NOT NULL,
	acknowledged_at INTEGER,
	acknowledged_by TEXT
);

CREATE INDEX alerts_tenant ON alerts (tenant_id, id);
CREATE INDEX alerts_tenant_key ON alerts (tenant_id, key_id, id);

-- One row per tenant and dedup key: when it last fired. FireAlert's
-- conditional upsert on it is what keeps two nodes from firing one alert.
CREATE TABLE alert_cooldowns (
	tenant_id TEXT NOT NULL,
	dedup_key TEXT NOT NULL,
	fired_at  INTEGER NOT NULL,
	PRIMARY KEY (tenant_id, dedup_key)
);

CREATE TABLE key_ips (
	tenant_id  TEXT NOT NULL,
	key_id     TEXT NOT NULL,
	ip         TEXT NOT NULL,
	first_seen INTEGER NOT NULL,
	last_seen  INTEGER NOT NULL,
	PRIMARY KEY (tenant_id, key_id, ip)
);

-- The expiry scan's query: unrevoked keys by expiry.
CREATE INDEX keys_expiring ON keys (expires_at) WHERE revoked_at IS NULL AND expires_at IS NOT NULL;
