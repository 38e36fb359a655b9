-- The API log, its settings and the usage rollups live in a database file
-- of their own beside this one, so that writing the log never waits for
-- the key and door writes or holds them up: see apilog.go and
-- logmigrations/. This file keeps the migration names of both dialects
-- the same.
SELECT 1;
