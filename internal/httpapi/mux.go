package httpapi

import (
	"net/http"
	"slices"
)

// routeMux is an http.ServeMux that remembers every pattern registered on it,
// so tests can check the routes really served against the endpoints table.
type routeMux struct {
	*http.ServeMux
	patterns []string
}

func newRouteMux() *routeMux { return &routeMux{ServeMux: http.NewServeMux()} }

// Handle registers h for pattern and records the pattern.
func (m *routeMux) Handle(pattern string, h http.Handler) {
	m.ServeMux.Handle(pattern, h)
	m.patterns = append(m.patterns, pattern)
}

// Routes returns every registered pattern, such as "GET /v1/api-keys/{id}",
// sorted.
func (s *Server) Routes() []string {
	out := slices.Clone(s.mux.patterns)
	slices.Sort(out)
	return out
}
