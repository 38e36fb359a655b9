-- Open Door submissions and Hive Fives.
--
-- An Open Door row keeps nothing that points at its author: no employee
-- id, no creation time, the day of submission only, and an id with no
-- time in it. The table is WITHOUT ROWID and keyed by (tenant, day, id),
-- so not even the order rows were written in survives. The author's
-- segment snapshot (space-separated segment ids, as in responses) is all
-- that remains, for filtering by segment.
--
-- A Hive Five keeps both people and both segment snapshots; what the Open
-- API shows of a private one is decided by the people service.

CREATE TABLE open_door (
	tenant_id    TEXT NOT NULL,
	submitted_on TEXT NOT NULL, -- YYYY-MM-DD, UTC
	id           TEXT NOT NULL,
	category     TEXT NOT NULL,
	text         TEXT NOT NULL,
	segment_ids  TEXT NOT NULL,
	PRIMARY KEY (tenant_id, submitted_on, id)
) WITHOUT ROWID;

CREATE TABLE hive_fives (
	tenant_id             TEXT NOT NULL,
	sent_at               INTEGER NOT NULL,
	id                    TEXT NOT NULL,
	sender_employee_id    TEXT NOT NULL,
	recipient_employee_id TEXT NOT NULL,
	sender_segment_ids    TEXT NOT NULL,
	recipient_segment_ids TEXT NOT NULL,
	value_tag             TEXT NOT NULL,
	text                  TEXT NOT NULL,
	private               INTEGER NOT NULL,
	created_at            INTEGER NOT NULL,
	PRIMARY KEY (tenant_id, sent_at, id)
) WITHOUT ROWID;
