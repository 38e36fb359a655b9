package analytics

import (
	"encoding/json"
	"slices"
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
	// SegmentRemainderBelowThreshold: dropping one segment filter would add
	// 1..threshold−1 respondents, whom the difference would describe.
	SegmentRemainderBelowThreshold Reason = "segment_remainder_below_threshold"
	// WindowRemainderBelowThreshold: the segments without the date window
	// hold 1..threshold−1 more respondents.
	WindowRemainderBelowThreshold Reason = "window_remainder_below_threshold"
	// AdjacentDayBelowThreshold: moving from or to by one day (to the next
	// day anyone in the segments submitted on) adds 1..threshold−1.
	AdjacentDayBelowThreshold Reason = "adjacent_day_below_threshold"
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
	SuppressionReason Reason `json:"suppression_reason" bi:"nullempty"`
}

func hidden(r Reason) Privacy { return Privacy{Suppressed: r != "", SuppressionReason: r} }

// MaxSegmentFilters caps how many segment filters one request may combine:
// every extra filter makes smaller groups and more differencing pairs.
const MaxSegmentFilters = 2

// Selection narrows a report to the respondents in every listed segment and
// submitted in [From, To). The zero Selection is the whole survey. The
// window is applied in whole UTC days (see Window).
type Selection struct {
	SegmentIDs []string
	From, To   time.Time
}

// Window returns the window a report applies: From down to midnight UTC of
// its day, To up to the next midnight UTC unless it is one already; a zero
// bound stays zero. Snapping to days means a window cannot be slid a second
// or a minute at a time to step one respondent in or out: the finest step
// left is a day, and the guard checks that step (AdjacentDayBelowThreshold).
func (sel Selection) Window() (from, to time.Time) {
	if !sel.From.IsZero() {
		from = dayStart(sel.From.Unix())
	}
	if !sel.To.IsZero() {
		to = dayStart(sel.To.Unix())
		if to.Before(sel.To) {
			to = to.AddDate(0, 0, 1)
		}
	}
	return from, to
}

// dayStart returns midnight UTC of the day holding unix second t.
func dayStart(t int64) time.Time {
	u := time.Unix(t, 0).UTC()
	return time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, time.UTC)
}

// group is a resolved Selection: mask is nil for the whole survey.
type group struct {
	mask []bool
	n    int // respondents selected
}

func (g group) has(r int) bool { return g.mask == nil || g.mask[r] }

func (g group) filtered() bool { return g.mask != nil }

// comparison is a group a caller can also ask for by dropping or widening
// one filter of a selection, and the reason a cell is suppressed when the
// two differ by 1..threshold−1 respondents. Dropping or widening a filter
// only adds people, so a comparison group holds the selection and is kept
// as the respondents it adds: a cell's remainder is counted over those
// alone, and only until it reaches the threshold.
type comparison struct {
	extra  []int32 // respondents in the comparison group, not in the selection
	reason Reason
}

// guardian is the privacy guard of one request: the selected group and
// every group it must not be told apart from.
type guardian struct {
	g           group
	comps       []comparison
	threshold   int
	groupReason Reason // respondent-level verdict, before any cell
}

// guard resolves sel and lists its comparisons: the whole survey; the
// selection without each segment filter; the segments without the window;
// and the window widened back to the previous day, or on to the next day,
// on which anyone in the segments submitted (days nobody submitted on
// change nothing, so they are not neighbours).
func (d *Dataset) guard(sel Selection, threshold int) (*guardian, error) {
	if len(sel.SegmentIDs) > MaxSegmentFilters {
		return nil, hive.FieldError("segment_id", "at most %d segment filters at once, got %d", MaxSegmentFilters, len(sel.SegmentIDs))
	}
	if !sel.From.IsZero() && !sel.To.IsZero() && !sel.From.Before(sel.To) {
		return nil, hive.FieldError("from", "from must be before to")
	}
	refs := make([]segRef, len(sel.SegmentIDs))
	for i, id := range sel.SegmentIDs {
		ref, ok := d.segIndex[id]
		if !ok {
			return nil, hive.FieldError("segment_id", "unknown segment %q; list segments with the facets endpoint", id)
		}
		refs[i] = ref
	}
	from, to := sel.Window()
	lo, hi := unixOr(from, -1<<62), unixOr(to, 1<<62)
	gd := &guardian{g: d.mask(refs, lo, hi), threshold: threshold}
	if !gd.g.filtered() {
		return gd, nil
	}
	gd.add(group{n: len(d.ids)}, RemainderBelowThreshold)
	windowed := !from.IsZero() || !to.IsZero()
	for i := range refs {
		if len(refs) > 1 || windowed {
			gd.add(d.mask(slices.Delete(slices.Clone(refs), i, i+1), lo, hi), SegmentRemainderBelowThreshold)
		}
	}
	if windowed && len(refs) > 0 {
		gd.add(d.mask(refs, -1<<62, 1<<62), WindowRemainderBelowThreshold)
	}
	if prev, ok := d.lastBefore(refs, lo); !from.IsZero() && ok {
		gd.add(d.mask(refs, dayStart(prev).Unix(), hi), AdjacentDayBelowThreshold)
	}
	if next, ok := d.firstFrom(refs, hi); !to.IsZero() && ok {
		gd.add(d.mask(refs, lo, dayStart(next).AddDate(0, 0, 1).Unix()), AdjacentDayBelowThreshold)
	}
	gd.groupReason = gd.verdict()
	return gd, nil
}

