package app_test

import (
	"fmt"
	"net/http"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/postgres/pgtest"
)

// TestDisabledKeyRefusedOnEveryNode disables on node A keys that node B
// holds in its cache: the first request to B after the disable returns is
// refused with api_key_disabled, every time, as for a revocation; and once
// the enable returns B accepts the key again. It runs with invalidations
// over Redis and over PostgreSQL alone.
func TestDisabledKeyRefusedOnEveryNode(t *testing.T) {
	if os.Getenv(pgtest.EnvURL) == "" {
		t.Skip("set " + pgtest.EnvURL + " (and " + envRedis + ") to run the multi-node tests")
	}
	for name, redisURL := range map[string]string{"redis": os.Getenv(envRedis), "postgres": ""} {
		t.Run(name, func(t *testing.T) {
			if name == "redis" && redisURL == "" {
				t.Skip("set " + envRedis + " to run over Redis")
			}
			c := startFleet(t, fleetConfig(t, redisURL))
			sa, err := c.admin.CreateServiceAccount(t.Context(), "trials", "")
			if err != nil {
				t.Fatal(err)
			}
			n := trials(t)
			var disableTime time.Duration
			for i := range n {
				k, err := c.admin.CreateKey(t.Context(), client.CreateKeyRequest{Name: "trial " + strconv.Itoa(i), ServiceAccountID: sa.ID, Preset: "read_only"})
				if err != nil {
					t.Fatal(err)
				}
				ip := fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
				for range 2 {
					if s := verifyFrom(t, c.b.url, k.Key, ip); s != http.StatusOK {
						t.Fatalf("trial %d: the new key got %d on node B", i, s)
					}
				}
				start := time.Now()
				if _, err := c.admin.DisableKey(t.Context(), k.ID); err != nil {
					t.Fatal(err)
				}
				disableTime += time.Since(start)
				onB := client.New(c.b.url, k.Key, client.WithMaxRetries(0))
				if _, err := onB.Verify(t.Context()); reason(err) != "api_key_disabled" {
					t.Fatalf("trial %d: node B answered %v after the disable returned, want 401 api_key_disabled", i, err)
				}
				if _, err := c.admin.EnableKey(t.Context(), k.ID); err != nil {
					t.Fatal(err)
				}
				if s := verifyFrom(t, c.b.url, k.Key, ip); s != http.StatusOK {
					t.Fatalf("trial %d: node B answered %d after the enable returned, want 200", i, s)
				}
			}
			t.Logf("%d trials: disables took %v on average, each refused on node B by the next request", n, disableTime/time.Duration(n))
		})
	}
}
