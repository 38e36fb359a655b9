package metrics_test

import (
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/metrics"
)

// scrape fetches m's exposition through its handler and parses it.
func scrape(tb testing.TB, m *metrics.Metrics) map[string]*dto.MetricFamily {
	tb.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(rec.Body.String()))
	if err != nil {
		tb.Fatalf("exposition does not parse: %v\n%s", err, rec.Body.String())
	}
	return fams
}

// value returns the value of the series of family name whose labels include
// want, or -1 if there is none.
func value(fams map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	f := fams[name]
	if f == nil {
		return -1
	}
	for _, m := range f.Metric {
		if !hasLabels(m, want) {
			continue
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return -1
}

func hasLabels(m *dto.Metric, want map[string]string) bool {
	n := 0
	for _, l := range m.Label {
		if v, ok := want[l.GetName()]; ok && v == l.GetValue() {
			n++
		}
	}
	return n == len(want)
}

func TestRequestsAreCountedByRoutePatternWithBoundedLabels(t *testing.T) {
	m := metrics.New()
	for _, r := range []hive.RequestRecord{
		{Method: "GET", Route: "GET /v1/api-keys/{id}", Path: "/v1/api-keys/key_1", Status: 200, Latency: time.Millisecond},
		{Method: "GET", Route: "GET /v1/api-keys/{id}", Path: "/v1/api-keys/key_2", Status: 200, Latency: time.Millisecond},
		{Method: "GET", Route: "", Path: "/wp-admin/1", Status: 404},
		{Method: "BREW", Route: "", Path: "/wp-admin/2", Status: 404},
		{Method: "GET", Route: "GET /v1/auth/verify", Status: 401, Reason: hive.ReasonKeyRevoked},
		{Method: "GET", Route: "GET /v1/auth/verify", Status: 401},
		{Method: "GET", Route: "GET /v1/auth/verify", Status: 429, RateLimited: true, ErrorCode: hive.ERATELIMITED},
		{Method: "GET", Route: "GET /v1/auth/verify", Status: 429, Reason: "invalid_key_attempts", ErrorCode: hive.ERATELIMITED},
	} {
		m.ObserveRequest(&r)
	}
	fams := scrape(t, m)
	for _, c := range []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"hive_http_requests_total", map[string]string{"route": "/v1/api-keys/{id}", "method": "GET", "status": "200"}, 2},
		{"hive_http_requests_total", map[string]string{"route": "unmatched", "method": "GET", "status": "404"}, 1},
		{"hive_http_requests_total", map[string]string{"route": "unmatched", "method": "OTHER", "status": "404"}, 1},
		{"hive_http_request_duration_seconds", map[string]string{"route": "/v1/api-keys/{id}"}, 2},
		{"hive_auth_failures_total", map[string]string{"reason": "api_key_revoked"}, 1},
		{"hive_auth_failures_total", map[string]string{"reason": "unknown"}, 1},
		{"hive_rate_limited_total", map[string]string{"reason": "key_rate_limit"}, 1},
		{"hive_rate_limited_total", map[string]string{"reason": "invalid_key_attempts"}, 1},
	} {
		if got := value(fams, c.name, c.labels); got != c.want {
			t.Errorf("%s%v = %v, want %v", c.name, c.labels, got, c.want)
		}
	}
	if n := len(fams["hive_http_requests_total"].Metric); n != 5 {
		t.Errorf("hive_http_requests_total has %d series, want 5: paths must not become labels", n)
	}
	if fams["go_goroutines"] == nil || fams["process_start_time_seconds"] == nil {
		t.Error("the Go runtime and process collectors are missing")
	}
}

func TestObservingAKnownRouteAllocatesNothing(t *testing.T) {
	m := metrics.New()
	r := &hive.RequestRecord{Method: "GET", Route: "GET /v1/auth/verify", Status: 401, Reason: hive.ReasonKeyInvalid, Latency: time.Millisecond}
	m.ObserveRequest(r)
	if n := testing.AllocsPerRun(1000, func() { m.ObserveRequest(r) }); n != 0 {
		t.Errorf("ObserveRequest allocates %v times per request, want 0", n)
	}
}

func TestFuncMetricsAreReadAtScrapeTime(t *testing.T) {
	m := metrics.New()
	depth, written := 3.0, 10.0
	m.GaugeFunc("hive_test_queue_depth", "Queued rows.", func() float64 { return depth })
	m.CounterFunc("hive_test_rows_written_total", "Rows written.", func() float64 { return written })
	depth, written = 7, 12
	fams := scrape(t, m)
	if got := value(fams, "hive_test_queue_depth", nil); got != 7 {
		t.Errorf("gauge = %v, want 7", got)
	}
	if got := value(fams, "hive_test_rows_written_total", nil); got != 12 {
		t.Errorf("counter = %v, want 12", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("registering a taken name did not panic")
		}
	}()
	m.GaugeFunc("hive_test_queue_depth", "Again.", func() float64 { return 0 })
}

func TestTwoMetricsDoNotShareCounts(t *testing.T) {
	a, b := metrics.New(), metrics.New()
	a.ObserveRequest(&hive.RequestRecord{Method: "GET", Route: "GET /healthz", Status: 200})
	if got := value(scrape(t, b), "hive_http_requests_total", map[string]string{"route": "/healthz"}); got != -1 {
		t.Errorf("b counted a's request: %v", got)
	}
}
