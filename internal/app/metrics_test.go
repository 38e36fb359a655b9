package app_test

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
)

func TestConfigMetricsToken(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string { return map[string]string{"HIVE_METRICS_TOKEN": v}[k] }
	}
	cfg, err := app.DefaultConfig().FromEnv(env("0123456789abcdef0123"))
	if err != nil || cfg.MetricsToken != "0123456789abcdef0123" {
		t.Errorf("config = %+v, %v", cfg, err)
	}
	if _, err := app.DefaultConfig().FromEnv(env("short")); err == nil || !strings.Contains(err.Error(), "HIVE_METRICS_TOKEN") {
		t.Errorf("short token: %v, want an error naming HIVE_METRICS_TOKEN", err)
	}
}

// TestNodeServesItsMetrics checks a single SQLite node counts its requests
// and reports its key cache at GET /metrics, behind the configured token.
func TestNodeServesItsMetrics(t *testing.T) {
	cfg := app.DefaultConfig()
	cfg.DatabaseURL = filepath.Join(t.TempDir(), "hive.db")
	cfg.MetricsToken = "scrape-token-0123456789"
	n := startNode(t, cfg)
	boot, err := n.app.Keys.Bootstrap(t.Context(), apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.New(n.url, boot.Secret).Verify(t.Context()); err != nil {
		t.Fatal(err)
	}
	if resp, err := http.Get(n.url + "/metrics"); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("GET /metrics without the token: %v %v, want 401", resp.StatusCode, err)
	}
	req, _ := http.NewRequest("GET", n.url+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+cfg.MetricsToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	body := string(raw)
	for _, want := range []string{
		`hive_http_requests_total{method="GET",route="/v1/auth/verify",status="200"} 1`,
		`hive_auth_failures_total{reason="metrics_token_invalid"} 1`,
		"hive_key_cache_entries 1",
		"hive_api_log_queue_rows ",
		"hive_api_log_rows_written_total ",
		"hive_api_log_rows_dropped_total 0",
		"hive_api_log_bodies_dropped_total 0",
		"hive_alerts_fired_total ",
		"hive_alert_records_dropped_total 0",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "hive_redis_up") {
		t.Error("a node without Redis reports hive_redis_up")
	}
}
