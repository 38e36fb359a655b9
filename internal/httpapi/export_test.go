package httpapi

import (
	"net/http"
	"testing"

	"github.com/hive-platform/hive/internal/hive"
)

// HandleForTest serves h at pattern behind the key check for scope, so a
// test can add an endpoint the API does not have, such as one that panics.
// The route is declared, open to every principal, until the test ends, so
// that its API-log entries are visible as a real route's are.
func (s *Server) HandleForTest(t testing.TB, pattern string, scope hive.Scope, h func(http.ResponseWriter, *http.Request) error) {
	declaredRoutes[pattern] = endpoint{Route: pattern, Scope: scope, Allow: anyKey}
	t.Cleanup(func() { delete(declaredRoutes, pattern) })
	s.mux.Handle(pattern, s.api(h, scope))
}

// Principal kinds of the permission matrix, for the external tests.
const (
	MatrixOwner        = uint8(ownerKey)
	MatrixIntegrations = uint8(integrations)
	MatrixData         = uint8(dataKey)
	MatrixReadOnly     = uint8(readOnlyKey)
	MatrixMember       = uint8(memberKey)
	MatrixRestricted   = uint8(restrictedKey)
)

// PermissionMatrix returns each authenticated route's allowed principals.
func PermissionMatrix() map[string]uint8 {
	out := map[string]uint8{}
	for _, e := range endpoints {
		if e.Auth.keyed() {
			out[e.Route] = uint8(e.Allow)
		}
	}
	return out
}

// PublicRoutes are the routes served without a key.
var PublicRoutes = func() (out []string) {
	for _, e := range endpoints {
		if !e.Auth.keyed() {
			out = append(out, e.Route)
		}
	}
	return out
}()

// CSVNumber is a number as ?format=csv writes it.
var CSVNumber = csvNumber

// Prose is the /docs page's rendering of a description.
func Prose(s string) string { return string(prose(s)) }
