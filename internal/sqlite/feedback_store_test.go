package sqlite_test

import (
	"testing"

	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
	"github.com/hive-platform/hive/internal/storetest"
)

func TestFeedbackStore(t *testing.T) {
	storetest.RunFeedback(t, func(t *testing.T) people.Store { return sqlitetest.Open(t).People() })
}