// add records a comparison group, a superset of the selection, when it
// differs from it.
func (gd *guardian) add(g group, r Reason) {
	if g.n == gd.g.n {
		return
	}
	extra := make([]int32, 0, g.n-gd.g.n)
	for i, in := range gd.g.mask {
		if !in && g.has(i) {
			extra = append(extra, int32(i))
		}
	}
	gd.comps = append(gd.comps, comparison{extra, r})
}

// mask marks the respondents in every segment of refs submitted in
// [lo, hi); no segments and an open window is the whole survey.
func (d *Dataset) mask(refs []segRef, lo, hi int64) group {
	n := len(d.ids)
	if len(refs) == 0 && lo == -1<<62 && hi == 1<<62 {
		return group{n: n}
	}
	g := group{mask: make([]bool, n)}
	for r := range g.mask {
		if d.member(r, refs) && d.submitted[r] >= lo && d.submitted[r] < hi {
			g.mask[r], g.n = true, g.n+1
		}
	}
	return g
}

func (d *Dataset) member(r int, refs []segRef) bool {
	for _, ref := range refs {
		if int(d.segs[ref.attr][r]) != ref.seg {
			return false
		}
	}
	return true
}

// lastBefore returns the latest submission before t of anyone in refs.
func (d *Dataset) lastBefore(refs []segRef, t int64) (int64, bool) {
	best, ok := int64(0), false
	for r, s := range d.submitted {
		if s < t && (!ok || s > best) && d.member(r, refs) {
			best, ok = s, true
		}
	}
	return best, ok
}

// firstFrom returns the earliest submission at or after t of anyone in refs.
func (d *Dataset) firstFrom(refs []segRef, t int64) (int64, bool) {
	best, ok := int64(0), false
	for r, s := range d.submitted {
		if s >= t && (!ok || s < best) && d.member(r, refs) {
			best, ok = s, true
		}
	}
	return best, ok
}

// reason applies the threshold to a cell of nf respondents, to which each
// comparison group adds rem(i): 1..threshold−1 more would describe those
// few people, so it suppresses with the comparison's reason. The
// respondent-level verdict comes first, so that a cell whose own
// difference happens to be 0 is not shown when the group's is not.
func (gd *guardian) reason(nf int, rem func(i int) int) Reason {
	if nf < gd.threshold {
		return BelowThreshold
	}
	if gd.groupReason != "" {
		return gd.groupReason
	}
	for i, c := range gd.comps {
		if n := rem(i); n > 0 && n < gd.threshold {
			return c.reason
		}
	}
	return ""
}

// verdict is the guard's answer for the selected respondents as a whole.
func (gd *guardian) verdict() Reason {
	return gd.reason(gd.g.n, func(i int) int { return len(gd.comps[i].extra) })
}

// cells applies the guard to a table of cells holding nf respondents each.
// add(r, rem) increments the cells respondent r counts in.
func (gd *guardian) cells(nf []int, add func(r int, rem []int)) []Reason {
	rems := make([][]int, len(gd.comps))
	for i, c := range gd.comps {
		rems[i] = gd.remainders(c.extra, len(nf), add)
	}
	reasons := make([]Reason, len(nf))
	for k, n := range nf {
		reasons[k] = gd.reason(n, func(i int) int { return rems[i][k] })
	}
	return reasons
}

// remainders counts what extra adds to each of ncells cells, stopping once
// every cell has reached the threshold: past it the exact count does not
// change the verdict.
func (gd *guardian) remainders(extra []int32, ncells int, add func(r int, rem []int)) []int {
	rem := make([]int, ncells)
	for j, r := range extra {
		add(int(r), rem)
		if j%64 == 63 && slices.Min(rem) >= gd.threshold {
			break
		}
	}
	return rem
}

func unixOr(t time.Time, def int64) int64 {
	if t.IsZero() {
		return def
	}
	return t.Unix()
}

// unfiltered is the guard of a report without filters (the heatmap, the
// facets, the organisation's figures): nothing one filter away to compare
// with, so only the threshold applies, and complementary suppression on
// top within each breakdown.
func unfiltered(threshold int) *guardian { return &guardian{threshold: threshold} }

// cell applies an unfiltered guard to one cell of n respondents.
func (gd *guardian) cell(n int) Reason { return gd.reason(n, nil) }

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
