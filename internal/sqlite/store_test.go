package sqlite_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/sqlite"
	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
	"github.com/hive-platform/hive/internal/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) apikey.Store { return sqlitetest.Open(t) })
}

// TestReopenAppliesNoMigrationTwice opens a new database, writes to it and
// opens it again: each migration must be recorded once and the data must
// survive.
func TestReopenAppliesNoMigrationTwice(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new", "dir", "hive.db")
	now := time.Now().UTC().Truncate(time.Microsecond)
	tenant := &apikey.Tenant{ID: hive.NewID(hive.PrefixTenant, now), Slug: "acme", Name: "Acme", CreatedAt: now}
	s := open(t, path)
	if err := s.CreateTenant(t.Context(), tenant); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = open(t, path)
	defer s.Close()
	got, err := s.TenantBySlug(t.Context(), "acme")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(tenant, got); d != "" {
		t.Errorf("tenant after reopening (-want +got):\n%s", d)
	}
	if d := cmp.Diff(migrationNames(t, "migrations"), appliedMigrations(t, path)); d != "" {
		t.Errorf("schema_migrations (-want +got):\n%s", d)
	}
}

// TestMigrationsMatchPostgres checks that both dialects have a migration of
// each name, so that a schema change is never made on one backend only.
func TestMigrationsMatchPostgres(t *testing.T) {
	if d := cmp.Diff(migrationNames(t, "../postgres/migrations"), migrationNames(t, "migrations")); d != "" {
		t.Errorf("migration files (-postgres +sqlite):\n%s", d)
	}
}

func open(t *testing.T, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func migrationNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// appliedMigrations reads schema_migrations with a connection of its own.
func appliedMigrations(t *testing.T, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(t.Context(), `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return names
}

// TestAPILogHasItsOwnFile checks that the API log is written to its own
// database beside the main one, with the log's page size.
func TestAPILogHasItsOwnFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hive.db")
	s := open(t, path)
	defer s.Close()
	logPath := filepath.Join(filepath.Dir(path), "hive-apilog.db")
	if got := sqlite.LogPath(path); got != logPath {
		t.Fatalf("LogPath = %q, want %q", got, logPath)
	}
	db, err := sql.Open("sqlite", logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var pageSize, tables int
	if err := db.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'api_log_blocks'`).Scan(&tables); err != nil {
		t.Fatal(err)
	}
	if pageSize != 32<<10 || tables != 1 {
		t.Errorf("API log database: page size %d, %d api_log_blocks tables; want 32768 and 1", pageSize, tables)
	}
}
