package edge

import (
	"net/http"
	"strings"

	"github.com/hive-platform/hive/internal/hive"
)

// Power BI's "Web API" credential cannot send a header: it puts the key in
// the URL, under the parameter name the query gives Web.Contents as
// ApiKeyName. Hive accepts it there as api_key, for keys that opted in
// (allow_query_key) and on the Open API's GET read routes only, whose
// answers are data a BI tool loads; never on writes, key, log or admin
// routes. The value is redacted from the API log's query like every
// parameter named like a credential, the process log never holds a query,
// and the entry is marked auth_via "query".

// QueryKeyParam is the query parameter a key may come in.
const QueryKeyParam = "api_key"

// authVia values recorded in the API log.
const authViaQuery = "query"

// queryKeyScopes are the scopes of the Open API's read routes: a GET route
// guarded by one of them accepts a key in the query.
var queryKeyScopes = []hive.Scope{hive.ScopeSurveysRead, hive.ScopeResponsesRead, hive.ScopeOpenDoorRead, hive.ScopeHiveFivesRead}

// QueryKeyRoute reports whether route (a pattern such as "GET
// /v1/heatmap/{survey_id}") accepts a key in the query.
func QueryKeyRoute(route string) bool {
	a, ok := declaredRoutes[route]
	if !ok || !strings.HasPrefix(route, http.MethodGet+" ") {
		return false
	}
	for _, s := range queryKeyScopes {
		if a.Scope == s {
			return true
		}
	}
	return false
}

// queryCredential returns the key r carries as ?api_key= when no header
// carries one, or an error when it may not be used on r's route.
func queryCredential(r *http.Request) (string, error) {
	v := strings.TrimSpace(r.URL.Query().Get(QueryKeyParam))
	if v == "" {
		return "", nil
	}
	infoFrom(r.Context()).authVia = authViaQuery
	if !QueryKeyRoute(r.Pattern) {
		return "", errQueryKeyRoute
	}
	return v, nil
}

var errQueryKeyRoute = hive.Unauthorized(hive.ReasonQueryKeyRefused,
	"An API key in the query string (?api_key=) is accepted only on GET requests to the Open API's read routes "+
		"(surveys, statistics, key drivers, facets, heatmap, metrics, Open Door, Hive Fives), and only for keys with "+
		"allow_query_key. Send it in the Authorization: Bearer header instead.")

// errQueryKeyOff refuses a key sent in the query that did not opt in.
func errQueryKeyOff(p *hive.Principal) error {
	return &hive.Error{Code: hive.EUNAUTHORIZED, Details: map[string]any{"reason": hive.ReasonQueryKeyRefused},
		Message: "This API key may not be sent in the query string. Send it in the Authorization: Bearer header; or, for a " +
			"BI tool that can only send it as ?api_key= (Power BI's Web API credential), have an admin turn on " +
			"allow_query_key for the key: PATCH /v1/api-keys/" + p.KeyID + ` with {"allow_query_key": true}.`,
		Err: &hive.KeyRef{TenantID: p.TenantID, KeyID: p.KeyID}}
}

// checkQueryKey refuses p when its key came in the query without the key's
// consent.
func checkQueryKey(r *http.Request, p *hive.Principal) error {
	if infoFrom(r.Context()).authVia != authViaQuery || p.AllowQueryKey {
		return nil
	}
	return errQueryKeyOff(p)
}
