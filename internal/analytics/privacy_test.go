package analytics

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var day0 = time.Date(2025, 1, 6, 12, 0, 0, 0, time.UTC)

// sizedSurvey has a "team" attribute whose segments hold sizes[i]
// respondents, plus notSpecified respondents without a team. Respondent k
// is submitted on day k. Everyone answers three EI items, eNPS and one
// option question; a segment's answers depend on the segment, so every
// group has its own means.
func sizedSurvey(t testing.TB, sizes []int, notSpecified int) *Dataset {
	t.Helper()
	segs := make([]Segment, len(sizes))
	for i := range segs {
		segs[i] = Segment{ID: fmt.Sprintf("t%d", i), Name: fmt.Sprintf("Team %d", i)}
	}
	s := Survey{ID: "srv_sized", Questions: []Question{
		{ID: "q1", Key: "e1", Type: TypeScale, Min: 1, Max: 5, InEI: true},
		{ID: "q2", Key: "e2", Type: TypeScale, Min: 1, Max: 5, InEI: true},
		{ID: "q3", Key: "e3", Type: TypeScale, Min: 1, Max: 5, InEI: true},
		{ID: "q4", Key: "enps", Type: TypeENPS, Min: 0, Max: 10},
		{ID: "q5", Key: "opt", Type: TypeOption, Min: 0, Max: 1},
	}, Attributes: []Attribute{{ID: "team", Name: "Team", Segments: segs, NotSpecified: "team_ns"}}}
	b, err := NewBuilder(s, 0)
	must(t, err)
	k := 0
	add := func(seg int, segIDs ...string) {
		id := fmt.Sprintf("r%d", k)
		must(t, b.Respondent(id, day0.AddDate(0, 0, k), segIDs...))
		for q := range 3 {
			must(t, b.Answer(id, q, 1+(seg*2+k+q)%5))
		}
		must(t, b.Answer(id, 3, (seg*3+k)%11))
		must(t, b.Answer(id, 4, k%2))
		k++
	}
	for i, n := range sizes {
		for range n {
			add(i, segs[i].ID)
		}
	}
	for range notSpecified {
		add(len(sizes))
	}
	return b.Build()
}

// heatReasons returns the suppression reason per segment of one heatmap row.
func heatReasons(rows []HeatmapRow, rowType, key string) map[string]Reason {
	out := map[string]Reason{}
	for _, r := range rows {
		if r.RowType == rowType && (key == "" || *r.QuestionKey == key) {
			out[r.SegmentID] = r.SuppressionReason
		}
	}
	return out
}

func TestBelowThresholdCellIsNullNeverZero(t *testing.T) {
	d := sizedSurvey(t, []int{10, 8, 2}, 0)
	rows, err := d.Heatmap("team", 5)
	must(t, err)
	for _, r := range rows {
		if r.SegmentID != "t2" {
			continue
		}
		if r.SuppressionReason != BelowThreshold {
			t.Fatalf("%s t2 reason = %q, want below_threshold", r.RowType, r.SuppressionReason)
		}
		assertNulls(t, r, "response_count", "score", "mean", "favourable_pct", "delta_score", "delta_mean", "delta_favourable_pct")
		// The survey-wide values stay on the row.
		if r.OverallResponseCount == nil || r.OverallScore == nil {
			t.Errorf("%s t2 lost its overall values", r.RowType)
		}
	}
	b, _ := json.Marshal(rows[0])
	var visible map[string]any
	must(t, json.Unmarshal(b, &visible))
	if v, ok := visible["suppression_reason"]; !ok || v != nil || visible["suppressed"] != false {
		t.Errorf("visible row: suppressed %v, suppression_reason %v; want false and null", visible["suppressed"], v)
	}
}

// assertNulls marshals v and checks that each named field is JSON null and
// the row says why.
func assertNulls(t *testing.T, v any, fields ...string) {
	t.Helper()
	b, err := json.Marshal(v)
	must(t, err)
	var m map[string]any
	must(t, json.Unmarshal(b, &m))
	for _, f := range fields {
		if val, ok := m[f]; !ok || val != nil {
			t.Errorf("%s = %v (present %v), want null in %s", f, val, ok, b)
		}
	}
	if m["suppressed"] != true || m["suppression_reason"] == nil {
		t.Errorf("suppressed row says suppressed=%v reason=%v", m["suppressed"], m["suppression_reason"])
	}
}

