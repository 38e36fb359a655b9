package alert_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/sqlite"
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
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// published records what the engine publishes.
type published struct {
	mu     sync.Mutex
	events []string
}

func (p *published) Publish(_ context.Context, tenantID, event string, payload any) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.events = append(p.events, tenantID+" "+event)
	return nil
}

func (p *published) PublishTo(_ context.Context, tenantID, event string, payload any, ids []string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.events = append(p.events, tenantID+" "+event+" to "+strings.Join(ids, ","))
	return nil
}

func (p *published) HasEndpoint(_ context.Context, tenantID, id string) (bool, error) {
	return tenantID == tenant && id == knownWebhook, nil
}

const knownWebhook = "whk_0000000000000000000001"

const tenant = "ten_0000000000000000000001"

// env is an engine over a temporary SQLite database with a fake clock.
type env struct {
	t     testing.TB
	ctx   context.Context
	db    *sqlite.Store
	clock *clock
	eng   *alert.Engine
	pub   *published
	key   string
}

func newEnv(t testing.TB, tweak ...func(*alert.Config)) *env {
	db := sqlitetest.Open(t)
	e := &env{t: t, ctx: t.Context(), db: db, pub: &published{},
		clock: &clock{now: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}}
	e.key = hive.NewID(hive.PrefixKey, e.clock.now)
	e.eng = e.engine(tweak...)
	return e
}

// engine returns another engine on the same database and clock: a node.
func (e *env) engine(tweak ...func(*alert.Config)) *alert.Engine {
	cfg := alert.Config{Now: e.clock.Now, Publisher: e.pub, Keys: e.db, Logger: slog.New(slog.DiscardHandler)}
	for _, f := range tweak {
		f(&cfg)
	}
	return alert.NewEngine(e.db.Alerts(), cfg)
}

// rec is a successful request of e.key from 203.0.113.1 at the clock's time.
func (e *env) rec(mods ...func(*hive.RequestRecord)) *hive.RequestRecord {
	r := &hive.RequestRecord{Time: e.clock.Now(), TenantID: tenant, KeyID: e.key, Status: 200,
		ClientIP: netip.MustParseAddr("203.0.113.1")}
	for _, m := range mods {
		m(r)
	}
	return r
}

// observe reports n copies of r to eng and lets it handle them.
func (e *env) observe(eng *alert.Engine, n int, r *hive.RequestRecord) {
	e.t.Helper()
	for range n {
		eng.ObserveRequest(r)
	}
	eng.Drain(e.ctx)
}

// count returns how many alerts of rule the tenant has.
func (e *env) count(rule alert.Rule) int {
	e.t.Helper()
	_, total, err := e.db.Alerts().ListAlerts(e.ctx, alert.Filter{TenantID: tenant, Rule: &rule})
	if err != nil {
		e.t.Fatal(err)
	}
	return total
}

func revoked(r *hive.RequestRecord) {
	r.Status, r.ErrorCode, r.Reason = 401, hive.EUNAUTHORIZED, hive.ReasonKeyRevoked
}

func expired(r *hive.RequestRecord) {
	r.Status, r.ErrorCode, r.Reason = 401, hive.EUNAUTHORIZED, hive.ReasonKeyExpired
}

func limited(r *hive.RequestRecord) {
	r.Status, r.ErrorCode, r.RateLimited = 429, hive.ERATELIMITED, true
}

func failed(r *hive.RequestRecord) { r.Status, r.ErrorCode = 500, hive.EINTERNAL }

func from(ip string) func(*hive.RequestRecord) {
	return func(r *hive.RequestRecord) { r.ClientIP = netip.MustParseAddr(ip) }
}

