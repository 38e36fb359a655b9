package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
	"github.com/hive-platform/hive/internal/postgres/pgtest"
	"github.com/hive-platform/hive/internal/redis"
)

// envRedis names the variable holding the URL of the test Redis.
const envRedis = "HIVE_TEST_REDIS_URL"

// propagationBudget is how soon a change made on one node must be seen on
// every other.
const propagationBudget = 100 * time.Millisecond

// node is one running hive serve process of a cluster.
type node struct {
	app *app.App
	url string
}

// cluster is two nodes sharing one PostgreSQL schema and one Redis, and an
// admin client talking to the first.
type cluster struct {
	a, b  node
	admin *client.Client
}

// newCluster starts two nodes on a new schema of the test database and the
// test Redis. It skips tb if either is not configured.
func newCluster(tb testing.TB) *cluster {
	tb.Helper()
	redisURL := os.Getenv(envRedis)
	if redisURL == "" {
		tb.Skip("set " + envRedis + "=redis://127.0.0.1:6379/0 (and " + pgtest.EnvURL + ") to run the multi-node tests")
	}
	cfg := app.DefaultConfig()
	cfg.DatabaseURL = pgtest.NewSchema(tb)
	cfg.RedisURL = redisURL
	// Other test packages share the two cores; a generous timeout keeps a
	// slow moment from sending a request to the local fallback, which this
	// test counts as a failure.
	cfg.RedisTimeout = 2 * time.Second
	return startCluster(tb, cfg)
}

// startCluster starts two nodes with cfg, bootstraps a tenant and waits
// until both nodes hear invalidations.
func startCluster(tb testing.TB, cfg app.Config) *cluster {
	tb.Helper()
	c := &cluster{a: startNode(tb, cfg), b: startNode(tb, cfg)}
	b, err := c.a.app.Keys.Bootstrap(tb.Context(), apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		tb.Fatal(err)
	}
	c.admin = client.New(c.a.url, b.Secret, client.WithMaxRetries(0))
	forgetLimits(tb, cfg.RedisURL, b.Key.ID)
	for deadline := time.Now().Add(5 * time.Second); !c.a.app.Invalidator.Subscribed() || !c.b.app.Invalidator.Subscribed(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			tb.Fatal("nodes did not subscribe to invalidations within 5s")
		}
	}
	return c
}

// startNode opens and serves an app on 127.0.0.1:0 until tb ends.
func startNode(tb testing.TB, cfg app.Config) node {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	if cfg.APILog.SpoolDir == "" {
		cfg.APILog.SpoolDir = tb.TempDir() // nodes of one test must not share a spool
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		cancel()
		tb.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		cancel()
		a.Close()
		tb.Fatal(err)
	}
	served := make(chan error)
	go func() { served <- a.Serve(ctx, ln) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-served; err != nil {
			tb.Errorf("Serve returned %v on shutdown", err)
		}
	})
	return node{app: a, url: "http://" + ln.Addr().String()}
}

// newKey creates a key through node A's API.
func (c *cluster) newKey(tb testing.TB, req client.CreateKeyRequest) *client.CreatedAPIKey {
	tb.Helper()
	sa, err := c.admin.CreateServiceAccount(tb.Context(), "integration "+strconv.FormatInt(time.Now().UnixNano(), 36), "")
	if err != nil {
		tb.Fatal(err)
	}
	req.ServiceAccountID = sa.ID
	k, err := c.admin.CreateKey(tb.Context(), req)
	if err != nil {
		tb.Fatal(err)
	}
	forgetLimits(tb, c.a.app.Config.RedisURL, k.ID)
	return k
}

// forgetLimits deletes the rate-limit state of the given keys when tb ends,
// rather than leaving it to expire. Without Redis it does nothing.
func forgetLimits(tb testing.TB, redisURL string, keyIDs ...string) {
	if redisURL == "" {
		return
	}
	tb.Cleanup(func() {
		rdb, err := redis.NewClient(redisURL)
		if err != nil {
			return
		}
		defer rdb.Close()
		for _, id := range keyIDs {
			rdb.Del(context.Background(), redis.DefaultPrefix+id)
		}
	})
}

// cached verifies secret on n twice, so that n holds the key in its cache.
func cached(tb testing.TB, n node, secret string) (*client.Client, *client.Verification) {
	tb.Helper()
	c := client.New(n.url, secret, client.WithMaxRetries(0))
	for range 2 {
		if _, err := c.Verify(tb.Context()); err != nil {
			tb.Fatalf("verify on node B before the change: %v", err)
		}
	}
	v, _ := c.Verify(tb.Context())
	return c, v
}

