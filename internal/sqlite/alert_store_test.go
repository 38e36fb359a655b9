package sqlite_test

import (
	"testing"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
	"github.com/hive-platform/hive/internal/storetest"
)

func TestAlertStore(t *testing.T) {
	storetest.RunAlerts(t, func(t *testing.T) alert.Store { return sqlitetest.Open(t).Alerts() })
}
