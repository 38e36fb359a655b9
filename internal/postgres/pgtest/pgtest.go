// Package pgtest opens PostgreSQL stores for tests, each in a schema of its
// own so that tests run in parallel against one database. It lives apart from
// package postgres so that test helpers stay out of the production binary.
package pgtest

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/hive-platform/hive/internal/postgres"
)

// EnvURL names the variable holding the URL of the test database.
const EnvURL = "HIVE_TEST_POSTGRES_URL"

// URL returns the URL of the test database, from HIVE_TEST_POSTGRES_URL. It
// skips tb if the variable is unset.
func URL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv(EnvURL)
	if u == "" {
		tb.Skip("set " + EnvURL + "=postgres://... to run the PostgreSQL store tests")
	}
	return u
}

// Open returns a store in a new, empty schema of the test database. It
// skips tb if there is no test database.
func Open(tb testing.TB) *postgres.Store {
	tb.Helper()
	s, err := postgres.Open(tb.Context(), NewSchema(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() }) // runs before the schema is dropped
	return s
}

// NewSchema creates an empty schema in the test database, dropped when tb
// ends, and returns a URL whose connections work in that schema. It skips tb
// if there is no test database.
func NewSchema(tb testing.TB) string {
	tb.Helper()
	base := URL(tb)
	schema := "hive_test_" + strings.ToLower(rand.Text()[:16])
	exec(tb, base, "CREATE SCHEMA "+schema)
	tb.Cleanup(func() { exec(tb, base, "DROP SCHEMA "+schema+" CASCADE") })
	return withSearchPath(tb, base, schema)
}

// withSearchPath returns dbURL with its search_path set to schema, so that
// every connection of the store works in that schema.
func withSearchPath(tb testing.TB, dbURL, schema string) string {
	tb.Helper()
	u, err := url.Parse(dbURL)
	if err != nil {
		tb.Fatalf("%s: %v", EnvURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// exec runs one statement on a connection of its own. It does not use
// tb.Context, which is already cancelled when cleanups run.
func exec(tb testing.TB, dbURL, sql string) {
	tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		tb.Fatalf("%s: %v", EnvURL, err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		tb.Fatal(fmt.Errorf("%s: %w", sql, err))
	}
}
