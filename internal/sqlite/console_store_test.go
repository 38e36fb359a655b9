package sqlite_test

import (
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/session"
	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
	"github.com/hive-platform/hive/internal/storetest"
)

func TestSessionStore(t *testing.T) {
	storetest.RunSession(t, func(t *testing.T) (apikey.Store, session.Store) {
		s := sqlitetest.Open(t)
		return s, s.Sessions()
	})
}
