package analytics

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var guardDay0 = time.Date(2025, 3, 3, 0, 0, 0, 0, time.UTC)

// guardSurvey has teams a and b and sites x and y, with respondents spread
// over days at odd seconds:
//
//	day     0   1   2   3   5   6   9
//	team a 10  10   2   –  10   8   2   (3 of day 5 at site y, the rest x)
//	team b 15   –   –  15   –   –   –   (all at site y)
//
// Everyone answers three EI items and the eNPS question.
func guardSurvey(t testing.TB) *Dataset {
	t.Helper()
	s := Survey{ID: "srv_guard", Questions: []Question{
		{ID: "q1", Key: "e1", Category: "Pride", Type: TypeScale, Min: 1, Max: 5, InEI: true},
		{ID: "q2", Key: "e2", Category: "Pride", Type: TypeScale, Min: 1, Max: 5, InEI: true},
		{ID: "q3", Key: "e3", Category: "Pride", Type: TypeScale, Min: 1, Max: 5, InEI: true},
		{ID: "q4", Key: "enps", Type: TypeENPS, Min: 0, Max: 10},
		{ID: "q5", Key: "growth", Category: "Growth", Type: TypeScale, Min: 1, Max: 5},
	}, Attributes: []Attribute{
		{ID: "team", Name: "Team", Segments: []Segment{{"a", "A"}, {"b", "B"}}},
		{ID: "site", Name: "Site", Segments: []Segment{{"x", "X"}, {"y", "Y"}}},
	}}
	b, err := NewBuilder(s, 0)
	must(t, err)
	k := 0
	add := func(team, site string, day, n int) {
		for range n {
			id := fmt.Sprintf("r%03d", k)
			at := guardDay0.AddDate(0, 0, day).Add(time.Duration(3600+k*97) * time.Second)
			must(t, b.Respondent(id, at, team, site))
			for q := range 3 {
				must(t, b.Answer(id, q, 1+(k+q)%5))
			}
			must(t, b.Answer(id, 3, k%11))
			must(t, b.Answer(id, 4, 1+k%5))
			k++
		}
	}
	add("a", "x", 0, 10)
	add("b", "y", 0, 15)
	add("a", "x", 1, 10)
	add("a", "x", 2, 2)
	add("b", "y", 3, 15)
	add("a", "y", 5, 3)
	add("a", "x", 5, 7)
	add("a", "x", 6, 8)
	add("a", "x", 9, 2)
	return b.Build()
}

func day(n int) time.Time { return guardDay0.AddDate(0, 0, n) }

func TestGuardComparesEveryOneFilterNeighbour(t *testing.T) {
	d := guardSurvey(t)
	tests := []struct {
		name string
		sel  Selection
		want Reason
	}{
		{"segment far from every neighbour is shown", Selection{SegmentIDs: []string{"a"}}, ""},
		{"window whose next day holds two of the segment", Selection{SegmentIDs: []string{"a"}, From: day(0), To: day(2)}, AdjacentDayBelowThreshold},
		{"days without responses are not neighbours", Selection{SegmentIDs: []string{"a"}, From: day(0), To: day(4)}, ""},
		{"window whose previous day holds two of the segment", Selection{SegmentIDs: []string{"a"}, From: day(3), To: day(9)}, AdjacentDayBelowThreshold},
		{"segment outside the window is two people", Selection{SegmentIDs: []string{"a"}, From: day(0), To: day(7)}, WindowRemainderBelowThreshold},
		{"dropping one of two segments adds three", Selection{SegmentIDs: []string{"a", "x"}}, SegmentRemainderBelowThreshold},
		{"survey outside a window is two people", Selection{To: day(7)}, RemainderBelowThreshold},
		{"window on busy days is shown", Selection{From: day(1), To: day(5)}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := d.Statistics(tt.sel, 5)
			must(t, err)
			for _, q := range st.Questions {
				if q.SuppressionReason != tt.want {
					t.Errorf("statistics %s: reason %q, want %q", q.QuestionKey, q.SuppressionReason, tt.want)
				}
			}
			m, err := d.Metrics(MetricsRequest{Metric: Metric{Kind: MetricEI}, Selection: tt.sel, Threshold: 5})
			must(t, err)
			if m[0].SuppressionReason != tt.want {
				t.Errorf("EI: reason %q, want %q", m[0].SuppressionReason, tt.want)
			}
			kd, err := d.KeyDrivers(tt.sel, 5)
			must(t, err)
			for _, r := range kd {
				if r.SuppressionReason != tt.want {
					t.Errorf("Key Driver %s: reason %q, want %q", r.Driver, r.SuppressionReason, tt.want)
				}
			}
		})
	}
}

func TestWindowSnapsToWholeUTCDays(t *testing.T) {
	at := time.Date(2025, 3, 4, 15, 27, 0, 0, time.UTC)
	from, to := Selection{From: at, To: at.Add(time.Hour)}.Window()
	if want := day(1); !from.Equal(want) {
		t.Errorf("from = %v, want %v", from, want)
	}
	if want := day(2); !to.Equal(want) {
		t.Errorf("to = %v, want %v", to, want)
	}
	if _, to := (Selection{To: day(2)}).Window(); !to.Equal(day(2)) {
		t.Errorf("a midnight to moved to %v", to)
	}
	if f, to := (Selection{}).Window(); !f.IsZero() || !to.IsZero() {
		t.Errorf("open window became %v–%v", f, to)
	}
}

// TestOneSecondSlideChangesNothing is finding 1 on the engine: two windows
// a second apart, the second leaving out exactly one respondent, must give
// the same answer, since both resolve to the same days.
func TestOneSecondSlideChangesNothing(t *testing.T) {
	d := guardSurvey(t)
	first := time.Unix(d.submitted[30], 0).UTC() // a respondent of day 1
	a, err := d.Statistics(Selection{SegmentIDs: []string{"a"}, From: first}, 5)
	must(t, err)
	b, err := d.Statistics(Selection{SegmentIDs: []string{"a"}, From: first.Add(time.Second)}, 5)
	must(t, err)
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("one second later (-first +second):\n%s", diff)
	}
}
