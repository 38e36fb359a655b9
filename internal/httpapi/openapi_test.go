package httpapi_test

import (
	"cmp"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	legacyrouter "github.com/getkin/kin-openapi/routers/legacy"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/metrics"
)

// loadOpenAPI fetches /openapi.json from h and loads it with kin-openapi,
// which validates OpenAPI 3.1 documents against 3.1's rules (type arrays,
// JSON Schema 2020-12 examples).
func loadOpenAPI(t *testing.T, h *harness) (*openapi3.T, []byte) {
	t.Helper()
	res, err := http.Get(h.url + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("GET /openapi.json: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(body)
	if err != nil {
		t.Fatalf("loading the document: %v", err)
	}
	return doc, body
}

func TestOpenAPIDocumentIsValid31(t *testing.T) {
	h := newHarness(t)
	doc, _ := loadOpenAPI(t, h)
	if doc.OpenAPI != "3.1.0" || !doc.IsOpenAPI31OrLater() {
		t.Fatalf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation()); err != nil {
		t.Fatalf("the document is not valid OpenAPI 3.1: %v", err)
	}
	if got := doc.Servers[0].URL; got != h.url {
		t.Errorf("servers[0].url = %q, want the URL the request reached, %q", got, h.url)
	}
}

// docCase is a request whose response is checked against the document.
// key "" sends no Authorization; ct is the body's type (default JSON).
type docCase struct{ method, path, key, body, ct string }

// TestResponsesMatchTheDocument sends real requests and checks each
// response, errors included, against the schema the document gives it.
func TestResponsesMatchTheDocument(t *testing.T) {
	h := newHarness(t)
	sa := `{"name":"PowerBI Dashboard"}`
	key := h.boot.Secret
	matchDocument(t, h, []docCase{
		{"GET", "/v1/auth/verify", key, "", ""},
		{"GET", "/v1/auth/verify", "hive_sk_wrong", "", ""},
		{"GET", "/v1/permissions", key, "", ""},
		{"GET", "/v1/tenant", key, "", ""},
		{"POST", "/v1/service-accounts", key, sa, ""},
		{"POST", "/v1/service-accounts", key, `{"nmae":"typo"}`, ""},
		{"GET", "/v1/service-accounts", key, "", ""},
		{"GET", "/v1/api-keys", key, "", ""},
		{"GET", "/v1/api-keys/key_missing", key, "", ""},
		{"GET", "/v1/audit-events", key, "", ""},
		{"GET", "/v1/door-api/settings", key, "", ""},
		{"GET", "/v1/doors", key, "", ""},
		{"GET", "/healthz", "", "", ""},
		{"GET", "/metrics", "", "", ""}, // 404: this server has no metrics
		{"POST", "/v1/leaked-keys/report", "", `{"key":"hive_sk_nothing","url":"https://example.com/x"}`, ""},
		{"POST", "/v1/leaked-keys/report", "", `{"url":"https://example.com/x"}`, ""},
		{"POST", "/v1/secret-scanning/github", "", `[]`, ""}, // 404: not enabled here
		{"GET", "/v1/revocable_token_types", "", "", ""},     // 404: not enabled here
		{"POST", "/v1/revoke_tokens", "", `[]`, ""},
	})
}

// TestOpenAPIResponsesMatchTheDocument checks the Open API's lists and
// objects, JSON and CSV, against their row schemas.
func TestOpenAPIResponsesMatchTheDocument(t *testing.T) {
	h := newHarness(t)
	key := h.boot.Secret
	sv := h.newSurvey("Pulse")
	ctx := t.Context()
	q, err := h.admin().AddQuestion(ctx, sv.ID, client.AddQuestionRequest{QuestionKey: "pride", Text: "Proud?", Type: "scale"})
	if err != nil {
		t.Fatal(err)
	}
	surveys := "/v1/surveys/" + sv.ID
	answer := `{"responses":[{"employee_id":"E1","answers":[{"question_id":"` + q.ID + `","value":8}]}]}`
	matchDocument(t, h, []docCase{
		{"POST", "/v1/people/import?dry_run=true", key, peopleCSV, "text/csv"},
		{"POST", "/v1/people/import", key, peopleCSV, "text/csv"},
		{"POST", "/v1/people/import", key, strings.Replace(peopleCSV, "2020-01-06", "06/01/2020", 1), "text/csv"},
		{"GET", "/v1/attributes", key, "", ""},
		{"GET", "/v1/attributes?limit=1&format=csv", key, "", ""},
		{"POST", "/v1/surveys", key, `{"name":"Engagement 2026","type":"engagement"}`, ""},
		{"GET", "/v1/surveys?limit=1", key, "", ""},
		{"GET", "/v1/surveys?format=csv", key, "", ""},
		{"GET", "/v1/surveys?limit=5000", key, "", ""},
		{"GET", surveys, key, "", ""},
		{"PATCH", surveys, key, `{"name":"Pulse, March"}`, ""},
		{"POST", surveys + "/questions", key, `{"question_key":"where","text":"Where?","type":"option","options":["Office","Home"]}`, ""},
		{"POST", surveys + "/questions", key, `{"question_key":"pride","text":"Again","type":"scale"}`, ""},
		{"GET", surveys + "/questions", key, "", ""},
		{"GET", surveys + "/question-options", key, "", ""},
		{"POST", surveys + "/responses", key, answer, ""},
		{"GET", "/v1/surveys/srv_missing", key, "", ""},
		{"GET", "/v1/settings/privacy", key, "", ""},
		{"PUT", "/v1/settings/privacy", key, `{"threshold":4}`, ""},
	})
}

// TestAPILogResponsesMatchTheDocument checks the API log, its settings and
// usage against the document.
func TestAPILogResponsesMatchTheDocument(t *testing.T) {
	h := newHarness(t)
	key := h.boot.Secret
	h.do("GET", "/v1/auth/verify", "", bearer(key)...)
	h.do("GET", "/v1/api-keys/key_missing", "", bearer(key)...)
	h.flushLog()
	logs := h.allLogs(h.admin(), client.ListAPILogsParams{})
	if len(logs) == 0 {
		t.Fatal("the API log is empty")
	}
	one := "/v1/api-logs/" + logs[len(logs)-1].ID
	matchDocument(t, h, []docCase{
		{"GET", "/v1/api-logs", key, "", ""},
		{"GET", "/v1/api-logs?status=4xx&limit=1", key, "", ""},
		{"GET", "/v1/api-logs?status=99", key, "", ""},
		{"GET", one, key, "", ""},
		{"GET", one + "/response", key, "", ""},
		{"GET", "/v1/settings/api-logs", key, "", ""},
		{"PUT", "/v1/settings/api-logs", key, `{"api_log_retention_days":30}`, ""},
		{"GET", "/v1/usage", key, "", ""},
		{"GET", "/v1/api-keys/" + h.boot.Key.ID + "/usage?interval=minute", key, "", ""},
		{"GET", "/v1/usage?interval=week", key, "", ""},
	})
}

// TestAlertResponsesMatchTheDocument checks the alert routes and the
// expiry calendar, which takes its key in the query, against the document.
func TestAlertResponsesMatchTheDocument(t *testing.T) {
	h, _ := newAlertHarness(t)
	ctx := t.Context()
	key := h.boot.Secret
	days := 30
	h.createKey(client.CreateKeyRequest{ExpiresInDays: &days})
	k := h.createKey(client.CreateKeyRequest{})
	h.admin().RevokeKey(ctx, k.ID)
	h.client(k.Key).Verify(ctx)
	a := waitForAlerts(t, h.admin(), "revoked_key_used", 1)[0]
	matchDocument(t, h, []docCase{
		{"GET", "/v1/alerts", key, "", ""},
		{"GET", "/v1/alerts?status=open&rule=revoked_key_used", key, "", ""},
		{"GET", "/v1/alerts?rule=nope", key, "", ""},
		{"GET", "/v1/alerts/" + a.ID, key, "", ""},
		{"POST", "/v1/alerts/" + a.ID + "/ack", key, "", ""},
		{"GET", "/v1/api-keys/expiry.ics?key=" + key, "", "", ""},
	})
}

// TestMetricsMatchesTheDocument checks GET /metrics with its optional
// token: the text exposition, and the 401 of a scrape without the token.
func TestMetricsMatchesTheDocument(t *testing.T) {
	h := newHarness(t).withMetrics(metrics.New(), "s3cret-scrape-token")
	matchDocument(t, h, []docCase{
		{"GET", "/metrics", "s3cret-scrape-token", "", ""},
		{"GET", "/metrics", "", "", ""},
	})
}

// matchDocument sends each case to h and checks its response against the
// document h serves.
func matchDocument(t *testing.T, h *harness, cases []docCase) {
	t.Helper()
	doc, _ := loadOpenAPI(t, h)
	router, err := legacyrouter.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		req, _ := http.NewRequest(c.method, h.url+c.path, strings.NewReader(c.body))
		if c.key != "" {
			req.Header.Set("Authorization", "Bearer "+c.key)
		}
		if c.body != "" {
			req.Header.Set("Content-Type", cmp.Or(c.ct, "application/json"))
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()

		route, params, err := router.FindRoute(req)
		if err != nil {
			t.Fatalf("%s %s: not in the document: %v", c.method, c.path, err)
		}
		in := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
			Status:                 res.StatusCode, Header: res.Header,
			Options: &openapi3filter.Options{IncludeResponseStatus: true},
		}
		in.SetBodyBytes(body)
		if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
			t.Errorf("%s %s: %d response does not match the document: %v\n%s", c.method, c.path, res.StatusCode, err, body)
		}
	}
}

