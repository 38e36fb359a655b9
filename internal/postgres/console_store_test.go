package postgres_test

import (
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/postgres/pgtest"
	"github.com/hive-platform/hive/internal/session"
	"github.com/hive-platform/hive/internal/storetest"
)

func TestSessionStore(t *testing.T) {
	pgtest.URL(t) // without a database, skip once rather than in every case
	storetest.RunSession(t, func(t *testing.T) (apikey.Store, session.Store) {
		s := pgtest.Open(t)
		return s, s.Sessions()
	})
}
