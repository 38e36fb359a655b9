package reference

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// The OpenAPI 3.1 document is built once, at start-up, from the Doc of each
// entry of the endpoints table and the wire types' json tags.

// docTag is a group of endpoints, in the order /docs lists them.
type docTag struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// The OpenAPI 3.1 object model, as much of it as the document uses.
type (
	openAPIDoc struct {
		OpenAPI    string                           `json:"openapi"`
		Info       openAPIInfo                      `json:"info"`
		Servers    []openAPIServer                  `json:"servers"`
		Tags       []docTag                         `json:"tags"`
		Paths      map[string]map[string]*operation `json:"paths"`
		Components components                       `json:"components"`

		ops []*operation // in table order, for /docs
	}
	openAPIInfo struct {
		Title       string `json:"title"`
		Version     string `json:"version"`
		Description string `json:"description"`
	}
	openAPIServer struct {
		URL string `json:"url"`
	}
	operation struct {
		OperationID string                `json:"operationId"`
		Tags        []string              `json:"tags"`
		Summary     string                `json:"summary"`
		Description string                `json:"description,omitempty"`
		Parameters  []*parameter          `json:"parameters,omitempty"`
		RequestBody *requestBody          `json:"requestBody,omitempty"`
		Responses   map[string]*response  `json:"responses"`
		Security    []map[string][]string `json:"security"`
		Permission  string                `json:"x-hive-permission,omitempty"`

		method, path string
		auth         edge.AuthKind
	}
	parameter struct {
		Ref         string  `json:"$ref,omitempty"`
		Name        string  `json:"name,omitempty"`
		In          string  `json:"in,omitempty"`
		Description string  `json:"description,omitempty"`
		Required    bool    `json:"required,omitempty"`
		Schema      *Schema `json:"schema,omitempty"`
		Example     any     `json:"example,omitempty"`
	}
	requestBody struct {
		Required bool                  `json:"required"`
		Content  map[string]*mediaType `json:"content"`
	}
	mediaType struct {
		Schema  *Schema `json:"schema"`
		Example any     `json:"example,omitempty"`
	}
	response struct {
		Ref         string                `json:"$ref,omitempty"`
		Description string                `json:"description,omitempty"`
		Headers     map[string]*header    `json:"headers,omitempty"`
		Content     map[string]*mediaType `json:"content,omitempty"`
	}
	header struct {
		Ref         string  `json:"$ref,omitempty"`
		Description string  `json:"description,omitempty"`
		Schema      *Schema `json:"schema,omitempty"`
	}
	securityScheme struct {
		Type        string `json:"type"`
		Scheme      string `json:"scheme,omitempty"`
		In          string `json:"in,omitempty"`
		Name        string `json:"name,omitempty"`
		Description string `json:"description"`
	}
	components struct {
		Schemas         map[string]*Schema         `json:"schemas"`
		Responses       map[string]*response       `json:"responses"`
		Parameters      map[string]*parameter      `json:"parameters"`
		Headers         map[string]*header         `json:"headers"`
		SecuritySchemes map[string]*securityScheme `json:"securitySchemes"`
	}
)

// serverPlaceholder stands in for servers[0].url in the cached document; it
// is replaced with the URL each request reached the server at.
const serverPlaceholder = "\x00server\x00"

// openAPIBytes is the encoded document cut around servers[0].url.
type openAPIBytes struct {
	before, after []byte
}

