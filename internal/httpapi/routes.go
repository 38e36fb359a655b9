package httpapi

import (
	"net/http"

	"github.com/hive-platform/hive/internal/hive"
)

// dispatch refuses a NUL or invalid UTF-8 in the path, query or form (see
// checkInput), then routes r, answering unknown paths and methods in the JSON error
// envelope rather than the mux's plain text.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	if token, _, ok := cutDoorToken(r.URL.Path); ok && token != "" {
		// The token of a Door API URL is a secret of its own, which no
		// response (an error, the router's redirect) may carry into the
		// API log.
		declareSecrets(w, r, token)
	}
	fail := s.writeError
	if isDoorPath(r) {
		fail = s.writeDoorError
	}
	if err := checkInput(r); err != nil {
		fail(w, r, err)
		return
	}
	if _, pattern := s.mux.Handler(r); pattern != "" {
		s.mux.ServeHTTP(w, r)
		return
	}
	probe := &statusProbe{header: http.Header{}}
	s.mux.ServeHTTP(probe, r)
	if probe.status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", probe.header.Get("Allow"))
		fail(w, r, hive.Errorf(hive.EMETHOD, "%s is not allowed on %s; allowed: %s",
			r.Method, loggedPath(r.URL.Path), probe.header.Get("Allow")))
		return
	}
	fail(w, r, hive.Errorf(hive.ENOTFOUND, "No endpoint %s %s; see /docs for the API reference", r.Method, loggedPath(r.URL.Path)))
}

// statusProbe records what the mux would answer for an unmatched request.
type statusProbe struct {
	header http.Header
	status int
}

func (p *statusProbe) Header() http.Header         { return p.header }
func (p *statusProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *statusProbe) WriteHeader(status int)      { p.status = status }
