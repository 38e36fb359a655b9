package edge

import (
	"strings"

	"github.com/hive-platform/hive/internal/hive"
)

// Who is a set of the principal kinds of the permission matrix: each
// endpoint's Allow names those it lets through, and TestPermissionMatrix
// calls every route as each of them against a real server.
type Who uint8

// The principals the permission matrix is declared for. A restricted key
// is a Read/Write key limited to one survey and one door, and the matrix
// calls it on another survey and door.
const (
	OwnerKey      Who = 1 << iota // the owner's full-access key
	Integrations                  // an Administrator of Integrations' personal key
	DataKey                       // a Data preset key, as a BI tool holds
	ReadOnlyKey                   // a Read-only preset key
	MemberKey                     // a member's personal key
	RestrictedKey                 // a Read/Write key restricted to one survey and one door

	Admins      = OwnerKey | Integrations
	AnyKey      = Admins | DataKey | ReadOnlyKey | MemberKey | RestrictedKey
	DataReaders = Admins | DataKey | ReadOnlyKey | MemberKey // on a survey the key may not be restricted from
	DoorReaders = Admins | ReadOnlyKey
	Writers     = Admins | RestrictedKey
	Personal    = Integrations | MemberKey // personal keys only
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

// LogVisible reports whether p may see API-log entry e (its row and stored
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
func LogVisible(p *hive.Principal, route, path string) bool {
	a, ok := declaredRoutes[route]
	if !ok {
		return route == ""
	}
	if a.Scope != "" && !p.Permissions.Has(a.Scope) {
		return false
	}
	kind, Param := resourceOf(a.Scope)
	if kind == "" || !p.Resources.Restricted(kind) {
		return true
	}
	id, ok := pathParam(route, path, Param)
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
