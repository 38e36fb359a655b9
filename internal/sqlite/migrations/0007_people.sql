-- People analytics: people and their attributes, segments (option values,
-- tenure and age buckets, Not specified), surveys, questions, responses and
-- the tenant's privacy thresholds.
--
-- Tenant ids are not foreign keys, as in the door tables: people.Store has
-- a conformance suite of its own. Times are INTEGER unix microseconds;
-- civil dates (start_date, date_of_birth) are TEXT YYYY-MM-DD.
--
-- A response is one row per respondent: its segment snapshot as
-- space-separated segment ids, its numeric answers as a compact BLOB
-- (people.EncodeScores). The table is clustered by survey, so a survey's
-- responses load in one range scan.

CREATE TABLE people_privacy (
	tenant_id         TEXT PRIMARY KEY,
	threshold         INTEGER NOT NULL,
	comment_threshold INTEGER NOT NULL,
	updated_at        INTEGER NOT NULL
);

CREATE TABLE people (
	tenant_id     TEXT NOT NULL,
	employee_id   TEXT NOT NULL,
	email         TEXT NOT NULL,
	first_name    TEXT NOT NULL,
	last_name     TEXT NOT NULL,
	start_date    TEXT,
	date_of_birth TEXT,
	segments      TEXT NOT NULL, -- JSON object: option attribute id to segment id
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL,
	PRIMARY KEY (tenant_id, employee_id)
) WITHOUT ROWID;

CREATE TABLE attributes (
	id         TEXT PRIMARY KEY,
	tenant_id  TEXT NOT NULL,
	name       TEXT NOT NULL,
	type       TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	UNIQUE (tenant_id, name)
);

CREATE TABLE segments (
	id            TEXT PRIMARY KEY,
	tenant_id     TEXT NOT NULL,
	attribute_id  TEXT NOT NULL REFERENCES attributes (id),
	value         TEXT NOT NULL, -- '' for Not specified
	label         TEXT NOT NULL,
	position      INTEGER NOT NULL,
	not_specified INTEGER NOT NULL,
	unit          TEXT NOT NULL, -- months or years for date buckets, '' otherwise
	min_value     INTEGER,
	max_value     INTEGER,
	created_at    INTEGER NOT NULL,
	UNIQUE (attribute_id, value)
);

CREATE INDEX segments_tenant ON segments (tenant_id, attribute_id, position);

CREATE TABLE surveys (
	id             TEXT PRIMARY KEY,
	tenant_id      TEXT NOT NULL,
	name           TEXT NOT NULL,
	type           TEXT NOT NULL,
	status         TEXT NOT NULL,
	start_date     INTEGER,
	end_date       INTEGER,
	invited_count  INTEGER,
	response_count INTEGER NOT NULL,
	created_at     INTEGER NOT NULL,
	updated_at     INTEGER NOT NULL
);

CREATE INDEX surveys_tenant ON surveys (tenant_id, id);

CREATE TABLE questions (
	id                  TEXT PRIMARY KEY,
	tenant_id           TEXT NOT NULL,
	survey_id           TEXT NOT NULL REFERENCES surveys (id),
	position            INTEGER NOT NULL,
	question_key        TEXT NOT NULL,
	text                TEXT NOT NULL,
	type                TEXT NOT NULL,
	scale_min           INTEGER NOT NULL,
	scale_max           INTEGER NOT NULL,
	favourable_min      INTEGER NOT NULL,
	unfavourable_max    INTEGER NOT NULL,
	category            TEXT NOT NULL,
	in_engagement_index INTEGER NOT NULL,
	options             TEXT NOT NULL, -- JSON array of labels
	created_at          INTEGER NOT NULL,
	UNIQUE (survey_id, position),
	UNIQUE (survey_id, question_key)
);

CREATE TABLE responses (
	survey_id    TEXT NOT NULL REFERENCES surveys (id),
	id           TEXT NOT NULL,
	tenant_id    TEXT NOT NULL,
	employee_id  TEXT NOT NULL,
	submitted_at INTEGER NOT NULL,
	segment_ids  TEXT NOT NULL,
	scores       BLOB NOT NULL,
	created_at   INTEGER NOT NULL,
	PRIMARY KEY (survey_id, id),
	UNIQUE (survey_id, employee_id)
) WITHOUT ROWID;

CREATE TABLE response_comments (
	survey_id   TEXT NOT NULL,
	response_id TEXT NOT NULL,
	question_id TEXT NOT NULL,
	tenant_id   TEXT NOT NULL,
	text        TEXT NOT NULL,
	PRIMARY KEY (survey_id, response_id, question_id)
) WITHOUT ROWID;