// TestRulesFireOncePerCooldown drives each request rule past its threshold
// again and again: it must fire once, stay quiet for the cooldown, and fire
// again after it.
func TestRulesFireOncePerCooldown(t *testing.T) {
	cases := []struct {
		rule alert.Rule
		// trigger makes the rule's condition true at the clock's time.
		trigger func(e *env)
		// rearm is how long after firing the condition may hold anew.
		rearm time.Duration
	}{
		{alert.RuleRevokedKeyUsed, func(e *env) { e.observe(e.eng, 3, e.rec(revoked)) }, time.Hour},
		{alert.RuleExpiredKeyUsed, func(e *env) { e.observe(e.eng, 3, e.rec(expired)) }, time.Hour},
		{alert.RuleRateLimitRepeated, func(e *env) { e.observe(e.eng, 25, e.rec(limited)) }, time.Hour},
		// The windows must empty, or the trailing hour becomes the new norm.
		{alert.RuleErrorRateSpike, func(e *env) { e.observe(e.eng, 30, e.rec(failed)) }, 2 * time.Hour},
		{alert.RuleTrafficSpike, func(e *env) { e.observe(e.eng, 150, e.rec()) }, 2 * time.Hour},
	}
	for _, c := range cases {
		t.Run(string(c.rule), func(t *testing.T) {
			e := newEnv(t)
			if c.rule == alert.RuleTrafficSpike {
				e.clock.Advance(66 * time.Minute) // a whole hour of history
			}
			c.trigger(e)
			if got := e.count(c.rule); got != 1 {
				t.Fatalf("after the first trigger: %d alerts, want 1", got)
			}
			e.clock.Advance(30 * time.Second)
			c.trigger(e)
			if got := e.count(c.rule); got != 1 {
				t.Fatalf("within the cooldown: %d alerts, want still 1", got)
			}
			e.clock.Advance(c.rearm)
			c.trigger(e)
			if got := e.count(c.rule); got != 2 {
				t.Fatalf("after the cooldown: %d alerts, want 2", got)
			}
			if len(e.pub.events) != 2 || e.pub.events[0] != tenant+" "+alert.EventFired {
				t.Errorf("published %q, want two %s events", e.pub.events, alert.EventFired)
			}
		})
	}
}

func TestQuietTrafficFiresNothing(t *testing.T) {
	e := newEnv(t)
	for range 130 { // steady traffic for over two hours, a few errors and refusals
		e.observe(e.eng, 20, e.rec())
		e.observe(e.eng, 1, e.rec(failed))
		e.observe(e.eng, 1, e.rec(limited))
		e.clock.Advance(time.Minute)
	}
	_, total, err := e.db.Alerts().ListAlerts(e.ctx, alert.Filter{TenantID: tenant})
	if err != nil || total != 0 {
		t.Errorf("steady traffic raised %d alerts (err %v), want none", total, err)
	}
}

func TestTrafficSpikeWaitsForAnHourOfHistory(t *testing.T) {
	e := newEnv(t)
	e.observe(e.eng, 500, e.rec())
	if got := e.count(alert.RuleTrafficSpike); got != 0 {
		t.Errorf("a spike right after start raised %d alerts; without history there is no norm", got)
	}
}

func TestNewClientIP(t *testing.T) {
	e := newEnv(t)
	e.observe(e.eng, 2, e.rec(from("203.0.113.1")))
	if got := e.count(alert.RuleNewClientIP); got != 0 {
		t.Fatalf("the key's first address raised %d alerts, want 0", got)
	}
	e.observe(e.eng, 2, e.rec(from("198.51.100.7")))
	e.observe(e.eng, 1, e.rec(from("::ffff:198.51.100.7"))) // the same address, IPv4-mapped
	if got := e.count(alert.RuleNewClientIP); got != 1 {
		t.Fatalf("a second address raised %d alerts, want 1", got)
	}
	e.observe(e.eng, 1, e.rec(from("203.0.113.1"), revoked))
	e.observe(e.eng, 1, e.rec(from("192.0.2.50"), func(r *hive.RequestRecord) { r.Status = 401 }))
	if got := e.count(alert.RuleNewClientIP); got != 1 {
		t.Fatalf("refused requests raised new_client_ip: %d alerts, want 1", got)
	}
	// A restarted node (a new engine) knows the addresses from the store.
	restarted := e.engine()
	e.observe(restarted, 1, e.rec(from("198.51.100.7")))
	e.observe(restarted, 1, e.rec(from("192.0.2.60")))
	if got := e.count(alert.RuleNewClientIP); got != 2 {
		t.Errorf("after a restart: %d alerts, want 2 (only 192.0.2.60 is new)", got)
	}
}

