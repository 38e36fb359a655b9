package people

import (
	"context"
	"crypto/rand"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/hive-platform/hive/internal/hive"
)

// FeedbackStore persists Open Door submissions and Hive Fives. It is part of
// Store, so that feedback and the people it refers to share transactions.
type FeedbackStore interface {
	// AddOpenDoor inserts the submissions, in batches: 1,000 take one call.
	AddOpenDoor(ctx context.Context, subs []*OpenDoorSubmission) error
	// ListOpenDoor returns up to f.Limit submissions of f.TenantID ordered
	// by (SubmittedOn, ID), after the key f.AfterDate, f.AfterID.
	ListOpenDoor(ctx context.Context, f OpenDoorFilter) ([]*OpenDoorSubmission, error)
	// AddHiveFives inserts the recognitions, in batches: 1,000 take one
	// call.
	AddHiveFives(ctx context.Context, hs []*HiveFive) error
	// ListHiveFives returns up to f.Limit recognitions of f.TenantID
	// ordered by (SentAt, ID), after the key f.AfterSentAt, f.AfterID.
	ListHiveFives(ctx context.Context, f HiveFiveFilter) ([]*HiveFive, error)
}

// OpenDoorSubmission is one anonymous piece of Open Door feedback. It holds
// nothing that points at its author: no employee id, no exact time (the
// day only) and an ID with no time in it, so that neither the API nor the
// table can tell who wrote it. The segment snapshot is all that survives of
// the author, for filtering by segment.
type OpenDoorSubmission struct {
	ID          string // random, see newAnonymousID
	TenantID    string
	SubmittedOn time.Time // the UTC calendar day, at midnight
	Category    OpenDoorCategory
	Text        string
	// SegmentIDs is the author's segment of every attribute as of the
	// submission, as for a survey response.
	SegmentIDs []string
}

// OpenDoorCategory is what an Open Door submission is about.
type OpenDoorCategory string

// Open Door categories.
const (
	OpenDoorProblem    OpenDoorCategory = "problem"
	OpenDoorQuestion   OpenDoorCategory = "question"
	OpenDoorSuggestion OpenDoorCategory = "suggestion"
	OpenDoorCustom     OpenDoorCategory = "custom"
)

// OpenDoorCategories lists the categories in display order.
var OpenDoorCategories = []OpenDoorCategory{OpenDoorProblem, OpenDoorQuestion, OpenDoorSuggestion, OpenDoorCustom}

// OpenDoorFilter selects a tenant's submissions. Days are UTC midnights;
// From is inclusive and To exclusive.
type OpenDoorFilter struct {
	TenantID  string
	From, To  *time.Time
	SegmentID string            // "" for any
	Category  *OpenDoorCategory // nil for any
	AfterDate *time.Time        // the key of the last row of the previous page
	AfterID   string
	Limit     int
}

// HiveFive is one peer recognition: who sent it to whom, with both sides'
// segments as of SentAt. A private one is stored whole, for the people it
// concerns; what the Open API shows of it is decided by HiveFives.
type HiveFive struct {
	ID                  string
	TenantID            string
	SenderID            string // employee ids
	RecipientID         string
	SenderSegmentIDs    []string
	RecipientSegmentIDs []string
	Value               string // the value tag, such as "teamwork"
	Text                string
	Private             bool
	SentAt              time.Time
	CreatedAt           time.Time
}

// HiveFiveFilter selects a tenant's recognitions sent in [From, To). A
// SegmentID matches the recipient's segments, and the sender's on public
// recognitions only: a private one must not reveal its sender's segment
// even by being counted under it.
type HiveFiveFilter struct {
	TenantID    string
	From, To    *time.Time
	SegmentID   string
	AfterSentAt *time.Time
	AfterID     string
	Limit       int
}

const maxFeedbackText = 5000

// feedbackText checks a submission's or a recognition's text. Only trailing
// white space is trimmed: the text is kept as written, so "\t=1+1" is not
// turned into a formula by dropping its tab (exports neutralise both).
func feedbackText(text string) (string, string) {
	text = strings.TrimRightFunc(text, unicode.IsSpace)
	if strings.TrimSpace(text) == "" || utf8.RuneCountInString(text) > maxFeedbackText {
		return "", fmt.Sprintf("must be 1 to %d characters", maxFeedbackText)
	}
	return text, ""
}

// feedbackPeople loads the people a batch names, by employee id, and the
// tenant's attributes for their snapshots.
func (s *Service) feedbackPeople(ctx context.Context, tenantID string, ids []string) (map[string]*Person, []*Attribute, error) {
	ps, err := s.store.PeopleByEmployeeID(ctx, tenantID, ids)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[string]*Person, len(ps))
	for _, p := range ps {
		byID[p.EmployeeID] = p
	}
	attrs, err := s.attributes(ctx, s.store, tenantID)
	return byID, attrs, err
}

// checkBatch refuses an empty or oversized batch.
func checkBatch(field string, n int) error {
	if n == 0 || n > MaxBatch {
		return hive.FieldError(field, "must hold 1 to %d items; send more in further batches", MaxBatch)
	}
	return nil
}

// sentTime returns the time an item was sent: now when at is nil. A time
// in the future is refused.
func (s *Service) sentTime(at *time.Time, now time.Time) (time.Time, bool) {
	if at == nil {
		return now, true
	}
	t := at.UTC().Truncate(time.Microsecond)
	return t, !t.After(now.Add(submittedSkew))
}

