package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"os"
	"strings"
)

// The API log, its settings and the usage rollups live in a database file
// of their own, LogPath of the main one, with its own writer connection.
// Every API request adds a row to the log, in batches of up to a thousand
// rows, and on the main writer such a batch would hold up the key and
// door writes queued behind it, and wait for them. Apart, neither waits
// for the other. The file also gets larger pages: a batch is written in
// far fewer system calls, which are a large share of its cost.
//
// Nothing joins the log with the main database: log rows name tenants and
// keys by ID only.

// logMigrations holds the API log database's schema changes.
//
//go:embed logmigrations/*.sql
var logMigrations embed.FS

// logPageSize is the page size of a new API log database. Rows are
// appended, never updated, and read in runs of a tenant's newest, so
// large pages cost reads little and save writes many system calls.
const logPageSize = 32 << 10

// logAutoCheckpoint is how many pages the API log's WAL may hold before its
// writer checkpoints it itself, SQLite's default: 32 MB of the log's pages.
// The checkpointer (checkpoint.go) copies them every checkpointEvery, under
// a megabyte at a time on a busy server. Done by the writer at this
// threshold, a checkpoint copied and synced all 32 MB in one go, and on a
// server with one CPU every request waited for it: 35-70 ms several times
// a minute, which alone made the slowest percent of requests.
const logAutoCheckpoint = 1000

// LogPath returns the path of the API log's database beside the main
// database at path: hive.db has its log in hive-apilog.db.
func LogPath(path string) string {
	return strings.TrimSuffix(path, ".db") + "-apilog.db"
}

// openLog opens the API log database at path, creating it if needed, and
// applies the migrations it lacks.
func openLog(ctx context.Context, path string) (*Store, error) {
	if err := createLog(ctx, path); err != nil {
		return nil, err
	}
	writer, err := openPool(path, 1, "_txlock", "immediate",
		fmt.Sprintf("wal_autocheckpoint(%d)", logAutoCheckpoint))
	if err != nil {
		return nil, err
	}
	if err := migrateFrom(ctx, writer, logMigrations, "logmigrations"); err != nil {
		writer.Close()
		return nil, fmt.Errorf("sqlite: API log: %w", err)
	}
	reader, err := openPool(path, readerConns, "_query_only", "1")
	if err != nil {
		writer.Close()
		return nil, err
	}
	checkpoints, err := startCheckpointer(path)
	if err != nil {
		writer.Close()
		reader.Close()
		return nil, err
	}
	return &Store{writer: writer, reader: reader, writeStmts: newStmtCache(writer), readStmts: newStmtCache(reader),
		checkpoints: checkpoints}, nil
}

// createLog creates a new API log database with logPageSize pages. SQLite
// fixes the page size once a database is in WAL mode, and the pools turn
// it on as they connect, so a new file gets its page size first, on a
// connection of its own.
func createLog(ctx context.Context, path string) error {
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		return nil
	}
	db, err := sql.Open("sqlite", fmt.Sprintf("%s?_pragma=page_size(%d)", path, logPageSize))
	if err != nil {
		return fmt.Errorf("sqlite: create API log: %w", err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `PRAGMA journal_mode = WAL`); err != nil {
		return fmt.Errorf("sqlite: create API log: %w", err)
	}
	return nil
}
