package httpapi

import (
	"slices"

	"github.com/hive-platform/hive/internal/httpapi/doorapi"
	"github.com/hive-platform/hive/internal/httpapi/edge"
	"github.com/hive-platform/hive/internal/httpapi/insights"
	"github.com/hive-platform/hive/internal/httpapi/manage"
	"github.com/hive-platform/hive/internal/httpapi/reference"
)

// endpoints is every route the server serves, family by family, with its
// handler bound to s (or, when s is nil, to nil receivers, for what reads
// only the declarations). Within a tag, /docs lists them in this order. Adding an
// endpoint is its handler and one entry in its family's file;
// TestOpenAPIGolden then fails until testdata/openapi.golden.json is
// rewritten with -update, so the new documentation is reviewed as a diff.
func (s *Server) endpoints() []edge.Endpoint {
	var (
		ref     *reference.Reference
		manager *manage.API
		doors   *doorapi.API
		insight *insights.API
	)
	if s != nil {
		ref, manager, doors, insight = s.ref, s.manage, s.doorAPI, s.insights
	}
	return slices.Concat(ref.Endpoints(), s.probeEndpoints(), manager.Endpoints(), doors.Endpoints(), insight.Endpoints())
}

// The edge knows the table before any server is built: the API log's
// visibility rule and the query-key check read it. The handlers bound to a
// nil server are never called.
func init() { edge.Declare((*Server)(nil).endpoints()...) }

// routes registers every endpoint of the table behind the wrapper its Auth
// names.
func (s *Server) routes() {
	for _, e := range s.endpoints() {
		s.mux.Handle(e.Route, s.edge.Wrap(e))
	}
	// The catch-all is not an endpoint: it answers what none serves.
	s.mux.ServeMux.HandleFunc("/", s.unrouted)
}
