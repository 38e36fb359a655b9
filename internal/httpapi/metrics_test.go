package httpapi_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi"
	"github.com/hive-platform/hive/internal/metrics"
	"github.com/hive-platform/hive/internal/ratelimit"
)

// withMetrics serves the harness's services again, with m as the observer
// and the source of GET /metrics, and returns a harness pointing there.
func (h *harness) withMetrics(m *metrics.Metrics, token string) *harness {
	h.t.Helper()
	srv := httptest.NewServer(httpapi.New(httpapi.Config{
		Keys: h.svc, Doors: h.doors, Webhooks: h.hooks, Limiter: ratelimit.NewMemory(h.clock.Now), DefaultRateLimit: 1000,
		Observers: []hive.RequestObserver{m}, Metrics: m.Handler(), MetricsToken: token,
	}))
	h.t.Cleanup(srv.Close)
	c := *h
	c.url = srv.URL
	return &c
}

// scrape fetches /metrics with the given headers and parses the exposition.
func (h *harness) scrape(headers ...string) map[string]*dto.MetricFamily {
	h.t.Helper()
	res := h.do("GET", "/metrics", "", headers...)
	if res.status != http.StatusOK {
		h.t.Fatalf("GET /metrics: %d %s", res.status, res.body)
	}
	if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		h.t.Errorf("GET /metrics Content-Type = %q, want the text exposition", ct)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(res.body))
	if err != nil {
		h.t.Fatalf("the exposition does not parse: %v\n%s", err, res.body)
	}
	return fams
}

// counter returns the value of the counter name whose labels are labels (in
// name, value pairs), or 0 if there is no such series.
func counter(fams map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	f := fams[name]
	if f == nil {
		return 0
	}
next:
	for _, m := range f.Metric {
		have := map[string]string{}
		for _, l := range m.Label {
			have[l.GetName()] = l.GetValue()
		}
		for i := 0; i+1 < len(labels); i += 2 {
			if have[labels[i]] != labels[i+1] {
				continue next
			}
		}
		return m.GetCounter().GetValue()
	}
	return 0
}

func TestMetricsCountRequestsThroughTheAPI(t *testing.T) {
	h := newHarness(t).withMetrics(metrics.New(), "")
	k := h.createKey(client.CreateKeyRequest{})
	for range 3 {
		h.do("GET", "/v1/auth/verify", "", bearer(k.Key)...)
	}
	h.do("GET", "/v1/api-keys/"+k.ID, "", bearer(k.Key)...)
	h.do("GET", "/v1/api-keys/key_doesnotexist", "", bearer(k.Key)...)
	h.do("GET", "/no/such/path/"+k.ID, "")
	h.do("GET", "/v1/auth/verify", "")
	h.do("GET", "/v1/auth/verify", "", "Authorization", k.Key)

	fams := h.scrape()
	for _, c := range []struct {
		labels []string
		want   float64
	}{
		{[]string{"route", "/v1/auth/verify", "method", "GET", "status", "200"}, 3},
		{[]string{"route", "/v1/api-keys/{id}", "method", "GET", "status", "200"}, 1},
		{[]string{"route", "/v1/api-keys/{id}", "method", "GET", "status", "404"}, 1},
		{[]string{"route", "unmatched", "method", "GET", "status", "404"}, 1},
		{[]string{"route", "/v1/auth/verify", "method", "GET", "status", "401"}, 2},
	} {
		if got := counter(fams, "hive_http_requests_total", c.labels...); got != c.want {
			t.Errorf("hive_http_requests_total%v = %v, want %v", c.labels, got, c.want)
		}
	}
	for _, m := range fams["hive_http_requests_total"].Metric {
		for _, l := range m.Label {
			if strings.Contains(l.GetValue(), k.ID) || strings.Contains(l.GetValue(), "such") {
				t.Errorf("a label holds a raw path: %v", m.Label)
			}
		}
	}
	if got := counter(fams, "hive_auth_failures_total", "reason", hive.ReasonKeyMissing); got != 1 {
		t.Errorf("auth failures api_key_missing = %v, want 1", got)
	}
	if got := counter(fams, "hive_auth_failures_total", "reason", hive.ReasonBearerMissing); got != 1 {
		t.Errorf("auth failures bearer_prefix_missing = %v, want 1", got)
	}
	if fams["hive_http_request_duration_seconds"] == nil {
		t.Error("no request duration histogram")
	}
}

func TestMetricsCountRefusals(t *testing.T) {
	h := newHarness(t).withMetrics(metrics.New(), "")
	limit := 1
	k := h.createKey(client.CreateKeyRequest{RateLimitPerMinute: &limit})
	for range 3 {
		h.do("GET", "/v1/auth/verify", "", bearer(k.Key)...)
	}
	if _, err := h.admin().RevokeKey(context.Background(), k.ID); err != nil {
		t.Fatal(err)
	}
	h.do("GET", "/v1/auth/verify", "", bearer(k.Key)...)
	var last response
	for range 70 { // past the 60 failed checks a minute an address may make
		last = h.do("GET", "/v1/auth/verify", "", bearer("hive_sk_nonsense")...)
	}
	if last.status != http.StatusTooManyRequests {
		t.Fatalf("after 70 malformed keys: %d %s, want 429", last.status, last.body)
	}

	fams := h.scrape()
	for _, c := range []struct {
		name, reason string
		want         float64
	}{
		{"hive_rate_limited_total", "key_rate_limit", 2},
		{"hive_rate_limited_total", "invalid_key_attempts", 70 - 59},
		{"hive_auth_failures_total", hive.ReasonKeyRevoked, 1},
		{"hive_auth_failures_total", hive.ReasonKeyMalformed, 59},
	} {
		if got := counter(fams, c.name, "reason", c.reason); got != c.want {
			t.Errorf("%s{reason=%q} = %v, want %v", c.name, c.reason, got, c.want)
		}
	}
}

func TestMetricsToken(t *testing.T) {
	h := newHarness(t).withMetrics(metrics.New(), "s3cret-scrape-token")
	for name, headers := range map[string][]string{
		"no token":        nil,
		"wrong token":     {"Authorization", "Bearer s3cret-scrape-tokeN"},
		"token prefix":    {"Authorization", "Bearer s3cret"},
		"not bearer":      {"Authorization", "s3cret-scrape-token"},
		"an API key only": bearer(h.boot.Secret),
	} {
		res := h.do("GET", "/metrics", "", headers...)
		if res.status != http.StatusUnauthorized || res.err.Error.Code != "unauthorized" || !strings.Contains(res.err.Error.Message, "HIVE_METRICS_TOKEN") {
			t.Errorf("%s: %d %s, want 401 naming HIVE_METRICS_TOKEN", name, res.status, res.body)
		}
	}
	fams := h.scrape("Authorization", "Bearer s3cret-scrape-token")
	if got := counter(fams, "hive_auth_failures_total", "reason", "metrics_token_invalid"); got != 5 {
		t.Errorf("refused scrapes counted %v, want 5", got)
	}

	open := newHarness(t).withMetrics(metrics.New(), "")
	if res := open.do("GET", "/metrics", ""); res.status != http.StatusOK {
		t.Errorf("without a token: %d, want 200", res.status)
	}
	if res := newHarness(t).do("GET", "/metrics", ""); res.status != http.StatusNotFound {
		t.Errorf("without metrics: %d, want 404", res.status)
	}
}
