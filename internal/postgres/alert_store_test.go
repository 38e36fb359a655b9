package postgres_test

import (
	"testing"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/postgres/pgtest"
	"github.com/hive-platform/hive/internal/storetest"
)

func TestAlertStore(t *testing.T) {
	pgtest.URL(t) // without a database, skip once rather than in every case
	storetest.RunAlerts(t, func(t *testing.T) alert.Store { return pgtest.Open(t).Alerts() })
}
