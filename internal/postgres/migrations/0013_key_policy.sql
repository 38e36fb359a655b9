-- Tenant key policies, and keys that are disabled: refused like revoked
-- keys, but reversibly. disabled_reason says why ("manual", "unused").
ALTER TABLE keys ADD COLUMN disabled_at timestamptz;
ALTER TABLE keys ADD COLUMN disabled_reason text NOT NULL DEFAULT '';
-- When the key was last enabled after being disabled: the unused-key policy
-- counts idle time from its last use, creation or enable, whichever is last.
ALTER TABLE keys ADD COLUMN enabled_at timestamptz;

-- A tenant without a row has no policy beyond its allow_non_expiring_keys,
-- which stays on tenants so that the fact lives in one place.
CREATE TABLE key_policies (
	tenant_id                       text COLLATE "C" PRIMARY KEY REFERENCES tenants (id),
	max_lifetime_days               integer,          -- NULL: no limit
	disable_unused_after_days       integer,          -- NULL: never
	unused_warning_days             integer NOT NULL, -- 0: no warning
	admin_keys_require_ip_allowlist boolean NOT NULL,
	updated_by                      text COLLATE "C" NOT NULL,
	updated_at                      timestamptz NOT NULL
);
