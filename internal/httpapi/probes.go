package httpapi

import (
	"net/http"
	"strconv"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// probeEndpoints are the health probes and metrics, served without an API
// key.
func (s *Server) probeEndpoints() []edge.Endpoint {
	return []edge.Endpoint{
		{Route: "GET /healthz", Auth: edge.AuthNone, Plain: s.healthz,
			Doc: edge.Doc{ID: "healthz", Tag: "Health", Summary: "Liveness",
				Description: "200 while the process runs.", Response: map[string]string{"status": "ok"}}},
		{Route: "GET /readyz", Auth: edge.AuthNone, Plain: s.readyz,
			Doc: edge.Doc{ID: "readyz", Tag: "Health", Summary: "Readiness",
				Description: "200 when the database answers, else 503 with status unavailable.", Response: map[string]string{"status": "ok"},
				Errors: []int{http.StatusServiceUnavailable}}},
		{Route: "GET /metrics", Auth: edge.AuthMetrics, Plain: s.metrics,
			Doc: edge.Doc{ID: "metrics", Tag: "Health", Summary: "Prometheus metrics",
				Description: "This server's metrics in the Prometheus text format: requests by route pattern, method and status, latency, " +
					"401s and 429s by reason, the key cache, the API log's queue and the alert engine. Counts are per server: scrape every node. " +
					"No API key: when HIVE_METRICS_TOKEN is set, send it as Authorization: Bearer <token> (401 otherwise); 404 when metrics are off.",
				ResponseType: "text/plain", Response: exMetrics, Errors: []int{http.StatusNotFound}}},
	}
}

// healthz handles "GET /healthz": the process is up.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	edge.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz handles "GET /readyz": the database answers.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if err := s.keys.Ping(r.Context()); err != nil {
		s.log.Warn("readiness check failed", "err", err)
		w.Header().Set("Retry-After", strconv.Itoa(hive.UnavailableRetrySeconds))
		edge.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "reason": "database unreachable"})
		return
	}
	edge.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// exMetrics is an example of the metrics exposition.
const exMetrics = "# HELP hive_http_requests_total API requests answered, by route pattern, method and status code.\n" +
	"# TYPE hive_http_requests_total counter\n" +
	"hive_http_requests_total{method=\"GET\",route=\"GET /v1/surveys\",status=\"200\"} 1027\n"
