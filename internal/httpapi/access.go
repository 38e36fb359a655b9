package httpapi

import (
	"net/http"
	"strings"

	"github.com/hive-platform/hive/internal/hive"
)

// who is a set of the principal kinds of the permission matrix.
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

// access is what one route demands: the scope checked before its handler,
// and who passes its authorization (scope, role and resource restriction).
type access struct {
	Scope hive.Scope
	Allow who
}

// routeAccess declares, once per authenticated route, its scope and the
// principals allowed through; TestPermissionMatrix walks every cell against a
// real server and fails for a served route missing here. The scope also
// decides who may read the route's entries in the API log (logVisible).
var routeAccess = map[string]access{
	"GET /v1/auth/verify": {"", anyKey},
	"GET /v1/permissions": {"", anyKey},
	"GET /v1/tenant":      {hive.ScopeAdminRead, admins},

	"POST /v1/service-accounts":        {hive.ScopeServiceAccountsWrite, admins},
	"GET /v1/service-accounts":         {hive.ScopeServiceAccountsRead, admins},
	"GET /v1/service-accounts/{id}":    {hive.ScopeServiceAccountsRead, admins},
	"PATCH /v1/service-accounts/{id}":  {hive.ScopeServiceAccountsWrite, admins},
	"DELETE /v1/service-accounts/{id}": {hive.ScopeServiceAccountsWrite, admins},

	"GET /v1/api-keys/expiry.ics":    {hive.ScopeKeysRead, admins},
	"POST /v1/api-keys":              {hive.ScopeKeysWrite, admins},
	"GET /v1/api-keys":               {hive.ScopeKeysRead, admins},
	"GET /v1/api-keys/{id}":          {hive.ScopeKeysRead, admins},
	"PATCH /v1/api-keys/{id}":        {hive.ScopeKeysWrite, admins},
	"DELETE /v1/api-keys/{id}":       {hive.ScopeKeysWrite, admins},
	"POST /v1/api-keys/{id}/rotate":  {hive.ScopeKeysWrite, admins},
	"GET /v1/api-keys/{id}/usage":    {hive.ScopeKeysRead, admins},
	"GET /v1/usage":                  {hive.ScopeKeysRead, admins},
	"GET /v1/api-logs":               {hive.ScopeLogsRead, admins},
	"GET /v1/api-logs/{id}":          {hive.ScopeLogsRead, admins},
	"GET /v1/api-logs/{id}/response": {hive.ScopeLogsRead, admins},
	"GET /v1/settings/api-logs":      {hive.ScopeAdminRead, admins},
	"PUT /v1/settings/api-logs":      {hive.ScopeAdminWrite, admins},
	"POST /v1/me/api-key":            {"", personal},
	"GET /v1/audit-events":           {hive.ScopeAdminRead, admins},

	"POST /v1/webhooks":                           {hive.ScopeAdminWrite, admins},
	"GET /v1/webhooks":                            {hive.ScopeAdminRead, admins},
	"GET /v1/webhooks/{id}":                       {hive.ScopeAdminRead, admins},
	"DELETE /v1/webhooks/{id}":                    {hive.ScopeAdminWrite, admins},
	"GET /v1/webhooks/{id}/deliveries":            {hive.ScopeAdminRead, admins},
	"GET /v1/alerts":                              {hive.ScopeLogsRead, admins},
	"GET /v1/alerts/{id}":                         {hive.ScopeLogsRead, admins},
	"POST /v1/alerts/{id}/ack":                    {hive.ScopeAdminWrite, admins},
	"GET /v1/settings/alerts":                     {hive.ScopeAdminRead, admins},
	"PUT /v1/settings/alerts":                     {hive.ScopeAdminWrite, admins},
	"GET /door/{token}/test":                      {"", anyKey},
	"GET /door/{token}/doors":                     {hive.ScopeDoorsRead, doorReaders | restrictedKey},
	"POST /door/{token}/access":                   {hive.ScopeDoorAccess, writers},
	"GET /door/{token}/users":                     {hive.ScopeDoorUsersRead, doorReaders | restrictedKey},
	"GET /v1/door-api/settings":                   {hive.ScopeDoorsRead, doorReaders | restrictedKey},
	"PUT /v1/door-api/settings":                   {hive.ScopeDoorsWrite, writers},
	"POST /v1/door-api/settings/regenerate-token": {hive.ScopeDoorsWrite, writers},

	"POST /v1/doors":                                      {hive.ScopeDoorsWrite, writers},
	"GET /v1/doors":                                       {hive.ScopeDoorsRead, doorReaders | restrictedKey},
	"GET /v1/doors/{door_id}":                             {hive.ScopeDoorsRead, doorReaders},
	"PATCH /v1/doors/{door_id}":                           {hive.ScopeDoorsWrite, admins},
	"DELETE /v1/doors/{door_id}":                          {hive.ScopeDoorsWrite, admins},
	"POST /v1/membership-types":                           {hive.ScopeDoorsWrite, writers},
	"GET /v1/membership-types":                            {hive.ScopeDoorsRead, doorReaders | restrictedKey},
	"GET /v1/membership-types/{id}":                       {hive.ScopeDoorsRead, doorReaders | restrictedKey},
	"PATCH /v1/membership-types/{id}":                     {hive.ScopeDoorsWrite, writers},
	"DELETE /v1/membership-types/{id}":                    {hive.ScopeDoorsWrite, writers},
	"POST /v1/members":                                    {hive.ScopeDoorsWrite, writers},
	"GET /v1/members":                                     {hive.ScopeDoorsRead, doorReaders | restrictedKey},
	"POST /v1/members/import":                             {hive.ScopeDoorsWrite, writers},
	"GET /v1/members/{id}":                                {hive.ScopeDoorsRead, doorReaders | restrictedKey},
	"PATCH /v1/members/{id}":                              {hive.ScopeDoorsWrite, writers},
	"DELETE /v1/members/{id}":                             {hive.ScopeDoorsWrite, writers},
	"GET /v1/members/{id}/entries":                        {hive.ScopeDoorsRead, doorReaders | restrictedKey},
	"POST /v1/members/{id}/memberships":                   {hive.ScopeDoorsWrite, writers},
	"GET /v1/members/{id}/memberships":                    {hive.ScopeDoorsRead, doorReaders | restrictedKey},
	"GET /v1/members/{id}/memberships/{membership_id}":    {hive.ScopeDoorsRead, doorReaders | restrictedKey},
	"PATCH /v1/members/{id}/memberships/{membership_id}":  {hive.ScopeDoorsWrite, writers},
	"DELETE /v1/members/{id}/memberships/{membership_id}": {hive.ScopeDoorsWrite, writers},
	"GET /v1/door-entries":                                {hive.ScopeDoorsRead, doorReaders | restrictedKey},

	"POST /v1/people/import":                                         {hive.ScopePeopleWrite, writers},
	"GET /v1/attributes":                                             {hive.ScopeSurveysRead, dataReaders | restrictedKey},
	"GET /v1/settings/privacy":                                       {hive.ScopeSurveysRead, dataReaders | restrictedKey},
	"PUT /v1/settings/privacy":                                       {hive.ScopeAdminWrite, admins},
	"POST /v1/surveys":                                               {hive.ScopePeopleWrite, admins},
	"GET /v1/surveys":                                                {hive.ScopeSurveysRead, dataReaders | restrictedKey},
	"GET /v1/surveys/{survey_id}":                                    {hive.ScopeSurveysRead, dataReaders},
	"PATCH /v1/surveys/{survey_id}":                                  {hive.ScopePeopleWrite, admins},
	"POST /v1/surveys/{survey_id}/questions":                         {hive.ScopePeopleWrite, admins},
	"GET /v1/surveys/{survey_id}/questions":                          {hive.ScopeSurveysRead, dataReaders},
	"GET /v1/surveys/{survey_id}/question-options":                   {hive.ScopeSurveysRead, dataReaders},
	"POST /v1/surveys/{survey_id}/responses":                         {hive.ScopePeopleWrite, admins},
	"GET /v1/surveys/{survey_id}/statistics":                         {hive.ScopeResponsesRead, dataReaders},
	"GET /v1/surveys/{survey_id}/questions/{question_id}/statistics": {hive.ScopeResponsesRead, dataReaders},
	"GET /v1/surveys/{survey_id}/key-drivers":                        {hive.ScopeResponsesRead, dataReaders},
	"GET /v1/surveys/{survey_id}/facets":                             {hive.ScopeResponsesRead, dataReaders},
	"GET /v1/heatmap/{survey_id}":                                    {hive.ScopeResponsesRead, dataReaders},
	"GET /v1/metrics":                                                {hive.ScopeResponsesRead, dataReaders | restrictedKey},
	"POST /v1/custom-metrics":                                        {hive.ScopePeopleWrite, writers},
	"GET /v1/custom-metrics":                                         {hive.ScopeResponsesRead, dataReaders | restrictedKey},
	"GET /v1/custom-metrics/{id}":                                    {hive.ScopeResponsesRead, dataReaders | restrictedKey},
	"DELETE /v1/custom-metrics/{id}":                                 {hive.ScopePeopleWrite, writers},
	"POST /v1/open-door":                                             {hive.ScopePeopleWrite, writers},
	"GET /v1/open-door":                                              {hive.ScopeOpenDoorRead, dataReaders | restrictedKey},
	"POST /v1/hive-fives":                                            {hive.ScopePeopleWrite, writers},
	"GET /v1/hive-fives":                                             {hive.ScopeHiveFivesRead, dataReaders | restrictedKey},
}

// handle registers h for pattern behind wrap (s.api, s.doorAPI, ...) with
// the scope routeAccess declares for it, so a route's scope is stated once.
// A route without a declaration panics when the server is built, so it can
// never be served unchecked.
func (s *Server) handle(pattern string, wrap func(handlerFunc, hive.Scope) http.Handler, h handlerFunc) {
	a, ok := routeAccess[pattern]
	if !ok {
		panic("httpapi: route " + pattern + " has no permission declaration in routeAccess (access.go)")
	}
	s.mux.Handle(pattern, wrap(h, a.Scope))
}

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
	a, ok := routeAccess[route]
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

// publicRoutes are served without an API key, so they have no row in
// routeAccess.
var publicRoutes = []string{"GET /healthz", "GET /readyz", "GET /metrics", "GET /openapi.json", "GET /docs", "GET /docs/static/",
	"POST /v1/leaked-keys/report", "POST /v1/secret-scanning/github",
	"GET /v1/revocable_token_types", "POST /v1/revoke_tokens"}
