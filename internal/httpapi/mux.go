package httpapi

import (
	"net/http"
	"slices"
)

// routeMux is an http.ServeMux that remembers every pattern registered on it,
// so tests can check the routes really served against the endpoints table.
type routeMux struct {
	*http.ServeMux
	// unrouted holds the same patterns with handlers that do nothing and no
	// catch-all: asked about a request the catch-all took, it answers as
	// the mux alone would (404, or 405 with Allow).
	unrouted *http.ServeMux
	patterns []string
}

func newRouteMux() *routeMux {
	return &routeMux{ServeMux: http.NewServeMux(), unrouted: http.NewServeMux()}
}

// Handle registers h for pattern and records the pattern.
func (m *routeMux) Handle(pattern string, h http.Handler) {
	m.ServeMux.Handle(pattern, h)
	m.unrouted.Handle(pattern, http.NotFoundHandler())
	m.patterns = append(m.patterns, pattern)
}

// Routes returns every registered pattern, such as "GET /v1/api-keys/{id}",
// sorted.
func (s *Server) Routes() []string {
	out := slices.Clone(s.mux.patterns)
	slices.Sort(out)
	return out
}
