-- Custom metrics: a tenant's own indexes over a set of question keys,
-- computed person-first like the Engagement Index. The keys are a JSON
-- array; a metric names keys, not questions, so that it follows them from
-- one survey to the next.

CREATE TABLE custom_metrics (
	id            TEXT PRIMARY KEY,
	tenant_id     TEXT NOT NULL,
	name          TEXT NOT NULL,
	question_keys TEXT NOT NULL,
	created_at    INTEGER NOT NULL,
	UNIQUE (tenant_id, name)
);

CREATE INDEX custom_metrics_tenant ON custom_metrics (tenant_id, id);

-- Creating a metric checks its keys against every survey's questions.
CREATE INDEX questions_tenant_key ON questions (tenant_id, question_key);