// buildOpenAPI builds the document from the documented endpoints, panicking
// on a table mistake (an unknown tag, a path parameter without a
// description) so that every test run catches it.
// Each of schemas then adjusts the registry's field schemas where a wire
// type says less than its family documents.
func buildOpenAPI(endpoints []edge.Endpoint, schemas ...func(*Registry)) *openAPIDoc {
	g := newSchemaRegistry()
	g.Fields["DoorUsers.next_page"] = &Schema{
		Description: "The next page number, or false on the last page.",
		OneOf:       []*Schema{{Type: "integer"}, {Const: false}},
	}
	doc := &openAPIDoc{
		OpenAPI: "3.1.0",
		Info: openAPIInfo{Title: "Hive API", Version: "1",
			Description: "The Hive management API, Open API and Door Access API. Authenticate with an API key: " +
				"`Authorization: Bearer <key>` or `X-Api-Key: <key>`; the Door API takes `X-DOOR-API-KEY`. " +
				"Personal keys also need the user's id in `X-Hive-User-Id`. Every authenticated response carries " +
				"the X-RateLimit-* headers. Errors on /v1 use one envelope: " +
				"`{\"error\": {\"code\", \"message\", \"details\"}}`; the Door API answers `{\"success\": false, \"message\"}`."},
		Servers:    []openAPIServer{{URL: serverPlaceholder}},
		Tags:       docTags,
		Paths:      map[string]map[string]*operation{},
		Components: baseComponents(g),
	}
	for _, adjust := range schemas {
		adjust(g)
	}
	for _, e := range endpoints {
		if e.Undocumented {
			continue
		}
		op := newOperation(e, g)
		if doc.Paths[op.path] == nil {
			doc.Paths[op.path] = map[string]*operation{}
		}
		doc.Paths[op.path][strings.ToLower(op.method)] = op
		doc.ops = append(doc.ops, op)
	}
	doc.Components.Schemas = g.Components
	return doc
}

// encode renders doc once, split where the server URL goes.
func (doc *openAPIDoc) encode() openAPIBytes {
	b, err := json.Marshal(doc)
	if err != nil {
		panic(fmt.Sprintf("openapi: encoding the document: %v", err))
	}
	quoted, _ := json.Marshal(serverPlaceholder)
	before, after, ok := bytes.Cut(b, quoted)
	if !ok {
		panic("openapi: server placeholder missing from the document")
	}
	return openAPIBytes{before: before, after: after}
}

// newOperation turns e into an OpenAPI operation.
func newOperation(e edge.Endpoint, g *Registry) *operation {
	d := e.Doc
	method, path, ok := strings.Cut(e.Route, " ")
	if !ok || !slices.ContainsFunc(docTags, func(t docTag) bool { return t.Name == d.Tag }) {
		panic(fmt.Sprintf("openapi: route %q needs a method, a path and a known tag (not %q)", e.Route, d.Tag))
	}
	op := &operation{OperationID: d.ID, Tags: []string{d.Tag}, Summary: d.Summary, Description: d.Description,
		Permission: string(e.Scope), Responses: map[string]*response{}, method: method, path: path, auth: e.Auth}
	if e.Scope != "" {
		op.Description = strings.TrimSpace(op.Description + "\n\nRequires the `" + string(e.Scope) + "` permission.")
	}
	op.Security = securityFor(e.Auth)
	if edge.QueryKeyRoute(e.Route) {
		op.Security = append(op.Security, map[string][]string{"apiKeyQuery": {}})
	}
	op.Parameters = parameters(e, path)
	if d.Body != nil {
		op.RequestBody = newRequestBody(d, g)
	}
	status := cmpOr(d.Status, http.StatusOK)
	op.Responses[strconv.Itoa(status)] = successResponse(e, g, status)
	for _, code := range errorStatuses(e, path) {
		op.Responses[strconv.Itoa(code)] = &response{Ref: "#/components/responses/" + errorResponseName(e.Auth, code)}
	}
	return op
}

