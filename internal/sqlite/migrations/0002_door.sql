-- The Door Access API: settings, doors, membership types, members, their
-- memberships, recorded entries and idempotency records.
--
-- Tenant ids are not foreign keys: the door tables are a store of their own
-- (door.Store) and its conformance suite runs without the tenants table's
-- rows. Member, membership type, membership and entry ids are integers the
-- database assigns; AUTOINCREMENT keeps them from ever being reused, as the
-- spec's "never repeated" asks. Times are INTEGER unix microseconds, and
-- durations INTEGER microseconds. JSON columns hold arrays.

CREATE TABLE door_settings (
	tenant_id              TEXT NOT NULL UNIQUE,
	enabled                INTEGER NOT NULL,
	users_endpoint_enabled INTEGER NOT NULL,
	expose_email           INTEGER NOT NULL,
	expose_phone           INTEGER NOT NULL,
	token                  TEXT NOT NULL UNIQUE, -- the secret in /door/{token}/
	reentry_window         INTEGER NOT NULL,
	grace_days             INTEGER NOT NULL,
	default_phone_region   TEXT NOT NULL,
	rules_changed_at       INTEGER,
	updated_at             INTEGER NOT NULL
);

CREATE TABLE doors (
	tenant_id           TEXT NOT NULL,
	door_id             TEXT NOT NULL,
	name                TEXT NOT NULL,
	active              INTEGER NOT NULL,
	membership_type_ids TEXT NOT NULL, -- JSON array of membership type ids
	allow_instructors   INTEGER NOT NULL,
	created_at          INTEGER NOT NULL,
	updated_at          INTEGER NOT NULL,
	UNIQUE (tenant_id, door_id)
);

CREATE TABLE membership_types (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant_id  TEXT NOT NULL,
	name       TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
);

CREATE INDEX membership_types_tenant ON membership_types (tenant_id, id);

CREATE TABLE members (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant_id      TEXT NOT NULL,
	door_access_id TEXT NOT NULL, -- '' for none
	barcode_id     TEXT NOT NULL, -- '' for none
	first_name     TEXT NOT NULL,
	last_name      TEXT NOT NULL,
	email          TEXT NOT NULL,
	phone          TEXT NOT NULL, -- as given
	is_instructor  INTEGER NOT NULL,
	status         TEXT NOT NULL,
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL, -- moves with memberships and deletion too
	deleted_at     INTEGER
);

-- Identifiers are unique among live members only, so that a card of a
-- deleted member can be handed to a new one.
CREATE UNIQUE INDEX members_live_door_access_id ON members (tenant_id, door_access_id)
	WHERE deleted_at IS NULL AND door_access_id <> '';
CREATE UNIQUE INDEX members_live_barcode_id ON members (tenant_id, barcode_id)
	WHERE deleted_at IS NULL AND barcode_id <> '';
CREATE INDEX members_door_access_id ON members (tenant_id, door_access_id);
CREATE INDEX members_barcode_id ON members (tenant_id, barcode_id);
CREATE INDEX members_tenant ON members (tenant_id, id);
CREATE INDEX members_tenant_updated ON members (tenant_id, updated_at);

CREATE TABLE memberships (
	id                 INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant_id          TEXT NOT NULL,
	member_id          INTEGER NOT NULL REFERENCES members (id),
	membership_type_id INTEGER NOT NULL REFERENCES membership_types (id),
	expires            INTEGER NOT NULL, -- whole seconds, in microseconds like every time
	door_ids           TEXT NOT NULL,    -- JSON array of extra door ids
	created_at         INTEGER NOT NULL,
	updated_at         INTEGER NOT NULL
);

CREATE INDEX memberships_member ON memberships (member_id, id);
CREATE INDEX memberships_type ON memberships (membership_type_id);

CREATE TABLE door_entries (
	id                       INTEGER PRIMARY KEY AUTOINCREMENT,
	tenant_id                TEXT NOT NULL,
	member_id                INTEGER REFERENCES members (id), -- NULL when no member matched
	door_id                  TEXT NOT NULL,                   -- as presented
	granted                  INTEGER NOT NULL,
	reason                   TEXT NOT NULL,
	message                  TEXT NOT NULL,
	key_id                   TEXT NOT NULL,
	presented_id             TEXT NOT NULL,
	presented_door_access_id TEXT NOT NULL,
	presented_barcode_id     TEXT NOT NULL,
	at                       INTEGER NOT NULL
);

CREATE INDEX door_entries_tenant ON door_entries (tenant_id, id);
CREATE INDEX door_entries_tenant_member ON door_entries (tenant_id, member_id, id);
CREATE INDEX door_entries_tenant_door ON door_entries (tenant_id, door_id, id);
CREATE INDEX door_entries_granted ON door_entries (member_id, door_id, id) WHERE granted;

CREATE TABLE door_idempotency (
	tenant_id       TEXT NOT NULL,
	key_id          TEXT NOT NULL,
	idempotency_key TEXT NOT NULL,
	request_hash    TEXT NOT NULL,
	response        TEXT NOT NULL, -- the decision as JSON
	created_at      INTEGER NOT NULL,
	UNIQUE (tenant_id, key_id, idempotency_key)
);

CREATE INDEX door_idempotency_created ON door_idempotency (created_at);
