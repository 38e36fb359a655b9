package httpapi_test

import (
	"encoding/csv"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/httpapi"
	"github.com/hive-platform/hive/internal/people/peopletest"
	"github.com/hive-platform/hive/internal/synth"
)

// TestAttackOverHTTP plays finding 1 through the wire, in JSON and in CSV:
// statistics for a department from a respondent's submission second and
// from one second later. Both formats must carry the same cells, the
// window must come back as whole days in meta, and no pair of visible
// answers may differ by fewer than the threshold of respondents.
func TestAttackOverHTTP(t *testing.T) {
	h := newHarness(t)
	org := synth.Generate(synth.Options{Seed: 2026, Employees: 400, Now: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)})
	eng := org.Engagement()
	sv := peopletest.LoadSurvey(t, h.people, h.owner, org, eng)
	attrs, err := h.admin().ListAttributes(t.Context(), 0, "")
	if err != nil {
		t.Fatal(err)
	}
	var dept string
	for _, a := range attrs.Data {
		if a.AttributeName == "department" && a.SegmentName == org.Departments[0].Name {
			dept = a.SegmentID
		}
	}
	pairs, shown := 0, 0
	for i := 0; i < len(eng.Responses); i += len(eng.Responses) / 12 {
		at := eng.Responses[i].SubmittedAt
		var counts [2]map[string]string
		for k, from := range []time.Time{at, at.Add(time.Second)} {
			q := url.Values{"segment_id": {dept}, "from": {from.Format(time.RFC3339)}}
			path := "/v1/surveys/" + sv.ID + "/statistics?" + q.Encode()
			js, rows := sameInCSV(t, h, path)
			if want := from.UTC().Truncate(24 * time.Hour).Format(time.RFC3339); js.Meta.From == nil || *js.Meta.From != want || js.Meta.To != nil {
				t.Fatalf("meta.from = %v, to = %v; want %s and null", js.Meta.From, js.Meta.To, want)
			}
			counts[k] = map[string]string{}
			for r, row := range js.Data {
				counts[k][row["question_key"].(string)] = rows[r][4]
			}
			q.Set("view", "distribution")
			sameInCSV(t, h, "/v1/surveys/"+sv.ID+"/statistics?"+q.Encode())
			q.Del("view")
			q.Set("survey_id", sv.ID)
			sameInCSV(t, h, "/v1/metrics?"+q.Encode())
			sameInCSV(t, h, "/v1/surveys/"+sv.ID+"/key-drivers?"+q.Encode())
		}
		pairs++
		for key, a := range counts[0] {
			b := counts[1][key]
			if a == "" || b == "" {
				continue
			}
			shown++
			na, _ := strconv.Atoi(a)
			nb, _ := strconv.Atoi(b)
			if d := na - nb; d > 0 && d < 5 {
				t.Errorf("%s from %s: %d versus %d respondents, both shown", key, at.Format(time.RFC3339), na, nb)
			}
		}
	}
	t.Logf("%d query pairs over HTTP, each in JSON and CSV; %d question pairs visible on both sides", pairs, shown)
	if shown == 0 {
		t.Error("every pair was suppressed; the test tests nothing")
	}
}

// sameInCSV reads path as JSON and as CSV and checks that both carry the
// same cells, so that no format shows what the other hides.
func sameInCSV(t *testing.T, h *harness, path string) (listPage, [][]string) {
	t.Helper()
	js := h.list(h.boot.Secret, path)
	rows := csvRows(t, h.do("GET", path+"&format=csv", "", bearer(h.boot.Secret)...).body)
	if len(rows) != len(js.Data) {
		t.Fatalf("%s: CSV has %d rows, JSON %d", path, len(rows), len(js.Data))
	}
	for r, row := range js.Data {
		for c, col := range js.Meta.Columns {
			if got, want := rows[r][c], jsonCell(row[col]); got != want {
				t.Errorf("%s row %d %s: CSV %q, JSON %q", path, r, col, got, want)
			}
		}
	}
	return js, rows
}

// csvRows parses a CSV body, header dropped.
func csvRows(t *testing.T, body string) [][]string {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(rows) == 0 {
		t.Fatalf("CSV %q: %v", body, err)
	}
	return rows[1:]
}

// jsonCell writes a decoded JSON value as the CSV writer does, numbers to
// the CSV's stated precision.
func jsonCell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case float64:
		return httpapi.CSVNumber(v)
	}
	return fmt.Sprint(v)
}
