package httpapi_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/client"
)

const peopleCSV = "employee_id,email,first_name,last_name,start_date,date_of_birth,department\n" +
	"E1,ann@example.com,Ann,Lee,2020-01-06,1990-05-01,Sales\n" +
	"E2,bo@example.com,Bo,Chan,,,Support\n"

func TestPeopleImportOverHTTP(t *testing.T) {
	h := newHarness(t)
	admin := h.admin()
	res, err := admin.ImportPeople(t.Context(), strings.NewReader(peopleCSV), int64(len(peopleCSV)), true)
	if err != nil || !res.DryRun || res.Created != 2 {
		t.Fatalf("dry run = %+v, %v", res, err)
	}
	res, err = admin.ImportPeople(t.Context(), strings.NewReader(peopleCSV), -1, false)
	if err != nil || res.Created != 2 || !slices.Equal(res.AttributesCreated, []string{"department"}) {
		t.Fatalf("import = %+v, %v", res, err)
	}
	bad := strings.Replace(peopleCSV, "2020-01-06", "06/01/2020", 1)
	_, err = admin.ImportPeople(t.Context(), strings.NewReader(bad), -1, false)
	ce := apiError(t, err, 400, "invalid_request", "")
	problems, _ := json.Marshal(ce.Details["errors"])
	if !strings.Contains(string(problems), `"row":2`) || !strings.Contains(string(problems), `"column":"start_date"`) {
		t.Errorf("errors %s do not name row 2, column start_date", problems)
	}
	reader := h.client(h.createKey(client.CreateKeyRequest{Preset: "read_only"}).Key)
	_, err = reader.ImportPeople(t.Context(), strings.NewReader(peopleCSV), -1, false)
	apiError(t, err, 403, "forbidden", "")
}

// listPage is a raw page of any BI list.
type listPage struct {
	Data       []map[string]any `json:"data"`
	Pagination struct {
		NextCursor *string `json:"next_cursor"`
		NextPath   *string `json:"next_path"`
	} `json:"pagination"`
	Meta struct {
		Columns []string `json:"columns"`
		Count   int      `json:"count"`
		From    *string  `json:"from"` // analytics reports: the window as applied
		To      *string  `json:"to"`
		// Open Door and Hive Fives: the segment cells nulled on the page.
		NulledSegmentCells *int `json:"nulled_segment_cells"`
	} `json:"meta"`
}

func (h *harness) list(secret, path string) listPage {
	h.t.Helper()
	r := h.do("GET", path, "", bearer(secret)...)
	if r.status != 200 {
		h.t.Fatalf("GET %s: %d %s", path, r.status, r.body)
	}
	var p listPage
	if err := json.Unmarshal([]byte(r.body), &p); err != nil {
		h.t.Fatal(err)
	}
	return p
}

func (h *harness) newSurvey(name string) *client.Survey {
	h.t.Helper()
	sv, err := h.admin().CreateSurvey(h.t.Context(), client.CreateSurveyRequest{Name: name, Type: "pulse", Status: "live", StartDate: "2024-03-01"})
	if err != nil {
		h.t.Fatal(err)
	}
	return sv
}