// TestTwoNodesFireOnce runs two engines on one database, as two nodes: each
// sees a revoked key tried, and one alert results.
func TestTwoNodesFireOnce(t *testing.T) {
	e := newEnv(t)
	other := e.engine()
	e.observe(e.eng, 1, e.rec(revoked))
	e.observe(other, 1, e.rec(revoked))
	e.clock.Advance(10 * time.Minute)
	e.observe(other, 1, e.rec(revoked))
	if got := e.count(alert.RuleRevokedKeyUsed); got != 1 {
		t.Errorf("two nodes fired %d alerts, want 1", got)
	}
	if e.eng.Fired()+other.Fired() != 1 {
		t.Errorf("Fired() = %d + %d, want 1 in all", e.eng.Fired(), other.Fired())
	}
}

func TestKeyExpiringFiresOncePerThreshold(t *testing.T) {
	e := newEnv(t)
	k := e.createKey(10 * 24 * time.Hour)
	scan := func(want int) {
		t.Helper()
		if err := e.eng.ScanExpiring(e.ctx); err != nil {
			t.Fatal(err)
		}
		if got := e.count(alert.RuleKeyExpiring); got != want {
			t.Fatalf("key_expiring alerts = %d, want %d", got, want)
		}
	}
	scan(1) // 14 days
	e.clock.Advance(10 * time.Minute)
	scan(1)
	e.clock.Advance(4 * 24 * time.Hour) // 6 days left
	scan(2)
	scan(2)
	e.clock.Advance(5*24*time.Hour + time.Hour) // under a day left
	scan(3)
	e.clock.Advance(2 * time.Hour)
	scan(3)
	e.clock.Advance(24 * time.Hour) // expired
	scan(3)
	list, _, err := e.db.Alerts().ListAlerts(e.ctx, alert.Filter{TenantID: k.TenantID})
	if err != nil {
		t.Fatal(err)
	}
	var days []any
	for _, a := range list {
		days = append(days, a.Details["threshold_days"])
	}
	if len(days) != 3 || days[0] != float64(1) || days[1] != float64(7) || days[2] != float64(14) {
		t.Errorf("thresholds newest first = %v, want [1 7 14]", days)
	}
}

// createKey stores a key of the test tenant expiring in d.
func (e *env) createKey(d time.Duration) *apikey.Key {
	e.t.Helper()
	now := e.clock.Now()
	exp := now.Add(d)
	k := &apikey.Key{ID: e.key, TenantID: tenant, Kind: apikey.KindServiceAccount, ServiceAccountID: "sa_x",
		Name: "PowerBI export", Hash: sha256.Sum256([]byte(e.key)), Hint: "hive_sk_…abcd",
		Permissions: []hive.Scope{hive.ScopeSurveysRead}, ExpiresAt: &exp, CreatedBy: "usr_x", CreatedAt: now, UpdatedAt: now}
	e.seedTenant()
	if err := e.db.CreateKey(e.ctx, k); err != nil {
		e.t.Fatal(err)
	}
	return k
}

// seedTenant creates the test tenant and service account the key tables
// refer to.
func (e *env) seedTenant() {
	e.t.Helper()
	now := e.clock.Now()
	if err := e.db.CreateTenant(e.ctx, &apikey.Tenant{ID: tenant, Slug: "acme", Name: "Acme", CreatedAt: now}); err != nil {
		e.t.Fatal(err)
	}
	sa := &apikey.ServiceAccount{ID: "sa_x", TenantID: tenant, Name: "BI", CreatedBy: "usr_x", CreatedAt: now, UpdatedAt: now}
	if err := e.db.CreateServiceAccount(e.ctx, sa); err != nil {
		e.t.Fatal(err)
	}
}

