package httpapi_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi"
	"github.com/hive-platform/hive/internal/ratelimit"
	"github.com/hive-platform/hive/internal/sqlite"
)

// newAlertHarness is the harness with an alert engine observing its
// requests and serving its alert routes, running until the test ends.
func newAlertHarness(t *testing.T) (*harness, *alert.Engine) {
	t.Helper()
	h := newHarness(t)
	st, err := sqlite.Open(t.Context(), h.dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.DiscardHandler)
	eng := alert.NewEngine(st.Alerts(), alert.Config{Now: h.clock.Now, Logger: log, Publisher: h.hooks, Keys: h.store, Audit: h.store})
	srv := httptest.NewServer(httpapi.New(httpapi.Config{
		Keys: h.svc, Doors: h.doors, Webhooks: h.hooks, Limiter: ratelimit.NewMemory(h.clock.Now), Logger: log,
		DefaultRateLimit: 1000, Alerts: eng, Observers: []hive.RequestObserver{h.seen, eng},
	}))
	t.Cleanup(srv.Close)
	h.url = srv.URL
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { eng.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return h, eng
}

// waitForAlerts polls GET /v1/alerts with c until it lists want alerts of
// rule: the engine handles requests off the request path.
func waitForAlerts(t *testing.T, c *client.Client, rule string, want int) []client.Alert {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		l, err := c.ListAlerts(context.Background(), client.ListAlertsParams{Rule: rule})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Data) >= want || time.Now().After(deadline) {
			if len(l.Data) != want {
				t.Fatalf("GET /v1/alerts?rule=%s lists %d alerts, want %d", rule, len(l.Data), want)
			}
			return l.Data
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestRevokedKeyTriedIsAlerted(t *testing.T) {
	h, _ := newAlertHarness(t)
	ctx := context.Background()
	k := h.createKey(client.CreateKeyRequest{})
	if _, err := h.admin().RevokeKey(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		_, err := h.client(k.Key).Verify(ctx)
		apiError(t, err, 401, hive.EUNAUTHORIZED, hive.ReasonKeyRevoked)
	}
	got := waitForAlerts(t, h.admin(), string(alert.RuleRevokedKeyUsed), 1)[0]
	if got.KeyID == nil || *got.KeyID != k.ID || got.Status != "open" || got.Severity != "critical" {
		t.Errorf("alert = %+v, want an open critical alert about %s", got, k.ID)
	}
	byKey, err := h.admin().ListAlerts(ctx, client.ListAlertsParams{KeyID: k.ID, Status: "open"})
	if err != nil || len(byKey.Data) != 1 {
		t.Errorf("?key_id=&status=open: %v, %v; want the one alert", byKey, err)
	}
	one, err := h.admin().GetAlert(ctx, got.ID)
	if err != nil || one.ID != got.ID {
		t.Errorf("GET /v1/alerts/{id} = %v, %v", one, err)
	}
}

func TestAckAlert(t *testing.T) {
	h, _ := newAlertHarness(t)
	ctx := context.Background()
	k := h.createKey(client.CreateKeyRequest{})
	h.admin().RevokeKey(ctx, k.ID)
	h.client(k.Key).Verify(ctx)
	a := waitForAlerts(t, h.admin(), string(alert.RuleRevokedKeyUsed), 1)[0]

	acked, err := h.admin().AckAlert(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if acked.Status != "acknowledged" || acked.AcknowledgedBy == nil || *acked.AcknowledgedBy != h.boot.ServiceAccount.ID {
		t.Errorf("acknowledged alert = %+v, want acknowledged by %s", acked, h.boot.ServiceAccount.ID)
	}
	h.clock.Advance(time.Minute)
	again, err := h.admin().AckAlert(ctx, a.ID)
	if err != nil || !again.AcknowledgedAt.Equal(*acked.AcknowledgedAt) {
		t.Errorf("second ack = %+v, %v; want the first acknowledgement kept", again, err)
	}
	open, _ := h.admin().ListAlerts(ctx, client.ListAlertsParams{Status: "open"})
	if len(open.Data) != 0 {
		t.Errorf("?status=open lists %d alerts after the ack", len(open.Data))
	}

	other := h.bootstrap("globex")
	_, err = h.client(other.Secret).AckAlert(ctx, a.ID)
	apiError(t, err, 404, hive.ENOTFOUND, "")
	_, err = h.client(other.Secret).GetAlert(ctx, a.ID)
	apiError(t, err, 404, hive.ENOTFOUND, "")

	reader := h.createKey(client.CreateKeyRequest{Permissions: []string{string(hive.ScopeLogsRead)}})
	if _, err := h.client(reader.Key).ListAlerts(ctx, client.ListAlertsParams{}); err != nil {
		t.Errorf("logs:read cannot list alerts: %v", err)
	}
	_, err = h.client(reader.Key).AckAlert(ctx, a.ID)
	apiError(t, err, 403, hive.EFORBIDDEN, "")

	_, err = h.admin().ListAlerts(ctx, client.ListAlertsParams{Status: "closed"})
	if ce := apiError(t, err, 400, hive.EINVALID, ""); !strings.Contains(ce.Message, "status") {
		t.Errorf("bad status message %q does not name the field", ce.Message)
	}
}

func TestKeyExpiryCalendar(t *testing.T) {
	h, _ := newAlertHarness(t)
	ctx := context.Background()
	days := 30
	active := h.createKey(client.CreateKeyRequest{Name: "BI export", ExpiresInDays: &days})
	gone := h.createKey(client.CreateKeyRequest{Name: "Old export", ExpiresInDays: &days})
	h.admin().RevokeKey(ctx, gone.ID)
	feedKey := h.createKey(client.CreateKeyRequest{Permissions: []string{string(hive.ScopeKeysRead)}})

	res := h.do("GET", "/v1/api-keys/expiry.ics?key="+url.QueryEscape(feedKey.Key), "")
	if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("GET expiry.ics?key= = %d %s: %s", res.status, res.header.Get("Content-Type"), res.body)
	}
	if !strings.Contains(res.body, "UID:"+active.ID+"@hive\r\n") || strings.Contains(res.body, gone.ID) {
		t.Errorf("the feed must list the active key and not the revoked one:\n%s", res.body)
	}
	if !strings.Contains(res.body, "SUMMARY:API key BI export expires\r\n") {
		t.Errorf("the feed lacks the active key's summary:\n%s", res.body)
	}
	bodyFeed, err := h.client(feedKey.Key).KeyExpiryCalendar(ctx)
	if err != nil || string(bodyFeed) != res.body {
		t.Errorf("with a Bearer header the feed differs: %v", err)
	}
	for _, r := range h.seen.records() {
		if strings.Contains(r.Query, feedKey.Key) || strings.Contains(r.Path, feedKey.Key) {
			t.Errorf("the request record holds the key: %q", r.Query)
		}
	}

	noScope := h.createKey(client.CreateKeyRequest{Permissions: []string{string(hive.ScopeLogsRead)}})
	if res := h.do("GET", "/v1/api-keys/expiry.ics?key="+url.QueryEscape(noScope.Key), ""); res.status != 403 {
		t.Errorf("a key without api_keys:read got %d, want 403", res.status)
	}
	if res := h.do("GET", "/v1/api-keys/"+active.ID+"?key="+url.QueryEscape(feedKey.Key), ""); res.status != 401 {
		t.Errorf("?key= on another route got %d, want 401: the query key is for the calendar only", res.status)
	}
	got, err := h.admin().GetKey(ctx, active.ID)
	if err != nil || got.ID != active.ID {
		t.Errorf("GET /v1/api-keys/{id} beside the calendar route: %v, %v", got, err)
	}
}

func TestAlertRoutesWithoutEngineAre404(t *testing.T) {
	h := newHarness(t)
	res := h.do(http.MethodGet, "/v1/alerts", "", bearer(h.boot.Secret)...)
	if res.status != 404 {
		t.Errorf("GET /v1/alerts without an engine = %d, want 404", res.status)
	}
}
