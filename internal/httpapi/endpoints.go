package httpapi

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/hive-platform/hive/internal/hive"
)

// endpoint declares one route, once: how it is served, who may call it and
// how the API reference documents it. The mux, the permission matrix, the
// API log's visibility rule, /openapi.json and /docs are all built from the
// endpoints table, so a route cannot be served without its declaration.
type endpoint struct {
	Route string   // the mux pattern, "GET /v1/api-keys/{id}"
	Auth  authKind // how the caller authenticates, and so the wrapper Handler runs behind

	// Handler serves the route behind Auth's wrapper. Plain is set instead
	// on a public route that writes its own responses (the probes, metrics,
	// the reference itself).
	Handler func(*Server, http.ResponseWriter, *http.Request) error
	Plain   func(*Server, http.ResponseWriter, *http.Request)

	Scope hive.Scope // the permission a key needs; "" for any valid key
	Allow who        // the permission matrix's principals it lets through; none on a public route

	// Confirmed marks a change to keys that every node confirms: the
	// response carries HeaderFleetConfirmed, and the reference says so.
	Confirmed bool

	// Undocumented keeps a route out of the API reference; only the
	// reference's own routes are.
	Undocumented bool
	Doc          routeDoc
}

// endpoints is every route the server serves, family by family. Within a
// tag, /docs lists them in this order. Adding an endpoint is its handler and
// one entry in its family's file; TestOpenAPIGolden then fails until
// testdata/openapi.golden.json is rewritten with -update, so the new
// documentation is reviewed as a diff.
var endpoints = slices.Concat(publicEndpoints, keyEndpoints, tenantEndpoints, doorEndpoints, insightsEndpoints)

// declaredRoutes is the endpoints table by route, for logVisible. It is
// filled by init, as the table refers to handlers that read it.
var declaredRoutes map[string]endpoint

func init() {
	declaredRoutes = make(map[string]endpoint, len(endpoints))
	for _, e := range endpoints {
		declaredRoutes[e.Route] = e
	}
}

// routes registers every endpoint of the table behind the wrapper its Auth
// names. A mistaken declaration panics here, so that every test run
// catches it.
func (s *Server) routes() {
	for _, e := range endpoints {
		if err := e.check(); err != nil {
			panic("httpapi: " + err.Error())
		}
		s.mux.Handle(e.Route, e.handler(s))
	}
	// The catch-all is not an endpoint: it answers what none serves.
	s.mux.ServeMux.HandleFunc("/", s.unrouted)
}

// check reports a declaration that could not be served as written: an
// authenticated route without its permission-matrix entry, a public one
// with a scope, or a route missing its documentation.
func (e endpoint) check() error {
	switch {
	case (e.Handler == nil) == (e.Plain == nil):
		return fmt.Errorf("route %q needs exactly one of Handler and Plain", e.Route)
	case e.Auth.keyed() && e.Plain != nil, e.Auth == authGitLab && e.Plain != nil:
		return fmt.Errorf("route %q authenticates its caller, so it needs a Handler, not Plain", e.Route)
	case e.Auth == authMetrics && e.Plain == nil:
		return fmt.Errorf("route %q checks the metrics token itself, so it needs Plain", e.Route)
	case e.Auth.keyed() && e.Allow == 0:
		return fmt.Errorf("route %q has no permission declaration: set Allow to the principals it lets through", e.Route)
	case !e.Auth.keyed() && (e.Allow != 0 || e.Scope != ""):
		return fmt.Errorf("route %q takes no API key, so it has no Scope or Allow", e.Route)
	case e.Confirmed && e.Handler == nil:
		return fmt.Errorf("route %q is Confirmed, which wraps a Handler", e.Route)
	case e.Undocumented && e.Doc.ID != "":
		return fmt.Errorf("route %q is Undocumented but has a Doc", e.Route)
	case !e.Undocumented && e.Doc.ID == "":
		return fmt.Errorf("route %q needs a Doc with an ID, or Undocumented: true", e.Route)
	}
	return nil
}

// handler is e's handler behind the wrapper of its Auth.
func (e endpoint) handler(s *Server) http.Handler {
	if e.Plain != nil {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { e.Plain(s, w, r) })
	}
	h := func(w http.ResponseWriter, r *http.Request) error { return e.Handler(s, w, r) }
	if e.Confirmed {
		h = confirmed(h)
	}
	switch e.Auth {
	case authKey:
		return s.api(h, e.Scope)
	case authKeyOrQuery:
		return s.queryKeyAPI(h, e.Scope)
	case authDoor:
		return s.doorAPI(h, e.Scope)
	case authUser:
		return s.userAPI(h, e.Scope)
	case authGitLab:
		return s.public(s.gitlab(h))
	}
	return s.public(h)
}
