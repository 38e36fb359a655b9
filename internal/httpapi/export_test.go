package httpapi

import (
	"net/http"

	"github.com/hive-platform/hive/internal/hive"
)

// HandleForTest serves h at pattern behind the key check for scope, so a
// test can add an endpoint the API does not have, such as one that panics.
func (s *Server) HandleForTest(pattern string, scope hive.Scope, h func(http.ResponseWriter, *http.Request) error) {
	s.mux.Handle(pattern, s.api(h, scope))
}
