-- Open Door submissions and Hive Fives.
--
-- An Open Door row keeps nothing that points at its author: no employee
-- id, no creation time, the day of submission only, and an id with no
-- time in it. The primary key (tenant, day, id) orders the rows, so a
-- reader never sees the order they were written in. The author's segment
-- snapshot (space-separated segment ids, as in responses) is all that
-- remains, for filtering by segment.
--
-- A Hive Five keeps both people and both segment snapshots; what the Open
-- API shows of a private one is decided by the people service.

CREATE TABLE open_door (
	tenant_id    text COLLATE "C" NOT NULL,
	submitted_on text COLLATE "C" NOT NULL, -- YYYY-MM-DD, UTC
	id           text COLLATE "C" NOT NULL,
	category     text NOT NULL,
	text         text NOT NULL,
	segment_ids  text NOT NULL,
	PRIMARY KEY (tenant_id, submitted_on, id)
);

CREATE TABLE hive_fives (
	tenant_id             text COLLATE "C" NOT NULL,
	sent_at               timestamptz NOT NULL,
	id                    text COLLATE "C" NOT NULL,
	sender_employee_id    text COLLATE "C" NOT NULL,
	recipient_employee_id text COLLATE "C" NOT NULL,
	sender_segment_ids    text NOT NULL,
	recipient_segment_ids text NOT NULL,
	value_tag             text NOT NULL,
	text                  text NOT NULL,
	private               boolean NOT NULL,
	created_at            timestamptz NOT NULL,
	PRIMARY KEY (tenant_id, sent_at, id)
);