func TestComplementarySuppression(t *testing.T) {
	tests := []struct {
		name         string
		sizes        []int
		notSpecified int
		want         map[string]Reason
	}{
		{"one small segment hides the next smallest", []int{20, 10, 3, 8}, 0,
			map[string]Reason{"t0": "", "t1": "", "t2": BelowThreshold, "t3": Complementary, "team_ns": BelowThreshold}},
		{"not specified counts in the breakdown", []int{20, 10}, 2,
			map[string]Reason{"t0": "", "t1": Complementary, "team_ns": BelowThreshold}},
		{"hidden cells already past the threshold hide nothing more", []int{20, 10, 4, 3}, 0,
			map[string]Reason{"t0": "", "t1": "", "t2": BelowThreshold, "t3": BelowThreshold, "team_ns": BelowThreshold}},
		{"complement repeats until the hidden total reaches the threshold", []int{30, 1, 1, 1}, 1,
			map[string]Reason{"t0": Complementary, "t1": BelowThreshold, "t2": BelowThreshold, "t3": BelowThreshold, "team_ns": BelowThreshold}},
		{"no small segment hides nothing", []int{20, 10}, 0,
			map[string]Reason{"t0": "", "t1": "", "team_ns": BelowThreshold}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sizedSurvey(t, tt.sizes, tt.notSpecified)
			rows, err := d.Heatmap("team", 5)
			must(t, err)
			for _, probe := range []struct{ typ, key string }{{RowQuestion, "e1"}, {RowEI, ""}, {RowENPS, ""}} {
				if diff := cmp.Diff(tt.want, heatReasons(rows, probe.typ, probe.key)); diff != "" {
					t.Errorf("%s row (-want +got):\n%s", probe.typ, diff)
				}
			}
		})
	}
}

// TestDifferencingAttackLearnsNoSmallGroup plays the attacker: for every
// heatmap row and for the facets, it subtracts the visible segments from the
// survey total. Whatever is left must be a group of at least the threshold,
// never the two people of team t3 on their own.
func TestDifferencingAttackLearnsNoSmallGroup(t *testing.T) {
	const threshold = 5
	d := sizedSurvey(t, []int{30, 12, 9, 2}, 1)
	rows, err := d.Heatmap("team", threshold)
	must(t, err)
	type key struct{ typ, q string }
	type residual struct {
		n   int
		sum float64
	}
	left := map[key]*residual{}
	for _, r := range rows {
		k := key{r.RowType, fmt.Sprint(deref2(r.QuestionKey))}
		res, ok := left[k]
		if !ok {
			res = &residual{n: *r.OverallResponseCount, sum: *r.OverallScore * float64(*r.OverallResponseCount)}
			left[k] = res
		}
		if !r.Suppressed {
			res.n -= *r.ResponseCount
			res.sum -= *r.Score * float64(*r.ResponseCount)
		}
	}
	for k, res := range left {
		if res.n > 0 && res.n < threshold {
			t.Errorf("%v: overall minus visible segments isolates %d respondents (score %v)", k, res.n, res.sum/float64(res.n))
		}
	}
	f, err := d.Facets(threshold)
	must(t, err)
	n := *f.RespondentCount
	for _, s := range f.Segments {
		if s.RespondentCount != nil {
			n -= *s.RespondentCount
		}
	}
	if n > 0 && n < threshold {
		t.Errorf("facets: total minus visible segment counts sizes a group of %d", n)
	}
	// Filtering to everyone but the small teams and comparing with the
	// whole survey is the other route; the remainder rule closes it.
	st, err := d.Statistics(Selection{From: day0, To: day0.AddDate(0, 0, 51)}, threshold)
	must(t, err)
	for _, q := range st.Questions {
		if q.SuppressionReason != RemainderBelowThreshold {
			t.Errorf("%s over all but the last 3 respondents: reason %q, want remainder_below_threshold", q.QuestionKey, q.SuppressionReason)
		}
	}
}

