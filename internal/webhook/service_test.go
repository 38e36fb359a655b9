package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
	"github.com/hive-platform/hive/internal/webhook"
	hook "github.com/hive-platform/hive/webhook"
)

// clock is a settable time source.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

var events = []string{"door.entry", "alert.fired"}

// fixture is a Service on a new SQLite database, with a settable clock and
// two tenants.
type fixture struct {
	t     *testing.T
	ctx   context.Context
	store webhook.Store
	svc   *webhook.Service
	clock *clock
	a, b  *hive.Principal
}

// loopback is where the tests' receivers listen.
var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

func newFixture(t *testing.T, cfg webhook.Config) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: t.Context(), store: sqlitetest.Open(t).Webhooks(),
		clock: &clock{now: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)}}
	cfg.Now = f.clock.Now
	// The receivers are httptest servers on 127.0.0.1, which deliveries may
	// reach only because the operator allows it.
	cfg.AllowNetworks = append(cfg.AllowNetworks, loopback...)
	if cfg.Events == nil {
		cfg.Events = events
	}
	f.svc = webhook.NewService(f.store, cfg)
	f.a = &hive.Principal{TenantID: hive.NewID(hive.PrefixTenant, f.clock.now), UserID: "usr_a"}
	f.b = &hive.Principal{TenantID: hive.NewID(hive.PrefixTenant, f.clock.now), UserID: "usr_b"}
	return f
}

func (f *fixture) createEndpoint(p *hive.Principal, url string, events ...string) (*webhook.Endpoint, string) {
	f.t.Helper()
	e, secret, err := f.svc.CreateEndpoint(f.ctx, p, webhook.EndpointParams{URL: url, Events: events})
	if err != nil {
		f.t.Fatal(err)
	}
	return e, secret
}

func (f *fixture) publish(p *hive.Principal, event string, payload any) {
	f.t.Helper()
	if err := f.svc.Publish(f.ctx, p.TenantID, event, payload); err != nil {
		f.t.Fatal(err)
	}
}

// deliverDue runs one round of the worker and checks how many it claimed.
func (f *fixture) deliverDue(want int) {
	f.t.Helper()
	n, err := f.svc.DeliverDue(f.ctx)
	if err != nil {
		f.t.Fatal(err)
	}
	if n != want {
		f.t.Fatalf("DeliverDue claimed %d deliveries, want %d", n, want)
	}
}

// deliveries lists every delivery of p's tenant, newest first.
func (f *fixture) deliveries(p *hive.Principal) []*webhook.Delivery {
	f.t.Helper()
	ds, _, err := f.svc.ListDeliveries(f.ctx, p, webhook.DeliveryFilter{})
	if err != nil {
		f.t.Fatal(err)
	}
	return ds
}

// only returns the one delivery of p's tenant.
func (f *fixture) only(p *hive.Principal) *webhook.Delivery {
	f.t.Helper()
	ds := f.deliveries(p)
	if len(ds) != 1 {
		f.t.Fatalf("tenant has %d deliveries, want 1", len(ds))
	}
	return ds[0]
}

// received is one request a receiver saw.
type received struct {
	header http.Header
	body   []byte
}

// receiver is an HTTP endpoint on 127.0.0.1 that answers with the statuses
// given, one per request, repeating the last, and records every request.
type receiver struct {
	*httptest.Server
	mu       sync.Mutex
	statuses []int
	got      []received
}

