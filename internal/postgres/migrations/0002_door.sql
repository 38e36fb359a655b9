-- The Door Access API: settings, doors, membership types, members, their
-- memberships, recorded entries and idempotency records.
--
-- Tenant ids are not foreign keys: the door tables are a store of their own
-- (door.Store) and its conformance suite runs without the tenants table's
-- rows. Member, membership type, membership and entry ids are identities the
-- database assigns and never reuses, as the spec's "never repeated" asks.
-- Durations are bigint microseconds. JSON columns hold arrays. Uniqueness
-- uses UNIQUE constraints, not primary keys, because the store reports a
-- duplicate primary key as a bug rather than a conflict.

CREATE TABLE door_settings (
	tenant_id              text COLLATE "C" NOT NULL UNIQUE,
	enabled                boolean NOT NULL,
	users_endpoint_enabled boolean NOT NULL,
	expose_email           boolean NOT NULL,
	expose_phone           boolean NOT NULL,
	token                  text COLLATE "C" NOT NULL UNIQUE, -- the secret in /door/{token}/
	reentry_window         bigint NOT NULL,
	grace_days             integer NOT NULL,
	default_phone_region   text NOT NULL,
	rules_changed_at       timestamptz,
	updated_at             timestamptz NOT NULL
);

CREATE TABLE doors (
	tenant_id           text COLLATE "C" NOT NULL,
	door_id             text COLLATE "C" NOT NULL,
	name                text NOT NULL,
	active              boolean NOT NULL,
	membership_type_ids jsonb NOT NULL, -- array of membership type ids
	allow_instructors   boolean NOT NULL,
	created_at          timestamptz NOT NULL,
	updated_at          timestamptz NOT NULL,
	UNIQUE (tenant_id, door_id)
);

CREATE TABLE membership_types (
	id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	tenant_id  text COLLATE "C" NOT NULL,
	name       text NOT NULL,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);

CREATE INDEX membership_types_tenant ON membership_types (tenant_id, id);

CREATE TABLE members (
	id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	tenant_id      text COLLATE "C" NOT NULL,
	door_access_id text COLLATE "C" NOT NULL, -- '' for none
	barcode_id     text COLLATE "C" NOT NULL, -- '' for none
	first_name     text NOT NULL,
	last_name      text NOT NULL,
	email          text NOT NULL,
	phone          text NOT NULL, -- as given
	is_instructor  boolean NOT NULL,
	status         text NOT NULL,
	created_at     timestamptz NOT NULL,
	updated_at     timestamptz NOT NULL, -- moves with memberships and deletion too
	deleted_at     timestamptz
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
	id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	tenant_id          text COLLATE "C" NOT NULL,
	member_id          bigint NOT NULL REFERENCES members (id),
	membership_type_id bigint NOT NULL REFERENCES membership_types (id),
	expires            timestamptz NOT NULL, -- whole seconds
	door_ids           jsonb NOT NULL,       -- array of extra door ids
	created_at         timestamptz NOT NULL,
	updated_at         timestamptz NOT NULL
);

CREATE INDEX memberships_member ON memberships (member_id, id);
CREATE INDEX memberships_type ON memberships (membership_type_id);

CREATE TABLE door_entries (
	id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	tenant_id                text COLLATE "C" NOT NULL,
	member_id                bigint REFERENCES members (id), -- NULL when no member matched
	door_id                  text COLLATE "C" NOT NULL,      -- as presented
	granted                  boolean NOT NULL,
	reason                   text NOT NULL,
	message                  text NOT NULL,
	key_id                   text COLLATE "C" NOT NULL,
	presented_id             text NOT NULL,
	presented_door_access_id text NOT NULL,
	presented_barcode_id     text NOT NULL,
	at                       timestamptz NOT NULL
);

CREATE INDEX door_entries_tenant ON door_entries (tenant_id, id);
CREATE INDEX door_entries_tenant_member ON door_entries (tenant_id, member_id, id);
CREATE INDEX door_entries_tenant_door ON door_entries (tenant_id, door_id, id);
CREATE INDEX door_entries_granted ON door_entries (member_id, door_id, id) WHERE granted;

CREATE TABLE door_idempotency (
	tenant_id       text COLLATE "C" NOT NULL,
	key_id          text COLLATE "C" NOT NULL,
	idempotency_key text COLLATE "C" NOT NULL,
	request_hash    text NOT NULL,
	response        json NOT NULL,  -- the decision, kept byte for byte
	created_at      timestamptz NOT NULL,
	UNIQUE (tenant_id, key_id, idempotency_key)
);

CREATE INDEX door_idempotency_created ON door_idempotency (created_at);
