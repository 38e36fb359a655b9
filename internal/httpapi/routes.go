package httpapi

import (
	"net/http"

	"github.com/hive-platform/hive/internal/hive"
)

// routes registers every endpoint, grouped by resource.
func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /readyz", s.readyz)
	s.mux.HandleFunc("GET /metrics", s.metrics)
	s.mux.HandleFunc("GET /openapi.json", s.serveOpenAPI)
	s.mux.HandleFunc("GET /docs", s.serveDocs)
	s.mux.Handle("GET /docs/static/", docsAssets())

	s.mux.Handle("GET /v1/auth/verify", s.api(s.verify, ""))
	s.mux.Handle("GET /v1/permissions", s.api(s.permissions, ""))
	s.mux.Handle("GET /v1/tenant", s.api(s.getTenant, hive.ScopeAdminRead))

	s.mux.Handle("POST /v1/service-accounts", s.api(s.createServiceAccount, hive.ScopeServiceAccountsWrite))
	s.mux.Handle("GET /v1/service-accounts", s.api(s.listServiceAccounts, hive.ScopeServiceAccountsRead))
	s.mux.Handle("GET /v1/service-accounts/{id}", s.api(s.getServiceAccount, hive.ScopeServiceAccountsRead))
	s.mux.Handle("PATCH /v1/service-accounts/{id}", s.api(s.updateServiceAccount, hive.ScopeServiceAccountsWrite))
	s.mux.Handle("DELETE /v1/service-accounts/{id}", s.api(s.deleteServiceAccount, hive.ScopeServiceAccountsWrite))

	// A literal segment beats a wildcard, so this never reaches getKey.
	s.mux.Handle("GET /v1/api-keys/expiry.ics", s.queryKeyAPI(s.keyExpiryCalendar, hive.ScopeKeysRead))
	s.mux.Handle("POST /v1/api-keys", s.api(s.createKey, hive.ScopeKeysWrite))
	s.mux.Handle("GET /v1/api-keys", s.api(s.listKeys, hive.ScopeKeysRead))
	s.mux.Handle("GET /v1/api-keys/{id}", s.api(s.getKey, hive.ScopeKeysRead))
	s.mux.Handle("PATCH /v1/api-keys/{id}", s.api(s.updateKey, hive.ScopeKeysWrite))
	s.mux.Handle("DELETE /v1/api-keys/{id}", s.api(s.revokeKey, hive.ScopeKeysWrite))
	s.mux.Handle("POST /v1/api-keys/{id}/rotate", s.api(s.rotateKey, hive.ScopeKeysWrite))
	s.mux.Handle("GET /v1/api-keys/{id}/usage", s.api(s.keyUsage, hive.ScopeKeysRead))
	s.mux.Handle("GET /v1/usage", s.api(s.tenantUsage, hive.ScopeKeysRead))

	s.mux.Handle("GET /v1/api-logs", s.api(s.listAPILogs, hive.ScopeLogsRead))
	s.mux.Handle("GET /v1/api-logs/{id}", s.api(s.getAPILog, hive.ScopeLogsRead))
	s.mux.Handle("GET /v1/api-logs/{id}/response", s.api(s.getAPILogResponse, hive.ScopeLogsRead))
	s.mux.Handle("GET /v1/settings/api-logs", s.api(s.getAPILogSettings, hive.ScopeAdminRead))
	s.mux.Handle("PUT /v1/settings/api-logs", s.api(s.updateAPILogSettings, hive.ScopeAdminWrite))

	s.mux.Handle("POST /v1/me/api-key", s.userAPI(s.generatePersonalKey))

	s.mux.Handle("GET /v1/audit-events", s.api(s.listAuditEvents, hive.ScopeAdminRead))

	s.mux.Handle("POST /v1/webhooks", s.api(s.createWebhook, hive.ScopeAdminWrite))
	s.mux.Handle("GET /v1/webhooks", s.api(s.listWebhooks, hive.ScopeAdminRead))
	s.mux.Handle("GET /v1/webhooks/{id}", s.api(s.getWebhook, hive.ScopeAdminRead))
	s.mux.Handle("DELETE /v1/webhooks/{id}", s.api(s.deleteWebhook, hive.ScopeAdminWrite))
	s.mux.Handle("GET /v1/webhooks/{id}/deliveries", s.api(s.listWebhookDeliveries, hive.ScopeAdminRead))

	s.mux.Handle("GET /v1/alerts", s.api(s.listAlerts, hive.ScopeLogsRead))
	s.mux.Handle("GET /v1/alerts/{id}", s.api(s.getAlert, hive.ScopeLogsRead))
	s.mux.Handle("POST /v1/alerts/{id}/ack", s.api(s.ackAlert, hive.ScopeAdminWrite))

	s.mux.Handle("GET /door/{token}/test", s.doorAPI(s.doorTest, ""))
	s.mux.Handle("GET /door/{token}/doors", s.doorAPI(s.doorDoors, hive.ScopeDoorsRead))
	s.mux.Handle("POST /door/{token}/access", s.doorAPI(s.doorAccess, hive.ScopeDoorAccess))
	s.mux.Handle("GET /door/{token}/users", s.doorAPI(s.doorUsers, hive.ScopeDoorUsersRead))

	s.mux.Handle("GET /v1/door-api/settings", s.api(s.getDoorSettings, hive.ScopeDoorsRead))
	s.mux.Handle("PUT /v1/door-api/settings", s.api(s.updateDoorSettings, hive.ScopeDoorsWrite))
	s.mux.Handle("POST /v1/door-api/settings/regenerate-token", s.api(s.regenerateDoorToken, hive.ScopeDoorsWrite))
	s.mux.Handle("POST /v1/doors", s.api(s.createDoor, hive.ScopeDoorsWrite))
	s.mux.Handle("GET /v1/doors", s.api(s.listDoors, hive.ScopeDoorsRead))
	s.mux.Handle("GET /v1/doors/{door_id}", s.api(s.getDoor, hive.ScopeDoorsRead))
	s.mux.Handle("PATCH /v1/doors/{door_id}", s.api(s.updateDoor, hive.ScopeDoorsWrite))
	s.mux.Handle("DELETE /v1/doors/{door_id}", s.api(s.deleteDoor, hive.ScopeDoorsWrite))
	s.mux.Handle("POST /v1/membership-types", s.api(s.createMembershipType, hive.ScopeDoorsWrite))
	s.mux.Handle("GET /v1/membership-types", s.api(s.listMembershipTypes, hive.ScopeDoorsRead))
	s.mux.Handle("GET /v1/membership-types/{id}", s.api(s.getMembershipType, hive.ScopeDoorsRead))
	s.mux.Handle("PATCH /v1/membership-types/{id}", s.api(s.updateMembershipType, hive.ScopeDoorsWrite))
	s.mux.Handle("DELETE /v1/membership-types/{id}", s.api(s.deleteMembershipType, hive.ScopeDoorsWrite))
	s.mux.Handle("POST /v1/members", s.api(s.createMember, hive.ScopeDoorsWrite))
	s.mux.Handle("GET /v1/members", s.api(s.listMembers, hive.ScopeDoorsRead))
	s.mux.Handle("POST /v1/members/import", s.api(s.importMembers, hive.ScopeDoorsWrite))
	s.mux.Handle("GET /v1/members/{id}", s.api(s.getMember, hive.ScopeDoorsRead))
	s.mux.Handle("PATCH /v1/members/{id}", s.api(s.updateMember, hive.ScopeDoorsWrite))
	s.mux.Handle("DELETE /v1/members/{id}", s.api(s.deleteMember, hive.ScopeDoorsWrite))
	s.mux.Handle("GET /v1/members/{id}/entries", s.api(s.exportMemberEntries, hive.ScopeDoorsRead))
	s.mux.Handle("POST /v1/members/{id}/memberships", s.api(s.createMembership, hive.ScopeDoorsWrite))
	s.mux.Handle("GET /v1/members/{id}/memberships", s.api(s.listMemberships, hive.ScopeDoorsRead))
	s.mux.Handle("GET /v1/members/{id}/memberships/{membership_id}", s.api(s.getMembership, hive.ScopeDoorsRead))
	s.mux.Handle("PATCH /v1/members/{id}/memberships/{membership_id}", s.api(s.updateMembership, hive.ScopeDoorsWrite))
	s.mux.Handle("DELETE /v1/members/{id}/memberships/{membership_id}", s.api(s.deleteMembership, hive.ScopeDoorsWrite))
	s.mux.Handle("GET /v1/door-entries", s.api(s.listDoorEntries, hive.ScopeDoorsRead))

	s.mux.Handle("POST /v1/people/import", s.api(s.importPeople, hive.ScopePeopleWrite))
	s.mux.Handle("GET /v1/attributes", s.api(s.listAttributes, hive.ScopeSurveysRead))
	s.mux.Handle("GET /v1/settings/privacy", s.api(s.getPrivacy, hive.ScopeSurveysRead))
	s.mux.Handle("PUT /v1/settings/privacy", s.api(s.updatePrivacy, hive.ScopeAdminWrite))
	s.mux.Handle("POST /v1/surveys", s.api(s.createSurvey, hive.ScopePeopleWrite))
	s.mux.Handle("GET /v1/surveys", s.api(s.listSurveys, hive.ScopeSurveysRead))
	s.mux.Handle("GET /v1/surveys/{survey_id}", s.api(s.getSurvey, hive.ScopeSurveysRead))
	s.mux.Handle("PATCH /v1/surveys/{survey_id}", s.api(s.updateSurvey, hive.ScopePeopleWrite))
	s.mux.Handle("POST /v1/surveys/{survey_id}/questions", s.api(s.addQuestion, hive.ScopePeopleWrite))
	s.mux.Handle("GET /v1/surveys/{survey_id}/questions", s.api(s.listQuestions, hive.ScopeSurveysRead))
	s.mux.Handle("GET /v1/surveys/{survey_id}/question-options", s.api(s.listQuestionOptions, hive.ScopeSurveysRead))
	s.mux.Handle("POST /v1/surveys/{survey_id}/responses", s.api(s.addResponses, hive.ScopePeopleWrite))

	s.mux.Handle("GET /v1/surveys/{survey_id}/statistics", s.api(s.surveyStatistics, hive.ScopeResponsesRead))
	s.mux.Handle("GET /v1/surveys/{survey_id}/questions/{question_id}/statistics", s.api(s.questionStatistics, hive.ScopeResponsesRead))
	s.mux.Handle("GET /v1/surveys/{survey_id}/key-drivers", s.api(s.keyDrivers, hive.ScopeResponsesRead))
	s.mux.Handle("GET /v1/surveys/{survey_id}/facets", s.api(s.facets, hive.ScopeResponsesRead))
	s.mux.Handle("GET /v1/heatmap/{survey_id}", s.api(s.heatmap, hive.ScopeResponsesRead))
	s.mux.Handle("GET /v1/metrics", s.api(s.listMetrics, hive.ScopeResponsesRead))
	s.mux.Handle("POST /v1/custom-metrics", s.api(s.createCustomMetric, hive.ScopePeopleWrite))
	s.mux.Handle("GET /v1/custom-metrics", s.api(s.listCustomMetrics, hive.ScopeResponsesRead))
	s.mux.Handle("GET /v1/custom-metrics/{id}", s.api(s.getCustomMetric, hive.ScopeResponsesRead))
	s.mux.Handle("DELETE /v1/custom-metrics/{id}", s.api(s.deleteCustomMetric, hive.ScopePeopleWrite))
	s.mux.Handle("POST /v1/open-door", s.api(s.addOpenDoor, hive.ScopePeopleWrite))
	s.mux.Handle("GET /v1/open-door", s.api(s.listOpenDoor, hive.ScopeOpenDoorRead))
	s.mux.Handle("POST /v1/hive-fives", s.api(s.addHiveFives, hive.ScopePeopleWrite))
	s.mux.Handle("GET /v1/hive-fives", s.api(s.listHiveFives, hive.ScopeHiveFivesRead))
}

