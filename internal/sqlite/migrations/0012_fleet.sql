-- The fleet: which processes serve this database, and how far each has
-- applied the key changes. fleet_changes.seq counts every change to keys or
-- tenants that a key cache may hold, whichever process made it (a second
-- hive demo, hive plan); the server polls it and drops its cache when it
-- grew, and a change waits until every live server has caught up.
CREATE TABLE fleet_changes (
	id  INTEGER PRIMARY KEY CHECK (id = 1),
	seq INTEGER NOT NULL
);
INSERT INTO fleet_changes (id, seq) VALUES (1, 0);

CREATE TABLE fleet_nodes (
	node        TEXT PRIMARY KEY,
	applied_seq INTEGER NOT NULL,
	seen_ms     INTEGER NOT NULL -- unix milliseconds
);
