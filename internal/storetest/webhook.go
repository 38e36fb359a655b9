package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/webhook"
)

// RunWebhook runs the conformance suite of webhook.Store. open returns an
// empty, migrated store that is closed when t ends.
func RunWebhook(t *testing.T, open func(t *testing.T) webhook.Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, f *webhookFixture)
	}{
		{"EndpointRoundTrip", testWebhookEndpointRoundTrip},
		{"EndpointErrorCodes", testWebhookEndpointErrorCodes},
		{"ListEndpoints", testWebhookListEndpoints},
		{"DeleteEndpoint", testWebhookDeleteEndpoint},
		{"SubscribedEndpoints", testWebhookSubscribedEndpoints},
		{"DeliveryRoundTrip", testWebhookDeliveryRoundTrip},
		{"ListDeliveries", testWebhookListDeliveries},
		{"ClaimDue", testWebhookClaimDue},
		{"ConcurrentClaims", testWebhookConcurrentClaims},
		{"UpdateDelivery", testWebhookUpdateDelivery},
		{"PruneDeliveries", testWebhookPruneDeliveries},
		{"WithinTx", testWebhookWithinTx},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t, newWebhookFixture(t, open))
		})
	}
}

// webhookFixture is an empty webhook store and the IDs of two tenants. The
// webhook tables do not refer to the tenants table, so the tenants need not
// exist.
type webhookFixture struct {
	t     *testing.T
	ctx   context.Context
	s     webhook.Store
	clock clock
	a, b  string // tenant IDs
}

func newWebhookFixture(t *testing.T, open func(t *testing.T) webhook.Store) *webhookFixture {
	f := &webhookFixture{t: t, ctx: t.Context(), s: open(t), clock: clock{now: t0}}
	f.a = hive.NewID(hive.PrefixTenant, f.clock.tick())
	f.b = hive.NewID(hive.PrefixTenant, f.clock.tick())
	return f
}

