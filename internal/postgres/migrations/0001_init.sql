-- Tenants, users, service accounts, API keys and the audit log.
--
-- IDs are fixed-width base62 that sort by creation time byte-wise, so ID
-- columns use the "C" collation: "newest first" is then ORDER BY id DESC,
-- whatever the database's locale. JSON columns hold what encoding/json makes
-- of the Go value, so null and [] stay different.

CREATE TABLE tenants (
	id                      text COLLATE "C" PRIMARY KEY,
	slug                    text NOT NULL UNIQUE,
	name                    text NOT NULL,
	allow_non_expiring_keys boolean NOT NULL,
	created_at              timestamptz NOT NULL
);

CREATE TABLE users (
	id            text COLLATE "C" PRIMARY KEY,
	tenant_id     text COLLATE "C" NOT NULL REFERENCES tenants (id),
	email         text NOT NULL, -- lower-cased
	name          text NOT NULL,
	password_hash bytea,
	role          text NOT NULL,
	created_at    timestamptz NOT NULL,
	UNIQUE (tenant_id, email)
);

CREATE TABLE service_accounts (
	id          text COLLATE "C" PRIMARY KEY,
	tenant_id   text COLLATE "C" NOT NULL REFERENCES tenants (id),
	name        text NOT NULL,
	description text NOT NULL,
	created_by  text COLLATE "C" NOT NULL,
	created_at  timestamptz NOT NULL,
	updated_at  timestamptz NOT NULL,
	deleted_at  timestamptz
);

-- Names are unique among live accounts only, so a deleted account's name can
-- be given to a new one.
CREATE UNIQUE INDEX service_accounts_live_name ON service_accounts (tenant_id, name) WHERE deleted_at IS NULL;
CREATE INDEX service_accounts_live ON service_accounts (tenant_id, id) WHERE deleted_at IS NULL;

CREATE TABLE keys (
	id                    text COLLATE "C" PRIMARY KEY,
	tenant_id             text COLLATE "C" NOT NULL REFERENCES tenants (id),
	kind                  text NOT NULL,
	service_account_id    text COLLATE "C" REFERENCES service_accounts (id),
	user_id               text COLLATE "C" REFERENCES users (id),
	name                  text NOT NULL,
	hash                  bytea NOT NULL, -- SHA-256 of the secret; the secret is never stored
	hint                  text NOT NULL,
	permissions           jsonb NOT NULL, -- array of scopes
	resources             jsonb NOT NULL, -- object; a null list is "all", [] is "none"
	ip_allowlist          jsonb NOT NULL, -- array of CIDR prefixes
	rate_limit_per_minute integer,
	expires_at            timestamptz,
	created_by            text COLLATE "C" NOT NULL,
	created_at            timestamptz NOT NULL,
	updated_at            timestamptz NOT NULL,
	last_used_at          timestamptz,
	last_used_ip          text NOT NULL,
	revoked_at            timestamptz,
	rotated_from          text COLLATE "C",
	replaced_by           text COLLATE "C"
);

CREATE UNIQUE INDEX keys_hash ON keys (hash);
CREATE INDEX keys_tenant ON keys (tenant_id, id);
CREATE INDEX keys_tenant_service_account ON keys (tenant_id, service_account_id, id);
CREATE INDEX keys_tenant_user ON keys (tenant_id, user_id, id);

CREATE TABLE audit_events (
	id           text COLLATE "C" PRIMARY KEY,
	tenant_id    text COLLATE "C" NOT NULL REFERENCES tenants (id),
	actor_id     text COLLATE "C" NOT NULL,
	actor_key_id text COLLATE "C" NOT NULL,
	action       text NOT NULL,
	target_type  text NOT NULL,
	target_id    text COLLATE "C" NOT NULL,
	details      jsonb NOT NULL, -- object
	ip           text NOT NULL,
	created_at   timestamptz NOT NULL
);

CREATE INDEX audit_events_tenant ON audit_events (tenant_id, id);
CREATE INDEX audit_events_tenant_target ON audit_events (tenant_id, target_id, id);