// waitFor polls verify on c every 2 ms until seen holds, and returns the
// time since since. It fails tb if the change is not seen within a second;
// callers hold the time against the budget with withinBudget.
func waitFor(tb testing.TB, c *client.Client, since time.Time, what string, seen func(*client.Verification, error) bool) time.Duration {
	tb.Helper()
	for {
		v, err := c.Verify(tb.Context())
		elapsed := time.Since(since)
		if seen(v, err) {
			tb.Logf("%s seen on node B %v after node A answered", what, elapsed)
			return elapsed
		}
		if elapsed > time.Second {
			tb.Fatalf("%s not seen on node B after %v: last verify %+v, %v", what, elapsed, v, err)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// withinBudget runs a propagation scenario (a fresh key each time) up to
// three times and fails tb unless one run is seen within the budget. A
// change that does not propagate waits for the cache's five-minute expiry
// and fails every run; a run over budget by a few tens of milliseconds is a
// test process that lost its time slice on a loaded machine, so it is
// measured again rather than trusted.
func withinBudget(tb testing.TB, what string, scenario func() time.Duration) {
	tb.Helper()
	var over []time.Duration
	for range 3 {
		d := scenario()
		if d <= propagationBudget {
			return
		}
		over = append(over, d)
		tb.Logf("%s took %v on node B, over the %v budget; measuring again", what, d, propagationBudget)
	}
	tb.Errorf("%s took %v on node B in three runs, want within %v", what, over, propagationBudget)
}

func reason(err error) string {
	var e *client.Error
	if errors.As(err, &e) {
		return e.Reason()
	}
	return ""
}

// TestKeyChangesReachEveryNode changes keys on node A that node B holds in
// its cache: B must refuse or show the change within 100 ms, with no help
// from its cache's expiry (five minutes).
func TestKeyChangesReachEveryNode(t *testing.T) {
	keyChangesReachEveryNode(t, newCluster(t))
}

// keyChangesReachEveryNode revokes, edits and rotates keys on node A of c
// while node B holds them in its cache.
func keyChangesReachEveryNode(t *testing.T, c *cluster) {
	t.Run("revoked on A is refused on B", func(t *testing.T) {
		withinBudget(t, "revocation", func() time.Duration {
			k := c.newKey(t, client.CreateKeyRequest{Name: "revoke me", Preset: "read_only"})
			onB, _ := cached(t, c.b, k.Key)
			if _, err := c.admin.RevokeKey(t.Context(), k.ID); err != nil {
				t.Fatal(err)
			}
			return waitFor(t, onB, time.Now(), "revocation", func(_ *client.Verification, err error) bool {
				return reason(err) == "api_key_revoked"
			})
		})
	})

	t.Run("edited on A changes on B", func(t *testing.T) {
		withinBudget(t, "permission change", func() time.Duration {
			k := c.newKey(t, client.CreateKeyRequest{Name: "edit me", Permissions: []string{"surveys:read"}})
			onB, v := cached(t, c.b, k.Key)
			if slices.Contains(v.Permissions, "doors:read") {
				t.Fatalf("permissions before the edit: %v", v.Permissions)
			}
			perms := []string{"surveys:read", "doors:read"}
			if _, err := c.admin.UpdateKey(t.Context(), k.ID, client.UpdateKeyRequest{Permissions: &perms}); err != nil {
				t.Fatal(err)
			}
			return waitFor(t, onB, time.Now(), "permission change", func(v *client.Verification, err error) bool {
				return err == nil && slices.Contains(v.Permissions, "doors:read")
			})
		})
	})

	t.Run("rotated on A without grace is refused on B", func(t *testing.T) {
		withinBudget(t, "rotation", func() time.Duration {
			k := c.newKey(t, client.CreateKeyRequest{Name: "rotate me", Preset: "read_only"})
			onB, _ := cached(t, c.b, k.Key)
			grace := 0
			nk, err := c.admin.RotateKey(t.Context(), k.ID, client.RotateKeyRequest{GracePeriodSeconds: &grace})
			if err != nil {
				t.Fatal(err)
			}
			forgetLimits(t, c.a.app.Config.RedisURL, nk.ID)
			took := waitFor(t, onB, time.Now(), "rotation", func(_ *client.Verification, err error) bool {
				return reason(err) == "api_key_expired"
			})
			if _, err := client.New(c.b.url, nk.Key, client.WithMaxRetries(0)).Verify(t.Context()); err != nil {
				t.Errorf("the new key fails on node B: %v", err)
			}
			return took
		})
	})
}

// TestRateLimitAcrossNodes sends a key's requests to both nodes at once:
// together they allow its limit, once, and then both answer 429 with the
// rate-limit headers.
func TestRateLimitAcrossNodes(t *testing.T) {
	c := newCluster(t)
	const limit, requests = 120, 240
	k := c.newKey(t, client.CreateKeyRequest{Name: "limited", Preset: "read_only", RateLimitPerMinute: new(limit)})
	nodes := []string{c.a.url, c.b.url}

	var mu sync.Mutex
	status := map[int]int{}
	var wg sync.WaitGroup
	start := time.Now()
	for g := range 8 {
		wg.Go(func() {
			for i := range requests / 8 {
				resp := get(t, nodes[(g+i)%2], k.Key)
				mu.Lock()
				status[resp.StatusCode]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	allowed := status[http.StatusOK]
	refill := int(elapsed / (time.Minute / limit))
	t.Logf("two nodes allowed %d of %d requests in %v under a limit of %d/min (statuses %v)", allowed, requests, elapsed, limit, status)
	if allowed < limit*98/100 || allowed > limit*102/100 || allowed > limit+refill {
		t.Errorf("allowed %d, want %d within 2%% (+%d refilled while the test ran)", allowed, limit, refill)
	}
	if status[http.StatusOK]+status[http.StatusTooManyRequests] != requests {
		t.Errorf("statuses %v, want only 200 and 429", status)
	}

	for name, url := range map[string]string{"A": c.a.url, "B": c.b.url} {
		resp := get(t, url, k.Key)
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("node %s: status %d after the limit, want 429", name, resp.StatusCode)
			continue
		}
		checkLimited(t, name, resp, limit)
	}
	for name, n := range map[string]node{"A": c.a, "B": c.b} {
		if l := n.app.Limiter.(*redis.Limiter); !l.Healthy() || l.Fallbacks() != 0 {
			t.Errorf("node %s: limiter healthy=%v with %d fallbacks, want every request counted on Redis", name, l.Healthy(), l.Fallbacks())
		}
	}
}

// response is what the rate-limit checks need of an HTTP response.
type response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
}

// get calls GET /v1/auth/verify on baseURL with secret.
func get(tb testing.TB, baseURL, secret string) response {
	req, err := http.NewRequestWithContext(tb.Context(), http.MethodGet, baseURL+"/v1/auth/verify", nil)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Error(err)
		return response{}
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, body}
}

// checkLimited checks a 429's headers and body.
func checkLimited(tb testing.TB, node string, resp response, limit int) {
	tb.Helper()
	h := resp.Header
	if got := h.Get("X-RateLimit-Limit"); got != strconv.Itoa(limit) {
		tb.Errorf("node %s: X-RateLimit-Limit = %q, want %d", node, got, limit)
	}
	if got := h.Get("X-RateLimit-Remaining"); got != "0" {
		tb.Errorf("node %s: X-RateLimit-Remaining = %q, want 0", node, got)
	}
	now := time.Now().Unix()
	if reset, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err != nil || reset < now || reset > now+61 {
		tb.Errorf("node %s: X-RateLimit-Reset = %q, want unix seconds within the next minute", node, h.Get("X-RateLimit-Reset"))
	}
	if secs, err := strconv.Atoi(h.Get("Retry-After")); err != nil || secs < 1 || secs > 60 {
		tb.Errorf("node %s: Retry-After = %q, want 1..60 seconds", node, h.Get("Retry-After"))
	}
	var body client.ErrorBody
	if err := json.Unmarshal(resp.Body, &body); err != nil || body.Error.Code != "rate_limited" {
		tb.Errorf("node %s: body %s, want error code rate_limited", node, strings.TrimSpace(string(resp.Body)))
	}
}

func TestConfigRedisURL(t *testing.T) {
	cfg, err := app.DefaultConfig().FromEnv(func(k string) string {
		return map[string]string{"HIVE_REDIS_URL": "redis://:secret@10.0.0.5:6379/2"}[k]
	})
	if err != nil || cfg.RedisURL != "redis://:secret@10.0.0.5:6379/2" {
		t.Errorf("config = %+v, %v", cfg, err)
	}
	if def := app.DefaultConfig(); def.RedisURL != "" {
		t.Errorf("default RedisURL = %q, want none (one node, in-process limits)", def.RedisURL)
	}
	for _, bad := range []string{"http://:secret@10.0.0.5", "redis://:secret@10.0.0.5:port", "redis://:secret@10.0.0.5/db"} {
		_, err = app.DefaultConfig().FromEnv(func(k string) string { return map[string]string{"HIVE_REDIS_URL": bad}[k] })
		if err == nil || !strings.Contains(err.Error(), "HIVE_REDIS_URL") || strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: error %v, want one naming HIVE_REDIS_URL without the password", bad, err)
		}
	}
}
