package postgres_test

import (
	"testing"

	"github.com/hive-platform/hive/internal/postgres/pgtest"
	"github.com/hive-platform/hive/internal/storetest"
	"github.com/hive-platform/hive/internal/webhook"
)

func TestWebhookStore(t *testing.T) {
	pgtest.URL(t) // without a database, skip once rather than in every case
	storetest.RunWebhook(t, func(t *testing.T) webhook.Store { return pgtest.Open(t).Webhooks() })
}