func deref2(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func TestFiltersNeedGroupAndRemainderAboveThreshold(t *testing.T) {
	d := sizedSurvey(t, []int{20, 3, 10}, 0)
	tests := []struct {
		name string
		sel  Selection
		want Reason
	}{
		{"segment whose remainder is large", Selection{SegmentIDs: []string{"t2"}}, ""},
		{"segment below threshold", Selection{SegmentIDs: []string{"t1"}}, BelowThreshold},
		{"two segments intersect to nobody", Selection{SegmentIDs: []string{"t0", "t2"}}, BelowThreshold},
		{"date range leaving three out", Selection{From: day0.AddDate(0, 0, 3)}, RemainderBelowThreshold},
		// One respondent a day: moving to by a day would add exactly one.
		{"date range leaving eleven out, one on the next day", Selection{To: day0.AddDate(0, 0, 22)}, AdjacentDayBelowThreshold},
		{"date range covering everyone leaves nobody to reveal", Selection{From: day0.AddDate(-1, 0, 0)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := d.Statistics(tt.sel, 5)
			must(t, err)
			q := st.Questions[0]
			if q.SuppressionReason != tt.want {
				t.Fatalf("reason = %q, want %q", q.SuppressionReason, tt.want)
			}
			if tt.want != "" {
				assertNulls(t, q, "response_count", "mean", "average_score_100", "favourable_pct", "neutral_pct", "unfavourable_pct")
				for _, dr := range st.Distribution {
					if dr.QuestionID == q.QuestionID && (dr.Count != nil || dr.Pct != nil || dr.SuppressionReason != tt.want) {
						t.Errorf("distribution row of a suppressed question is visible: %+v", dr)
					}
				}
			}
			m, err := d.Metrics(MetricsRequest{Metric: Metric{Kind: MetricEI}, Selection: tt.sel, Threshold: 5})
			must(t, err)
			if m[0].SuppressionReason != tt.want {
				t.Errorf("EI reason = %q, want %q", m[0].SuppressionReason, tt.want)
			}
		})
	}
}

func TestKeyDriversFilterRules(t *testing.T) {
	g := genSurvey(t, 600, 4, 5)
	// Respondent r is submitted on 1 Jan + r%180 days; ending on 29 June
	// leaves out r = 179, 359 and 539, three respondents the survey total
	// minus this answer would describe.
	rows, err := g.ds.KeyDrivers(Selection{To: time.Date(2025, 6, 29, 0, 0, 0, 0, time.UTC)}, 5)
	must(t, err)
	for _, r := range rows {
		if r.SuppressionReason != RemainderBelowThreshold {
			t.Fatalf("%s reason = %q, want remainder_below_threshold", r.Driver, r.SuppressionReason)
		}
		assertNulls(t, r, "n", "r", "p_value", "relative_weight", "influence_pct", "score", "action", "impact_source")
	}
}

func TestPeriodBySegmentComplementsBothWays(t *testing.T) {
	// Respondent k is submitted on 6 Jan + k days: k 0–25 in January, 26–39
	// in February. Teams: t0 k 0–30, t1 31–36, t2 37–39. Cells:
	//
	//	         t0   t1   t2   ns
	//	2025-01  26    0    0    0
	//	2025-02   5    6    3    0
	//
	// February's t2 (3) is below 5; February minus its visible cells would
	// give it away, so the smallest visible February cell, t0 (5), goes too.
	// Then t0's column hides 5 ≥ 5, and nothing more is needed.
	d := sizedSurvey(t, []int{31, 6, 3}, 0)
	rows, err := d.Metrics(MetricsRequest{Metric: Metric{Kind: MetricENPS}, Interval: Month, AttributeID: "team", Threshold: 5})
	must(t, err)
	got := map[string]Reason{}
	for _, r := range rows {
		got[*r.Period+" "+*r.SegmentID] = r.SuppressionReason
		if !r.Suppressed && r.ResponseCount == nil {
			t.Errorf("visible cell without a count: %+v", r)
		}
	}
	want := map[string]Reason{
		"2025-01 t0": "", "2025-01 t1": BelowThreshold, "2025-01 t2": BelowThreshold, "2025-01 team_ns": BelowThreshold,
		"2025-02 t0": Complementary, "2025-02 t1": "", "2025-02 t2": BelowThreshold, "2025-02 team_ns": BelowThreshold,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestFacets(t *testing.T) {
	d := sizedSurvey(t, []int{20, 10, 3}, 0)
	f, err := d.Facets(5)
	must(t, err)
	got := map[string]*int{}
	for _, s := range f.Segments {
		got[s.SegmentID] = s.RespondentCount
		if s.Reportable == s.Suppressed {
			t.Errorf("%s reportable %v but suppressed %v", s.SegmentID, s.Reportable, s.Suppressed)
		}
	}
	if got["t0"] == nil || *got["t0"] != 20 || got["t1"] != nil || got["t2"] != nil || got["team_ns"] != nil {
		t.Errorf("segment counts t0=%v t1=%v t2=%v ns=%v; want 20, then null (complementary), null, null",
			deref3(got["t0"]), deref3(got["t1"]), deref3(got["t2"]), deref3(got["team_ns"]))
	}
	var months []string
	for _, b := range f.Buckets {
		if b.Interval == Month {
			months = append(months, b.Period)
		}
	}
	if diff := cmp.Diff([]string{"2025-01", "2025-02"}, months); diff != "" {
		t.Errorf("months (-want +got):\n%s", diff)
	}
}

func deref3(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
