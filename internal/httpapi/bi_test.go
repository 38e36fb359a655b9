package httpapi_test

import (
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hive-platform/hive/internal/people/peopletest"
	"github.com/hive-platform/hive/internal/synth"
)

// wholePage is what a BI list answers, with the fields these tests read.
type wholePage struct {
	Data       []map[string]any
	Pagination struct {
		NextCursor *string `json:"next_cursor"`
	}
	Meta struct {
		Count     int
		Limit     int
		RowCap    int `json:"row_cap"`
		Truncated bool
	}
}

// TestHeatmapURLPastedAsIsReturnsEveryRow pins the guide's Power BI step:
// the heatmap URL of a generated 600-person survey, with no query, answers
// every row in one response, in JSON and in CSV, the same rows that paging
// through it gives; and the CSV's numbers stay short.
func TestHeatmapURLPastedAsIsReturnsEveryRow(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 2,000 generated employees")
	}
	h := newHarness(t)
	start := time.Now()
	org := synth.Generate(synth.Options{Seed: 7, Employees: 600})
	sv := peopletest.LoadSurvey(t, h.people, h.owner, org, org.Engagement())
	path := "/v1/heatmap/" + sv.ID
	t.Logf("loaded in %v", time.Since(start))

	paged := 0
	for next := path + "?limit=1000"; ; {
		p := h.list(h.boot.Secret, next)
		paged += len(p.Data)
		if p.Pagination.NextPath == nil {
			break
		}
		next = *p.Pagination.NextPath
	}
	if paged <= 1000 {
		t.Fatalf("the heatmap has %d rows; the test needs more than one page", paged)
	}

	start = time.Now()
	r := h.do("GET", path, "", bearer(h.boot.Secret)...)
	t.Logf("GET %s: %d rows, %d bytes in %v", path, paged, len(r.body), time.Since(start))
	var whole wholePage
	if err := json.Unmarshal([]byte(r.body), &whole); err != nil {
		t.Fatalf("%d %v: %.300s", r.status, err, r.body)
	}
	if len(whole.Data) != paged || whole.Meta.Count != paged || whole.Meta.Truncated || whole.Pagination.NextCursor != nil {
		t.Errorf("pasted URL: %d rows (meta %+v, next %v), paging gives %d", len(whole.Data), whole.Meta, whole.Pagination.NextCursor, paged)
	}
	if r.header.Get("X-Hive-Truncated") != "false" || whole.Meta.RowCap != 100000 || r.header.Get("X-Hive-Row-Cap") != "100000" {
		t.Errorf("X-Hive-Truncated %q, X-Hive-Row-Cap %q, meta.row_cap %d", r.header.Get("X-Hive-Truncated"), r.header.Get("X-Hive-Row-Cap"), whole.Meta.RowCap)
	}

	r = h.do("GET", path+"?format=csv", "", bearer(h.boot.Secret)...)
	recs, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil || len(recs)-1 != paged {
		t.Errorf("CSV: %d records after the header, want %d (%v)", len(recs)-1, paged, err)
	}
	assertShortNumbers(t, "heatmap", recs)

	// Key drivers over 2,000 people have p-values far below 1e-20: written
	// in full they were 166 characters long.
	r = h.do("GET", "/v1/surveys/"+sv.ID+"/key-drivers", "", bearer(h.boot.Secret)...)
	var kd wholePage
	json.Unmarshal([]byte(r.body), &kd)
	tiny := false
	for _, d := range kd.Data {
		if p, ok := d["p_value"].(float64); ok && p > 0 && p < 1e-20 {
			tiny = true
		}
	}
	if !tiny {
		t.Fatal("no p_value below 1e-20; the CSV precision check below would prove nothing")
	}
	r = h.do("GET", "/v1/surveys/"+sv.ID+"/key-drivers?format=csv", "", bearer(h.boot.Secret)...)
	recs, err = csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	assertShortNumbers(t, "key-drivers", recs)
}

// assertShortNumbers fails on a numeric cell with more than ten
// significant digits or longer than 20 characters.
func assertShortNumbers(t *testing.T, what string, recs [][]string) {
	t.Helper()
	for _, rec := range recs[1:] {
		for i, cell := range rec {
			if _, err := strconv.ParseFloat(cell, 64); err != nil {
				continue
			}
			mant, _, _ := strings.Cut(strings.ToLower(cell), "e")
			digits := strings.TrimLeft(strings.NewReplacer("-", "", ".", "").Replace(mant), "0")
			if len(cell) > 20 || len(digits) > 10 {
				t.Errorf("%s: %s = %q", what, recs[0][i], cell)
				return
			}
		}
	}
}

// TestCSVByteOrderMarkForExcel pins ?bom=true: the CSV starts with the
// UTF-8 BOM, Excel's cue for UTF-8, and "3–6m" and "café" are UTF-8 after
// it; without it there is no BOM.
func TestCSVByteOrderMarkForExcel(t *testing.T) {
	h := newHarness(t)
	csvBody := "employee_id,email,first_name,last_name,start_date,date_of_birth,department\nE1,e1@x.test,A,A,,,café\n"
	if _, err := h.admin().ImportPeople(t.Context(), strings.NewReader(csvBody), -1, false); err != nil {
		t.Fatal(err)
	}
	r := h.do("GET", "/v1/attributes?format=csv&bom=true", "", bearer(h.boot.Secret)...)
	body, ok := strings.CutPrefix(r.body, "\uFEFF")
	if !ok || !utf8.ValidString(body) || !strings.Contains(body, ",3–6m,") || !strings.Contains(body, ",café,") {
		t.Errorf("bom=true: %d %q", r.status, r.body[:min(len(r.body), 400)])
	}
	if !strings.HasPrefix(body, "attribute_id,") {
		t.Errorf("the header row does not follow the BOM: %q", body[:20])
	}
	if r = h.do("GET", "/v1/attributes?format=csv", "", bearer(h.boot.Secret)...); strings.HasPrefix(r.body, "\uFEFF") {
		t.Error("a BOM without bom=true")
	}
	if r = h.do("GET", "/v1/attributes?bom=true", "", bearer(h.boot.Secret)...); r.status != 400 || r.err.Error.Details["field"] != "bom" {
		t.Errorf("bom=true on JSON: %d %s", r.status, r.body)
	}
}
