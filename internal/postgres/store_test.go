package postgres_test

import (
	"os"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/postgres"
	"github.com/hive-platform/hive/internal/postgres/pgtest"
	"github.com/hive-platform/hive/internal/storetest"
)

func TestStore(t *testing.T) {
	pgtest.URL(t) // without a database, skip once rather than in every case
	storetest.Run(t, func(t *testing.T) apikey.Store { return pgtest.Open(t) })
}

// TestOpenAppliesEachMigrationOnce opens one new schema from two goroutines
// at once and then again, and checks that each migration is recorded once.
func TestOpenAppliesEachMigrationOnce(t *testing.T) {
	url := pgtest.NewSchema(t)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { openClose(t, url) })
	}
	wg.Wait()
	openClose(t, url)

	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	rows, _ := conn.Query(t.Context(), `SELECT name FROM schema_migrations ORDER BY name`)
	applied, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(migrationNames(t), applied); d != "" {
		t.Errorf("schema_migrations (-want +got):\n%s", d)
	}
}

// migrationNames returns the names of the migration files.
func migrationNames(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// openClose opens and closes a store on url. It reports failure with
// t.Error, not t.Fatal, so that it may run in any goroutine.
func openClose(t *testing.T, url string) {
	s, err := postgres.Open(t.Context(), url)
	if err != nil {
		t.Error(err)
		return
	}
	s.Close()
}
