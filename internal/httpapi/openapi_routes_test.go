package httpapi

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEveryServedRouteIsInTheTable fails when a route is registered on the
// mux other than through the endpoints table, or an entry is not served.
func TestEveryServedRouteIsInTheTable(t *testing.T) {
	var declared []string
	for _, e := range (*Server)(nil).endpoints() {
		declared = append(declared, e.Route)
	}
	slices.Sort(declared)
	if d := cmp.Diff(declared, New(Config{}).Routes()); d != "" {
		t.Errorf("served routes differ from the endpoints table (-table +served):\n%s", d)
	}
}

func TestOperationIDsAreUnique(t *testing.T) {
	seen := map[string]string{}
	for _, e := range (*Server)(nil).endpoints() {
		if e.Undocumented {
			continue
		}
		if other, ok := seen[e.Doc.ID]; ok {
			t.Errorf("%s and %s share the ID %q", other, e.Route, e.Doc.ID)
		}
		seen[e.Doc.ID] = e.Route
	}
}

// TestEveryEndpointIsDeclaredRight: every entry of the table passes the
// declaration check that serving it applies.
func TestEveryEndpointIsDeclaredRight(t *testing.T) {
	for _, e := range (*Server)(nil).endpoints() {
		if err := e.Check(); err != nil {
			t.Error(err)
		}
	}
}