func TestRateLimiterDegraded(t *testing.T) {
	healthy := true
	e := newEnv(t, func(c *alert.Config) { c.RateLimiterHealthy = func() bool { return healthy } })
	e.observe(e.eng, 1, e.rec())
	e.eng.Tick(e.ctx)
	if got := e.count(alert.RuleRateLimiterDegraded); got != 0 {
		t.Fatalf("healthy limiter: %d alerts", got)
	}
	healthy = false
	for range 3 {
		e.eng.Tick(e.ctx)
		e.clock.Advance(time.Minute)
	}
	if got := e.count(alert.RuleRateLimiterDegraded); got != 1 {
		t.Fatalf("unreachable limiter for 3 minutes: %d alerts, want 1", got)
	}
	e.clock.Advance(time.Hour)
	e.eng.Tick(e.ctx)
	if got := e.count(alert.RuleRateLimiterDegraded); got != 1 {
		t.Errorf("a tenant idle for an hour got %d alerts, want still 1", got)
	}
}

func TestObserveRequestNeverBlocks(t *testing.T) {
	e := newEnv(t, func(c *alert.Config) { c.QueueSize = 4 })
	for range 10 {
		e.eng.ObserveRequest(e.rec())
	}
	if got := e.eng.Dropped(); got != 6 {
		t.Errorf("Dropped() = %d, want 6 of 10 with a queue of 4", got)
	}
	if got := e.eng.Drain(e.ctx); got != 4 {
		t.Errorf("Drain handled %d, want 4", got)
	}
}

// TestWebhookSignatureVerifies fires an alert into a real webhook service
// and checks what the receiver gets: an alert.fired body whose
// Hive-Signature verifies with the endpoint's secret.
func TestWebhookSignatureVerifies(t *testing.T) {
	got := make(chan *http.Request, 1)
	bodies := make(chan []byte, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- r
		bodies <- b
	}))
	defer srv.Close()
	e := newEnv(t)
	hooks := webhook.NewService(e.db.Webhooks(), webhook.Config{Now: e.clock.Now, Events: []string{alert.EventFired},
		// The receiver listens on 127.0.0.1, which needs the operator's allowance.
		AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	e.eng = e.engine(func(c *alert.Config) { c.Publisher = hooks })
	p := &hive.Principal{TenantID: tenant, UserID: "usr_x"}
	_, secret, err := hooks.CreateEndpoint(e.ctx, p, webhook.EndpointParams{URL: srv.URL, Events: []string{alert.EventFired}})
	if err != nil {
		t.Fatal(err)
	}
	e.observe(e.eng, 1, e.rec(revoked))
	if n, err := hooks.DeliverDue(e.ctx); err != nil || n != 1 {
		t.Fatalf("DeliverDue = %d, %v; want 1 delivery", n, err)
	}
	r, body := <-got, <-bodies
	if err := hook.Verify(secret, r.Header.Get("Hive-Signature"), body, e.clock.Now(), 0); err != nil {
		t.Fatalf("signature does not verify: %v", err)
	}
	var env struct {
		Event string `json:"event"`
		Data  struct {
			ID    string `json:"id"`
			Rule  string `json:"rule"`
			KeyID string `json:"key_id"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatal(err)
	}
	if env.Event != alert.EventFired || env.Data.Rule != string(alert.RuleRevokedKeyUsed) || env.Data.KeyID != e.key ||
		!hive.ValidID(hive.PrefixAlert, env.Data.ID) {
		t.Errorf("webhook body = %s", body)
	}
	if err := hook.Verify("whsec_wrong", r.Header.Get("Hive-Signature"), body, e.clock.Now(), 0); err == nil {
		t.Error("the signature verifies with another secret")
	}
}

// TestRunHandlesABurstAfterResting checks the running engine, which rests
// Pace between drains: records observed while it rests are all handled, and
// in time for the rule they trigger.
func TestRunHandlesABurstAfterResting(t *testing.T) {
	e := newEnv(t, func(c *alert.Config) { c.Pace = 50 * time.Millisecond })
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan struct{})
	go func() { e.eng.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	e.eng.ObserveRequest(e.rec()) // wakes the engine, which then rests
	for range 3 {
		e.eng.ObserveRequest(e.rec(revoked))
	}
	deadline := time.Now().Add(5 * time.Second)
	for e.count(alert.RuleRevokedKeyUsed) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("records observed while the engine rested were not handled within 5s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if d := e.eng.Dropped(); d != 0 {
		t.Errorf("%d records dropped, want none", d)
	}
}