func (f *webhookFixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// endpoint saves and returns an active endpoint of tenant subscribed to
// events.
func (f *webhookFixture) endpoint(tenant string, events ...string) *webhook.Endpoint {
	f.t.Helper()
	now := f.clock.tick()
	id := hive.NewID(webhook.PrefixEndpoint, now)
	e := &webhook.Endpoint{ID: id, TenantID: tenant, URL: "https://hooks.example/" + id, Events: events,
		Secret: "whsec_" + id, Active: true, CreatedAt: now}
	f.must(f.s.CreateEndpoint(f.ctx, e))
	return e
}

// newDelivery returns a pending delivery to e, due at due, not yet saved.
func (f *webhookFixture) newDelivery(e *webhook.Endpoint, due time.Time) *webhook.Delivery {
	now := f.clock.tick()
	id := hive.NewID(webhook.PrefixDelivery, now)
	// The payload's odd spacing and key order must survive the round trip.
	payload := fmt.Sprintf(`{"id":"%s", "event":"door.entry","data":{"z":1,"a":[true,null]}}`, id)
	return &webhook.Delivery{ID: id, TenantID: e.TenantID, EndpointID: e.ID, Event: "door.entry",
		Payload: json.RawMessage(payload), Status: webhook.StatusPending, NextAttemptAt: due,
		CreatedAt: now, UpdatedAt: now}
}

// delivery saves and returns a pending delivery to e due at due.
func (f *webhookFixture) delivery(e *webhook.Endpoint, due time.Time) *webhook.Delivery {
	f.t.Helper()
	d := f.newDelivery(e, due)
	f.must(f.s.CreateDeliveries(f.ctx, []*webhook.Delivery{d}))
	return d
}

// reread returns d as the store holds it.
func (f *webhookFixture) reread(d *webhook.Delivery) *webhook.Delivery {
	f.t.Helper()
	got, err := f.s.DeliveryByID(f.ctx, d.TenantID, d.ID)
	f.must(err)
	return got
}

func testWebhookEndpointRoundTrip(t *testing.T, f *webhookFixture) {
	e := f.endpoint(f.a, "door.entry", "alert.fired")
	got, err := f.s.EndpointByID(f.ctx, f.a, e.ID)
	checkCode(t, err, "")
	check(t, "EndpointByID", e, got)

	inactive := f.endpoint(f.a, "door.entry")
	inactive.Active = false
	inactive.ID = hive.NewID(webhook.PrefixEndpoint, f.clock.tick())
	f.must(f.s.CreateEndpoint(f.ctx, inactive))
	got, err = f.s.EndpointByID(f.ctx, f.a, inactive.ID)
	checkCode(t, err, "")
	check(t, "inactive endpoint", inactive, got)
}

func testWebhookEndpointErrorCodes(t *testing.T, f *webhookFixture) {
	e := f.endpoint(f.a, "door.entry")
	d := f.delivery(e, t0)
	unknown := hive.NewID(webhook.PrefixEndpoint, t0)
	tests := []struct {
		name string
		call func() error
		code string
	}{
		{"unknown endpoint is not found", func() error { _, err := f.s.EndpointByID(f.ctx, f.a, unknown); return err }, hive.ENOTFOUND},
		{"other tenant's endpoint is not found", func() error { _, err := f.s.EndpointByID(f.ctx, f.b, e.ID); return err }, hive.ENOTFOUND},
		{"deleting an unknown endpoint is not found", func() error { return f.s.DeleteEndpoint(f.ctx, f.a, unknown) }, hive.ENOTFOUND},
		{"deleting another tenant's endpoint is not found", func() error { return f.s.DeleteEndpoint(f.ctx, f.b, e.ID) }, hive.ENOTFOUND},
		{"unknown delivery is not found", func() error {
			_, err := f.s.DeliveryByID(f.ctx, f.a, hive.NewID(webhook.PrefixDelivery, t0))
			return err
		}, hive.ENOTFOUND},
		{"other tenant's delivery is not found", func() error { _, err := f.s.DeliveryByID(f.ctx, f.b, d.ID); return err }, hive.ENOTFOUND},
		{"updating an unknown delivery is not found", func() error {
			return f.s.UpdateDelivery(f.ctx, f.newDelivery(e, t0))
		}, hive.ENOTFOUND},
		{"updating another tenant's delivery is not found", func() error {
			other := *d
			other.TenantID = f.b
			return f.s.UpdateDelivery(f.ctx, &other)
		}, hive.ENOTFOUND},
		{"a delivery to an unknown endpoint is refused", func() error {
			orphan := f.newDelivery(e, t0)
			orphan.EndpointID = unknown
			return f.s.CreateDeliveries(f.ctx, []*webhook.Delivery{orphan})
		}, hive.EINTERNAL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkCode(t, tt.call(), tt.code) })
	}
	if _, err := f.s.EndpointByID(f.ctx, f.a, e.ID); err != nil {
		t.Errorf("endpoint gone after another tenant tried to delete it: %v", err)
	}
}

func testWebhookListEndpoints(t *testing.T, f *webhookFixture) {
	e1, e2, e3 := f.endpoint(f.a, "door.entry"), f.endpoint(f.a, "alert.fired"), f.endpoint(f.a, "door.entry")
	other := f.endpoint(f.b, "door.entry")
	tests := []struct {
		name   string
		filter webhook.EndpointFilter
		want   []*webhook.Endpoint
		total  int
	}{
		{"newest first", webhook.EndpointFilter{TenantID: f.a}, []*webhook.Endpoint{e3, e2, e1}, 3},
		{"limit keeps the full total", webhook.EndpointFilter{TenantID: f.a, Page: webhook.Page{Limit: 2}},
			[]*webhook.Endpoint{e3, e2}, 3},
		{"paging with After", webhook.EndpointFilter{TenantID: f.a, Page: webhook.Page{Limit: 2, After: e2.ID}},
			[]*webhook.Endpoint{e1}, 3},
		{"other tenant sees only its own", webhook.EndpointFilter{TenantID: f.b}, []*webhook.Endpoint{other}, 1},
		{"unknown tenant lists nothing", webhook.EndpointFilter{TenantID: hive.NewID(hive.PrefixTenant, t0)}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := f.s.ListEndpoints(f.ctx, tt.filter)
			checkCode(t, err, "")
			checkList(t, "ListEndpoints", tt.want, got)
			check(t, "total", tt.total, total)
		})
	}
}

