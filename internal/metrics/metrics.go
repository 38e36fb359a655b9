package metrics

import (
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/hive-platform/hive/internal/hive"
)

// Unmatched is the route label of requests no route matched.
const Unmatched = "unmatched"

// Metrics holds one node's metrics and serves them. It is a
// hive.RequestObserver: give it to the API's observers.
type Metrics struct {
	reg          *prometheus.Registry
	requests     *prometheus.CounterVec
	duration     *prometheus.HistogramVec
	authFailures *prometheus.CounterVec
	rateLimited  *prometheus.CounterVec
	leakedKeys   *prometheus.CounterVec

	mu      sync.RWMutex
	byRoute map[routeKey]*routeSeries // resolved children, so counting allocates nothing
	reasons map[reasonKey]prometheus.Counter
}

var _ hive.RequestObserver = (*Metrics)(nil)

// routeKey names one series of hive_http_requests_total.
type routeKey struct {
	route, method string
	status        int
}

// routeSeries is the resolved children of one routeKey.
type routeSeries struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

// reasonKey names one series of the refusal counters.
type reasonKey struct {
	limited bool // hive_rate_limited_total rather than hive_auth_failures_total
	reason  string
}

// New returns Metrics with the request metrics and the Go runtime and
// process collectors registered.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hive_http_requests_total",
			Help: "API requests answered, by route pattern, method and status code.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "hive_http_request_duration_seconds",
			Help:    "Time to answer an API request, by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"route"}),
		authFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hive_auth_failures_total",
			Help: "Requests refused with 401, by reason (api_key_invalid, api_key_revoked, ...).",
		}, []string{"reason"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hive_rate_limited_total",
			Help: `Requests refused with 429, by reason: "key_rate_limit" for a key over its limit, "invalid_key_attempts" for an address throttled for sending bad keys, and the API's other reasons.`,
		}, []string{"reason"}),
		leakedKeys: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hive_leaked_keys_total",
			Help: `Live keys revoked because their secret was reported found in public, by the channel that reported it: "github", "gitlab" or "report".`,
		}, []string{"source"}),
		byRoute: make(map[routeKey]*routeSeries),
		reasons: make(map[reasonKey]prometheus.Counter),
	}
	m.reg.MustRegister(m.requests, m.duration, m.authFailures, m.rateLimited, m.leakedKeys,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in the Prometheus text exposition format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry is where the metrics live, for collectors of other components.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// GaugeFunc registers a gauge whose value f reports at each scrape, such as
// a queue's depth. f runs on the scraping goroutine and must be quick and
// safe for concurrent use. It panics if name is invalid or taken: metrics
// are registered once, at start-up.
func (m *Metrics) GaugeFunc(name, help string, f func() float64) {
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f))
}

// CounterFunc registers a counter whose value f reports at each scrape, such
// as rows written by a component that keeps its own count. The value must
// never go down. Like GaugeFunc, it panics if name is invalid or taken.
func (m *Metrics) CounterFunc(name, help string, f func() float64) {
	m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, f))
}

// KeyLeaked counts a key revoked as leaked, reported through source.
func (m *Metrics) KeyLeaked(source string) { m.leakedKeys.WithLabelValues(source).Inc() }

// ObserveRequest implements hive.RequestObserver. After a route's first
// request it takes a read lock and allocates nothing.
func (m *Metrics) ObserveRequest(r *hive.RequestRecord) {
	s := m.series(routeKey{routeLabel(r.Route), methodLabel(r.Method), r.Status})
	s.requests.Inc()
	s.duration.Observe(r.Latency.Seconds())
	switch {
	case r.Status == http.StatusUnauthorized:
		m.reason(reasonKey{reason: orUnknown(r.Reason)}).Inc()
	case r.Status == http.StatusTooManyRequests:
		reason := r.Reason
		if r.RateLimited {
			reason = "key_rate_limit"
		}
		m.reason(reasonKey{limited: true, reason: orUnknown(reason)}).Inc()
	}
}

// series returns the children of k, creating them on first use.
func (m *Metrics) series(k routeKey) *routeSeries {
	m.mu.RLock()
	s := m.byRoute[k]
	m.mu.RUnlock()
	if s != nil {
		return s
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if s = m.byRoute[k]; s == nil {
		s = &routeSeries{
			requests: m.requests.WithLabelValues(k.route, k.method, statusLabel(k.status)),
			duration: m.duration.WithLabelValues(k.route),
		}
		m.byRoute[k] = s
	}
	return s
}

// reason returns the refusal counter of k, creating it on first use.
func (m *Metrics) reason(k reasonKey) prometheus.Counter {
	m.mu.RLock()
	c := m.reasons[k]
	m.mu.RUnlock()
	if c != nil {
		return c
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if c = m.reasons[k]; c == nil {
		vec := m.authFailures
		if k.limited {
			vec = m.rateLimited
		}
		c = vec.WithLabelValues(k.reason)
		m.reasons[k] = c
	}
	return c
}

// routeLabel is the path part of a route pattern: "GET /v1/api-keys/{id}"
// is counted as "/v1/api-keys/{id}", its method being a label of its own.
func routeLabel(pattern string) string {
	if pattern == "" {
		return Unmatched
	}
	if _, path, ok := strings.Cut(pattern, " "); ok {
		return path
	}
	return pattern
}

// methodLabel keeps the standard methods and folds any other, which a
// client may make up, into "OTHER".
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
		http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "OTHER"
}

func statusLabel(code int) string { return strconv.Itoa(code) }

func orUnknown(reason string) string {
	if reason == "" {
		return "unknown"
	}
	return reason
}