func init() {
	// kin-openapi decodes the media types it knows; a calendar is text.
	openapi3filter.RegisterBodyDecoder("text/calendar", openapi3filter.PlainBodyDecoder)
}

// TestAnalyticsResponsesMatchTheDocument checks the analytics tables on the
// fixed survey of insights_test.go, visible and suppressed rows, filters,
// distributions, CSV and errors, against the document.
func TestAnalyticsResponsesMatchTheDocument(t *testing.T) {
	in := newInsights(t)
	key := in.boot.Secret
	cm, err := in.admin().CreateCustomMetric(t.Context(), client.CreateCustomMetricRequest{Name: "Pride and growth", QuestionKeys: []string{"pride", "growth"}})
	if err != nil {
		t.Fatal(err)
	}
	stats := "/v1/surveys/" + in.survey + "/statistics"
	ops := "segment_id=" + in.segments["Ops"] // two people, below the threshold of 3
	sales := "segment_id=" + in.segments["Sales"]
	matchDocument(t, in.harness, []docCase{
		{"GET", stats, key, "", ""},
		{"GET", stats + "?limit=2", key, "", ""},
		{"GET", stats + "?view=distribution", key, "", ""},
		{"GET", stats + "?" + ops, key, "", ""},
		{"GET", stats + "?" + sales + "&from=2024-03-01&to=2024-04-01", key, "", ""},
		{"GET", stats + "?format=csv", key, "", ""},
		{"GET", stats + "?view=histogram", key, "", ""},
		{"GET", "/v1/surveys/" + in.survey + "/questions/pride/statistics", key, "", ""},
		{"GET", "/v1/surveys/" + in.survey + "/questions/pride/statistics?view=distribution&" + ops, key, "", ""},
		{"GET", "/v1/surveys/" + in.survey + "/questions/nope/statistics", key, "", ""},
		{"GET", "/v1/metrics", key, "", ""},
		{"GET", "/v1/metrics?metric=engagement_index&metric=custom:" + cm.ID + "&interval=month&attribute_id=" + in.dept, key, "", ""},
		{"GET", "/v1/metrics?metric=happiness", key, "", ""},
		{"GET", "/v1/metrics?survey_id=srv_missing", key, "", ""},
		{"GET", "/v1/surveys/" + in.survey + "/key-drivers", key, "", ""},
		{"GET", "/v1/surveys/" + in.survey + "/key-drivers?" + sales, key, "", ""},
		{"GET", "/v1/heatmap/" + in.survey, key, "", ""},
		{"GET", "/v1/heatmap/" + in.survey + "?metric=enps&attribute_id=" + in.dept + "&format=csv", key, "", ""},
		{"GET", "/v1/surveys/" + in.survey + "/facets", key, "", ""},
		{"POST", "/v1/custom-metrics", key, `{"name":"Engagement core","question_keys":["pride","loyalty"]}`, ""},
		{"POST", "/v1/custom-metrics", key, `{"name":"Pride and growth","question_keys":["pride"]}`, ""},
		{"POST", "/v1/custom-metrics", key, `{"name":"Unknown","question_keys":["no_such_key"]}`, ""},
		{"GET", "/v1/custom-metrics", key, "", ""},
		{"GET", "/v1/custom-metrics/" + cm.ID, key, "", ""},
		{"DELETE", "/v1/custom-metrics/" + cm.ID, key, "", ""},
		{"GET", "/v1/custom-metrics/" + cm.ID, key, "", ""},
	})
}

