package edge

import (
	"fmt"
	"net/http"

	"github.com/hive-platform/hive/internal/hive"
)

// Endpoint declares one route, once: how it is served, who may call it and
// how the API reference documents it. The mux, the permission matrix, the
// API log's visibility rule, /openapi.json and /docs are all built from the
// endpoints table, so a route cannot be served without its declaration.
type Endpoint struct {
	Route string   // the mux pattern, "GET /v1/api-keys/{id}"
	Auth  AuthKind // how the caller authenticates, and so the wrapper Handler runs behind

	// Handler serves the route behind Auth's wrapper. Plain is set instead
	// on a public route that writes its own responses (the probes, metrics,
	// the reference itself).
	Handler func(http.ResponseWriter, *http.Request) error
	Plain   func(http.ResponseWriter, *http.Request)

	Scope hive.Scope // the permission a key needs; "" for any valid key
	Allow Who        // the permission matrix's principals it lets through; none on a public route

	// Confirmed marks a change to keys that every node confirms: the
	// response carries HeaderFleetConfirmed, and the reference says so.
	Confirmed bool

	// Undocumented keeps a route out of the API reference; only the
	// reference's own routes are.
	Undocumented bool
	Doc          Doc
}

// declaredRoutes is the endpoints table by route, for LogVisible and
// QueryKeyRoute.
var declaredRoutes = map[string]Endpoint{}

// Declare adds es to the routes LogVisible and QueryKeyRoute know, and
// returns a function that removes them again. The composition root
// declares its whole table once, before serving.
func Declare(es ...Endpoint) (forget func()) {
	for _, e := range es {
		declaredRoutes[e.Route] = e
	}
	return func() {
		for _, e := range es {
			delete(declaredRoutes, e.Route)
		}
	}
}

// Check reports a declaration that could not be served as written: an
// authenticated route without its permission-matrix entry, a public one
// with a scope, or a route missing its documentation.
func (e Endpoint) Check() error {
	switch {
	case (e.Handler == nil) == (e.Plain == nil):
		return fmt.Errorf("route %q needs exactly one of Handler and Plain", e.Route)
	case e.Auth.Keyed() && e.Plain != nil, e.Auth == AuthGitLab && e.Plain != nil:
		return fmt.Errorf("route %q authenticates its caller, so it needs a Handler, not Plain", e.Route)
	case e.Auth == AuthMetrics && e.Plain == nil:
		return fmt.Errorf("route %q checks the metrics token itself, so it needs Plain", e.Route)
	case e.Auth.Keyed() && e.Allow == 0:
		return fmt.Errorf("route %q has no permission declaration: set Allow to the principals it lets through", e.Route)
	case !e.Auth.Keyed() && (e.Allow != 0 || e.Scope != ""):
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

// Wrap returns e's handler behind the wrapper of its Auth. A mistaken
// declaration panics here, so that every test run catches it.
func (s *Edge) Wrap(e Endpoint) http.Handler {
	if err := e.Check(); err != nil {
		panic("httpapi: " + err.Error())
	}
	if e.Plain != nil {
		return http.HandlerFunc(e.Plain)
	}
	h := HandlerFunc(e.Handler)
	if e.Confirmed {
		h = confirmed(h)
	}
	switch e.Auth {
	case AuthKey:
		return s.api(h, e.Scope)
	case AuthKeyOrQuery:
		return s.queryKeyAPI(h, e.Scope)
	case AuthDoor:
		return s.doorAPI(h, e.Scope)
	case AuthUser:
		return s.userAPI(h, e.Scope)
	case AuthGitLab:
		return s.public(s.gitlab(h))
	}
	return s.public(h)
}

// AuthKind is how an endpoint authenticates its caller.
type AuthKind int

const (
	AuthKey        AuthKind = iota // an API key: Bearer or X-Api-Key
	AuthKeyOrQuery                 // AuthKey, or for calendar apps that cannot send headers the key as ?key=
	AuthDoor                       // a Door API key in X-DOOR-API-KEY, tenant from the URL token
	AuthUser                       // a personal key, or email and password (HTTP Basic)
	AuthNone                       // public
	AuthMetrics                    // public unless a metrics token is configured: then that token as a bearer
	AuthGitLab                     // the token the operator set in HIVE_GITLAB_REVOCATION_TOKEN
)

// Keyed reports whether requests so authenticated present a Hive key: they
// are in the permission matrix, count against the key's rate limit, and so
// carry the rate-limit headers and may get a 429.
func (a AuthKind) Keyed() bool {
	return a == AuthKey || a == AuthKeyOrQuery || a == AuthDoor || a == AuthUser
}

// Doc documents one endpoint; its route, authentication and scope
// come from the endpoint it belongs to.
type Doc struct {
	ID          string // operationId, also the anchor on /docs
	Tag         string // one of docTags
	Summary     string
	Description string
	Params      []Param // every path parameter, then query parameters

	Body         any      // an example request body, of the type the handler decodes
	BodyRequired []string // the body fields this route requires
	BodyType     string   // default application/json
	BodyBatch    string   // on an ingestion route, the array of a batch: the body is one Body item, or {BodyBatch: [items]}
	Status       int      // the success status; default 200
	Response     any      // an example response, of the type the handler encodes; nil for no body
	// ResponseType is the success response's media type when it is not
	// JSON ("text/calendar"); Response is then an example string.
	ResponseType string
	// ResponseOr is another shape of the JSON success response, chosen by
	// a query parameter (?view=distribution); the schema takes either.
	ResponseOr any
	// CSV, on an Open API list, is an example of the page as CSV: the
	// success response also offers text/csv, for ?format=csv or
	// Accept: text/csv, with the next page in its Link header.
	CSV string
	// ResponseHeaders are headers of the success response besides the
	// rate-limit ones and HeaderFleetConfirmed: name → what it says.
	ResponseHeaders map[string]string
	Errors          []int // error statuses besides those the auth, parameters and body imply
}

// Param is a path or query parameter.
type Param struct {
	Name        string
	In          string // "path" or "query"
	Type        string // string (default), integer, boolean, or array (of strings: the parameter repeats)
	Required    bool   // path parameters always are
	Description string
	Enum        []string
	Example     string
}
