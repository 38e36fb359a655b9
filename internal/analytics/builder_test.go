package analytics

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hive-platform/hive/internal/hive"
)

// builderSurvey is two questions, one free text, and one attribute.
func builderSurvey() Survey {
	return Survey{ID: "s", Questions: []Question{
		{ID: "a", Key: "a", Type: TypeScale, Min: 1, Max: 5},
		{ID: "t", Key: "t", Type: TypeFreeText},
	}, Attributes: []Attribute{{ID: "dept", Segments: []Segment{{"sales", "Sales"}, {"ops", "Ops"}}}}}
}

// buildInOrder declares respondents r0..r{n-1} in the order given, each
// answering its index mod 5 + 1, in sales when even, and returns the
// statistics over everyone and over sales.
func buildInOrder(t *testing.T, order []int) [2]*Statistics {
	t.Helper()
	b, err := NewBuilder(builderSurvey(), len(order))
	must(t, err)
	at := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, i := range order {
		id := fmt.Sprintf("r%03d", i)
		var segs []string
		if i%2 == 0 {
			segs = []string{"sales"}
		}
		must(t, b.Respondent(id, at, segs...))
	}
	// Answers arrive after every declaration, so most lookups miss the
	// last-declared shortcut and go through the index.
	for _, i := range order {
		must(t, b.AnswerRow(fmt.Sprintf("r%03d", i), []int8{int8(i%5 + 1), Missing}))
	}
	d := b.Build()
	all, err := d.Statistics(Selection{}, 1)
	must(t, err)
	sales, err := d.Statistics(Selection{SegmentIDs: []string{"sales"}}, 1)
	must(t, err)
	return [2]*Statistics{all, sales}
}

func TestBuilderOrderDoesNotChangeResults(t *testing.T) {
	const n = 40
	sorted, shuffled := make([]int, n), make([]int, n)
	for i := range n {
		sorted[i], shuffled[i] = i, (i*17+5)%n
	}
	want := buildInOrder(t, sorted)
	if diff := cmp.Diff(want, buildInOrder(t, shuffled)); diff != "" {
		t.Errorf("shuffled rows differ from sorted ones (-sorted +shuffled):\n%s", diff)
	}
	if got := *want[0].Questions[0].ResponseCount; got != n {
		t.Errorf("response count = %d, want %d", got, n)
	}
}

func TestBuilderFindsDuplicatesInEitherOrder(t *testing.T) {
	at := time.Now()
	tests := []struct {
		name  string
		ids   []string
		field string
	}{
		{"sorted duplicate of the last id", []string{"r1", "r2", "r2"}, "response_id"},
		{"duplicate of an earlier id", []string{"r1", "r3", "r1"}, "response_id"},
		{"duplicate after rows went out of order", []string{"r5", "r2", "r9", "r2"}, "response_id"},
		{"empty id", []string{"r1", ""}, "response_id"},
	}
	for _, tt := range tests {
		b, err := NewBuilder(builderSurvey(), 0)
		must(t, err)
		for _, id := range tt.ids[:len(tt.ids)-1] {
			must(t, b.Respondent(id, at))
		}
		err = b.Respondent(tt.ids[len(tt.ids)-1], at)
		var he *hive.Error
		if !asHive(err, &he) || he.Details["field"] != tt.field {
			t.Errorf("%s: err = %v, want a field error on %q", tt.name, err, tt.field)
		}
	}
}

func TestAnswerRowRefusesFreeTextAndOutOfScale(t *testing.T) {
	b, err := NewBuilder(builderSurvey(), 0)
	must(t, err)
	must(t, b.Respondent("r1", time.Now()))
	must(t, b.Respondent("r2", time.Now()))
	tests := []struct {
		name   string
		id     string
		values []int8
		field  string
	}{
		{"value on a free-text question", "r1", []int8{3, 1}, "question"},
		{"value above the scale", "r1", []int8{6, Missing}, "value"},
		{"value below the scale", "r2", []int8{0, Missing}, "value"},
		{"undeclared respondent", "r0", []int8{3, Missing}, "response_id"},
		{"wrong row width", "r1", []int8{3}, "values"},
	}
	for _, tt := range tests {
		err := b.AnswerRow(tt.id, tt.values)
		var he *hive.Error
		if !asHive(err, &he) || he.Details["field"] != tt.field {
			t.Errorf("%s: err = %v, want a field error on %q", tt.name, err, tt.field)
		}
	}
}