func TestSurveyPagingWithInsertsBetweenPages(t *testing.T) {
	h := newHarness(t)
	var want []string
	for i := range 5 {
		want = append(want, h.newSurvey(fmt.Sprintf("S%d", i)).ID)
	}
	var got []string
	path := "/v1/surveys?limit=2"
	for page := 0; path != ""; page++ {
		p := h.list(h.boot.Secret, path)
		for _, row := range p.Data {
			got = append(got, row["id"].(string))
		}
		if page == 0 { // rows added while the client pages come at the end
			want = append(want, h.newSurvey("late").ID)
		}
		path = ""
		if p.Pagination.NextPath != nil {
			path = *p.Pagination.NextPath
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("surveys over all pages (-want +got):\n%s", d)
	}
	r := h.do("GET", "/v1/surveys?limit=1001", "", bearer(h.boot.Secret)...)
	if r.status != 400 || r.err.Error.Details["field"] != "limit" {
		t.Errorf("limit 1001: %d %s", r.status, r.body)
	}
}

func TestSurveyListsFilterAndEmptyPageKeepsColumns(t *testing.T) {
	h := newHarness(t)
	p := h.list(h.boot.Secret, "/v1/surveys?status=closed")
	want := []string{"id", "name", "type", "status", "start_date", "end_date", "invited_count", "response_count", "created_at", "updated_at"}
	if len(p.Data) != 0 || p.Pagination.NextCursor != nil || !slices.Equal(p.Meta.Columns, want) {
		t.Errorf("empty page = %+v", p)
	}
	r := h.do("GET", "/v1/surveys?status=closed&format=csv", "", bearer(h.boot.Secret)...)
	if r.body != strings.Join(want, ",")+"\r\n" {
		t.Errorf("empty CSV page = %q", r.body)
	}
	sv := h.newSurvey("Pulse, \"Q1\"")
	if p := h.list(h.boot.Secret, "/v1/surveys?status=live"); len(p.Data) != 1 || p.Data[0]["invited_count"] != 0.0 || p.Data[0]["end_date"] != nil {
		t.Errorf("live page = %+v", p.Data)
	}
	if p := h.list(h.boot.Secret, "/v1/surveys?updated_since="+sv.UpdatedAt.Format(time.RFC3339Nano)); len(p.Data) != 1 {
		t.Errorf("updated_since its own updated_at gives %d rows", len(p.Data))
	}
}

func TestCSVHasTheColumnsOfJSON(t *testing.T) {
	h := newHarness(t)
	h.newSurvey("Pulse, \"Q1\"\nsecond line")
	h.newSurvey("Plain")
	js := h.list(h.boot.Secret, "/v1/surveys")
	r := h.do("GET", "/v1/surveys", "", append(bearer(h.boot.Secret), "Accept", "text/csv")...)
	if !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") {
		t.Fatalf("Accept: text/csv gave %s", r.header.Get("Content-Type"))
	}
	recs, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(js.Meta.Columns, recs[0]); d != "" {
		t.Errorf("CSV header (-json +csv):\n%s", d)
	}
	for i, row := range js.Data {
		for j, col := range recs[0] {
			want := ""
			if v := row[col]; v != nil {
				want = fmt.Sprint(v)
			}
			if recs[i+1][j] != want {
				t.Errorf("row %d column %s: CSV %q, JSON %q", i, col, recs[i+1][j], want)
			}
		}
	}
}

func TestRestrictedKeySeesOnlyItsSurveys(t *testing.T) {
	h := newHarness(t)
	a, b := h.newSurvey("A"), h.newSurvey("B")
	key := h.createKey(client.CreateKeyRequest{Permissions: []string{"surveys:read", "people:write"},
		Resources: &client.Resources{Surveys: []string{a.ID}}}).Key
	p := h.list(key, "/v1/surveys")
	if len(p.Data) != 1 || p.Data[0]["id"] != a.ID {
		t.Errorf("restricted list = %+v", p.Data)
	}
	for _, path := range []string{"/v1/surveys/" + b.ID, "/v1/surveys/" + b.ID + "/questions", "/v1/surveys/" + b.ID + "/question-options"} {
		if r := h.do("GET", path, "", bearer(key)...); r.status != 404 {
			t.Errorf("GET %s: %d, want 404", path, r.status)
		}
	}
	if r := h.do("GET", "/v1/surveys/"+a.ID, "", bearer(key)...); r.status != 200 {
		t.Errorf("own survey: %d %s", r.status, r.body)
	}
	_, err := h.client(key).AddQuestion(t.Context(), b.ID, client.AddQuestionRequest{QuestionKey: "x", Text: "x", Type: "scale"})
	apiError(t, err, 404, "not_found", "")
}

