-- Webhook endpoints and the outbox of their deliveries.
--
-- tenant_id is not a foreign key here: the webhook tables belong to the
-- webhook store, which is tested and used apart from the key tables, and
-- tenants are never deleted. Deliveries go with their endpoint.

CREATE TABLE webhook_endpoints (
	id         text COLLATE "C" PRIMARY KEY,
	tenant_id  text COLLATE "C" NOT NULL,
	url        text NOT NULL,
	events     jsonb NOT NULL, -- array of event names
	secret     text NOT NULL,  -- kept as is, not hashed: signing needs it
	active     boolean NOT NULL,
	created_at timestamptz NOT NULL
);

CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints (tenant_id, id);

CREATE TABLE webhook_deliveries (
	id               text COLLATE "C" PRIMARY KEY,
	tenant_id        text COLLATE "C" NOT NULL,
	endpoint_id      text COLLATE "C" NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
	event            text NOT NULL,
	payload          json NOT NULL, -- the exact request body; json, unlike jsonb, keeps its bytes
	status           text NOT NULL, -- pending, succeeded or failed
	attempts         integer NOT NULL,
	next_attempt_at  timestamptz NOT NULL,
	last_status_code integer NOT NULL,
	last_error       text NOT NULL,
	created_at       timestamptz NOT NULL,
	updated_at       timestamptz NOT NULL
);

CREATE INDEX webhook_deliveries_tenant ON webhook_deliveries (tenant_id, id);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);
-- The worker's queue: pending deliveries in the order they fall due.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at, id) WHERE status = 'pending';
-- What the retention job deletes.
CREATE INDEX webhook_deliveries_finished ON webhook_deliveries (updated_at) WHERE status <> 'pending';
