package app_test

import (
	"net/http"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
	"github.com/hive-platform/hive/internal/postgres/pgtest"
)

// benchFleet starts n nodes on a new schema of the test database and the
// test Redis (PostgreSQL alone with redis false), bootstraps a tenant
// without a rate limit to speak of, and returns the nodes and the admin
// secret. It skips b unless both are configured.
func benchFleet(b *testing.B, n int, redis bool) ([]node, string) {
	b.Helper()
	cfg := app.DefaultConfig()
	cfg.DatabaseURL = pgtest.NewSchema(b)
	if redis {
		cfg.RedisURL = os.Getenv(envRedis)
		if cfg.RedisURL == "" {
			b.Skip("set " + envRedis + " (and " + pgtest.EnvURL + ") to run the fleet benchmarks")
		}
		cfg.RedisTimeout = 2 * time.Second
	}
	nodes := make([]node, n)
	for i := range nodes {
		nodes[i] = startNode(b, cfg)
	}
	boot, err := nodes[0].app.Keys.Bootstrap(b.Context(), apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := nodes[0].app.Keys.SetPlan(b.Context(), "acme", apikey.PlanCustom, 1_000_000, 10_000); err != nil {
		b.Fatal(err)
	}
	for _, nd := range nodes {
		for deadline := time.Now().Add(5 * time.Second); !nd.app.Invalidator.Subscribed(); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				b.Fatal("a node did not hear invalidations within 5s")
			}
		}
	}
	time.Sleep(300 * time.Millisecond) // every node has heartbeat once
	return nodes, boot.Secret
}

// BenchmarkFleetRevoke measures DELETE /v1/api-keys/{id} on the first of 2
// and 4 nodes, each holding the key in its cache, and reports the median
// and 99th percentile.
func BenchmarkFleetRevoke(b *testing.B) {
	for _, transport := range []string{"redis", "postgres"} {
		for _, n := range []int{2, 4} {
			b.Run(transport+"/nodes="+strconv.Itoa(n), func(b *testing.B) { benchRevoke(b, n, transport == "redis") })
		}
	}
}

func benchRevoke(b *testing.B, n int, redis bool) {
	nodes, secret := benchFleet(b, n, redis)
	admin := client.New(nodes[0].url, secret, client.WithMaxRetries(0))
	sa, err := admin.CreateServiceAccount(b.Context(), "bench", "")
	if err != nil {
		b.Fatal(err)
	}
	var took []time.Duration
	confirmed := 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		k, err := admin.CreateKey(b.Context(), client.CreateKeyRequest{Name: "k" + strconv.Itoa(i), ServiceAccountID: sa.ID, Preset: "read_only"})
		if err != nil {
			b.Fatal(err)
		}
		for _, nd := range nodes {
			if _, err := client.New(nd.url, k.Key, client.WithMaxRetries(0)).Verify(b.Context()); err != nil {
				b.Fatal(err)
			}
		}
		req, _ := http.NewRequestWithContext(b.Context(), http.MethodDelete, nodes[0].url+"/v1/api-keys/"+k.ID, nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		b.StartTimer()
		start := time.Now()
		res, err := http.DefaultClient.Do(req)
		took = append(took, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		res.Body.Close()
		if res.Header.Get("Hive-Fleet-Confirmed") == "true" {
			confirmed++
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(confirmed)/float64(len(took)), "confirmed")
}

// BenchmarkFleetVerify measures GET /v1/auth/verify on one node of two, on
// PostgreSQL and Redis, with parallel clients: the request path with the
// fleet's checks.
func BenchmarkFleetVerify(b *testing.B) {
	nodes, secret := benchFleet(b, 2, true)
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 10 * time.Second}
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		req, _ := http.NewRequest(http.MethodGet, nodes[1].url+"/v1/auth/verify", nil)
		req.Header.Set("Authorization", "Bearer "+secret)
		for pb.Next() {
			res, err := hc.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Errorf("verify: %d", res.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
