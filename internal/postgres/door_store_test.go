package postgres_test

import (
	"testing"

	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/postgres/pgtest"
	"github.com/hive-platform/hive/internal/storetest"
)

func TestDoorStore(t *testing.T) {
	pgtest.URL(t) // without a database, skip once rather than in every case
	storetest.RunDoor(t, func(t *testing.T) door.Store { return pgtest.Open(t).Doors() })
}
