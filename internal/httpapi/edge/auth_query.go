package edge

import (
	"net/http"
	"strings"

	"github.com/hive-platform/hive/internal/hive"
)

// queryKeyAPI is api for a route that calendar apps poll: they cannot send
// headers, so a key may also come as ?key=. It is accepted on this route
// only, and only when no header carries a credential; the API log redacts
// query parameters named key. Give such a URL a key holding api_keys:read
// and nothing else.
func (s *Edge) queryKeyAPI(h HandlerFunc, scope hive.Scope) http.Handler {
	inner := s.api(h, scope)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := r.URL.Query().Get("key")
		if k != "" && r.Header.Get("Authorization") == "" && r.Header.Get("X-Api-Key") == "" {
			r = r.Clone(r.Context())
			r.Header.Set("Authorization", "Bearer "+strings.TrimSpace(k))
		}
		inner.ServeHTTP(w, r)
	})
}
