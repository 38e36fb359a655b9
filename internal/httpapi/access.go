package httpapi

import (
	"strings"

	"github.com/hive-platform/hive/internal/hive"
)

// who is a set of the principal kinds of the permission matrix: each
// endpoint's Allow names those it lets through, and TestPermissionMatrix
// calls every route as each of them against a real server.
type who uint8

// The principals the permission matrix is declared for. A restricted key
// is a Read/Write key limited to one survey and one door, and the matrix
// calls it on another survey and door.
const (
	ownerKey      who = 1 << iota // the owner's full-access key
	integrations                  // an Administrator of Integrations' personal key
	dataKey                       // a Data preset key, as a BI tool holds
	readOnlyKey                   // a Read-only preset key
	memberKey                     // a member's personal key
	restrictedKey                 // a Read/Write key restricted to one survey and one door

	admins      = ownerKey | integrations
	anyKey      = admins | dataKey | readOnlyKey | memberKey | restrictedKey
	dataReaders = admins | dataKey | readOnlyKey | memberKey // on a survey the key may not be restricted from
	doorReaders = admins | readOnlyKey
	writers     = admins | restrictedKey
	personal    = integrations | memberKey // personal keys only
)

// resourceOf names the kind of resource a route's data belongs to, by the
// scope that guards it, and the path parameter that names one.
func resourceOf(scope hive.Scope) (hive.ResourceKind, string) {
	switch scope {
	case hive.ScopeSurveysRead, hive.ScopeResponsesRead, hive.ScopeOpenDoorRead, hive.ScopeHiveFivesRead, hive.ScopePeopleWrite:
		return hive.ResourceSurveys, "survey_id"
	case hive.ScopeDoorsRead, hive.ScopeDoorsWrite, hive.ScopeDoorAccess, hive.ScopeDoorUsersRead:
		return hive.ResourceDoors, "door_id"
	}
	return "", ""
}

// logVisible reports whether p may see API-log entry e (its row and stored
// body). An entry is tied to resources by what was recorded at request
// time, its route and path: p sees it only if p could have made that
// request itself, that is
//
//   - p holds the scope the route demands, so admin routes' entries (keys,
//     service accounts, audit, webhooks) are read only by admin principals;
//   - where p is restricted to specific surveys or doors and the route reads
//     or changes that kind, the path names a survey or door p may use.
//     Entries of routes that span many (lists, Open Door, the Door API's
//     swipes) are hidden from restricted readers, since their bodies may
//     hold any of them.
//
// Entries without a known route (unknown paths, refused keys) hold only an
// error envelope and are visible to every log reader.
func logVisible(p *hive.Principal, route, path string) bool {
	a, ok := declaredRoutes[route]
	if !ok {
		return route == ""
	}
	if a.Scope != "" && !p.Permissions.Has(a.Scope) {
		return false
	}
	kind, param := resourceOf(a.Scope)
	if kind == "" || !p.Resources.Restricted(kind) {
		return true
	}
	id, ok := pathParam(route, path, param)
	return ok && p.Resources.Allows(kind, id)
}

// pathParam returns the value of {name} in path, matched against route's
// pattern ("GET /v1/surveys/{survey_id}/facets").
func pathParam(route, path, name string) (string, bool) {
	_, pattern, _ := strings.Cut(route, " ")
	ps, vs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(vs) {
		return "", false
	}
	for i, seg := range ps {
		if seg == "{"+name+"}" {
			return vs[i], vs[i] != ""
		}
	}
	return "", false
}
