-- Console sign-in sessions. Only the SHA-256 of the session id is kept: the
-- id itself lives in the browser's cookie alone.
CREATE TABLE console_sessions (
	hash         bytea PRIMARY KEY,
	tenant_id    text COLLATE "C" NOT NULL REFERENCES tenants (id),
	user_id      text COLLATE "C" NOT NULL REFERENCES users (id),
	created_at   timestamptz NOT NULL,
	last_seen_at timestamptz NOT NULL,
	expires_at   timestamptz NOT NULL,
	ip           text NOT NULL DEFAULT '',
	user_agent   text NOT NULL DEFAULT ''
);
CREATE INDEX console_sessions_user ON console_sessions (tenant_id, user_id);
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);

-- Failed console sign-ins per account (a hash of tenant slug and email),
-- for the lockout after repeated failures.
CREATE TABLE console_login_throttles (
	account      text PRIMARY KEY,
	failures     integer NOT NULL,
	window_start timestamptz NOT NULL,
	locked_until timestamptz
);
