package insights

import (
	"bytes"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/people"
)

// TestAppendSurveyRowMatchesAppendRow holds the appended rows of GET
// /v1/surveys to the bytes the reflective columns give for the same survey.
func TestAppendSurveyRowMatchesAppendRow(t *testing.T) {
	at := time.Date(2027, 3, 2, 11, 50, 37, 160008000, time.UTC)
	local := time.Date(2027, 3, 2, 11, 50, 37, 0, time.FixedZone("", 5*3600+1800))
	far := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	invited, zero := 1200, 0
	tests := map[string]people.Survey{
		"draft without dates": {ID: "sv_1", Name: "Q1 engagement", Type: people.SurveyEngagement, Status: people.StatusDraft,
			CreatedAt: at, UpdatedAt: at},
		"live with dates and counts": {ID: "sv_2", Name: "Pulse", Type: people.SurveyPulse, Status: people.StatusLive,
			StartDate: &local, EndDate: &far, InvitedCount: &invited, ResponseCount: 831, CreatedAt: local, UpdatedAt: at},
		"name needing escapes": {ID: "sv_3", Name: "tab\there \"quoted\" \\ <b>&amp; é \u2028 \x00 \xff", Type: people.SurveyENPS,
			Status: people.StatusClosed, InvitedCount: &zero, CreatedAt: at, UpdatedAt: at},
		"zero times": {ID: "", Name: "", Type: "", Status: ""},
	}
	for name, sv := range tests {
		t.Run(name, func(t *testing.T) {
			var want bytes.Buffer
			if err := appendRow(&want, surveyColumns, &sv); err != nil {
				t.Fatal(err)
			}
			got := appendSurveyRow([]byte("prefix"), &sv)
			if diff := cmp.Diff(want.String(), string(got[len("prefix"):])); diff != "" {
				t.Errorf("appended row differs from appendRow (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBITailMatchesEncodingJSON writes one BI page through both encodings,
// the appended one (no endpoint fields, a row appender) and the reflective
// one (an empty meta map, appendRow), and wants the same bytes, on a last
// page and on one with a cursor whose next path needs escaping.
func TestBITailMatchesEncodingJSON(t *testing.T) {
	at := time.Date(2027, 3, 2, 11, 50, 37, 160008000, time.UTC)
	rows := []*people.Survey{{ID: "sv_1", Name: "A & <B>", Type: people.SurveyPulse, Status: people.StatusDraft, CreatedAt: at, UpdatedAt: at},
		{ID: "sv_2", Name: "Zweite Umfrage – ü", Type: people.SurveyENPS, Status: people.StatusLive, CreatedAt: at, UpdatedAt: at}}
	for name, tc := range map[string]struct {
		url  string
		q    biQuery
		next string
	}{
		"last page":           {"/v1/surveys", biQuery{limit: biRowCap, all: true}, ""},
		"page with a cursor":  {"/v1/surveys?limit=2&status=live&x=%3Ca%26b%3E", biQuery{limit: 2}, "sv_2"},
		"empty page":          {"/v1/surveys?limit=5", biQuery{limit: 5}, ""},
		"cursor of odd bytes": {"/v1/surveys?limit=2", biQuery{limit: 2}, "\"<&>\u2028é"},
	} {
		t.Run(name, func(t *testing.T) {
			page := rows
			if name == "empty page" {
				page = nil
			}
			body := func(meta map[string]any, rowJSON func([]byte, *people.Survey) []byte) string {
				w := httptest.NewRecorder()
				r := httptest.NewRequest("GET", tc.url, nil)
				if err := writeBIWith(w, r, tc.q, surveyColumns, page, tc.next, nil, meta, rowJSON); err != nil {
					t.Fatal(err)
				}
				return w.Body.String()
			}
			if diff := cmp.Diff(body(map[string]any{}, nil), body(nil, appendSurveyRow)); diff != "" {
				t.Errorf("appended page differs from encoding/json's (-want +got):\n%s", diff)
			}
		})
	}
}

// TestKeptSurveyRowsFollowEveryValue answers a survey's row, then the
// survey with each field changed in turn (a field added to people.Survey
// fails here until the test knows how to change it), with pointer fields
// emptied, and with values changed in place behind its pointers, and
// wants every answer to be the row of the survey as it is at that moment.
func TestKeptSurveyRowsFollowEveryValue(t *testing.T) {
	at := time.Date(2027, 3, 2, 11, 50, 37, 160008000, time.UTC)
	start, end, invited := at.Add(-time.Hour), at.Add(time.Hour), 40
	base := people.Survey{ID: "srv_kept", TenantID: "ten_1", Name: "Pulse", Type: people.SurveyPulse, Status: people.StatusLive,
		StartDate: &start, EndDate: &end, InvitedCount: &invited, ResponseCount: 7, CreatedAt: at, UpdatedAt: at}
	check := func(step string, sv *people.Survey) {
		t.Helper()
		var want bytes.Buffer
		if err := appendRow(&want, surveyColumns, sv); err != nil {
			t.Fatal(err)
		}
		if got := appendSurveyRow(nil, sv); string(got) != want.String() {
			t.Errorf("%s:\n got %s\nwant %s", step, got, want.String())
		}
	}
	var change func(name string, v reflect.Value)
	change = func(name string, v reflect.Value) {
		switch {
		case v.Type() == reflect.TypeFor[time.Time]():
			v.Set(reflect.ValueOf(v.Interface().(time.Time).Add(time.Microsecond)))
		case v.Kind() == reflect.String:
			v.SetString(v.String() + "x")
		case v.Kind() == reflect.Int:
			v.SetInt(v.Int() + 1)
		case v.Kind() == reflect.Pointer:
			c := reflect.New(v.Type().Elem())
			c.Elem().Set(v.Elem())
			change(name, c.Elem())
			v.Set(c)
		default:
			t.Fatalf("field %s is a %s: teach this test to change it", name, v.Type())
		}
	}
	fields := reflect.TypeFor[people.Survey]()
	for i := range fields.NumField() {
		name := fields.Field(i).Name
		sv := snapshot(&base)
		check("before changing "+name, &sv)
		change(name, reflect.ValueOf(&sv).Elem().Field(i))
		check("with "+name+" changed", &sv)
		if f := reflect.ValueOf(&sv).Elem().Field(i); f.Kind() == reflect.Pointer {
			f.SetZero()
			check("with "+name+" null", &sv)
		}
	}
	sv := snapshot(&base)
	check("before changes in place", &sv)
	*sv.InvitedCount++
	check("invited count changed in place", &sv)
	*sv.StartDate = sv.StartDate.Add(time.Second)
	check("start date changed in place", &sv)
	*sv.EndDate = sv.EndDate.Add(time.Second)
	check("end date changed in place", &sv)
	sv.UpdatedAt = sv.UpdatedAt.In(time.FixedZone("", 3600))
	check("the same instant in another zone", &sv)
}