func testWebhookDeleteEndpoint(t *testing.T, f *webhookFixture) {
	gone, kept := f.endpoint(f.a, "door.entry"), f.endpoint(f.a, "door.entry")
	goneDeliveries := []*webhook.Delivery{f.delivery(gone, t0), f.delivery(gone, t0)}
	keptDelivery := f.delivery(kept, t0)

	checkCode(t, f.s.DeleteEndpoint(f.ctx, f.a, gone.ID), "")
	_, err := f.s.EndpointByID(f.ctx, f.a, gone.ID)
	checkCode(t, err, hive.ENOTFOUND)
	for _, d := range goneDeliveries {
		_, err := f.s.DeliveryByID(f.ctx, f.a, d.ID)
		checkCode(t, err, hive.ENOTFOUND)
	}
	check(t, "delivery to the other endpoint", keptDelivery, f.reread(keptDelivery))
	checkCode(t, f.s.DeleteEndpoint(f.ctx, f.a, gone.ID), hive.ENOTFOUND)
}

func testWebhookSubscribedEndpoints(t *testing.T, f *webhookFixture) {
	entries := f.endpoint(f.a, "door.entry")
	both := f.endpoint(f.a, "alert.fired", "door.entry")
	f.endpoint(f.a, "alert.fired")
	f.endpoint(f.a, "door.entry.denied") // a longer name is another event
	inactive := &webhook.Endpoint{ID: hive.NewID(webhook.PrefixEndpoint, f.clock.tick()), TenantID: f.a,
		URL: "https://hooks.example/off", Events: []string{"door.entry"}, Secret: "whsec_off", CreatedAt: t0}
	f.must(f.s.CreateEndpoint(f.ctx, inactive))
	otherTenant := f.endpoint(f.b, "door.entry")

	tests := []struct {
		name   string
		tenant string
		event  string
		want   []*webhook.Endpoint
	}{
		{"active subscribers oldest first", f.a, "door.entry", []*webhook.Endpoint{entries, both}},
		{"the other tenant's own", f.b, "door.entry", []*webhook.Endpoint{otherTenant}},
		{"an event nobody takes", f.a, "door", nil},
		{"no endpoints at all", hive.NewID(hive.PrefixTenant, t0), "door.entry", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.s.SubscribedEndpoints(f.ctx, tt.tenant, tt.event)
			checkCode(t, err, "")
			checkList(t, "SubscribedEndpoints", tt.want, got)
		})
	}
}

func testWebhookDeliveryRoundTrip(t *testing.T, f *webhookFixture) {
	e := f.endpoint(f.a, "door.entry")
	batch := []*webhook.Delivery{f.newDelivery(e, t0), f.newDelivery(e, t0.Add(time.Minute))}
	f.must(f.s.CreateDeliveries(f.ctx, batch))
	for _, d := range batch {
		check(t, "DeliveryByID", d, f.reread(d))
	}
	checkCode(t, f.s.CreateDeliveries(f.ctx, nil), "")

	// A batch with one bad delivery saves none of them.
	good, bad := f.newDelivery(e, t0), f.newDelivery(e, t0)
	bad.EndpointID = hive.NewID(webhook.PrefixEndpoint, t0)
	if err := f.s.CreateDeliveries(f.ctx, []*webhook.Delivery{good, bad}); err == nil {
		t.Fatal("CreateDeliveries saved a delivery to an unknown endpoint")
	}
	_, err := f.s.DeliveryByID(f.ctx, f.a, good.ID)
	checkCode(t, err, hive.ENOTFOUND)
}

