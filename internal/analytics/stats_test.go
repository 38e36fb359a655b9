package analytics

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/hive"
)

// smallSurvey is the hand-computed fixture. Five respondents, "-" unanswered:
//
//	      eng1 eng2 eng3 enps growth opt  band  dept
//	r1     5    4    5    10    4     0    9   sales
//	r2     4    4    3     9    3     1    8   sales
//	r3     2    3    -     6    2     1    6   ops
//	r4     1    -    -     7    -     2   10   ops
//	r5     3    5    4     8    5     -    7   (not specified)
//
// eng1–eng3 are the Engagement Index (1–5); band is 0–10 with its own bands
// (favourable ≥ 9, unfavourable ≤ 6).
func smallSurvey(t testing.TB) *Dataset {
	t.Helper()
	s := Survey{ID: "srv_small", Questions: []Question{
		{ID: "q1", Key: "eng1", Category: "Engagement", Type: TypeScale, Min: 1, Max: 5, InEI: true},
		{ID: "q2", Key: "eng2", Category: "Engagement", Type: TypeScale, Min: 1, Max: 5, InEI: true},
		{ID: "q3", Key: "eng3", Category: "Engagement", Type: TypeScale, Min: 1, Max: 5, InEI: true},
		{ID: "q4", Key: "enps", Type: TypeENPS, Min: 0, Max: 10},
		{ID: "q5", Key: "growth", Category: "Growth", Type: TypeScale, Min: 1, Max: 5},
		{ID: "q6", Key: "opt", Type: TypeOption, Min: 0, Max: 2},
		{ID: "q7", Key: "comment", Type: TypeFreeText},
		{ID: "q8", Key: "band", Type: TypeScale, Min: 0, Max: 10, Bands: &Bands{FavourableMin: 9, UnfavourableMax: 6}},
	}, Attributes: []Attribute{{ID: "dept", Name: "Department", Segments: []Segment{{"sales", "Sales"}, {"ops", "Ops"}}}}}
	const x = -1
	answers := [][]int{
		{5, 4, 5, 10, 4, 0, x, 9},
		{4, 4, 3, 9, 3, 1, x, 8},
		{2, 3, x, 6, 2, 1, x, 6},
		{1, x, x, 7, x, 2, x, 10},
		{3, 5, 4, 8, 5, x, x, 7},
	}
	segs := [][]string{{"sales"}, {"sales"}, {"ops"}, {"ops"}, nil}
	b, err := NewBuilder(s, len(answers))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	for i, row := range answers {
		id := string(rune('1' + i))
		must(t, b.Respondent("r"+id, at.AddDate(0, i, 0), segs[i]...))
		for q, v := range row {
			if v != x {
				must(t, b.Answer("r"+id, q, v))
			}
		}
	}
	return b.Build()
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var approx = cmpopts.EquateApprox(0, 1e-9)

func TestQuestionStatisticsHandComputed(t *testing.T) {
	d := smallSurvey(t)
	st, err := d.Statistics(Selection{}, 1)
	must(t, err)
	got := map[string]QuestionStats{}
	for _, q := range st.Questions {
		got[q.QuestionKey] = q
	}
	if _, ok := got["comment"]; ok {
		t.Error("free-text question has statistics")
	}
	want := map[string]QuestionStats{
		// eng1: 5+4+2+1+3 = 15 over 5 → mean 3; (3−1)/(5−1)·100 = 50;
		// favourable {5,4} 2/5, neutral {3} 1/5, unfavourable {2,1} 2/5.
		"eng1": {api.QuestionFigures{SurveyID: "srv_small", QuestionID: "q1", QuestionKey: "eng1", QuestionType: string(TypeScale), ResponseCount: ptr(5),
			Mean: ptr(3.0), AverageScore100: ptr(50.0), FavourablePct: ptr(40.0), NeutralPct: ptr(20.0), UnfavourablePct: ptr(40.0)}, Privacy{}},
		// eng3: 5+3+4 = 12 over 3 → 4; (4−1)/4·100 = 75; favourable {5,4} 2/3, neutral {3} 1/3.
		"eng3": {api.QuestionFigures{SurveyID: "srv_small", QuestionID: "q3", QuestionKey: "eng3", QuestionType: string(TypeScale), ResponseCount: ptr(3),
			Mean: ptr(4.0), AverageScore100: ptr(75.0), FavourablePct: ptr(200.0 / 3), NeutralPct: ptr(100.0 / 3), UnfavourablePct: ptr(0.0)}, Privacy{}},
		// enps as a question, 0–10 default bands: 10+9+6+7+8 = 40 over 5 → 8; 80;
		// favourable ≥ 7 {10,9,7,8} 4/5, neutral 5–6 {6} 1/5, unfavourable 0.
		"enps": {api.QuestionFigures{SurveyID: "srv_small", QuestionID: "q4", QuestionKey: "enps", QuestionType: string(TypeENPS), ResponseCount: ptr(5),
			Mean: ptr(8.0), AverageScore100: ptr(80.0), FavourablePct: ptr(80.0), NeutralPct: ptr(20.0), UnfavourablePct: ptr(0.0)}, Privacy{}},
		// opt: answered by 4, no mean or bands.
		"opt": {api.QuestionFigures{SurveyID: "srv_small", QuestionID: "q6", QuestionKey: "opt", QuestionType: string(TypeOption), ResponseCount: ptr(4)}, Privacy{}},
		// band, own bands: 9+8+6+10+7 = 40 → 8; (8−0)/10·100 = 80;
		// favourable ≥ 9 {9,10} 2/5, unfavourable ≤ 6 {6} 1/5, neutral {8,7} 2/5.
		"band": {api.QuestionFigures{SurveyID: "srv_small", QuestionID: "q8", QuestionKey: "band", QuestionType: string(TypeScale), ResponseCount: ptr(5),
			Mean: ptr(8.0), AverageScore100: ptr(80.0), FavourablePct: ptr(40.0), NeutralPct: ptr(40.0), UnfavourablePct: ptr(20.0)}, Privacy{}},
	}
	for k, w := range want {
		if diff := cmp.Diff(w, got[k], approx); diff != "" {
			t.Errorf("%s (-want +got):\n%s", k, diff)
		}
	}
	var optDist []DistributionRow
	for _, r := range st.Distribution {
		if r.QuestionID == "q6" {
			optDist = append(optDist, r)
		}
	}
	// opt values 0,1,1,2 of 4 answers.
	wantDist := []DistributionRow{
		{api.DistributionFigures{SurveyID: "srv_small", QuestionID: "q6", QuestionKey: "opt", Value: 0, Count: ptr(1), Pct: ptr(25.0)}, Privacy{}},
		{api.DistributionFigures{SurveyID: "srv_small", QuestionID: "q6", QuestionKey: "opt", Value: 1, Count: ptr(2), Pct: ptr(50.0)}, Privacy{}},
		{api.DistributionFigures{SurveyID: "srv_small", QuestionID: "q6", QuestionKey: "opt", Value: 2, Count: ptr(1), Pct: ptr(25.0)}, Privacy{}},
	}
	if diff := cmp.Diff(wantDist, optDist, approx); diff != "" {
		t.Errorf("opt distribution (-want +got):\n%s", diff)
	}
}

func TestMetricsHandComputed(t *testing.T) {
	d := smallSurvey(t)
	tests := []struct {
		name   string
		metric Metric
		want   MetricValue
	}{
		// eNPS: promoters 9–10 {10,9} 2, passives 7–8 {7,8} 2, detractors 0–6 {6} 1;
		// 100·(2−1)/5 = 20.
		{"enps", Metric{Kind: MetricENPS}, MetricValue{ResponseCount: ptr(5), Score: ptr(20.0),
			PromotersPct: ptr(40.0), PassivesPct: ptr(40.0), DetractorsPct: ptr(20.0)}},
		// EI person values on 0–100 ((v−1)·25), two of three items needed:
		// r1 (100+75+100)/3 = 91.667 fav (≥ 75); r2 (75+75+50)/3 = 66.667;
		// r3 (25+50)/2 = 37.5; r4 answered one item only: not counted;
		// r5 (50+100+75)/3 = 75 fav (at the band).
		// Index (91.667+66.667+37.5+75)/4 = 67.708; favourable 2/4.
		{"engagement index leaves out a person below two thirds", Metric{Kind: MetricEI},
			MetricValue{ResponseCount: ptr(4), Score: ptr((275.0/3 + 200.0/3 + 37.5 + 75) / 4), FavourablePct: ptr(50.0)}},
		// Custom over eng1 and growth, both needed (⌈2·2/3⌉ = 2):
		// r1 (100+75)/2 = 87.5 fav; r2 (75+50)/2 = 62.5; r3 (25+25)/2 = 25;
		// r4 lacks growth; r5 (50+100)/2 = 75 fav. (87.5+62.5+25+75)/4 = 62.5.
		{"custom metric", Metric{Kind: MetricCustom, ID: "cm1", QuestionKeys: []string{"eng1", "growth"}},
			MetricValue{ResponseCount: ptr(4), Score: ptr(62.5), FavourablePct: ptr(50.0)}},
		// average_score over every scale question, one answer enough:
		// r1 (100+75+100+75+90)/5 = 88; r2 (75+75+50+50+80)/5 = 66;
		// r3 (25+50+25+60)/4 = 40; r4 (0+100)/2 = 50; r5 (50+100+75+100+70)/5 = 79.
		// (88+66+40+50+79)/5 = 64.6. A person is favourable at or above the
		// mean of their items' favourable bounds (75 on 1–5, 90 for band):
		// r1 88 ≥ 78 and r5 79 ≥ 78 are; r2 66, r3 40 < 78.75, r4 50 < 82.5
		// are not: 2/5.
		{"average score", Metric{Kind: MetricAverage},
			MetricValue{ResponseCount: ptr(5), Score: ptr(64.6), FavourablePct: ptr(40.0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := d.Metrics(MetricsRequest{Metric: tt.metric, Threshold: 1})
			must(t, err)
			if len(rows) != 1 {
				t.Fatalf("got %d rows, want 1", len(rows))
			}
			if diff := cmp.Diff(tt.want, rows[0].MetricValue, approx); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestMetricsByPeriodAndSegment(t *testing.T) {
	d := smallSurvey(t)
	// Respondents were submitted on the 10th of March..July 2025, one a
	// month: quarters Q1 {r1}, Q2 {r2,r3,r4}, Q3 {r5}.
	rows, err := d.Metrics(MetricsRequest{Metric: Metric{Kind: MetricENPS}, Interval: Quarter, Threshold: 1})
	must(t, err)
	var got []string
	for _, r := range rows {
		got = append(got, *r.Period)
	}
	if diff := cmp.Diff([]string{"2025-Q1", "2025-Q2", "2025-Q3"}, got); diff != "" {
		t.Errorf("periods (-want +got):\n%s", diff)
	}
	// Q2: 9 promoter, 6 detractor, 7 passive → 100·(1−1)/3 = 0.
	if r := rows[1]; *r.ResponseCount != 3 || *r.Score != 0 {
		t.Errorf("Q2 = %d respondents, score %v; want 3 and 0", *r.ResponseCount, *r.Score)
	}
	rows, err = d.Metrics(MetricsRequest{Metric: Metric{Kind: MetricENPS}, AttributeID: "dept", Threshold: 1})
	must(t, err)
	// sales {10, 9}: 100; ops {6, 7}: −50; not specified {8}: 0.
	want := map[string]float64{"sales": 100, "ops": -50, "dept:not_specified": 0}
	for _, r := range rows {
		if *r.Score != want[*r.SegmentID] {
			t.Errorf("segment %s eNPS = %v, want %v", *r.SegmentID, *r.Score, want[*r.SegmentID])
		}
	}
}

func TestHeatmapDeltas(t *testing.T) {
	d := smallSurvey(t)
	rows, err := d.Heatmap("dept", 1)
	must(t, err)
	var eng1Sales, eiOps *HeatmapRow
	for i, r := range rows {
		switch {
		case r.RowType == RowQuestion && *r.QuestionKey == "eng1" && r.SegmentID == "sales":
			eng1Sales = &rows[i]
		case r.RowType == RowEI && r.SegmentID == "ops":
			eiOps = &rows[i]
		}
	}
	// eng1 in sales {5,4}: mean 4.5, score 87.5; overall mean 3, score 50.
	if *eng1Sales.Mean != 4.5 || *eng1Sales.Score != 87.5 || *eng1Sales.DeltaScore != 37.5 || *eng1Sales.DeltaMean != 1.5 {
		t.Errorf("eng1 sales row = mean %v score %v delta %v", *eng1Sales.Mean, *eng1Sales.Score, *eng1Sales.DeltaScore)
	}
	// EI in ops: r3 37.5 only (r4 not counted); delta 37.5 − 67.708.
	if *eiOps.ResponseCount != 1 || math.Abs(*eiOps.DeltaScore-(37.5-(275.0/3+200.0/3+37.5+75)/4)) > 1e-9 {
		t.Errorf("EI ops row = n %d delta %v", *eiOps.ResponseCount, *eiOps.DeltaScore)
	}
	// 8 questions: 6 numeric + EI + eNPS rows = 8, × 3 segments.
	if len(rows) != 8*3 {
		t.Errorf("got %d rows, want 24", len(rows))
	}
}

func TestBuilderRefusesBadInput(t *testing.T) {
	d := smallSurvey(t)
	s := d.Survey()
	b, err := NewBuilder(Survey{ID: "s", Questions: []Question{{ID: "a", Key: "a", Type: TypeScale, Min: 1, Max: 5}}}, 0)
	must(t, err)
	must(t, b.Respondent("r1", time.Now()))
	tests := []struct {
		name  string
		err   error
		field string
	}{
		{"value above the scale", b.Answer("r1", 0, 6), "value"},
		{"undeclared respondent", b.Answer("r9", 0, 3), "response_id"},
		{"duplicate respondent", b.Respondent("r1", time.Now()), "response_id"},
		{"unknown segment", b.Respondent("r2", time.Now(), "nope"), "segment_id"},
		{"no submission time", b.Respondent("r3", time.Time{}), "submitted_at"},
		{"enps not 0–10", func() error {
			_, err := NewBuilder(Survey{Questions: []Question{{ID: "a", Key: "a", Type: TypeENPS, Min: 1, Max: 5}}}, 0)
			return err
		}(), "questions[0]"},
		{"too many segment filters", func() error {
			_, err := d.Statistics(Selection{SegmentIDs: []string{"sales", "ops", "dept:not_specified"}}, 1)
			return err
		}(), "segment_id"},
		{"unknown custom metric key", func() error {
			_, err := d.Metrics(MetricsRequest{Metric: Metric{Kind: MetricCustom, QuestionKeys: []string{"zzz"}}, Threshold: 1})
			return err
		}(), "question_keys"},
		{"zero threshold", func() error { _, err := d.Heatmap("dept", 0); return err }(), "threshold"},
		{"unknown attribute", func() error { _, err := d.Heatmap("zzz", 1); return err }(), "attribute_id"},
	}
	for _, tt := range tests {
		var he *hive.Error
		if !asHive(tt.err, &he) || he.Details["field"] != tt.field {
			t.Errorf("%s: err = %v, want a field error on %q", tt.name, tt.err, tt.field)
		}
	}
	if len(s.Attributes[0].Segments) != 3 || s.Attributes[0].NotSpecified != "dept:not_specified" {
		t.Errorf("attribute segments = %+v, want Not specified appended", s.Attributes[0])
	}
}

func asHive(err error, target **hive.Error) bool {
	he, ok := err.(*hive.Error)
	*target = he
	return ok
}

func TestAnswerRowMatchesAnswer(t *testing.T) {
	want := smallSurvey(t)
	b, err := NewBuilder(*want.Survey(), 0)
	must(t, err)
	for r := range want.Respondents() {
		row := make([]int8, len(want.cols))
		for q := range row {
			row[q] = want.cols[q][r]
		}
		must(t, b.Respondent(want.ids[r], time.Unix(want.submitted[r], 0)))
		must(t, b.AnswerRow(want.ids[r], row))
	}
	if err := b.AnswerRow(want.ids[0], []int8{9, Missing, Missing, Missing, Missing, Missing, Missing, Missing}); err == nil {
		t.Error("AnswerRow took 9 on a 1–5 question")
	}
	got := b.Build()
	ws, _ := want.Statistics(Selection{}, 1)
	gs, _ := got.Statistics(Selection{}, 1)
	if diff := cmp.Diff(ws, gs); diff != "" {
		t.Errorf("(-Answer +AnswerRow):\n%s", diff)
	}
}
