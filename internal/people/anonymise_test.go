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
		pinned     int
		want       []*string
		wantNulled int
		wantOK     bool
		k          int
	}{
		{"a row matching enough people keeps every column", cols("eng", "lon", "old"), -1, cols("eng", "lon", "old"), 0, true, 10},
		// eng·lon·new matches 2; without tenure eng·lon matches 12, without
		// location eng·new 3, without department lon·new 6: tenure goes.
		{"the column whose removal grows the group most goes first", cols("eng", "lon", "new"), -1, cols("eng", "lon", ""), 1, true, 10},
		// eng·par·new matches 1; without tenure 4, without location 3,
		// without department 7: department goes. par·new (7) is still too
		// few; without tenure par matches 15, without location new 13.
		{"nulling repeats until the group is large enough", cols("eng", "par", "new"), -1, cols("", "par", ""), 2, true, 10},
		// Pinned department: eng·par (4) beats eng·new (3), then eng (16).
		{"a pinned filter column stays", cols("eng", "par", "new"), 0, cols("eng", "", ""), 2, true, 10},
		{"a row whose pinned column alone is too small is not shown", cols("eng", "par", "new"), 0, nil, 2, false, 20},
		// lon·new matches 6: lon (25) beats new (13).
		{"an absent column stays null and counts for nothing", cols("", "lon", "new"), -1, cols("", "lon", ""), 1, true, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, ok := people.Anonymise(tt.row, roster, tt.k, tt.pinned)
			if ok != tt.wantOK || n != tt.wantNulled {
				t.Fatalf("nulled %d, ok %v; want %d, %v", n, ok, tt.wantNulled, tt.wantOK)
			}
			if ok {
				if d := cmp.Diff(tt.want, tt.row); d != "" {
					t.Errorf("columns (-want +got):\n%s", d)
				}
			}
		})
	}
}