func newReceiver(t *testing.T, statuses ...int) *receiver {
	r := &receiver{statuses: statuses}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{req.Header.Clone(), body})
		status := r.statuses[min(len(r.got), len(r.statuses))-1]
		r.mu.Unlock()
		if status >= 300 && status <= 399 {
			w.Header().Set("Location", "https://elsewhere.example/")
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

type entryPayload struct {
	DoorID  string `json:"door_id"`
	Granted bool   `json:"granted"`
}

func TestDeliveryIsSignedAndVerifies(t *testing.T) {
	f := newFixture(t, webhook.Config{})
	rcv := newReceiver(t, http.StatusNoContent)
	e, secret := f.createEndpoint(f.a, rcv.URL+"/hooks?src=hive", "door.entry")
	f.publish(f.a, "door.entry", entryPayload{DoorID: "front", Granted: true})
	if len(rcv.requests()) != 0 {
		t.Fatal("Publish sent a request; it must only queue the delivery")
	}
	queued := f.only(f.a)
	f.clock.Advance(2 * time.Second)
	f.deliverDue(1)

	reqs := rcv.requests()
	if len(reqs) != 1 {
		t.Fatalf("receiver got %d requests, want 1", len(reqs))
	}
	req := reqs[0]
	if err := hook.Verify(secret, req.header.Get("Hive-Signature"), req.body, f.clock.Now(), time.Minute); err != nil {
		t.Errorf("signature does not verify: %v (header %q)", err, req.header.Get("Hive-Signature"))
	}
	wantHeaders := map[string]string{"Content-Type": "application/json", "Hive-Event": "door.entry",
		"Hive-Delivery-Id": queued.ID, "User-Agent": "Hive-Webhooks/1"}
	for k, want := range wantHeaders {
		if got := req.header.Get(k); got != want {
			t.Errorf("header %s = %q, want %q", k, got, want)
		}
	}
	if string(req.body) != string(queued.Payload) {
		t.Errorf("body %s differs from the stored payload %s", req.body, queued.Payload)
	}
	var body struct {
		ID, Event, TenantID string `json:",omitempty"`
		Data                entryPayload
	}
	if err := json.Unmarshal(req.body, &body); err != nil {
		t.Fatal(err)
	}
	want := entryPayload{DoorID: "front", Granted: true}
	if body.ID != queued.ID || body.Event != "door.entry" || body.Data != want {
		t.Errorf("body = %s, want id %s, event door.entry and the payload under data", req.body, queued.ID)
	}

	d := f.only(f.a)
	if d.Status != webhook.StatusSucceeded || d.Attempts != 1 || d.LastStatusCode != 204 || d.LastError != "" || d.EndpointID != e.ID {
		t.Errorf("delivery after success = %+v", d)
	}
	f.deliverDue(0)
}

func TestRetryAfterServerErrorThenSuccess(t *testing.T) {
	f := newFixture(t, webhook.Config{})
	rcv := newReceiver(t, http.StatusInternalServerError, http.StatusOK)
	_, secret := f.createEndpoint(f.a, rcv.URL, "door.entry")
	f.publish(f.a, "door.entry", entryPayload{DoorID: "front"})

	f.deliverDue(1)
	d := f.only(f.a)
	wantNext := f.clock.Now().Add(10 * time.Second)
	if d.Status != webhook.StatusPending || d.Attempts != 1 || d.LastStatusCode != 500 ||
		!strings.Contains(d.LastError, "HTTP 500") || !d.NextAttemptAt.Equal(wantNext) {
		t.Fatalf("after a 500: %+v; want pending, 1 attempt, next at %s", d, wantNext)
	}

	f.clock.Advance(9 * time.Second)
	f.deliverDue(0) // not due yet
	f.clock.Advance(time.Second)
	f.deliverDue(1)
	d = f.only(f.a)
	if d.Status != webhook.StatusSucceeded || d.Attempts != 2 || d.LastStatusCode != 200 || d.LastError != "" {
		t.Fatalf("after the retry: %+v; want succeeded after 2 attempts", d)
	}

	reqs := rcv.requests()
	if len(reqs) != 2 {
		t.Fatalf("receiver got %d requests, want 2", len(reqs))
	}
	if string(reqs[0].body) != string(reqs[1].body) {
		t.Error("the retry sent a different body")
	}
	// Each attempt is signed at its own time, so a retry is never stale.
	if reqs[0].header.Get("Hive-Signature") == reqs[1].header.Get("Hive-Signature") {
		t.Error("the retry reused the first attempt's signature")
	}
	if err := hook.Verify(secret, reqs[1].header.Get("Hive-Signature"), reqs[1].body, f.clock.Now(), time.Second); err != nil {
		t.Errorf("retry signature: %v", err)
	}
}

func TestGiveUpAfterMaxAttempts(t *testing.T) {
	f := newFixture(t, webhook.Config{MaxAttempts: 3, Backoff: []time.Duration{time.Minute, 5 * time.Minute}})
	rcv := newReceiver(t, http.StatusServiceUnavailable)
	f.createEndpoint(f.a, rcv.URL, "door.entry")
	f.publish(f.a, "door.entry", entryPayload{})

	for i, wait := range []time.Duration{time.Minute, 5 * time.Minute} {
		f.deliverDue(1)
		if d := f.only(f.a); d.Status != webhook.StatusPending || d.Attempts != i+1 {
			t.Fatalf("after attempt %d: %+v, want pending", i+1, d)
		}
		f.clock.Advance(wait)
	}
	f.deliverDue(1)
	d := f.only(f.a)
	if d.Status != webhook.StatusFailed || d.Attempts != 3 || d.LastStatusCode != 503 {
		t.Fatalf("after the last attempt: %+v, want failed after 3 attempts", d)
	}
	f.clock.Advance(24 * time.Hour)
	f.deliverDue(0)
	if n := len(rcv.requests()); n != 3 {
		t.Errorf("receiver got %d requests, want 3", n)
	}
}

func TestDefaultBackoffSchedule(t *testing.T) {
	sender := &fakeSender{status: http.StatusBadGateway}
	f := newFixture(t, webhook.Config{Sender: sender})
	f.createEndpoint(f.a, "https://hooks.example/x", "door.entry")
	f.publish(f.a, "door.entry", entryPayload{})
	var waits []time.Duration
	for range webhook.DefaultMaxAttempts {
		f.deliverDue(1)
		d := f.only(f.a)
		if d.Status == webhook.StatusFailed {
			break
		}
		wait := d.NextAttemptAt.Sub(f.clock.Now())
		waits = append(waits, wait)
		f.clock.Advance(wait)
	}
	if d := cmp.Diff(webhook.DefaultBackoff, waits); d != "" {
		t.Errorf("waits between attempts (-want +got):\n%s", d)
	}
	if d := f.only(f.a); d.Status != webhook.StatusFailed || d.Attempts != webhook.DefaultMaxAttempts {
		t.Errorf("final delivery %+v, want failed after %d attempts", d, webhook.DefaultMaxAttempts)
	}
}

func TestOnlySubscribedEndpointsReceive(t *testing.T) {
	f := newFixture(t, webhook.Config{})
	entries, alerts, both, other := newReceiver(t, 200), newReceiver(t, 200), newReceiver(t, 200), newReceiver(t, 200)
	eEntries, _ := f.createEndpoint(f.a, entries.URL, "door.entry")
	f.createEndpoint(f.a, alerts.URL, "alert.fired")
	eBoth, _ := f.createEndpoint(f.a, both.URL, "alert.fired", "door.entry")
	f.createEndpoint(f.b, other.URL, "door.entry")

	f.publish(f.a, "door.entry", entryPayload{DoorID: "front"})
	f.deliverDue(2)
	for _, c := range []struct {
		name string
		r    *receiver
		want int
	}{{"door.entry endpoint", entries, 1}, {"alert.fired endpoint", alerts, 0}, {"endpoint of both", both, 1}, {"other tenant", other, 0}} {
		if got := len(c.r.requests()); got != c.want {
			t.Errorf("%s got %d requests, want %d", c.name, got, c.want)
		}
	}
	got := map[string]bool{}
	for _, d := range f.deliveries(f.a) {
		got[d.EndpointID] = true
	}
	if d := cmp.Diff(map[string]bool{eEntries.ID: true, eBoth.ID: true}, got); d != "" {
		t.Errorf("endpoints with a delivery (-want +got):\n%s", d)
	}
	if n := len(f.deliveries(f.b)); n != 0 {
		t.Errorf("other tenant has %d deliveries", n)
	}
}

func TestPublish(t *testing.T) {
	f := newFixture(t, webhook.Config{})
	if err := f.svc.Publish(f.ctx, f.a.TenantID, "door.exploded", nil); err == nil {
		t.Error("Publish of an unregistered event succeeded")
	}
	f.publish(f.a, "door.entry", entryPayload{}) // no endpoints: nothing queued
	if n := len(f.deliveries(f.a)); n != 0 {
		t.Errorf("%d deliveries queued without endpoints", n)
	}
	f.createEndpoint(f.a, "https://hooks.example/x", "door.entry")
	if err := f.svc.Publish(f.ctx, f.a.TenantID, "door.entry", func() {}); err == nil {
		t.Error("Publish of a payload that is not JSON succeeded")
	}
	big := strings.Repeat("x", 300<<10)
	if err := f.svc.Publish(f.ctx, f.a.TenantID, "door.entry", big); err == nil {
		t.Error("Publish of a 300 KiB payload succeeded")
	}
	if n := len(f.deliveries(f.a)); n != 0 {
		t.Errorf("%d deliveries queued by failed publishes", n)
	}
}

func TestTimeoutIsAFailedAttempt(t *testing.T) {
	f := newFixture(t, webhook.Config{Timeout: 50 * time.Millisecond})
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	f.createEndpoint(f.a, srv.URL, "door.entry")
	f.publish(f.a, "door.entry", entryPayload{})
	f.deliverDue(1)
	d := f.only(f.a)
	if d.Status != webhook.StatusPending || d.LastStatusCode != 0 || !strings.Contains(d.LastError, "took longer than 50ms") {
		t.Errorf("after a timeout: %+v", d)
	}
}

func TestRedirectIsNotFollowed(t *testing.T) {
	f := newFixture(t, webhook.Config{})
	rcv := newReceiver(t, http.StatusFound)
	f.createEndpoint(f.a, rcv.URL, "door.entry")
	f.publish(f.a, "door.entry", entryPayload{})
	f.deliverDue(1)
	d := f.only(f.a)
	if d.Status != webhook.StatusPending || d.LastStatusCode != 302 || !strings.Contains(d.LastError, "redirects are not followed") {
		t.Errorf("after a redirect: %+v", d)
	}
	if n := len(rcv.requests()); n != 1 {
		t.Errorf("receiver got %d requests, want 1", n)
	}
}

func TestUnreachableEndpointIsAFailedAttempt(t *testing.T) {
	f := newFixture(t, webhook.Config{})
	rcv := newReceiver(t, 200)
	url := rcv.URL
	rcv.Close() // nothing listens there any more
	f.createEndpoint(f.a, url, "door.entry")
	f.publish(f.a, "door.entry", entryPayload{})
	f.deliverDue(1)
	d := f.only(f.a)
	if d.Status != webhook.StatusPending || d.LastStatusCode != 0 || d.LastError == "" || strings.Contains(d.LastError, "Post ") {
		t.Errorf("after a refused connection: %+v", d)
	}
}

func TestDeletedEndpointGetsNothing(t *testing.T) {
	f := newFixture(t, webhook.Config{})
	rcv := newReceiver(t, 200)
	e, _ := f.createEndpoint(f.a, rcv.URL, "door.entry")
	f.publish(f.a, "door.entry", entryPayload{})
	if err := f.svc.DeleteEndpoint(f.ctx, f.a, e.ID); err != nil {
		t.Fatal(err)
	}
	f.deliverDue(0)
	if n := len(rcv.requests()); n != 0 {
		t.Errorf("deleted endpoint got %d requests", n)
	}
}

func TestDisabledEndpointFailsItsDeliveries(t *testing.T) {
	f := newFixture(t, webhook.Config{Sender: &fakeSender{status: 200}})
	f.createEndpoint(f.a, "https://hooks.example/x", "door.entry")
	f.publish(f.a, "door.entry", entryPayload{})
	// The endpoint is disabled between Publish and the attempt.
	f.svc = webhook.NewService(disabling{f.store}, webhook.Config{Now: f.clock.Now, Events: events, Sender: &fakeSender{status: 200}})
	f.deliverDue(1)
	if d := f.only(f.a); d.Status != webhook.StatusFailed || d.LastError != "the endpoint is disabled" {
		t.Errorf("delivery to a disabled endpoint: %+v", d)
	}
}

// disabling is a store whose endpoints all read as inactive.
type disabling struct{ webhook.Store }

func (s disabling) EndpointByID(ctx context.Context, tenantID, id string) (*webhook.Endpoint, error) {
	e, err := s.Store.EndpointByID(ctx, tenantID, id)
	if e != nil {
		e.Active = false
	}
	return e, err
}

// fakeSender answers every request with status and records the most
// requests in flight at once. When gate is set, each request waits there
// until openAt requests are in flight.
type fakeSender struct {
	status   int
	gate     chan struct{}
	openAt   int64
	once     sync.Once
	inFlight atomic.Int64
	mu       sync.Mutex
	peak     int64
	sent     []string // delivery IDs
}

func (s *fakeSender) Send(ctx context.Context, url string, h http.Header, body []byte) (int, error) {
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	s.mu.Lock()
	s.peak = max(s.peak, n)
	s.sent = append(s.sent, h.Get("Hive-Delivery-Id"))
	s.mu.Unlock()
	if s.gate != nil {
		if n >= s.openAt {
			s.once.Do(func() { close(s.gate) })
		}
		select {
		case <-s.gate:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
	return s.status, nil
}

func (s *fakeSender) stats() (peak int64, sent []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak, append([]string(nil), s.sent...)
}

func TestConcurrencyIsBounded(t *testing.T) {
	// The gate opens once three requests wait at it: a bound below three
	// would never get there, and one above would show in the peak.
	sender := &fakeSender{status: 200, gate: make(chan struct{}), openAt: 3}
	f := newFixture(t, webhook.Config{Sender: sender, Concurrency: 3, BatchSize: 10})
	f.createEndpoint(f.a, "https://hooks.example/x", "door.entry")
	for range 12 {
		f.publish(f.a, "door.entry", entryPayload{})
	}
	f.deliverDue(10) // one batch
	f.deliverDue(2)
	peak, sent := sender.stats()
	if peak != 3 {
		t.Errorf("peak requests in flight = %d, want 3", peak)
	}
	if len(sent) != 12 {
		t.Errorf("sent %d requests, want 12", len(sent))
	}
}

func TestRunDeliversWhenPublishedAndStops(t *testing.T) {
	rcv := newReceiver(t, 200)
	got := make(chan struct{}, 1)
	f := newFixture(t, webhook.Config{PollInterval: time.Hour, Sender: notifying{webhook.NewHTTPSender(loopback...), got}})
	f.createEndpoint(f.a, rcv.URL, "door.entry")
	ctx, cancel := context.WithCancel(f.ctx)
	done := make(chan struct{})
	go func() { f.svc.Run(ctx); close(done) }()

	// The poll interval is an hour, so only Publish's nudge can send it now.
	f.publish(f.a, "door.entry", entryPayload{})
	select {
	case <-got:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not deliver the published event")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
	if d := f.only(f.a); d.Status != webhook.StatusSucceeded {
		t.Errorf("delivery after Run: %+v", d)
	}
}

// notifying is a Sender that signals on got after each request.
type notifying struct {
	webhook.Sender
	got chan struct{}
}

func (n notifying) Send(ctx context.Context, url string, h http.Header, body []byte) (int, error) {
	status, err := n.Sender.Send(ctx, url, h, body)
	n.got <- struct{}{}
	return status, err
}

func TestPruneDeletesOldFinishedDeliveries(t *testing.T) {
	f := newFixture(t, webhook.Config{Sender: &fakeSender{status: 200}, Retention: 24 * time.Hour})
	f.createEndpoint(f.a, "https://hooks.example/x", "door.entry")
	f.publish(f.a, "door.entry", entryPayload{})
	f.deliverDue(1)
	f.clock.Advance(23 * time.Hour)
	f.publish(f.a, "door.entry", entryPayload{}) // still pending
	f.clock.Advance(2 * time.Hour)
	if n, err := f.svc.Prune(f.ctx); err != nil || n != 1 {
		t.Fatalf("Prune = %d, %v; want 1", n, err)
	}
	if d := f.only(f.a); d.Status != webhook.StatusPending {
		t.Errorf("kept %+v, want the pending delivery", d)
	}
}

func TestCreateEndpoint(t *testing.T) {
	tests := []struct {
		name   string
		url    string
		events []string
		field  string // the field the error names; "" for success
	}{
		{"https is accepted", "https://hooks.example.com/hive?x=1", []string{"door.entry"}, ""},
		{"http to localhost is accepted", "http://localhost:8080/hooks", []string{"door.entry"}, ""},
		{"http to 127.0.0.1 is accepted", "http://127.0.0.1:9000/", []string{"door.entry"}, ""},
		{"http to ::1 is accepted", "http://[::1]:9000/", []string{"door.entry"}, ""},
		{"http to a .localhost name is accepted", "http://app.localhost/", []string{"door.entry"}, ""},
		{"http elsewhere is refused", "http://hooks.example.com/", []string{"door.entry"}, "url"},
		{"http to a private address is refused", "http://10.0.0.5/", []string{"door.entry"}, "url"},
		{"other schemes are refused", "ftp://hooks.example.com/", []string{"door.entry"}, "url"},
		{"relative URL is refused", "/hooks", []string{"door.entry"}, "url"},
		{"empty URL is refused", " ", []string{"door.entry"}, "url"},
		{"credentials in the URL are refused", "https://user:pw@hooks.example.com/", []string{"door.entry"}, "url"},
		{"a fragment is refused", "https://hooks.example.com/#x", []string{"door.entry"}, "url"},
		{"overlong URL is refused", "https://hooks.example.com/" + strings.Repeat("a", 2048), []string{"door.entry"}, "url"},
		{"no events is refused", "https://hooks.example.com/", nil, "events"},
		{"unknown event is refused", "https://hooks.example.com/", []string{"door.entry", "door.opened"}, "events[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, webhook.Config{})
			e, secret, err := f.svc.CreateEndpoint(f.ctx, f.a, webhook.EndpointParams{URL: tt.url, Events: tt.events})
			if tt.field != "" {
				if hive.ErrorCode(err) != hive.EINVALID || hive.ErrorDetails(err)["field"] != tt.field {
					t.Fatalf("CreateEndpoint error = %v, want invalid_request naming %q", err, tt.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(secret, "whsec_") || len(secret) < 40 || e.Secret != secret || !e.Active ||
				!hive.ValidID(webhook.PrefixEndpoint, e.ID) {
				t.Errorf("created %+v with secret %q", e, secret)
			}
		})
	}
}

func TestEndpointManagement(t *testing.T) {
	f := newFixture(t, webhook.Config{MaxEndpoints: 2})
	e1, s1 := f.createEndpoint(f.a, "https://hooks.example/1", "door.entry", "door.entry", " alert.fired")
	e2, s2 := f.createEndpoint(f.a, "https://hooks.example/2", "door.entry")
	if s1 == s2 {
		t.Error("two endpoints got the same secret")
	}
	if d := cmp.Diff([]string{"door.entry", "alert.fired"}, e1.Events); d != "" {
		t.Errorf("events are not trimmed and de-duplicated (-want +got):\n%s", d)
	}
	_, _, err := f.svc.CreateEndpoint(f.ctx, f.a, webhook.EndpointParams{URL: "https://hooks.example/3", Events: []string{"door.entry"}})
	if hive.ErrorCode(err) != hive.ECONFLICT {
		t.Errorf("third endpoint over a limit of 2: %v, want conflict", err)
	}
	f.createEndpoint(f.b, "https://hooks.example/b", "door.entry") // the limit is per tenant

	list, total, err := f.svc.ListEndpoints(f.ctx, f.a, webhook.Page{})
	if err != nil || total != 2 || len(list) != 2 || list[0].ID != e2.ID || list[1].ID != e1.ID {
		t.Errorf("ListEndpoints = %v, %d, %v; want e2, e1", list, total, err)
	}
	got, err := f.svc.Endpoint(f.ctx, f.a, e1.ID)
	if err != nil || got.URL != e1.URL {
		t.Errorf("Endpoint = %+v, %v", got, err)
	}
	notFound := []struct {
		name string
		err  error
	}{
		{"other tenant's endpoint", func() error { _, err := f.svc.Endpoint(f.ctx, f.b, e1.ID); return err }()},
		{"malformed id", func() error { _, err := f.svc.Endpoint(f.ctx, f.a, "nope"); return err }()},
		{"deleting another tenant's endpoint", f.svc.DeleteEndpoint(f.ctx, f.b, e1.ID)},
		{"deliveries of another tenant's endpoint", func() error {
			_, _, err := f.svc.ListDeliveries(f.ctx, f.b, webhook.DeliveryFilter{EndpointID: &e1.ID})
			return err
		}()},
	}
	for _, c := range notFound {
		if hive.ErrorCode(c.err) != hive.ENOTFOUND {
			t.Errorf("%s: %v, want not_found", c.name, c.err)
		}
	}
	if err := f.svc.DeleteEndpoint(f.ctx, f.a, e1.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.DeleteEndpoint(f.ctx, f.a, e1.ID); hive.ErrorCode(err) != hive.ENOTFOUND {
		t.Errorf("second delete: %v, want not_found", err)
	}
	bad := webhook.Status("lost")
	if _, _, err := f.svc.ListDeliveries(f.ctx, f.a, webhook.DeliveryFilter{Status: &bad}); hive.ErrorCode(err) != hive.EINVALID {
		t.Errorf("unknown status filter: %v, want invalid_request", err)
	}
}

func TestListDeliveriesOfOneEndpoint(t *testing.T) {
	f := newFixture(t, webhook.Config{Sender: &fakeSender{status: 200}})
	e1, _ := f.createEndpoint(f.a, "https://hooks.example/1", "door.entry")
	f.createEndpoint(f.a, "https://hooks.example/2", "door.entry")
	f.publish(f.a, "door.entry", entryPayload{})
	f.publish(f.a, "door.entry", entryPayload{})
	ds, total, err := f.svc.ListDeliveries(f.ctx, f.a, webhook.DeliveryFilter{EndpointID: &e1.ID, Page: webhook.Page{Limit: 1}})
	if err != nil || total != 2 || len(ds) != 1 || ds[0].EndpointID != e1.ID {
		t.Errorf("ListDeliveries = %v, %d, %v; want 1 of 2 for e1", ds, total, err)
	}
	if n := len(f.deliveries(f.a)); n != 4 {
		t.Errorf("tenant has %d deliveries, want 4", n)
	}
}
