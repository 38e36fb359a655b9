package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// metrics handles "GET /metrics": the Prometheus exposition. It takes no API
// key, as Prometheus holds none; when a metrics token is configured, the
// scraper must send it as a bearer token.
func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	if s.metricsHandler == nil {
		s.edge.WriteError(w, r, hive.Errorf(hive.ENOTFOUND, "Metrics are not enabled on this server"))
		return
	}
	if s.metricsToken != nil && !s.metricsAuthorized(r) {
		s.edge.WriteError(w, r, hive.Unauthorized(edge.ReasonMetricsToken,
			`GET /metrics needs the token set in HIVE_METRICS_TOKEN: send "Authorization: Bearer <token>" (in Prometheus, the scrape config's authorization.credentials).`))
		return
	}
	s.metricsHandler.ServeHTTP(w, r)
}

// metricsAuthorized reports whether r carries the metrics token. Hashes are
// compared, in constant time, so neither the token's bytes nor its length
// show in the time an answer takes.
func (s *Server) metricsAuthorized(r *http.Request) bool {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(token)))
	return subtle.ConstantTimeCompare(got[:], s.metricsToken) == 1
}

// hashToken returns the SHA-256 of a configured metrics token, or nil when
// there is none.
func hashToken(token string) []byte {
	if token == "" {
		return nil
	}
	h := sha256.Sum256([]byte(token))
	return h[:]
}
