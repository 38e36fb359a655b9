package sqlite_test

import (
	"testing"

	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
	"github.com/hive-platform/hive/internal/storetest"
)

func TestDoorStore(t *testing.T) {
	storetest.RunDoor(t, func(t *testing.T) door.Store { return sqlitetest.Open(t).Doors() })
}
