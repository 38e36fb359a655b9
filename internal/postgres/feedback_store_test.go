package postgres_test

import (
	"testing"

	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/postgres/pgtest"
	"github.com/hive-platform/hive/internal/storetest"
)

func TestFeedbackStore(t *testing.T) {
	pgtest.URL(t) // without a database, skip once rather than in every case
	storetest.RunFeedback(t, func(t *testing.T) people.Store { return pgtest.Open(t).People() })
}
