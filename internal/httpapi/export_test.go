package httpapi

import (
	"net/http"
	"testing"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
	"github.com/hive-platform/hive/internal/httpapi/insights"
)

// HandleForTest serves h at pattern behind the key check for scope, so a
// test can add an endpoint the API does not have, such as one that panics.
// The route is declared, open to every principal, until the test ends, so
// that its API-log entries are visible as a real route's are.
func (s *Server) HandleForTest(t testing.TB, pattern string, scope hive.Scope, h func(http.ResponseWriter, *http.Request) error) {
	e := edge.Endpoint{Route: pattern, Handler: h, Scope: scope, Allow: edge.AnyKey, Undocumented: true}
	t.Cleanup(edge.Declare(e))
	s.mux.Handle(pattern, s.edge.Wrap(e))
}

// Principal kinds of the permission matrix, for the external tests.
const (
	MatrixOwner        = uint8(edge.OwnerKey)
	MatrixIntegrations = uint8(edge.Integrations)
	MatrixData         = uint8(edge.DataKey)
	MatrixReadOnly     = uint8(edge.ReadOnlyKey)
	MatrixMember       = uint8(edge.MemberKey)
	MatrixRestricted   = uint8(edge.RestrictedKey)
)

// PermissionMatrix returns each authenticated route's allowed principals.
func PermissionMatrix() map[string]uint8 {
	out := map[string]uint8{}
	for _, e := range (*Server)(nil).endpoints() {
		if e.Auth.Keyed() {
			out[e.Route] = uint8(e.Allow)
		}
	}
	return out
}

// PublicRoutes are the routes served without a key.
var PublicRoutes = func() (out []string) {
	for _, e := range (*Server)(nil).endpoints() {
		if !e.Auth.Keyed() {
			out = append(out, e.Route)
		}
	}
	return out
}()

// CSVNumber is a number as ?format=csv writes it.
var CSVNumber = insights.CSVNumber
