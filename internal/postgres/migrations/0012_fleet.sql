-- The fleet: which nodes serve, and how far each has applied the key
-- changes. fleet_changes.seq counts every change to keys or tenants that a
-- node's key cache may hold; a node polls it to prove its cache is current,
-- and a change waits until every live node's applied_seq has reached it.
CREATE TABLE fleet_changes (
	id  integer PRIMARY KEY CHECK (id = 1),
	seq bigint NOT NULL
);
INSERT INTO fleet_changes (id, seq) VALUES (1, 0);

CREATE TABLE fleet_nodes (
	node        text COLLATE "C" PRIMARY KEY,
	applied_seq bigint NOT NULL,
	seen_ms     bigint NOT NULL -- the database's clock, unix milliseconds
);
