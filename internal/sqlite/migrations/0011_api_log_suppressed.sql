-- The API log lives in its own file on SQLite (logmigrations/), where a
-- summary row's suppressed_count is packed into the fields column with the
-- other fields (usage_fields.go): nothing to change here. The file keeps
-- the two dialects' migrations one for one.
SELECT 1;