// headcount counts a tenant's people per segment on a given day: the
// people employed then (started on or before it, or with no start date),
// with their tenure and age buckets as of that day and their option
// segments as they are now, since uploads keep no history of them. Counts
// are kept per day, as a page of feedback spans many rows of few days.
type headcount struct {
	attrs    []*Attribute
	people   []*Person
	byDay    map[time.Time]map[string]int
	rosterOn map[time.Time][][]string
}

func (s *Service) headcount(ctx context.Context, tenantID string, attrs []*Attribute) (*headcount, error) {
	ps, err := s.store.People(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	return &headcount{attrs: attrs, people: ps, byDay: map[time.Time]map[string]int{}, rosterOn: map[time.Time][][]string{}}, nil
}

// on returns the size of each segment on the civil date of t.
func (h *headcount) on(t time.Time) map[string]int {
	day := Civil(t)
	if sizes, ok := h.byDay[day]; ok {
		return sizes
	}
	sizes := map[string]int{}
	for _, p := range h.people {
		if p.StartDate != nil && p.StartDate.After(day) {
			continue
		}
		for _, id := range Snapshot(h.attrs, p, day) {
			sizes[id]++
		}
	}
	h.byDay[day] = sizes
	return sizes
}

// roster returns, for the civil date of t, the segment of every attribute
// (in the order of h.attrs, "" for none) of each person employed then: the
// table an uploader holds, against which a row's columns are matched.
func (h *headcount) roster(t time.Time) [][]string {
	day := Civil(t)
	if r, ok := h.rosterOn[day]; ok {
		return r
	}
	attrOf := map[string]int{}
	for i, a := range h.attrs {
		for _, s := range a.Segments {
			attrOf[s.ID] = i
		}
	}
	var out [][]string
	for _, p := range h.people {
		if p.StartDate != nil && p.StartDate.After(day) {
			continue
		}
		segs := make([]string, len(h.attrs))
		for _, id := range Snapshot(h.attrs, p, day) {
			if i, ok := attrOf[id]; ok {
				segs[i] = id
			}
		}
		out = append(out, segs)
	}
	h.rosterOn[day] = out
	return out
}

// matching counts the people of roster whose segments equal every visible
// column of cols.
func matching(roster [][]string, cols []*string) int {
	n := 0
	for _, segs := range roster {
		ok := true
		for i, c := range cols {
			if c != nil && segs[i] != *c {
				ok = false
				break
			}
		}
		if ok {
			n++
		}
	}
	return n
}

// anonymise makes the segment columns of one anonymous row, taken together,
// match at least k people of roster (k-anonymity on the combination), since
// an uploader holding the roster can intersect the columns. While the
// visible columns match fewer, it nulls the column whose removal grows the
// matching group most — the most identifying one, so that few go (greedy:
// the fewest in the cases tested, not proven minimal) — the earlier
// attribute on a tie. It returns how many columns it nulled.
// The result depends on the row and the roster only, never on the query,
// so that two queries cannot be joined to undo a null.
func anonymise(cols []*string, roster [][]string, k int) int {
	nulled := 0
	for matching(roster, cols) < k {
		best, grown := -1, -1
		for i, c := range cols {
			if c == nil {
				continue
			}
			cols[i] = nil
			if n := matching(roster, cols); n > grown {
				best, grown = i, n
			}
			cols[i] = c
		}
		if best < 0 {
			return nulled // every column is null: the roster is smaller than k
		}
		cols[best] = nil
		nulled++
	}
	return nulled
}

// findSegment returns the attribute and segment of id, or nils.
func findSegment(attrs []*Attribute, id string) (*Attribute, *Segment) {
	for _, a := range attrs {
		for _, seg := range a.Segments {
			if seg.ID == id {
				return a, seg
			}
		}
	}
	return nil, nil
}

// segmentColumns returns, per attribute in the order of attrs, the
// snapshot's segment of it when show allows, nil otherwise.
func segmentColumns(attrs []*Attribute, snapshot []string, show func(id string) bool) []*string {
	out := make([]*string, len(attrs))
	byAttr := make(map[string]string, len(snapshot))
	for _, id := range snapshot {
		if a, _ := findSegment(attrs, id); a != nil {
			byAttr[a.ID] = id
		}
	}
	for i, a := range attrs {
		if id, ok := byAttr[a.ID]; ok && show(id) {
			out[i] = &id
		}
	}
	return out
}

// newAnonymousID returns prefix and 22 random base62 digits: the shape of
// an ID, without the creation time hive.NewID puts in it.
func newAnonymousID(prefix string) string {
	const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := []byte(prefix + strings.Repeat("0", 22))
	rnd := make([]byte, 22)
	rand.Read(rnd)
	for i, r := range rnd {
		// The slight bias of 256 mod 62 costs a fraction of a bit of the
		// 130 random bits; these IDs need to be unique, not uniform.
		b[len(prefix)+i] = base62[int(r)%62]
	}
	return string(b)
}

// cursorKey joins a sort value and an ID into a page key.
func cursorKey(sortValue, id string) string { return sortValue + "|" + id }

// splitCursorKey parses a key made by cursorKey; ok is false for anything
// else.
func splitCursorKey(key string) (string, string, bool) {
	v, id, ok := strings.Cut(key, "|")
	return v, id, ok && v != "" && id != ""
}

func badCursor() error {
	return hive.FieldError("cursor", "is not a cursor of this list; pass next_cursor from the previous page unchanged, or leave it out for the first page")
}

func microsKey(t time.Time) string { return strconv.FormatInt(t.UnixMicro(), 10) }
