-- Tenants, users, service accounts, API keys and the audit log.
--
-- Times are INTEGER unix microseconds in UTC. JSON columns hold what
-- encoding/json makes of the Go value, so null and [] stay different.
-- IDs are fixed-width base62 that sort by creation time under the default
-- BINARY collation, so "newest first" is ORDER BY id DESC.

CREATE TABLE tenants (
	id                      TEXT PRIMARY KEY,
	slug                    TEXT NOT NULL UNIQUE,
	name                    TEXT NOT NULL,
	allow_non_expiring_keys INTEGER NOT NULL,
	created_at              INTEGER NOT NULL
);

CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	tenant_id     TEXT NOT NULL REFERENCES tenants (id),
	email         TEXT NOT NULL, -- lower-cased
	name          TEXT NOT NULL,
	password_hash BLOB,
	role          TEXT NOT NULL,
	created_at    INTEGER NOT NULL,
	UNIQUE (tenant_id, email)
);

CREATE TABLE service_accounts (
	id          TEXT PRIMARY KEY,
	tenant_id   TEXT NOT NULL REFERENCES tenants (id),
	name        TEXT NOT NULL,
	description TEXT NOT NULL,
	created_by  TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	deleted_at  INTEGER
);

-- Names are unique among live accounts only, so a deleted account's name can
-- be given to a new one.
CREATE UNIQUE INDEX service_accounts_live_name ON service_accounts (tenant_id, name) WHERE deleted_at IS NULL;
CREATE INDEX service_accounts_live ON service_accounts (tenant_id, id) WHERE deleted_at IS NULL;

CREATE TABLE keys (
	id                    TEXT PRIMARY KEY,
	tenant_id             TEXT NOT NULL REFERENCES tenants (id),
	kind                  TEXT NOT NULL,
	service_account_id    TEXT REFERENCES service_accounts (id),
	user_id               TEXT REFERENCES users (id),
	name                  TEXT NOT NULL,
	hash                  BLOB NOT NULL, -- SHA-256 of the secret; the secret is never stored
	hint                  TEXT NOT NULL,
	permissions           TEXT NOT NULL, -- JSON array of scopes
	resources             TEXT NOT NULL, -- JSON object; a null list is "all", [] is "none"
	ip_allowlist          TEXT NOT NULL, -- JSON array of CIDR prefixes
	rate_limit_per_minute INTEGER,
	expires_at            INTEGER,
	created_by            TEXT NOT NULL,
	created_at            INTEGER NOT NULL,
	updated_at            INTEGER NOT NULL,
	last_used_at          INTEGER,
	last_used_ip          TEXT NOT NULL,
	revoked_at            INTEGER,
	rotated_from          TEXT,
	replaced_by           TEXT
);

CREATE UNIQUE INDEX keys_hash ON keys (hash);
CREATE INDEX keys_tenant ON keys (tenant_id, id);
CREATE INDEX keys_tenant_service_account ON keys (tenant_id, service_account_id, id);
CREATE INDEX keys_tenant_user ON keys (tenant_id, user_id, id);

CREATE TABLE audit_events (
	id           TEXT PRIMARY KEY,
	tenant_id    TEXT NOT NULL REFERENCES tenants (id),
	actor_id     TEXT NOT NULL,
	actor_key_id TEXT NOT NULL,
	action       TEXT NOT NULL,
	target_type  TEXT NOT NULL,
	target_id    TEXT NOT NULL,
	details      TEXT NOT NULL, -- JSON object
	ip           TEXT NOT NULL,
	created_at   INTEGER NOT NULL
);

CREATE INDEX audit_events_tenant ON audit_events (tenant_id, id);
CREATE INDEX audit_events_tenant_target ON audit_events (tenant_id, target_id, id);
