package edge

import (
	"net/http"
	"strings"
	"testing"

	"github.com/hive-platform/hive/internal/hive"
)

// TestEndpointDeclarationMistakes: a declaration that would serve a route
// unchecked or undocumented is refused, and the refusal says what to fix.
func TestEndpointDeclarationMistakes(t *testing.T) {
	h := func(http.ResponseWriter, *http.Request) error { return nil }
	plain := func(http.ResponseWriter, *http.Request) {}
	doc := Doc{ID: "x", Tag: "Authentication", Summary: "X"}
	for _, c := range []struct {
		name string
		e    Endpoint
		want string
	}{
		{"keyed route without Allow", Endpoint{Route: "GET /v1/x", Handler: h, Scope: hive.ScopeKeysRead, Doc: doc}, "no permission declaration"},
		{"Door API route without Allow", Endpoint{Route: "GET /door/{token}/x", Auth: AuthDoor, Handler: h, Doc: doc}, "no permission declaration"},
		{"public route with a scope", Endpoint{Route: "GET /x", Auth: AuthNone, Handler: h, Scope: hive.ScopeKeysRead, Doc: doc}, "no Scope or Allow"},
		{"public route with Allow", Endpoint{Route: "GET /x", Auth: AuthNone, Handler: h, Allow: AnyKey, Doc: doc}, "no Scope or Allow"},
		{"no handler", Endpoint{Route: "GET /v1/x", Allow: AnyKey, Doc: doc}, "exactly one of Handler and Plain"},
		{"two handlers", Endpoint{Route: "GET /x", Auth: AuthNone, Handler: h, Plain: plain, Doc: doc}, "exactly one of Handler and Plain"},
		{"keyed route with a plain handler", Endpoint{Route: "GET /v1/x", Plain: plain, Allow: AnyKey, Doc: doc}, "needs a Handler"},
		{"metrics route with a key handler", Endpoint{Route: "GET /x", Auth: AuthMetrics, Handler: h, Doc: doc}, "needs Plain"},
		{"confirmed plain route", Endpoint{Route: "GET /x", Auth: AuthNone, Plain: plain, Confirmed: true, Doc: doc}, "Confirmed"},
		{"no documentation", Endpoint{Route: "GET /v1/x", Handler: h, Allow: AnyKey}, "needs a Doc"},
		{"undocumented with a Doc", Endpoint{Route: "GET /x", Auth: AuthNone, Plain: plain, Undocumented: true, Doc: doc}, "Undocumented but has a Doc"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := c.e.Check()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Check() = %v, want an error saying %q", err, c.want)
			}
		})
	}
}