// successResponse is e's success response: its headers, and its body in JSON or
// Doc.ResponseType, and as CSV too when Doc.CSV is set.
func successResponse(e edge.Endpoint, g *Registry, status int) *response {
	d := e.Doc
	ok2xx := &response{Description: http.StatusText(status), Headers: map[string]*header{}}
	if e.Auth.Keyed() {
		ok2xx.Headers = rateLimitHeaderRefs()
	}
	if e.Confirmed {
		ok2xx.Headers[edge.HeaderFleetConfirmed] = &header{Description: edge.FleetConfirmedDoc, Schema: &Schema{Type: "string"}}
	}
	for name, desc := range d.ResponseHeaders {
		ok2xx.Headers[name] = &header{Description: desc, Schema: &Schema{Type: "string"}}
	}
	if d.Response != nil {
		ct := cmpOrString(d.ResponseType, "application/json")
		s := &Schema{Type: "string"}
		switch ct {
		case "application/json":
			s = g.ResponseSchema(d.Response)
			if d.ResponseOr != nil {
				s = &Schema{AnyOf: []*Schema{s, g.ResponseSchema(d.ResponseOr)}}
			}
		case "*/*":
			s = &Schema{Description: "The body as it was sent, in its own media type."}
		}
		ok2xx.Content = map[string]*mediaType{ct: {Schema: s, Example: d.Response}}
	}
	if d.CSV != "" {
		if ok2xx.Content == nil {
			panic(fmt.Sprintf("openapi: %s has a CSV example but no Response", e.Route))
		}
		ok2xx.Content["text/csv"] = &mediaType{Schema: &Schema{Type: "string"}, Example: d.CSV}
		ok2xx.Headers["Link"] = &header{Schema: &Schema{Type: "string"},
			Description: "CSV only, when more rows follow: `<next_path>; rel=\"next\"`, the relative path of the next page."}
		ok2xx.Headers["X-Next-Cursor"] = &header{Schema: &Schema{Type: "string"},
			Description: "When more rows follow: the cursor of the next page."}
		ok2xx.Headers["X-Hive-Truncated"] = &header{Schema: &Schema{Type: "string", Enum: []any{"true", "false"}},
			Description: "true when rows follow that this response does not hold; a trailer on whole results of surveys, metrics, open-door and hive-fives."}
		ok2xx.Headers["X-Hive-Row-Cap"] = &header{Schema: &Schema{Type: "string"},
			Description: "The most rows one response holds (100000)."}
	}
	if len(ok2xx.Headers) == 0 {
		ok2xx.Headers = nil
	}
	return ok2xx
}

func cmpOr(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}

// parameters returns e's parameters, checking that every {name} in path is
// described and that no described path parameter is missing from it.
func parameters(e edge.Endpoint, path string) []*parameter {
	d := e.Doc
	var out []*parameter
	for _, p := range d.Params {
		if p.In == "path" && !strings.Contains(path, "{"+p.Name+"}") {
			panic(fmt.Sprintf("openapi: %s documents path parameter %q it does not have", e.Route, p.Name))
		}
		s := &Schema{Type: cmpOrString(p.Type, "string")}
		if p.Type == "array" {
			s.Items = &Schema{Type: "string"}
		}
		for _, e := range p.Enum {
			s.Enum = append(s.Enum, e)
		}
		var ex any
		if p.Example != "" {
			ex = typedExample(p)
		}
		out = append(out, &parameter{Name: p.Name, In: p.In, Description: p.Description,
			Required: p.Required || p.In == "path", Schema: s, Example: ex})
	}
	for rest := path; ; {
		_, after, ok := strings.Cut(rest, "{")
		if !ok {
			break
		}
		name, tail, _ := strings.Cut(after, "}")
		if !slices.ContainsFunc(d.Params, func(p edge.Param) bool { return p.In == "path" && p.Name == name }) {
			panic(fmt.Sprintf("openapi: %s needs a description of path parameter %q", e.Route, name))
		}
		rest = tail
	}
	switch e.Auth {
	case edge.AuthKey, edge.AuthKeyOrQuery:
		out = append(out, &parameter{Ref: "#/components/parameters/TenantHeader"}, &parameter{Ref: "#/components/parameters/UserIDHeader"})
	case edge.AuthUser:
		out = append(out, &parameter{Ref: "#/components/parameters/TenantHeader"})
	}
	return out
}

// typedExample is p's example as a value of p's type.
func typedExample(p edge.Param) any {
	switch p.Type {
	case "integer":
		n, err := strconv.ParseInt(p.Example, 10, 64)
		if err != nil {
			panic(fmt.Sprintf("openapi: example %q of parameter %s is not an integer", p.Example, p.Name))
		}
		return n
	case "boolean":
		return p.Example == "true"
	case "array":
		return []string{p.Example}
	}
	return p.Example
}

