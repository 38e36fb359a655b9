package httpapi_test

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/httpapi"
	"github.com/hive-platform/hive/internal/sqlite"
	"github.com/hive-platform/hive/internal/webhook"
)

func TestWebhookHandlers(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "hive.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	keys := apikey.NewService(st, apikey.Config{BcryptCost: 4})
	hooks := webhook.NewService(st.Webhooks(), webhook.Config{Events: []string{"door.entry", "alert.fired"}})
	srv := httptest.NewServer(httpapi.New(httpapi.Config{Keys: keys, Webhooks: hooks, DefaultRateLimit: 1000}))
	t.Cleanup(srv.Close)
	boot, err := keys.Bootstrap(ctx, apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	other, err := keys.Bootstrap(ctx, apikey.BootstrapParams{Slug: "globex", AdminEmail: "o@globex.test"})
	if err != nil {
		t.Fatal(err)
	}
	admin := client.New(srv.URL, boot.Secret, client.WithMaxRetries(0))

	created, err := admin.CreateWebhook(ctx, client.CreateWebhookRequest{URL: "https://hooks.example/x", Events: []string{"door.entry"}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(created.Secret, "whsec_") || created.Object != "webhook_endpoint" || !created.Active {
		t.Errorf("created = %+v", created)
	}
	_, err = admin.CreateWebhook(ctx, client.CreateWebhookRequest{URL: "http://hooks.example/x", Events: []string{"door.entry"}})
	if ce, ok := err.(*client.Error); !ok || ce.StatusCode != 400 || ce.Details["field"] != "url" {
		t.Errorf("http URL: %v", err)
	}
	got, err := admin.GetWebhook(ctx, created.ID)
	if err != nil || got.URL != created.URL {
		t.Errorf("GetWebhook = %+v, %v", got, err)
	}
	list, err := admin.ListWebhooks(ctx, client.ListParams{})
	if err != nil || list.Total != 1 || len(list.Data) != 1 {
		t.Errorf("ListWebhooks = %+v, %v", list, err)
	}
	if err := hooks.Publish(ctx, boot.Tenant.ID, "door.entry", map[string]any{"door_id": "front"}); err != nil {
		t.Fatal(err)
	}
	ds, err := admin.ListDeliveries(ctx, created.ID, client.ListDeliveriesParams{Status: "pending"})
	if err != nil || ds.Total != 1 || ds.Data[0].Status != "pending" || ds.Data[0].NextAttemptAt == nil || ds.Data[0].WebhookID != created.ID {
		t.Errorf("ListDeliveries = %+v, %v", ds, err)
	}
	if _, err := admin.ListDeliveries(ctx, created.ID, client.ListDeliveriesParams{Status: "lost"}); err == nil {
		t.Error("bad status filter accepted")
	}
	otherClient := client.New(srv.URL, other.Secret, client.WithMaxRetries(0))
	if _, err := otherClient.GetWebhook(ctx, created.ID); err == nil || err.(*client.Error).StatusCode != 404 {
		t.Errorf("other tenant GetWebhook: %v", err)
	}
	if _, err := otherClient.ListDeliveries(ctx, created.ID, client.ListDeliveriesParams{}); err == nil || err.(*client.Error).StatusCode != 404 {
		t.Errorf("other tenant ListDeliveries: %v", err)
	}
	ro, err := admin.CreateServiceAccount(ctx, "ro", "")
	if err != nil {
		t.Fatal(err)
	}
	rk, err := admin.CreateKey(ctx, client.CreateKeyRequest{Name: "ro", ServiceAccountID: ro.ID, Permissions: []string{"admin:read"}})
	if err != nil {
		t.Fatal(err)
	}
	readOnly := client.New(srv.URL, rk.Key, client.WithMaxRetries(0))
	if _, err := readOnly.ListWebhooks(ctx, client.ListParams{}); err != nil {
		t.Errorf("an admin:read key cannot list: %v", err)
	}
	if err := readOnly.DeleteWebhook(ctx, created.ID); err == nil || err.(*client.Error).StatusCode != 403 {
		t.Errorf("read-only delete: %v", err)
	}
	if err := admin.DeleteWebhook(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	if err := admin.DeleteWebhook(ctx, created.ID); err == nil || err.(*client.Error).StatusCode != 404 {
		t.Errorf("second delete: %v", err)
	}
}