// TestFeedbackResponsesMatchTheDocument checks Open Door and Hive Fives,
// their per-attribute segment columns, nulls under the comment threshold,
// private rows, CSV and the filter errors, against the document.
func TestFeedbackResponsesMatchTheDocument(t *testing.T) {
	h := newHarness(t)
	segs := feedbackOrg(t, h)
	key := h.boot.Secret
	reader := h.createKey(client.CreateKeyRequest{Permissions: []string{"surveys:read"}}).Key
	od := `{"submissions":[{"employee_id":"emp-sales-01","category":"problem","text":"The rota is unfair.","submitted_at":"2025-06-03"},` +
		`{"employee_id":"emp-support-01","category":"suggestion","text":"Pilot a four-day week."}]}`
	h5 := `{"hive_fives":[{"sender_employee_id":"emp-support-01","recipient_employee_id":"emp-sales-01","text":"Thanks!","value":"teamwork"},` +
		`{"sender_employee_id":"emp-sales-02","recipient_employee_id":"emp-sales-01","text":"Quietly","value":"kindness","private":true}]}`
	matchDocument(t, h, []docCase{
		{"POST", "/v1/open-door", key, od, ""},
		{"POST", "/v1/open-door", key, `{"employee_id":"emp-sales-02","category":"question","text":"Why?"}`, ""},
		{"POST", "/v1/open-door", key, `{"employee_id":"emp-nobody","category":"question","text":"Who?"}`, ""},
		{"POST", "/v1/open-door", key, `{"category":"question","submissions":[]}`, ""},
		{"POST", "/v1/open-door", reader, `{"employee_id":"emp-sales-02","category":"question","text":"Why?"}`, ""},
		{"GET", "/v1/open-door", key, "", ""},
		{"GET", "/v1/open-door?limit=1&segment_id=" + segs["department:Sales"], key, "", ""},
		{"GET", "/v1/open-door?format=csv", key, "", ""},
		{"GET", "/v1/open-door?from=2030-01-01", key, "", ""},
		{"GET", "/v1/open-door?segment_id=" + segs["department:Support"], key, "", ""},
		{"GET", "/v1/open-door?category=rant", key, "", ""},
		{"GET", "/v1/open-door", reader, "", ""},
		{"POST", "/v1/hive-fives", key, h5, ""},
		{"POST", "/v1/hive-fives", key, `{"sender_employee_id":"emp-sales-01","recipient_employee_id":"emp-sales-01","text":"Me","value":"teamwork"}`, ""},
		{"GET", "/v1/hive-fives", key, "", ""},
		{"GET", "/v1/hive-fives?limit=1&segment_id=" + segs["department:Support"], key, "", ""},
		{"GET", "/v1/hive-fives?format=csv", key, "", ""},
		{"GET", "/v1/hive-fives?segment_id=seg_nope", key, "", ""},
		{"GET", "/v1/hive-fives?from=2025-02-01&to=2025-01-01", key, "", ""},
	})
}
