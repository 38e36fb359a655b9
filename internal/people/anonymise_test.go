package people_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/people"
)

// rosterOf repeats each (department, location, tenure) tuple n times.
func rosterOf(groups map[[3]string]int) [][]string {
	var out [][]string
	for _, k := range [][3]string{
		{"eng", "lon", "new"}, {"eng", "lon", "old"}, {"eng", "par", "new"}, {"eng", "par", "old"},
		{"ops", "lon", "new"}, {"ops", "lon", "old"}, {"ops", "par", "new"}, {"ops", "par", "old"},
	} {
		for range groups[k] {
			out = append(out, []string{k[0], k[1], k[2]})
		}
	}
	return out
}

func cols(v ...string) []*string {
	out := make([]*string, len(v))
	for i := range v {
		if v[i] != "" {
			out[i] = &v[i]
		}
	}
	return out
}

func TestAnonymiseNullsTheFewestMostIdentifyingColumns(t *testing.T) {
	roster := rosterOf(map[[3]string]int{
		{"eng", "lon", "new"}: 2, {"eng", "lon", "old"}: 10, {"eng", "par", "new"}: 1, {"eng", "par", "old"}: 3,
		{"ops", "lon", "new"}: 4, {"ops", "lon", "old"}: 9, {"ops", "par", "new"}: 6, {"ops", "par", "old"}: 5,
	})
	tests := []struct {
		name       string
		row        []*string
		want       []*string
		wantNulled int
		k          int
	}{
		{"a row matching enough people keeps every column", cols("eng", "lon", "old"), cols("eng", "lon", "old"), 0, 10},
		// eng·lon·new matches 2; without tenure eng·lon matches 12, without
		// location eng·new 3, without department lon·new 6: tenure goes.
		{"the column whose removal grows the group most goes first", cols("eng", "lon", "new"), cols("eng", "lon", ""), 1, 10},
		// eng·par·new matches 1; without tenure 4, without location 3,
		// without department 7: department goes. par·new (7) is still too
		// few; without tenure par matches 15, without location new 13.
		{"nulling repeats until the group is large enough", cols("eng", "par", "new"), cols("", "par", ""), 2, 10},
		// 40 people in all: with k = 41 nothing can stay.
		{"a roster smaller than k nulls everything", cols("eng", "par", "new"), cols("", "", ""), 3, 41},
		// eng·lon·old matches 10; without department lon·old 19, without
		// location eng·old 13, without tenure eng·lon 12: department goes.
		// lon·old (19) is below k = 20; old alone matches 27, lon 25.
		{"the largest group wins each step", cols("eng", "lon", "old"), cols("", "", "old"), 2, 20},
		// eng·par·old matches 3; without department par·old 8, without
		// location eng·old 13, without tenure eng·par 4: location goes, and
		// eng·old (13) is enough.
		{"one column can be enough", cols("eng", "par", "old"), cols("eng", "", "old"), 1, 10},
		// lon·new matches 6: lon (25) beats new (13).
		{"an absent column stays null and counts for nothing", cols("", "lon", "new"), cols("", "lon", ""), 1, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if n := people.Anonymise(tt.row, roster, tt.k); n != tt.wantNulled {
				t.Fatalf("nulled %d, want %d", n, tt.wantNulled)
			}
			if d := cmp.Diff(tt.want, tt.row); d != "" {
				t.Errorf("columns (-want +got):\n%s", d)
			}
		})
	}
}
