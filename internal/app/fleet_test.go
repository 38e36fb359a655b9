package app_test

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/invalidation"
	"github.com/hive-platform/hive/internal/postgres/pgtest"
)

// envTrials names the variable that sets how many revoke-then-request
// trials each fleet test runs (default defaultTrials, to keep CI fast).
const envTrials = "HIVE_FAULT_TRIALS"

const defaultTrials = 25

func trials(tb testing.TB) int {
	tb.Helper()
	v := os.Getenv(envTrials)
	if v == "" {
		return defaultTrials
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		tb.Fatalf("%s=%q: want a positive number of trials", envTrials, v)
	}
	return n
}

// fleetConfig is a two-node cluster's configuration on a new schema of the
// test database, with Redis at redisURL ("" for PostgreSQL alone). Client
// addresses come from X-Forwarded-For, so that each trial's refused
// requests count against an address of its own rather than throttle the
// next trial's.
func fleetConfig(tb testing.TB, redisURL string) app.Config {
	cfg := app.DefaultConfig()
	cfg.DatabaseURL = pgtest.NewSchema(tb)
	cfg.RedisURL = redisURL
	cfg.RedisTimeout = 2 * time.Second
	cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	return cfg
}

// startFleet starts two nodes with cfg and lifts the tenant's rate limit,
// which a thousand trials would otherwise exhaust.
func startFleet(tb testing.TB, cfg app.Config) *cluster {
	tb.Helper()
	c := startCluster(tb, cfg)
	if _, err := c.a.app.Keys.SetPlan(tb.Context(), "acme", apikey.PlanCustom, 1_000_000, 10_000); err != nil {
		tb.Fatal(err)
	}
	return c
}

// revokeTrials runs n trials on c: a new key, verified on node B until B
// holds it in its cache, revoked on node A, then presented to node B once
// the revoke has returned. It returns how many of those requests node B
// accepted, and fails tb on any answer other than 200 or a 401.
func revokeTrials(tb testing.TB, c *cluster, n int) (accepted int) {
	tb.Helper()
	sa, err := c.admin.CreateServiceAccount(tb.Context(), "trials", "")
	if err != nil {
		tb.Fatal(err)
	}
	var revokeTime time.Duration
	for i := range n {
		k, err := c.admin.CreateKey(tb.Context(), client.CreateKeyRequest{Name: "trial " + strconv.Itoa(i), ServiceAccountID: sa.ID, Preset: "read_only"})
		if err != nil {
			tb.Fatal(err)
		}
		ip := fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
		for range 2 {
			if s := verifyFrom(tb, c.b.url, k.Key, ip); s != http.StatusOK {
				tb.Fatalf("trial %d: the new key got %d on node B before the revoke", i, s)
			}
		}
		start := time.Now()
		if _, err := c.admin.RevokeKey(tb.Context(), k.ID); err != nil {
			tb.Fatal(err)
		}
		revokeTime += time.Since(start)
		switch s := verifyFrom(tb, c.b.url, k.Key, ip); s {
		case http.StatusOK:
			accepted++
		case http.StatusUnauthorized:
		default:
			tb.Errorf("trial %d: the revoked key got %d on node B, want 401", i, s)
		}
	}
	tb.Logf("%d trials: node B accepted the revoked key %d times after the revoke returned; revokes took %v on average",
		n, accepted, revokeTime/time.Duration(n))
	return accepted
}

// verifyFrom calls GET /v1/auth/verify on baseURL with secret, as if from ip.
func verifyFrom(tb testing.TB, baseURL, secret, ip string) int {
	tb.Helper()
	req, err := http.NewRequestWithContext(tb.Context(), http.MethodGet, baseURL+"/v1/auth/verify", nil)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set("X-Forwarded-For", ip)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestRevokeIsSynchronousWithRedis: with Redis up, once DELETE
// /v1/api-keys/{id} has returned on node A, node B refuses the key.
func TestRevokeIsSynchronousWithRedis(t *testing.T) {
	redisURL := os.Getenv(envRedis)
	if redisURL == "" {
		t.Skip("set " + envRedis + "=redis://127.0.0.1:6379/0 (and " + pgtest.EnvURL + ") to run the fleet revocation trials")
	}
	c := startFleet(t, fleetConfig(t, redisURL))
	if n := revokeTrials(t, c, trials(t)); n != 0 {
		t.Errorf("node B accepted a revoked key %d times after the revoke returned, want 0", n)
	}
}

// TestRevokeIsSynchronousWithRedisDown: with Redis gone, no node hears
// invalidations; node B must still refuse a key revoked on node A once the
// revoke has returned.
func TestRevokeIsSynchronousWithRedisDown(t *testing.T) {
	redisURL := os.Getenv(envRedis)
	if redisURL == "" {
		t.Skip("set " + envRedis + "=redis://127.0.0.1:6379/0 (and " + pgtest.EnvURL + ") to run the fleet revocation trials")
	}
	u, err := url.Parse(redisURL)
	if err != nil {
		t.Fatal(err)
	}
	px := newProxy(t, u.Host)
	u.Host = px.addr
	c := startFleet(t, fleetConfig(t, u.String()))
	px.cut()
	for deadline := time.Now().Add(5 * time.Second); c.b.app.Invalidator.Subscribed(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("node B still subscribed 5s after Redis went away")
		}
	}
	if n := revokeTrials(t, c, trials(t)); n != 0 {
		t.Errorf("with Redis down, node B accepted a revoked key %d times after the revoke returned, want 0", n)
	}
}

