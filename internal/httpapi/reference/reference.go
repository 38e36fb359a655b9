// Package reference serves the API reference of every family: the OpenAPI
// 3.1 document at /openapi.json, built at start-up from the endpoint
// declarations (edge.Endpoint's Doc) and the wire types' json tags, and the
// /docs pages rendered from it, with their script and styles.
package reference

import (
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// Reference is the built document and page, and the handlers serving them.
type Reference struct {
	apiDoc   *openAPIDoc  // the OpenAPI document, for /docs
	openapi  openAPIBytes // apiDoc encoded, for /openapi.json
	docsPage []byte       // the /docs page, rendered from apiDoc
}

// New builds the reference of endpoints; only the handlers of endpoints are
// never called, so they may be bound to nil receivers. Each of schemas
// adjusts field schemas for its family (see Registry.Fields). A table
// mistake (an unknown tag, a path parameter without a description) panics.
func New(endpoints []edge.Endpoint, schemas ...func(*Registry)) *Reference {
	doc := buildOpenAPI(endpoints, schemas...)
	return &Reference{apiDoc: doc, openapi: doc.encode(), docsPage: renderDocs(doc)}
}

// Endpoints are the reference's own routes, which it does not document.
func (s *Reference) Endpoints() []edge.Endpoint {
	return []edge.Endpoint{
		{Route: "GET /openapi.json", Auth: edge.AuthNone, Plain: s.serveOpenAPI, Undocumented: true},
		{Route: "GET /docs", Auth: edge.AuthNone, Plain: s.serveDocs, Undocumented: true},
		{Route: "GET /docs/static/", Auth: edge.AuthNone, Plain: s.serveDocsStatic, Undocumented: true},
	}
}
