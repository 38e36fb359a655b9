-- Alert settings: which rules fire, their thresholds and cooldowns, and
-- where fired alerts go. One row per tenant that saved any; settings is a
-- JSON object (alert.EncodeSettings), so a new threshold needs no schema
-- change. tenant_id is not a foreign key, as in 0006_alerts.sql.
CREATE TABLE alert_settings (
	tenant_id  TEXT PRIMARY KEY,
	settings   TEXT NOT NULL,
	updated_at INTEGER NOT NULL
);

-- The alert e-mail outbox. Hive has no mail server: each fired alert adds
-- one row per address its tenant listed, for the operator's mailer to send
-- (and mark sent_at).
CREATE TABLE alert_emails (
	id        TEXT PRIMARY KEY,
	tenant_id TEXT NOT NULL,
	alert_id  TEXT NOT NULL,
	recipient TEXT NOT NULL,
	subject   TEXT NOT NULL,
	body      TEXT NOT NULL,
	queued_at INTEGER NOT NULL,
	sent_at   INTEGER
);

CREATE INDEX alert_emails_alert ON alert_emails (tenant_id, alert_id, id);
CREATE INDEX alert_emails_unsent ON alert_emails (id) WHERE sent_at IS NULL;

-- A key may take its secret from the ?api_key= query parameter, for BI
-- tools that send it nowhere else (Power BI's Web API credential).
ALTER TABLE keys ADD COLUMN allow_query_key INTEGER NOT NULL DEFAULT 0;