func testWebhookListDeliveries(t *testing.T, f *webhookFixture) {
	e1, e2 := f.endpoint(f.a, "door.entry"), f.endpoint(f.a, "door.entry")
	d1, d2, d3 := f.delivery(e1, t0), f.delivery(e2, t0), f.delivery(e1, t0)
	d2.Status, d2.Attempts, d2.LastStatusCode = webhook.StatusSucceeded, 1, 204
	f.must(f.s.UpdateDelivery(f.ctx, d2))
	other := f.delivery(f.endpoint(f.b, "door.entry"), t0)

	pending, succeeded := webhook.StatusPending, webhook.StatusSucceeded
	tests := []struct {
		name   string
		filter webhook.DeliveryFilter
		want   []*webhook.Delivery
		total  int
	}{
		{"the tenant's deliveries newest first", webhook.DeliveryFilter{TenantID: f.a}, []*webhook.Delivery{d3, d2, d1}, 3},
		{"one endpoint's", webhook.DeliveryFilter{TenantID: f.a, EndpointID: &e1.ID}, []*webhook.Delivery{d3, d1}, 2},
		{"by status", webhook.DeliveryFilter{TenantID: f.a, Status: &succeeded}, []*webhook.Delivery{d2}, 1},
		{"endpoint and status", webhook.DeliveryFilter{TenantID: f.a, EndpointID: &e1.ID, Status: &pending},
			[]*webhook.Delivery{d3, d1}, 2},
		{"paging", webhook.DeliveryFilter{TenantID: f.a, Page: webhook.Page{Limit: 1, After: d3.ID}},
			[]*webhook.Delivery{d2}, 3},
		{"another tenant's endpoint lists nothing", webhook.DeliveryFilter{TenantID: f.b, EndpointID: &e1.ID}, nil, 0},
		{"other tenant sees only its own", webhook.DeliveryFilter{TenantID: f.b}, []*webhook.Delivery{other}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total, err := f.s.ListDeliveries(f.ctx, tt.filter)
			checkCode(t, err, "")
			checkList(t, "ListDeliveries", tt.want, got)
			check(t, "total", tt.total, total)
		})
	}
}

func testWebhookClaimDue(t *testing.T, f *webhookFixture) {
	now := t0.Add(time.Hour)
	lease := now.Add(2 * time.Minute)
	ea, eb := f.endpoint(f.a, "door.entry"), f.endpoint(f.b, "door.entry")
	late := f.delivery(ea, now.Add(-30*time.Minute))
	onTime := f.delivery(eb, now) // due at exactly now
	early := f.delivery(ea, now.Add(-40*time.Minute))
	notDue := f.delivery(ea, now.Add(time.Microsecond))
	done := f.delivery(ea, now.Add(-time.Hour))
	done.Status, done.Attempts = webhook.StatusFailed, 8
	f.must(f.s.UpdateDelivery(f.ctx, done))

	got, err := f.s.ClaimDue(f.ctx, now, lease, 2)
	checkCode(t, err, "")
	want := []*webhook.Delivery{late, early} // the two due longest, in ID order
	for _, d := range want {
		d.Attempts, d.NextAttemptAt, d.UpdatedAt = 1, lease, now
	}
	check(t, "first claim", want, got)
	check(t, "claimed delivery as saved", late, f.reread(late))

	got, err = f.s.ClaimDue(f.ctx, now, lease, 10)
	checkCode(t, err, "")
	onTime.Attempts, onTime.NextAttemptAt, onTime.UpdatedAt = 1, lease, now
	checkList(t, "second claim takes what is left due, of any tenant", []*webhook.Delivery{onTime}, got)

	got, err = f.s.ClaimDue(f.ctx, now, lease, 10)
	checkCode(t, err, "")
	checkList(t, "claim during the leases", nil, got)

	got, err = f.s.ClaimDue(f.ctx, lease, lease.Add(time.Minute), 10)
	checkCode(t, err, "")
	check(t, "claim after the leases end", []string{late.ID, onTime.ID, early.ID, notDue.ID},
		ids(got, func(d *webhook.Delivery) string { return d.ID }))
	check(t, "attempts after a second claim", 2, f.reread(late).Attempts)
}

