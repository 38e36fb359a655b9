package sqlite_test

import (
	"testing"

	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
	"github.com/hive-platform/hive/internal/storetest"
	"github.com/hive-platform/hive/internal/webhook"
)

func TestWebhookStore(t *testing.T) {
	storetest.RunWebhook(t, func(t *testing.T) webhook.Store { return sqlitetest.Open(t).Webhooks() })
}
