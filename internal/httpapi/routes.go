package httpapi

import (
	"net/http"

	"github.com/hive-platform/hive/internal/hive"
)

// routes registers every endpoint, grouped by resource.
func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /readyz", s.readyz)

	s.mux.Handle("GET /v1/auth/verify", s.api(s.verify, ""))
	s.mux.Handle("GET /v1/permissions", s.api(s.permissions, ""))

	s.mux.Handle("POST /v1/service-accounts", s.api(s.createServiceAccount, hive.ScopeServiceAccountsWrite))
	s.mux.Handle("GET /v1/service-accounts", s.api(s.listServiceAccounts, hive.ScopeServiceAccountsRead))
	s.mux.Handle("GET /v1/service-accounts/{id}", s.api(s.getServiceAccount, hive.ScopeServiceAccountsRead))
	s.mux.Handle("PATCH /v1/service-accounts/{id}", s.api(s.updateServiceAccount, hive.ScopeServiceAccountsWrite))
	s.mux.Handle("DELETE /v1/service-accounts/{id}", s.api(s.deleteServiceAccount, hive.ScopeServiceAccountsWrite))

	s.mux.Handle("POST /v1/api-keys", s.api(s.createKey, hive.ScopeKeysWrite))
	s.mux.Handle("GET /v1/api-keys", s.api(s.listKeys, hive.ScopeKeysRead))
	s.mux.Handle("GET /v1/api-keys/{id}", s.api(s.getKey, hive.ScopeKeysRead))
	s.mux.Handle("PATCH /v1/api-keys/{id}", s.api(s.updateKey, hive.ScopeKeysWrite))
	s.mux.Handle("DELETE /v1/api-keys/{id}", s.api(s.revokeKey, hive.ScopeKeysWrite))
	s.mux.Handle("POST /v1/api-keys/{id}/rotate", s.api(s.rotateKey, hive.ScopeKeysWrite))

	s.mux.Handle("POST /v1/me/api-key", s.userAPI(s.generatePersonalKey))

	s.mux.Handle("GET /v1/audit-events", s.api(s.listAuditEvents, hive.ScopeAdminRead))
}

// dispatch routes r, answering unknown paths and methods in the JSON error
// envelope rather than the mux's plain text.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	if _, pattern := s.mux.Handler(r); pattern != "" {
		s.mux.ServeHTTP(w, r)
		return
	}
	probe := &statusProbe{header: http.Header{}}
	s.mux.ServeHTTP(probe, r)
	if probe.status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", probe.header.Get("Allow"))
		s.writeError(w, r, hive.Errorf(hive.EMETHOD, "%s is not allowed on %s; allowed: %s",
			r.Method, r.URL.Path, probe.header.Get("Allow")))
		return
	}
	s.writeError(w, r, hive.Errorf(hive.ENOTFOUND, "No endpoint %s %s; see /docs for the API reference", r.Method, r.URL.Path))
}

// statusProbe records what the mux would answer for an unmatched request.
type statusProbe struct {
	header http.Header
	status int
}

func (p *statusProbe) Header() http.Header         { return p.header }
func (p *statusProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *statusProbe) WriteHeader(status int)      { p.status = status }
