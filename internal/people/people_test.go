package people_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
)

func date(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestBucketsOnBoundaries(t *testing.T) {
	tests := []struct {
		from, asOf string
		tenure     string
		age        string
	}{
		{"2024-01-15", "2024-01-15", "lt_3m", "lt_18"},
		{"2024-01-15", "2024-04-14", "lt_3m", "lt_18"},
		{"2024-01-15", "2024-04-15", "3_6m", "lt_18"}, // exactly three months moves up
		{"2024-01-15", "2024-07-15", "6_12m", "lt_18"},
		{"2023-01-15", "2024-01-14", "6_12m", "lt_18"},
		{"2023-01-15", "2024-01-15", "1_2y", "lt_18"},
		{"2022-01-15", "2024-01-15", "2_4y", "lt_18"},
		{"2020-01-15", "2024-01-15", "4_6y", "lt_18"},
		{"2018-01-15", "2024-01-15", "6_10y", "lt_18"},
		{"2014-01-15", "2024-01-15", "10y_plus", "lt_18"},
		{"2006-01-15", "2024-01-14", "10y_plus", "lt_18"},
		{"2006-01-15", "2024-01-15", "10y_plus", "18_24"}, // 18th birthday
		{"1999-01-15", "2024-01-15", "10y_plus", "25_34"},
		{"1989-01-15", "2024-01-15", "10y_plus", "35_44"},
		{"1979-01-15", "2024-01-15", "10y_plus", "45_54"},
		{"1969-01-15", "2024-01-15", "10y_plus", "55_64"},
		{"1959-01-15", "2024-01-15", "10y_plus", "65_plus"},
		{"1959-01-16", "2024-01-15", "10y_plus", "55_64"},
		{"2023-11-30", "2024-02-29", "3_6m", "lt_18"}, // month end: 30 Nov + 3 months is 29 Feb
		{"2023-11-30", "2024-02-28", "lt_3m", "lt_18"},
		{"2006-02-28", "2024-02-28", "10y_plus", "18_24"},
		{"2025-01-01", "2024-01-15", "lt_3m", "lt_18"}, // a future start date
	}
	for _, tt := range tests {
		t.Run(tt.from+" to "+tt.asOf, func(t *testing.T) {
			if got := people.TenureBucket(date(tt.from), date(tt.asOf).Add(13*time.Hour)); got != tt.tenure {
				t.Errorf("tenure = %s, want %s", got, tt.tenure)
			}
			if got := people.AgeBucket(date(tt.from), date(tt.asOf)); got != tt.age {
				t.Errorf("age = %s, want %s", got, tt.age)
			}
		})
	}
	// Born on 29 February: 18 on 28 February of a common year.
	if got := people.AgeBucket(date("2004-02-29"), date("2022-02-28")); got != "18_24" {
		t.Errorf("leap-day birthday: age = %s, want 18_24", got)
	}
}

func TestScoresRoundTrip(t *testing.T) {
	in := []people.Score{{Question: 1, Value: 0}, {Question: 60, Value: 10}, {Question: 65535, Value: 50}}
	out, err := people.DecodeScores(people.EncodeScores(in))
	if err != nil || !cmp.Equal(in, out) {
		t.Fatalf("round trip = %v, %v", out, err)
	}
	if _, err := people.DecodeScores([]byte{1, 2}); err == nil {
		t.Error("a truncated blob decodes")
	}
}

// fixture is a service on a fresh SQLite database with a settable clock.
type fixture struct {
	t   *testing.T
	svc *people.Service
	st  people.Store
	p   *hive.Principal
	now time.Time
}

func newFixture(t *testing.T) *fixture {
	f := &fixture{t: t, st: sqlitetest.Open(t).People(), now: date("2024-06-01").Add(9 * time.Hour),
		p: &hive.Principal{TenantID: "ten_test", Permissions: hive.NewScopes(hive.ScopePeopleWrite)}}
	f.svc = people.NewService(f.st, people.Config{Now: func() time.Time { return f.now }})
	return f
}

const header = "employee_id,email,first_name,last_name,start_date,date_of_birth,department\n"

func (f *fixture) importCSV(csv string, dryRun bool) (people.ImportResult, error) {
	return f.svc.ImportPeople(f.t.Context(), f.p, strings.NewReader(csv), dryRun)
}

func (f *fixture) mustImport(csv string) people.ImportResult {
	f.t.Helper()
	res, err := f.importCSV(csv, false)
	if err != nil {
		f.t.Fatalf("import: %v %+v", err, res.Errors)
	}
	return res
}

func (f *fixture) count() int {
	n, err := f.st.CountPeople(f.t.Context(), f.p.TenantID)
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

func TestImportGoodFileThenUpsert(t *testing.T) {
	f := newFixture(t)
	res := f.mustImport(header +
		"E1,ann@example.com,Ann,Lee,2020-01-06,1990-05-01,Sales\n" +
		"E2,bo@example.com,Bo,Chan,,,\n")
	want := people.ImportResult{Created: 2, AttributesCreated: []string{"department"}, SegmentsCreated: 1, Errors: []people.ImportError{}}
	if d := cmp.Diff(want, res); d != "" {
		t.Errorf("first import (-want +got):\n%s", d)
	}
	res = f.mustImport(header +
		"E1,ann@example.com,Ann,Lee,2020-01-06,1990-05-01,Sales\n" +
		"E2,bo@example.com,Bo,Chan,2021-01-01,,Support\n" +
		"E3,cy@example.com,Cy,Diaz,2021-01-01,,Support\n")
	want = people.ImportResult{Created: 1, Updated: 1, Unchanged: 1, AttributesCreated: []string{}, SegmentsCreated: 1, Errors: []people.ImportError{}}
	if d := cmp.Diff(want, res); d != "" {
		t.Errorf("second import (-want +got):\n%s", d)
	}
	if f.count() != 3 {
		t.Errorf("%d people, want 3", f.count())
	}
}

func TestImportBOMAndSemicolons(t *testing.T) {
	f := newFixture(t)
	res := f.mustImport("\uFEFF" + strings.ReplaceAll(header, ",", ";") +
		"E1;ann@example.com;Ann;\"Lee; Jr\";2020-01-06;1990-05-01;Sales, EMEA\n")
	if res.Created != 1 {
		t.Fatalf("created %d, want 1", res.Created)
	}
	ps, _ := f.st.People(t.Context(), f.p.TenantID)
	attrs, _ := f.svc.Attributes(t.Context(), f.p)
	if ps[0].LastName != "Lee; Jr" || len(attrs) != 3 || attrs[2].Name != "department" || attrs[2].Segments[1].Label != "Sales, EMEA" {
		t.Errorf("person %+v, attributes %v", ps[0], attrs)
	}
}

func TestImportErrorsNameRowAndColumnAndWriteNothing(t *testing.T) {
	f := newFixture(t)
	res, err := f.importCSV(header+
		"E1,ann@example.com,Ann,Lee,2020-01-06,1990-05-01,Sales\n"+
		"E2,bo@example.com,Bo,Chan,2021-13-01,,Support\n"+
		"E1,not-an-email,,Lee,,,\n", false)
	if hive.ErrorCode(err) != hive.EINVALID {
		t.Fatalf("err = %v, want invalid", err)
	}
	want := []people.ImportError{
		{Row: 3, Column: "start_date", Message: `"2021-13-01" is not a date; write the first day of employment as YYYY-MM-DD, e.g. 2021-03-31, or leave it empty`},
		{Row: 4, Column: "email", Message: `"not-an-email" is not an email address such as ann@example.com`},
		{Row: 4, Column: "first_name", Message: "is empty; give the person's first name"},
		{Row: 4, Column: "employee_id", Message: `"E1" is also in row 2; each person must appear once`},
	}
	if d := cmp.Diff(want, res.Errors); d != "" {
		t.Errorf("errors (-want +got):\n%s", d)
	}
	if !strings.Contains(err.Error(), "row 3, column start_date") {
		t.Errorf("message %q does not name the first problem's row and column", err)
	}
	if n := f.count(); n != 0 {
		t.Errorf("%d people written despite errors", n)
	}
	attrs, _ := f.st.Attributes(t.Context(), f.p.TenantID)
	if len(attrs) != 0 {
		t.Errorf("%d attributes written despite errors", len(attrs))
	}
}

func TestImportHeaderProblems(t *testing.T) {
	f := newFixture(t)
	res, _ := f.importCSV("employee_id,email,first_name,tenure,Email\nE1,a@b.c,A,x,y\n", false)
	var cols []string
	for _, e := range res.Errors {
		cols = append(cols, fmt.Sprintf("%d:%s", e.Row, e.Column))
	}
	if d := cmp.Diff([]string{"1:tenure", "1:email", "1:last_name", "1:start_date", "1:date_of_birth"}, cols); d != "" {
		t.Errorf("header problems (-want +got):\n%s", d)
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	f := newFixture(t)
	f.mustImport(header + "E1,ann@example.com,Ann,Lee,2020-01-06,1990-05-01,Sales\n")
	res, err := f.importCSV(header+
		"E1,ann@example.com,Ann,Lee,2020-01-06,1990-05-01,Marketing\n"+
		"E2,bo@example.com,Bo,Chan,,,\n", true)
	if err != nil {
		t.Fatal(err)
	}
	want := people.ImportResult{DryRun: true, Created: 1, Updated: 1, AttributesCreated: []string{}, SegmentsCreated: 1, Errors: []people.ImportError{}}
	if d := cmp.Diff(want, res); d != "" {
		t.Errorf("dry run (-want +got):\n%s", d)
	}
	if f.count() != 1 {
		t.Errorf("dry run wrote people: %d", f.count())
	}
	attrs, _ := f.svc.Attributes(t.Context(), f.p)
	if n := len(attrs[2].Segments); n != 2 {
		t.Errorf("dry run wrote segments: department has %d", n)
	}
}

// survey makes a live survey with a 0–10 scale question, a 1–5 one, an
// option question and a free-text one.
func (f *fixture) survey() (*people.Survey, []*people.Question) {
	f.t.Helper()
	ctx := f.t.Context()
	sv, err := f.svc.CreateSurvey(ctx, f.p, people.SurveyParams{Name: "Engagement 2024", Type: people.SurveyEngagement, Status: people.StatusLive})
	if err != nil {
		f.t.Fatal(err)
	}
	var qs []*people.Question
	for _, in := range []people.QuestionParams{
		{Key: "pride", Text: "I am proud to work here", Type: people.QuestionScale, InEngagementIndex: true},
		{Key: "growth", Text: "I can grow here", Type: people.QuestionScale, ScaleMin: new(1), ScaleMax: new(5), Category: "Growth"},
		{Key: "office", Text: "Where do you work?", Type: people.QuestionOption, Options: []string{"Office", "Home"}},
		{Key: "comment", Text: "Anything else?", Type: people.QuestionFreeText},
	} {
		q, err := f.svc.AddQuestion(ctx, f.p, sv.ID, in)
		if err != nil {
			f.t.Fatal(err)
		}
		qs = append(qs, q)
	}
	return sv, qs
}

func TestQuestionDefaultsAndRefusals(t *testing.T) {
	f := newFixture(t)
	sv, qs := f.survey()
	if q := qs[1]; q.ScaleMin != 1 || q.ScaleMax != 5 || q.FavourableMin != 4 || q.UnfavourableMax != 2 || q.Position != 2 {
		t.Errorf("1–5 question = %+v", q)
	}
	if q := qs[0]; q.FavourableMin != 7 || q.UnfavourableMax != 4 {
		t.Errorf("0–10 question bands = %d/%d", q.FavourableMin, q.UnfavourableMax)
	}
	for field, in := range map[string]people.QuestionParams{
		"scale_max":           {Key: "a", Text: "t", Type: people.QuestionScale, ScaleMax: new(7)},
		"favourable_min":      {Key: "a", Text: "t", Type: people.QuestionScale, FavourableMin: new(4)},
		"options":             {Key: "a", Text: "t", Type: people.QuestionOption, Options: []string{"one"}},
		"question_key":        {Key: "Has Space", Text: "t", Type: people.QuestionScale},
		"in_engagement_index": {Key: "a", Text: "t", Type: people.QuestionFreeText, InEngagementIndex: true},
		"type":                {Key: "a", Text: "t", Type: "slider"},
	} {
		_, err := f.svc.AddQuestion(t.Context(), f.p, sv.ID, in)
		if hive.ErrorDetails(err)["field"] != field {
			t.Errorf("%s: err = %v", field, err)
		}
	}
	if _, err := f.svc.AddQuestion(t.Context(), f.p, sv.ID, people.QuestionParams{Key: "pride", Text: "again", Type: people.QuestionScale}); hive.ErrorCode(err) != hive.ECONFLICT {
		t.Errorf("repeated key: %v", err)
	}
}

func TestResponseBatchWithOneBadAnswerWritesNothing(t *testing.T) {
	f := newFixture(t)
	f.mustImport(header + "E1,ann@example.com,Ann,Lee,2020-01-06,1990-05-01,Sales\nE2,bo@example.com,Bo,Chan,,,\n")
	sv, qs := f.survey()
	good := people.ResponseParams{EmployeeID: "E1", Answers: []people.AnswerParams{{QuestionID: qs[0].ID, Value: 9.0}, {QuestionID: qs[3].ID, Value: "Nice"}}}
	bad := people.ResponseParams{EmployeeID: "E2", Answers: []people.AnswerParams{{QuestionID: qs[0].ID, Value: 8.0}, {QuestionID: qs[1].ID, Value: 6.0}}}
	_, err := f.svc.AddResponses(t.Context(), f.p, sv.ID, []people.ResponseParams{good, bad})
	d := hive.ErrorDetails(err)
	if d["field"] != "responses[1].answers[1].value" || d["index"] != 1 {
		t.Fatalf("err = %v, details %v", err, d)
	}
	rs, _ := f.st.SurveyResponses(t.Context(), f.p.TenantID, sv.ID)
	got, _ := f.svc.Survey(t.Context(), f.p, sv.ID)
	if len(rs) != 0 || got.ResponseCount != 0 {
		t.Fatalf("%d responses written, count %d", len(rs), got.ResponseCount)
	}
	for name, r := range map[string]people.ResponseParams{
		"responses[0].employee_id":            {EmployeeID: "nobody", Answers: good.Answers},
		"responses[0].answers[0].value":       {EmployeeID: "E1", Answers: []people.AnswerParams{{QuestionID: qs[0].ID, Value: 7.5}}},
		"responses[0].answers[0].question_id": {EmployeeID: "E1", Answers: []people.AnswerParams{{QuestionID: "qst_x", Value: 7.0}}},
		"responses[0].submitted_at":           {EmployeeID: "E1", SubmittedAt: new(f.now.Add(time.Hour)), Answers: good.Answers},
	} {
		_, err := f.svc.AddResponses(t.Context(), f.p, sv.ID, []people.ResponseParams{r})
		if hive.ErrorDetails(err)["field"] != name {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if n, err := f.svc.AddResponses(t.Context(), f.p, sv.ID, []people.ResponseParams{good}); n != 1 || err != nil {
		t.Fatalf("good batch: %d, %v", n, err)
	}
	_, err = f.svc.AddResponses(t.Context(), f.p, sv.ID, []people.ResponseParams{good})
	if hive.ErrorDetails(err)["field"] != "responses[0].employee_id" {
		t.Errorf("second response of E1: %v", err)
	}
}

func TestSegmentSnapshotSurvivesHRChange(t *testing.T) {
	f := newFixture(t)
	f.mustImport(header + "E1,ann@example.com,Ann,Lee,2024-01-01,1990-05-01,Sales\nE2,bo@example.com,Bo,Chan,,,\n")
	sv, qs := f.survey()
	at := date("2024-03-31").Add(12 * time.Hour) // three months less a day after E1 started
	answers := []people.AnswerParams{{QuestionID: qs[0].ID, Value: 9.0}, {QuestionID: qs[2].ID, Value: 2.0}}
	_, err := f.svc.AddResponses(t.Context(), f.p, sv.ID, []people.ResponseParams{
		{EmployeeID: "E1", SubmittedAt: &at, Answers: answers}, {EmployeeID: "E2", SubmittedAt: &at, Answers: answers[:1]}})
	if err != nil {
		t.Fatal(err)
	}
	f.mustImport(header + "E1,ann@example.com,Ann,Lee,2024-01-01,1990-05-01,Marketing\n")

	attrs, _ := f.svc.Attributes(t.Context(), f.p)
	label := map[string]string{}
	for _, a := range attrs {
		for _, s := range a.Segments {
			label[s.ID] = a.Name + "=" + s.Value
			if s.NotSpecified {
				label[s.ID] = a.Name + "=Not specified"
			}
		}
	}
	rs, err := f.svc.SurveyResponses(t.Context(), f.p, sv.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	for _, r := range rs {
		var names []string
		for _, id := range r.SegmentIDs {
			names = append(names, label[id])
		}
		got = append(got, names)
	}
	want := [][]string{
		{"tenure=lt_3m", "age=25_34", "department=Sales"},
		{"tenure=Not specified", "age=Not specified", "department=Not specified"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("snapshots after the department change (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]people.Score{{Question: 1, Value: 9}, {Question: 3, Value: 2}}, rs[0].Scores); d != "" {
		t.Errorf("scores (-want +got):\n%s", d)
	}
}

func TestRestrictedKeySeesOnlyItsSurveys(t *testing.T) {
	f := newFixture(t)
	a, _ := f.survey()
	b, _ := f.survey()
	restricted := *f.p
	restricted.Resources = hive.Resources{Surveys: []string{a.ID}}
	if _, err := f.svc.Survey(t.Context(), &restricted, b.ID); hive.ErrorCode(err) != hive.ENOTFOUND {
		t.Errorf("other survey: %v, want not found", err)
	}
	list, err := f.svc.ListSurveys(t.Context(), &restricted, people.SurveyFilter{Limit: 10})
	if err != nil || len(list) != 1 || list[0].ID != a.ID {
		t.Errorf("list = %v, %v", list, err)
	}
	if _, err := f.svc.CreateSurvey(t.Context(), &restricted, people.SurveyParams{Name: "x", Type: people.SurveyPulse}); hive.ErrorCode(err) != hive.EFORBIDDEN {
		t.Errorf("create by a restricted key: %v", err)
	}
}

func TestInvitedCountTakenWhenLive(t *testing.T) {
	f := newFixture(t)
	f.mustImport(header + "E1,ann@example.com,Ann,Lee,,,\nE2,bo@example.com,Bo,Chan,,,\n")
	sv, err := f.svc.CreateSurvey(t.Context(), f.p, people.SurveyParams{Name: "Pulse", Type: people.SurveyPulse})
	if err != nil || sv.InvitedCount != nil {
		t.Fatalf("draft: %+v, %v", sv, err)
	}
	f.mustImport(header + "E3,cy@example.com,Cy,Diaz,,,\n")
	live := people.StatusLive
	sv, err = f.svc.UpdateSurvey(t.Context(), f.p, sv.ID, people.SurveyChanges{Status: &live})
	if err != nil || sv.InvitedCount == nil || *sv.InvitedCount != 3 {
		t.Fatalf("live: %+v, %v", sv, err)
	}
}

func TestPrivacySettings(t *testing.T) {
	f := newFixture(t)
	st, err := f.svc.Privacy(t.Context(), f.p)
	if err != nil || st.Threshold != 5 || st.CommentThreshold != 10 {
		t.Fatalf("defaults = %+v, %v", st, err)
	}
	if _, err := f.svc.SetPrivacy(t.Context(), f.p, people.PrivacyParams{Threshold: new(2)}); hive.ErrorDetails(err)["field"] != "threshold" {
		t.Errorf("threshold 2: %v", err)
	}
	if _, err := f.svc.SetPrivacy(t.Context(), f.p, people.PrivacyParams{Threshold: new(12)}); hive.ErrorDetails(err)["field"] != "comment_threshold" {
		t.Errorf("threshold above the comment threshold: %v", err)
	}
	st, err = f.svc.SetPrivacy(t.Context(), f.p, people.PrivacyParams{Threshold: new(3)})
	if err != nil || st.Threshold != 3 || st.CommentThreshold != 10 {
		t.Errorf("threshold 3: %+v, %v", st, err)
	}
}
