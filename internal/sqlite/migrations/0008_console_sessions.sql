-- Console sign-in sessions. Only the SHA-256 of the session id is kept: the
-- id itself lives in the browser's cookie alone.
CREATE TABLE console_sessions (
	hash         BLOB PRIMARY KEY,
	tenant_id    TEXT NOT NULL REFERENCES tenants (id),
	user_id      TEXT NOT NULL REFERENCES users (id),
	created_at   INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	expires_at   INTEGER NOT NULL,
	ip           TEXT NOT NULL DEFAULT '',
	user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX console_sessions_user ON console_sessions (tenant_id, user_id);
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);

-- Failed console sign-ins per account (a hash of tenant slug and email),
-- for the lockout after repeated failures.
CREATE TABLE console_login_throttles (
	account      TEXT PRIMARY KEY,
	failures     INTEGER NOT NULL,
	window_start INTEGER NOT NULL,
	locked_until INTEGER
);