func TestQuestionsOptionsAndResponses(t *testing.T) {
	h := newHarness(t)
	admin := h.admin()
	if _, err := admin.ImportPeople(t.Context(), strings.NewReader(peopleCSV), -1, false); err != nil {
		t.Fatal(err)
	}
	sv := h.newSurvey("Engagement")
	pride, err := admin.AddQuestion(t.Context(), sv.ID, client.AddQuestionRequest{QuestionKey: "pride", Text: "I am proud", Type: "scale", InEngagementIndex: true, Category: "Pride"})
	if err != nil {
		t.Fatal(err)
	}
	where, err := admin.AddQuestion(t.Context(), sv.ID, client.AddQuestionRequest{QuestionKey: "where", Text: "Where?", Type: "option", Options: []string{"Office", "Home"}})
	if err != nil || where.ScaleMin != nil || where.OptionCount != 2 {
		t.Fatalf("option question = %+v, %v", where, err)
	}
	opts := h.list(h.boot.Secret, "/v1/surveys/"+sv.ID+"/question-options?limit=1")
	if len(opts.Data) != 1 || opts.Data[0]["option_label"] != "Office" || opts.Pagination.NextPath == nil {
		t.Fatalf("options page 1 = %+v", opts)
	}
	if p := h.list(h.boot.Secret, *opts.Pagination.NextPath); len(p.Data) != 1 || p.Data[0]["option_value"] != 2.0 || p.Pagination.NextPath != nil {
		t.Errorf("options page 2 = %+v", p)
	}
	batch := []client.Response{
		{EmployeeID: "E1", SubmittedAt: "2024-03-02T10:00:00Z", Answers: []client.Answer{{QuestionID: pride.ID, Value: 8}, {QuestionID: where.ID, Value: 2}}},
		{EmployeeID: "E2", Answers: []client.Answer{{QuestionID: pride.ID, Value: 11}}},
	}
	_, err = admin.AddResponses(t.Context(), sv.ID, batch)
	ce := apiError(t, err, 400, "invalid_request", "")
	if ce.Details["field"] != "responses[1].answers[0].value" || ce.Details["index"] != 1.0 {
		t.Errorf("details = %v", ce.Details)
	}
	batch[1].Answers[0].Value = 10
	if n, err := admin.AddResponses(t.Context(), sv.ID, batch); n != 2 || err != nil {
		t.Fatalf("AddResponses = %d, %v", n, err)
	}
	page, err := admin.ListSurveys(t.Context(), client.ListSurveysParams{})
	if err != nil || page.Data[0].ResponseCount != 2 {
		t.Errorf("survey after responses = %+v, %v", page, err)
	}
}

func TestAttributesAndPrivacy(t *testing.T) {
	h := newHarness(t)
	admin := h.admin()
	if _, err := admin.ImportPeople(t.Context(), strings.NewReader(peopleCSV), -1, false); err != nil {
		t.Fatal(err)
	}
	var rows []client.AttributeSegment
	for cursor := ""; ; {
		page, err := admin.ListAttributes(t.Context(), 4, cursor)
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, page.Data...)
		if page.Pagination.NextCursor == nil {
			break
		}
		cursor = *page.Pagination.NextCursor
	}
	var names []string
	for _, r := range rows {
		names = append(names, r.AttributeName+":"+r.SegmentName)
	}
	want := []string{"tenure:Not specified", "tenure:<3m", "tenure:3–6m", "tenure:6–12m", "tenure:1–2y", "tenure:2–4y", "tenure:4–6y", "tenure:6–10y", "tenure:10y+",
		"age:Not specified", "age:<18", "age:18–24", "age:25–34", "age:35–44", "age:45–54", "age:55–64", "age:65+",
		"department:Not specified", "department:Sales", "department:Support"}
	if d := cmp.Diff(want, names); d != "" {
		t.Errorf("attribute rows (-want +got):\n%s", d)
	}
	if r := rows[4]; *r.BucketUnit != "months" || *r.BucketMin != 12 || *r.BucketMax != 24 || rows[8].BucketMax != nil {
		t.Errorf("1–2y bounds = %+v", r)
	}

	st, err := admin.PrivacySettings(t.Context())
	if err != nil || *st.Threshold != 5 || *st.CommentThreshold != 10 {
		t.Fatalf("defaults = %+v, %v", st, err)
	}
	_, err = admin.UpdatePrivacySettings(t.Context(), client.PrivacySettings{Threshold: new(2)})
	if ce := apiError(t, err, 400, "invalid_request", ""); ce.Details["field"] != "threshold" {
		t.Errorf("threshold 2: %v", ce.Details)
	}
	if st, err = admin.UpdatePrivacySettings(t.Context(), client.PrivacySettings{Threshold: new(7)}); err != nil || *st.Threshold != 7 {
		t.Errorf("threshold 7 = %+v, %v", st, err)
	}
}
