-- Tenant plans set the default rate limit and the in-flight cap of a
-- tenant's keys; custom plans carry their own numbers. '' is no plan: the
-- server's defaults.
ALTER TABLE tenants ADD COLUMN plan TEXT NOT NULL DEFAULT '';
ALTER TABLE tenants ADD COLUMN rate_limit_per_minute INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN concurrency_limit INTEGER NOT NULL DEFAULT 0;