func cmpOrString(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func newRequestBody(d edge.Doc, g *Registry) *requestBody {
	ct := cmpOrString(d.BodyType, "application/json")
	var s *Schema
	switch ct {
	case "application/json", "application/x-www-form-urlencoded":
		s = g.requestSchema(d.Body)
	default:
		s = &Schema{Type: "string"}
	}
	if len(d.BodyRequired) > 0 {
		s = &Schema{Ref: s.Ref, Type: s.Type, Properties: s.Properties, AdditionalProperties: s.AdditionalProperties,
			Required: d.BodyRequired}
	}
	if d.BodyBatch != "" {
		return batchBody(d, s)
	}
	return &requestBody{Required: len(d.BodyRequired) > 0 || ct != "application/json",
		Content: map[string]*mediaType{ct: {Schema: s, Example: d.Body}}}
}

// batchBody is a JSON body of one item of schema item, or of a batch of
// them in d.BodyBatch; its example is a batch of d.Body.
func batchBody(d edge.Doc, item *Schema) *requestBody {
	batch := &Schema{Type: "object", Required: []string{d.BodyBatch}, AdditionalProperties: false,
		Properties: map[string]*Schema{d.BodyBatch: {Type: "array", Items: item,
			Description: "1 to 1,000 items, saved all or none."}}}
	return &requestBody{Required: true, Content: map[string]*mediaType{"application/json": {
		Schema:  &Schema{OneOf: []*Schema{item, batch}},
		Example: map[string]any{d.BodyBatch: []any{d.Body}}}}}
}

// errorStatuses lists the errors e can answer: the authentication ones, 400
// with a body or query parameters, 404 with path parameters, and Doc.Errors.
func errorStatuses(e edge.Endpoint, path string) []int {
	d := e.Doc
	var out []int
	// A path parameter can carry a NUL or invalid UTF-8, which the edge
	// refuses with a 400 before any route runs.
	if d.Body != nil || slices.ContainsFunc(d.Params, func(p edge.Param) bool { return p.In == "query" }) ||
		e.Auth == edge.AuthDoor || strings.Contains(path, "{") {
		out = append(out, http.StatusBadRequest)
	}
	switch {
	case e.Auth.Keyed():
		// Every authenticated request reads the store, so it may find it
		// unavailable.
		out = append(out, http.StatusUnauthorized, http.StatusTooManyRequests, http.StatusServiceUnavailable)
	case e.Auth == edge.AuthMetrics, e.Auth == edge.AuthGitLab:
		out = append(out, http.StatusUnauthorized)
	}
	if e.Scope != "" || e.Auth == edge.AuthDoor {
		out = append(out, http.StatusForbidden)
	}
	if strings.Contains(path, "{") {
		out = append(out, http.StatusNotFound)
	}
	out = append(out, d.Errors...)
	slices.Sort(out)
	return slices.Compact(out)
}

// securityFor lists the schemes that authenticate an endpoint; any one
// suffices.
func securityFor(a edge.AuthKind) []map[string][]string {
	switch a {
	case edge.AuthDoor:
		return []map[string][]string{{"doorApiKey": {}}}
	case edge.AuthUser:
		return []map[string][]string{{"bearerAuth": {}}, {"apiKeyHeader": {}}, {"basicAuth": {}}}
	case edge.AuthNone:
		return []map[string][]string{}
	case edge.AuthMetrics:
		// The empty requirement makes the token optional: it is needed only
		// when the server is configured with one.
		return []map[string][]string{{}, {"metricsToken": {}}}
	case edge.AuthGitLab:
		return []map[string][]string{{"gitlabToken": {}}}
	}
	return []map[string][]string{{"bearerAuth": {}}, {"apiKeyHeader": {}}}
}

// errorResponseName names the shared response for status in the envelope
// of the endpoint's API family.
func errorResponseName(a edge.AuthKind, status int) string {
	name := map[int]string{400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
		409: "Conflict", 429: "RateLimited", 503: "Unavailable"}[status]
	if name == "" {
		panic(fmt.Sprintf("openapi: no shared response for status %d", status))
	}
	if a == edge.AuthNone && status == http.StatusServiceUnavailable {
		return "NotReady" // /readyz answers with its own body, not an error envelope
	}
	if a == edge.AuthDoor {
		return "Door" + name
	}
	return name
}

// serveOpenAPI handles "GET /openapi.json": the cached document, with
// servers[0].url set to where this request reached the server.
func (s *Reference) serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	url, _ := json.Marshal(requestOrigin(r))
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Access-Control-Allow-Origin", "*") // public, so that other tools may load it
	w.Header().Set("Content-Length", strconv.Itoa(len(s.openapi.before)+len(url)+len(s.openapi.after)))
	w.Write(s.openapi.before)
	w.Write(url)
	w.Write(s.openapi.after)
}

// requestOrigin is the scheme and host this request reached the server at.
func requestOrigin(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}
