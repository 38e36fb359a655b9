// Package sqlitetest opens SQLite stores for tests. It lives apart from
// package sqlite so that test helpers stay out of the production binary.
package sqlitetest

import (
	"path/filepath"
	"testing"

	"github.com/hive-platform/hive/internal/sqlite"
)

// Open returns a store on a new database file in a temporary directory,
// closed when tb ends.
func Open(tb testing.TB) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(tb.Context(), filepath.Join(tb.TempDir(), "hive.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := s.Close(); err != nil {
			tb.Error(err)
		}
	})
	return s
}
