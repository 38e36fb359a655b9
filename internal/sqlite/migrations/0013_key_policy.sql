-- Tenant key policies, and keys that are disabled: refused like revoked
-- keys, but reversibly. disabled_reason says why ("manual", "unused").
ALTER TABLE keys ADD COLUMN disabled_at INTEGER; -- unix microseconds
ALTER TABLE keys ADD COLUMN disabled_reason TEXT NOT NULL DEFAULT '';
-- When the key was last enabled after being disabled: the unused-key policy
-- counts idle time from its last use, creation or enable, whichever is last.
ALTER TABLE keys ADD COLUMN enabled_at INTEGER;

-- A tenant without a row has no policy beyond its allow_non_expiring_keys,
-- which stays on tenants so that the fact lives in one place.
CREATE TABLE key_policies (
	tenant_id                       TEXT PRIMARY KEY REFERENCES tenants (id),
	max_lifetime_days               INTEGER,          -- NULL: no limit
	disable_unused_after_days       INTEGER,          -- NULL: never
	unused_warning_days             INTEGER NOT NULL, -- 0: no warning
	admin_keys_require_ip_allowlist INTEGER NOT NULL,
	updated_by                      TEXT NOT NULL,
	updated_at                      INTEGER NOT NULL
);
