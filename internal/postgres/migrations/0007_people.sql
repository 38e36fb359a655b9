-- People analytics: people and their attributes, segments (option values,
-- tenure and age buckets, Not specified), surveys, questions, responses and
-- the tenant's privacy thresholds.
--
-- Tenant ids are not foreign keys, as in the door tables: people.Store has
-- a conformance suite of its own. Ids use the C collation so that they sort
-- byte-wise, as list cursors expect. Civil dates (start_date,
-- date_of_birth) are text YYYY-MM-DD, as in SQLite.
--
-- A response is one row per respondent: its segment snapshot as
-- space-separated segment ids, its numeric answers as a compact bytea
-- (people.EncodeScores), so that a survey's responses load in one index
-- range scan of small rows.

CREATE TABLE people_privacy (
	tenant_id         text COLLATE "C" PRIMARY KEY,
	threshold         integer NOT NULL,
	comment_threshold integer NOT NULL,
	updated_at        timestamptz NOT NULL
);

CREATE TABLE people (
	tenant_id     text COLLATE "C" NOT NULL,
	employee_id   text COLLATE "C" NOT NULL,
	email         text NOT NULL,
	first_name    text NOT NULL,
	last_name     text NOT NULL,
	start_date    text,
	date_of_birth text,
	segments      jsonb NOT NULL, -- option attribute id to segment id
	created_at    timestamptz NOT NULL,
	updated_at    timestamptz NOT NULL,
	PRIMARY KEY (tenant_id, employee_id)
);

CREATE TABLE attributes (
	id         text COLLATE "C" PRIMARY KEY,
	tenant_id  text COLLATE "C" NOT NULL,
	name       text NOT NULL,
	type       text NOT NULL,
	created_at timestamptz NOT NULL,
	UNIQUE (tenant_id, name)
);

CREATE TABLE segments (
	id            text COLLATE "C" PRIMARY KEY,
	tenant_id     text COLLATE "C" NOT NULL,
	attribute_id  text COLLATE "C" NOT NULL REFERENCES attributes (id),
	value         text NOT NULL, -- '' for Not specified
	label         text NOT NULL,
	position      integer NOT NULL,
	not_specified boolean NOT NULL,
	unit          text NOT NULL, -- months or years for date buckets, '' otherwise
	min_value     integer,
	max_value     integer,
	created_at    timestamptz NOT NULL,
	UNIQUE (attribute_id, value)
);

CREATE INDEX segments_tenant ON segments (tenant_id, attribute_id, position);

CREATE TABLE surveys (
	id             text COLLATE "C" PRIMARY KEY,
	tenant_id      text COLLATE "C" NOT NULL,
	name           text NOT NULL,
	type           text NOT NULL,
	status         text NOT NULL,
	start_date     timestamptz,
	end_date       timestamptz,
	invited_count  integer,
	response_count integer NOT NULL,
	created_at     timestamptz NOT NULL,
	updated_at     timestamptz NOT NULL
);

CREATE INDEX surveys_tenant ON surveys (tenant_id, id);

CREATE TABLE questions (
	id                  text COLLATE "C" PRIMARY KEY,
	tenant_id           text COLLATE "C" NOT NULL,
	survey_id           text COLLATE "C" NOT NULL REFERENCES surveys (id),
	position            integer NOT NULL,
	question_key        text COLLATE "C" NOT NULL,
	text                text NOT NULL,
	type                text NOT NULL,
	scale_min           integer NOT NULL,
	scale_max           integer NOT NULL,
	favourable_min      integer NOT NULL,
	unfavourable_max    integer NOT NULL,
	category            text NOT NULL,
	in_engagement_index boolean NOT NULL,
	options             jsonb NOT NULL, -- array of labels
	created_at          timestamptz NOT NULL,
	UNIQUE (survey_id, position),
	UNIQUE (survey_id, question_key)
);

CREATE TABLE responses (
	survey_id    text COLLATE "C" NOT NULL REFERENCES surveys (id),
	id           text COLLATE "C" NOT NULL,
	tenant_id    text COLLATE "C" NOT NULL,
	employee_id  text COLLATE "C" NOT NULL,
	submitted_at timestamptz NOT NULL,
	segment_ids  text NOT NULL,
	scores       bytea NOT NULL,
	created_at   timestamptz NOT NULL,
	PRIMARY KEY (survey_id, id),
	UNIQUE (survey_id, employee_id)
);

CREATE TABLE response_comments (
	survey_id   text COLLATE "C" NOT NULL,
	response_id text COLLATE "C" NOT NULL,
	question_id text COLLATE "C" NOT NULL,
	tenant_id   text COLLATE "C" NOT NULL,
	text        text NOT NULL,
	PRIMARY KEY (survey_id, response_id, question_id)
);
