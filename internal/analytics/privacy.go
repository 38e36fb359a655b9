package analytics

import (
	"encoding/json"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// Reason says why a cell is suppressed. The empty Reason marshals to null.
type Reason string

// Suppression reasons, part of the API.
const (
	BelowThreshold          Reason = "below_threshold"
	Complementary           Reason = "complementary"
	RemainderBelowThreshold Reason = "remainder_below_threshold"
)

// MarshalJSON writes null for a visible cell, so BI tools see no empty string.
func (r Reason) MarshalJSON() ([]byte, error) {
	if r == "" {
		return []byte("null"), nil
	}
	return json.Marshal(string(r))
}

// Privacy is carried by every reported cell.
type Privacy struct {
	Suppressed        bool   `json:"suppressed"`
	SuppressionReason Reason `json:"suppression_reason"`
}

func hidden(r Reason) Privacy { return Privacy{Suppressed: r != "", SuppressionReason: r} }

// MaxSegmentFilters caps how many segment filters one request may combine:
// every extra filter makes smaller groups and more differencing pairs.
const MaxSegmentFilters = 2

// Selection narrows a report to the respondents in every listed segment and
// submitted in [From, To). The zero Selection is the whole survey.
type Selection struct {
	SegmentIDs []string
	From, To   time.Time
}

// group is a resolved Selection: mask is nil for the whole survey.
type group struct {
	mask []bool
	n    int // respondents selected
}

func (g group) has(r int) bool { return g.mask == nil || g.mask[r] }

func (g group) filtered() bool { return g.mask != nil }

// resolve validates sel and marks its respondents.
func (d *Dataset) resolve(sel Selection) (group, error) {
	n := len(d.ids)
	if len(sel.SegmentIDs) > MaxSegmentFilters {
		return group{}, hive.FieldError("segment_id", "at most %d segment filters at once, got %d", MaxSegmentFilters, len(sel.SegmentIDs))
	}
	if !sel.From.IsZero() && !sel.To.IsZero() && !sel.From.Before(sel.To) {
		return group{}, hive.FieldError("from", "from must be before to")
	}
	refs := make([]segRef, len(sel.SegmentIDs))
	for i, id := range sel.SegmentIDs {
		ref, ok := d.segIndex[id]
		if !ok {
			return group{}, hive.FieldError("segment_id", "unknown segment %q; list segments with the facets endpoint", id)
		}
		refs[i] = ref
	}
	if len(refs) == 0 && sel.From.IsZero() && sel.To.IsZero() {
		return group{n: n}, nil
	}
	g := group{mask: make([]bool, n)}
	from, to := unixOr(sel.From, -1<<62), unixOr(sel.To, 1<<62)
	for r := range g.mask {
		in := d.submitted[r] >= from && d.submitted[r] < to
		for _, ref := range refs {
			in = in && int(d.segs[ref.attr][r]) == ref.seg
		}
		if in {
			g.mask[r], g.n = true, g.n+1
		}
	}
	return g, nil
}

func unixOr(t time.Time, def int64) int64 {
	if t.IsZero() {
		return def
	}
	return t.Unix()
}

// cellReason applies the threshold to one cell: nf respondents in the selected
// group, nall in the same cell without the selection. The remainder nall − nf
// is what "unfiltered minus filtered" would reveal; a remainder of zero
// reveals nobody, so only 1..threshold−1 suppresses.
func cellReason(nf, nall, threshold int) Reason {
	switch rem := nall - nf; {
	case nf < threshold:
		return BelowThreshold
	case rem > 0 && rem < threshold:
		return RemainderBelowThreshold
	}
	return ""
}

// complement applies complementary suppression to one breakdown whose cells
// hold counts[i] respondents and whose reasons are already primary: while the
// suppressed cells together hold 1..threshold−1 respondents, the total minus
// the visible cells would reveal them, so the smallest visible cell is
// suppressed too. It reports whether it suppressed anything.
func complement(counts []int, reasons []Reason, threshold int) bool {
	changed := false
	for {
		hiddenSum, next := 0, -1
		for i, c := range counts {
			switch {
			case reasons[i] != "":
				hiddenSum += c
			case next < 0 || c < counts[next]:
				next = i
			}
		}
		if hiddenSum < 1 || hiddenSum >= threshold || next < 0 {
			return changed
		}
		reasons[next], changed = Complementary, true
	}
}

// complement2D applies complementary suppression along both axes of a
// rows × cols table (periods × segments), repeating until neither axis
// changes, since suppressing in a column can expose a row again.
func complement2D(counts [][]int, reasons [][]Reason, threshold int) {
	if len(counts) == 0 {
		return
	}
	for changed := true; changed; {
		changed = false
		for i := range counts {
			changed = complement(counts[i], reasons[i], threshold) || changed
		}
		for j := range counts[0] {
			col := make([]int, len(counts))
			rs := make([]Reason, len(counts))
			for i := range counts {
				col[i], rs[i] = counts[i][j], reasons[i][j]
			}
			if complement(col, rs, threshold) {
				changed = true
				for i := range counts {
					reasons[i][j] = rs[i]
				}
			}
		}
	}
}