// dispatch refuses a NUL or invalid UTF-8 in the path, query or form (see
// checkInput), then routes r, answering unknown paths and methods in the JSON error
// envelope rather than the mux's plain text.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	fail := s.writeError
	if isDoorPath(r) {
		fail = s.writeDoorError
	}
	if err := checkInput(r); err != nil {
		fail(w, r, err)
		return
	}
	if _, pattern := s.mux.Handler(r); pattern != "" {
		s.mux.ServeHTTP(w, r)
		return
	}
	probe := &statusProbe{header: http.Header{}}
	s.mux.ServeHTTP(probe, r)
	if probe.status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", probe.header.Get("Allow"))
		fail(w, r, hive.Errorf(hive.EMETHOD, "%s is not allowed on %s; allowed: %s",
			r.Method, r.URL.Path, probe.header.Get("Allow")))
		return
	}
	fail(w, r, hive.Errorf(hive.ENOTFOUND, "No endpoint %s %s; see /docs for the API reference", r.Method, r.URL.Path))
}

// statusProbe records what the mux would answer for an unmatched request.
type statusProbe struct {
	header http.Header
	status int
}

func (p *statusProbe) Header() http.Header         { return p.header }
func (p *statusProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *statusProbe) WriteHeader(status int)      { p.status = status }
