package postgres_test

import (
	"testing"

	"github.com/hive-platform/hive/internal/postgres/pgtest"
	"github.com/hive-platform/hive/internal/storetest"
	"github.com/hive-platform/hive/internal/usage"
)

func TestUsageStore(t *testing.T) {
	pgtest.URL(t) // without a database, skip once rather than in every case
	storetest.RunUsage(t, func(t *testing.T) usage.Store { return pgtest.Open(t).Usage() })
}