// testWebhookConcurrentClaims claims from many goroutines at once, as nodes
// do, and checks that no delivery is handed out twice.
func testWebhookConcurrentClaims(t *testing.T, f *webhookFixture) {
	e := f.endpoint(f.a, "door.entry")
	const total = 60
	var batch []*webhook.Delivery
	for range total {
		batch = append(batch, f.newDelivery(e, t0))
	}
	f.must(f.s.CreateDeliveries(f.ctx, batch))

	now := t0.Add(time.Hour)
	var (
		mu      sync.Mutex
		claimed []string
		wg      sync.WaitGroup
	)
	for range 6 {
		wg.Go(func() {
			for {
				got, err := f.s.ClaimDue(f.ctx, now, now.Add(time.Hour), 4)
				if err != nil {
					t.Error(err)
					return
				}
				if len(got) == 0 {
					return
				}
				mu.Lock()
				claimed = append(claimed, ids(got, func(d *webhook.Delivery) string { return d.ID })...)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.Sort(claimed)
	check(t, "claimed deliveries", ids(batch, func(d *webhook.Delivery) string { return d.ID }), claimed)
}

func testWebhookUpdateDelivery(t *testing.T, f *webhookFixture) {
	e := f.endpoint(f.a, "door.entry")
	d := f.delivery(e, t0)
	d.Status, d.Attempts, d.NextAttemptAt = webhook.StatusPending, 3, t0.Add(10*time.Minute)
	d.LastStatusCode, d.LastError, d.UpdatedAt = 503, "the endpoint answered HTTP 503", t0.Add(time.Minute)
	want := *d
	// Only the outcome fields are saved.
	d.Event, d.Payload, d.CreatedAt = "alert.fired", json.RawMessage(`{}`), t0.Add(time.Hour)
	checkCode(t, f.s.UpdateDelivery(f.ctx, d), "")
	check(t, "delivery after update", &want, f.reread(d))
}

func testWebhookPruneDeliveries(t *testing.T, f *webhookFixture) {
	e := f.endpoint(f.a, "door.entry")
	cutoff := t0.Add(24 * time.Hour)
	finish := func(status webhook.Status, at time.Time) *webhook.Delivery {
		d := f.delivery(e, t0)
		d.Status, d.UpdatedAt = status, at
		f.must(f.s.UpdateDelivery(f.ctx, d))
		return d
	}
	oldOK := finish(webhook.StatusSucceeded, cutoff.Add(-time.Second))
	oldFailed := finish(webhook.StatusFailed, cutoff.Add(-time.Hour))
	oldPending := finish(webhook.StatusPending, cutoff.Add(-time.Hour))
	atCutoff := finish(webhook.StatusSucceeded, cutoff)

	n, err := f.s.PruneDeliveries(f.ctx, cutoff)
	checkCode(t, err, "")
	check(t, "pruned", 2, n)
	for _, d := range []*webhook.Delivery{oldOK, oldFailed} {
		_, err := f.s.DeliveryByID(f.ctx, f.a, d.ID)
		checkCode(t, err, hive.ENOTFOUND)
	}
	for _, d := range []*webhook.Delivery{oldPending, atCutoff} {
		check(t, "kept delivery", d, f.reread(d))
	}
}

func testWebhookWithinTx(t *testing.T, f *webhookFixture) {
	errBoom := errors.New("boom")
	var e *webhook.Endpoint
	var d *webhook.Delivery
	err := f.s.WithinTx(f.ctx, func(tx webhook.Store) error {
		now := f.clock.tick()
		e = &webhook.Endpoint{ID: hive.NewID(webhook.PrefixEndpoint, now), TenantID: f.a,
			URL: "https://hooks.example/tx", Events: []string{"door.entry"}, Secret: "whsec_tx", Active: true, CreatedAt: now}
		f.must(tx.CreateEndpoint(f.ctx, e))
		d = f.newDelivery(e, t0)
		f.must(tx.WithinTx(f.ctx, func(inner webhook.Store) error {
			if _, err := inner.EndpointByID(f.ctx, f.a, e.ID); err != nil {
				return fmt.Errorf("inner transaction does not see the outer one's write: %w", err)
			}
			return inner.CreateDeliveries(f.ctx, []*webhook.Delivery{d})
		}))
		return errBoom
	})
	if !errors.Is(err, errBoom) {
		t.Fatalf("WithinTx = %v, want the error fn returned", err)
	}
	_, err = f.s.EndpointByID(f.ctx, f.a, e.ID)
	checkCode(t, err, hive.ENOTFOUND)
	_, err = f.s.DeliveryByID(f.ctx, f.a, d.ID)
	checkCode(t, err, hive.ENOTFOUND)

	f.must(f.s.WithinTx(f.ctx, func(tx webhook.Store) error {
		if err := tx.CreateEndpoint(f.ctx, e); err != nil {
			return err
		}
		return tx.CreateDeliveries(f.ctx, []*webhook.Delivery{d})
	}))
	check(t, "delivery committed in a transaction", d, f.reread(d))
}
