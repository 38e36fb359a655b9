-- suppressed_count: on a summary row of refused unauthenticated requests,
-- how many requests from the same address were counted instead of stored.
ALTER TABLE api_logs ADD COLUMN suppressed_count integer NOT NULL DEFAULT 0;