// TestRevokeIsSynchronousOnPostgreSQL: without Redis, over LISTEN/NOTIFY.
func TestRevokeIsSynchronousOnPostgreSQL(t *testing.T) {
	c := startFleet(t, fleetConfig(t, ""))
	if n := revokeTrials(t, c, trials(t)); n != 0 {
		t.Errorf("on PostgreSQL alone, node B accepted a revoked key %d times after the revoke returned, want 0", n)
	}
}

// revokeRaw revokes key id on baseURL with admin's secret and returns the
// response's Hive-Fleet-Confirmed.
func revokeRaw(tb testing.TB, baseURL, admin, id string) string {
	tb.Helper()
	req, err := http.NewRequestWithContext(tb.Context(), http.MethodDelete, baseURL+"/v1/api-keys/"+id, nil)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+admin)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("DELETE /v1/api-keys/%s: %d", id, res.StatusCode)
	}
	return res.Header.Get("Hive-Fleet-Confirmed")
}

// TestFleetConfirmedHeader: a revoke says whether every live node
// confirmed it. A node that heartbeats but never acknowledges makes it
// "false", after the bounded wait; the revoke of a revoked key changes
// nothing and says nothing.
func TestFleetConfirmedHeader(t *testing.T) {
	cfg := app.DefaultConfig()
	cfg.DatabaseURL = filepath.Join(t.TempDir(), "hive.db")
	n := startNode(t, cfg)
	boot, err := n.app.Keys.Bootstrap(t.Context(), apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	admin := client.New(n.url, boot.Secret, client.WithMaxRetries(0))
	sa, err := admin.CreateServiceAccount(t.Context(), "integration", "")
	if err != nil {
		t.Fatal(err)
	}
	newKey := func() string {
		k, err := admin.CreateKey(t.Context(), client.CreateKeyRequest{Name: "k", ServiceAccountID: sa.ID, Preset: "read_only"})
		if err != nil {
			t.Fatal(err)
		}
		return k.ID
	}
	id := newKey()
	if got := revokeRaw(t, n.url, boot.Secret, id); got != "true" {
		t.Errorf("revoke on a lone node: Hive-Fleet-Confirmed %q, want true", got)
	}
	if got := revokeRaw(t, n.url, boot.Secret, id); got != "" {
		t.Errorf("revoking a revoked key: Hive-Fleet-Confirmed %q, want none", got)
	}
	reg := n.app.Stores.Keys.(invalidation.Registry)
	if _, err := reg.Heartbeat(t.Context(), "silent-node", 0); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if got := revokeRaw(t, n.url, boot.Secret, newKey()); got != "false" {
		t.Errorf("revoke with a live node that never acknowledges: Hive-Fleet-Confirmed %q, want false", got)
	}
	if d := time.Since(start); d < invalidation.Wait {
		t.Errorf("unconfirmed revoke returned after %v, before the %v wait", d, invalidation.Wait)
	}
}

// TestSQLiteOperatorChangesReachTheServer: a second process on the same
// SQLite file (hive plan, a second hive demo) revokes a key the server
// holds in its cache; the server refuses it once the revoke has returned,
// and the revoke is confirmed by the server.
func TestSQLiteOperatorChangesReachTheServer(t *testing.T) {
	cfg := app.DefaultConfig()
	cfg.DatabaseURL = filepath.Join(t.TempDir(), "hive.db")
	n := startNode(t, cfg)
	boot, err := n.app.Keys.Bootstrap(t.Context(), apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	cached(t, n, boot.Secret)
	// The server must have joined the fleet for the other process to wait
	// for it; it does so on its first heartbeat.
	reg := n.app.Stores.Keys.(invalidation.Registry)
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if lag, _ := reg.Lagging(t.Context(), "", 1<<62, invalidation.Live); lag == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the server did not join the fleet within 5s")
		}
	}

	stores, err := app.OpenStores(t.Context(), cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	defer stores.Close()
	other, done, err := app.KeyService(t.Context(), cfg, stores, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	ctx, rep := hive.WithFleetReport(t.Context())
	if _, err := other.RevokeKey(ctx, apikey.UserPrincipal(boot.Tenant, boot.Owner), boot.Key.ID); err != nil {
		t.Fatal(err)
	}
	if changed, ok := rep.Outcome(); !changed || !ok {
		t.Errorf("revoke from another process: changed %v, confirmed %v; want both", changed, ok)
	}
	_, err = client.New(n.url, boot.Secret, client.WithMaxRetries(0)).Verify(t.Context())
	if reason(err) != "api_key_revoked" {
		t.Errorf("the server after another process revoked its cached key: %v, want api_key_revoked", err)
	}
}
