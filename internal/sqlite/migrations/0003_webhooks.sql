-- Webhook endpoints and the outbox of their deliveries.
--
-- tenant_id is not a foreign key here: the webhook tables belong to the
-- webhook store, which is tested and used apart from the key tables, and
-- tenants are never deleted. Deliveries go with their endpoint.

CREATE TABLE webhook_endpoints (
	id         TEXT PRIMARY KEY,
	tenant_id  TEXT NOT NULL,
	url        TEXT NOT NULL,
	events     TEXT NOT NULL, -- JSON array of event names
	secret     TEXT NOT NULL, -- kept as is, not hashed: signing needs it
	active     INTEGER NOT NULL,
	created_at INTEGER NOT NULL
);

CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints (tenant_id, id);

CREATE TABLE webhook_deliveries (
	id               TEXT PRIMARY KEY,
	tenant_id        TEXT NOT NULL,
	endpoint_id      TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
	event            TEXT NOT NULL,
	payload          TEXT NOT NULL, -- the exact request body
	status           TEXT NOT NULL, -- pending, succeeded or failed
	attempts         INTEGER NOT NULL,
	next_attempt_at  INTEGER NOT NULL,
	last_status_code INTEGER NOT NULL,
	last_error       TEXT NOT NULL,
	created_at       INTEGER NOT NULL,
	updated_at       INTEGER NOT NULL
);

CREATE INDEX webhook_deliveries_tenant ON webhook_deliveries (tenant_id, id);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);
-- The worker's queue: pending deliveries in the order they fall due.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id) WHERE status = 'pending';
-- What the retention job deletes.
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (updated_at) WHERE status <> 'pending';
