package httpapi

import (
	"net/http"
	"path"
	"strings"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// dispatch refuses a NUL or invalid UTF-8 in the path, query or form (see
// edge.CheckInput), then routes r. The mux matches a request once: an endpoint's
// handler, or the catch-all unrouted, which answers unknown paths and
// methods in the JSON error envelope rather than the mux's plain text.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	if token, _, ok := edge.CutDoorToken(r.URL.Path); ok && token != "" {
		// The token of a Door API URL is a secret of its own, which no
		// response (an error, the router's redirect) may carry into the
		// API log.
		edge.DeclareSecrets(w, r, token)
	}
	if err := edge.CheckInput(r); err != nil {
		s.failFor(r)(w, r, err)
		return
	}
	if r.Method == http.MethodConnect || !IsCleanPath(r.URL.EscapedPath()) {
		// The mux redirects a path it would clean before it picks a
		// handler, even to the catch-all; only a path some endpoint
		// serves is redirected, the rest are 404 as before cleaning.
		if _, pattern := s.mux.unrouted.Handler(r); pattern == "" {
			s.unrouted(w, r)
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// unrouted answers a request that no endpoint serves: 405 with the methods
// its path allows, or 404, in the envelope of its API family. The API log
// records it without a route.
func (s *Server) unrouted(w http.ResponseWriter, r *http.Request) {
	r.Pattern = ""
	fail := s.failFor(r)
	probe := &statusProbe{header: http.Header{}}
	s.mux.unrouted.ServeHTTP(probe, r)
	if probe.status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", probe.header.Get("Allow"))
		fail(w, r, hive.Errorf(hive.EMETHOD, "%s is not allowed on %s; allowed: %s",
			r.Method, edge.LoggedPath(r.URL.Path), probe.header.Get("Allow")))
		return
	}
	fail(w, r, hive.Errorf(hive.ENOTFOUND, "No endpoint %s %s; see /docs for the API reference", r.Method, edge.LoggedPath(r.URL.Path)))
}

// failFor is the error writer of r's API family.
func (s *Server) failFor(r *http.Request) edge.ErrorWriter {
	if edge.IsDoorPath(r) {
		return s.edge.WriteDoorError
	}
	return s.edge.WriteError
}

// IsCleanPath reports whether a ServeMux routes the escaped path p as it
// is, rather than redirecting it to its cleaned form (which keeps a
// trailing slash). It allocates nothing.
func IsCleanPath(p string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	if !strings.Contains(p, "//") && !strings.Contains(p, "/.") {
		// Only empty, "." and ".." elements change, and a trailing slash,
		// which is kept: the path of nearly every request, without
		// path.Clean's copy.
		return true
	}
	c := path.Clean(p)
	return c == p || p[len(p)-1] == '/' && len(c) == len(p)-1 && strings.HasPrefix(p, c)
}

// statusProbe records what the mux would answer for an unmatched request.
type statusProbe struct {
	header http.Header
	status int
}

func (p *statusProbe) Header() http.Header         { return p.header }
func (p *statusProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *statusProbe) WriteHeader(status int)      { p.status = status }
