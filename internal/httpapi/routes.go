package httpapi

import (
	"net/http"

	"github.com/hive-platform/hive/internal/hive"
)

// routes registers every endpoint, grouped by resource. Each authenticated
// route's scope and who may call it are declared in routeAccess (access.go).
func (s *Server) routes() {
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /readyz", s.readyz)
	s.mux.HandleFunc("GET /metrics", s.metrics)
	s.mux.HandleFunc("GET /openapi.json", s.serveOpenAPI)
	s.mux.HandleFunc("GET /docs", s.serveDocs)
	s.mux.Handle("GET /docs/static/", docsAssets())
	s.mux.Handle("POST /v1/leaked-keys/report", s.public(s.reportLeakedKey))
	s.mux.Handle("POST /v1/secret-scanning/github", s.public(s.githubSecretScanning))
	s.mux.Handle("GET /v1/revocable_token_types", s.public(s.gitlab(s.revocableTokenTypes)))
	s.mux.Handle("POST /v1/revoke_tokens", s.public(s.gitlab(s.revokeTokens)))

	s.handle("GET /v1/auth/verify", s.api, s.verify)
	s.handle("GET /v1/permissions", s.api, s.permissions)
	s.handle("GET /v1/tenant", s.api, s.getTenant)

	s.handle("POST /v1/service-accounts", s.api, s.createServiceAccount)
	s.handle("GET /v1/service-accounts", s.api, s.listServiceAccounts)
	s.handle("GET /v1/service-accounts/{id}", s.api, s.getServiceAccount)
	s.handle("PATCH /v1/service-accounts/{id}", s.api, s.updateServiceAccount)
	s.handle("DELETE /v1/service-accounts/{id}", s.api, confirmed(s.deleteServiceAccount))

	// A literal segment beats a wildcard, so this never reaches getKey.
	s.handle("GET /v1/api-keys/expiry.ics", s.queryKeyAPI, s.keyExpiryCalendar)
	s.handle("POST /v1/api-keys", s.api, s.createKey)
	s.handle("GET /v1/api-keys", s.api, s.listKeys)
	s.handle("GET /v1/api-keys/{id}", s.api, s.getKey)
	s.handle("PATCH /v1/api-keys/{id}", s.api, confirmed(s.updateKey))
	s.handle("DELETE /v1/api-keys/{id}", s.api, confirmed(s.revokeKey))
	s.handle("POST /v1/api-keys/{id}/rotate", s.api, confirmed(s.rotateKey))
	s.handle("GET /v1/api-keys/{id}/usage", s.api, s.keyUsage)
	s.handle("GET /v1/usage", s.api, s.tenantUsage)

	s.handle("GET /v1/api-logs", s.api, s.listAPILogs)
	s.handle("GET /v1/api-logs/{id}", s.api, s.getAPILog)
	s.handle("GET /v1/api-logs/{id}/response", s.api, s.getAPILogResponse)
	s.handle("GET /v1/settings/api-logs", s.api, s.getAPILogSettings)
	s.handle("PUT /v1/settings/api-logs", s.api, s.updateAPILogSettings)

	s.handle("POST /v1/me/api-key", s.userAPI, confirmed(s.generatePersonalKey))

	s.handle("GET /v1/audit-events", s.api, s.listAuditEvents)

	s.handle("POST /v1/webhooks", s.api, s.createWebhook)
	s.handle("GET /v1/webhooks", s.api, s.listWebhooks)
	s.handle("GET /v1/webhooks/{id}", s.api, s.getWebhook)
	s.handle("DELETE /v1/webhooks/{id}", s.api, s.deleteWebhook)
	s.handle("GET /v1/webhooks/{id}/deliveries", s.api, s.listWebhookDeliveries)

	s.handle("GET /v1/alerts", s.api, s.listAlerts)
	s.handle("GET /v1/alerts/{id}", s.api, s.getAlert)
	s.handle("POST /v1/alerts/{id}/ack", s.api, s.ackAlert)
	s.handle("GET /v1/settings/alerts", s.api, s.getAlertSettings)
	s.handle("PUT /v1/settings/alerts", s.api, s.updateAlertSettings)

	s.handle("GET /door/{token}/test", s.doorAPI, s.doorTest)
	s.handle("GET /door/{token}/doors", s.doorAPI, s.doorDoors)
	s.handle("POST /door/{token}/access", s.doorAPI, s.doorAccess)
	s.handle("GET /door/{token}/users", s.doorAPI, s.doorUsers)

	s.handle("GET /v1/door-api/settings", s.api, s.getDoorSettings)
	s.handle("PUT /v1/door-api/settings", s.api, s.updateDoorSettings)
	s.handle("POST /v1/door-api/settings/regenerate-token", s.api, s.regenerateDoorToken)
	s.handle("POST /v1/doors", s.api, s.createDoor)
	s.handle("GET /v1/doors", s.api, s.listDoors)
	s.handle("GET /v1/doors/{door_id}", s.api, s.getDoor)
	s.handle("PATCH /v1/doors/{door_id}", s.api, s.updateDoor)
	s.handle("DELETE /v1/doors/{door_id}", s.api, s.deleteDoor)
	s.handle("POST /v1/membership-types", s.api, s.createMembershipType)
	s.handle("GET /v1/membership-types", s.api, s.listMembershipTypes)
	s.handle("GET /v1/membership-types/{id}", s.api, s.getMembershipType)
	s.handle("PATCH /v1/membership-types/{id}", s.api, s.updateMembershipType)
	s.handle("DELETE /v1/membership-types/{id}", s.api, s.deleteMembershipType)
	s.handle("POST /v1/members", s.api, s.createMember)
	s.handle("GET /v1/members", s.api, s.listMembers)
	s.handle("POST /v1/members/import", s.api, s.importMembers)
	s.handle("GET /v1/members/{id}", s.api, s.getMember)
	s.handle("PATCH /v1/members/{id}", s.api, s.updateMember)
	s.handle("DELETE /v1/members/{id}", s.api, s.deleteMember)
	s.handle("GET /v1/members/{id}/entries", s.api, s.exportMemberEntries)
	s.handle("POST /v1/members/{id}/memberships", s.api, s.createMembership)
	s.handle("GET /v1/members/{id}/memberships", s.api, s.listMemberships)
	s.handle("GET /v1/members/{id}/memberships/{membership_id}", s.api, s.getMembership)
	s.handle("PATCH /v1/members/{id}/memberships/{membership_id}", s.api, s.updateMembership)
	s.handle("DELETE /v1/members/{id}/memberships/{membership_id}", s.api, s.deleteMembership)
	s.handle("GET /v1/door-entries", s.api, s.listDoorEntries)

	s.handle("POST /v1/people/import", s.api, s.importPeople)
	s.handle("GET /v1/attributes", s.api, s.listAttributes)
	s.handle("GET /v1/settings/privacy", s.api, s.getPrivacy)
	s.handle("PUT /v1/settings/privacy", s.api, s.updatePrivacy)
	s.handle("POST /v1/surveys", s.api, s.createSurvey)
	s.handle("GET /v1/surveys", s.api, s.listSurveys)
	s.handle("GET /v1/surveys/{survey_id}", s.api, s.getSurvey)
	s.handle("PATCH /v1/surveys/{survey_id}", s.api, s.updateSurvey)
	s.handle("POST /v1/surveys/{survey_id}/questions", s.api, s.addQuestion)
	s.handle("GET /v1/surveys/{survey_id}/questions", s.api, s.listQuestions)
	s.handle("GET /v1/surveys/{survey_id}/question-options", s.api, s.listQuestionOptions)
	s.handle("POST /v1/surveys/{survey_id}/responses", s.api, s.addResponses)

	s.handle("GET /v1/surveys/{survey_id}/statistics", s.api, s.surveyStatistics)
	s.handle("GET /v1/surveys/{survey_id}/questions/{question_id}/statistics", s.api, s.questionStatistics)
	s.handle("GET /v1/surveys/{survey_id}/key-drivers", s.api, s.keyDrivers)
	s.handle("GET /v1/surveys/{survey_id}/facets", s.api, s.facets)
	s.handle("GET /v1/heatmap/{survey_id}", s.api, s.heatmap)
	s.handle("GET /v1/metrics", s.api, s.listMetrics)
	s.handle("POST /v1/custom-metrics", s.api, s.createCustomMetric)
	s.handle("GET /v1/custom-metrics", s.api, s.listCustomMetrics)
	s.handle("GET /v1/custom-metrics/{id}", s.api, s.getCustomMetric)
	s.handle("DELETE /v1/custom-metrics/{id}", s.api, s.deleteCustomMetric)
	s.handle("POST /v1/open-door", s.api, s.addOpenDoor)
	s.handle("GET /v1/open-door", s.api, s.listOpenDoor)
	s.handle("POST /v1/hive-fives", s.api, s.addHiveFives)
	s.handle("GET /v1/hive-fives", s.api, s.listHiveFives)
}

// dispatch refuses a NUL or invalid UTF-8 in the path, query or form (see
// checkInput), then routes r, answering unknown paths and methods in the JSON error
// envelope rather than the mux's plain text.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	if token, _, ok := cutDoorToken(r.URL.Path); ok && token != "" {
		// The token of a Door API URL is a secret of its own, which no
		// response (an error, the router's redirect) may carry into the
		// API log.
		declareSecrets(w, r, token)
	}
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
			r.Method, loggedPath(r.URL.Path), probe.header.Get("Allow")))
		return
	}
	fail(w, r, hive.Errorf(hive.ENOTFOUND, "No endpoint %s %s; see /docs for the API reference", r.Method, loggedPath(r.URL.Path)))
}

// statusProbe records what the mux would answer for an unmatched request.
type statusProbe struct {
	header http.Header
	status int
}

func (p *statusProbe) Header() http.Header         { return p.header }
func (p *statusProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *statusProbe) WriteHeader(status int)      { p.status = status }
