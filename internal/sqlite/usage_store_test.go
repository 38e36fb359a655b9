package sqlite_test

import (
	"testing"

	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
	"github.com/hive-platform/hive/internal/storetest"
	"github.com/hive-platform/hive/internal/usage"
)

func TestUsageStore(t *testing.T) {
	storetest.RunUsage(t, func(t *testing.T) usage.Store { return sqlitetest.Open(t).Usage() })
}
