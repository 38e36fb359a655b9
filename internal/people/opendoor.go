package people

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// OpenDoorParams is one Open Door submission as an ingestion caller sends
// it. EmployeeID names the author only so that their segments can be
// snapshotted; it is never stored.
type OpenDoorParams struct {
	EmployeeID  string
	Category    string
	Text        string
	SubmittedAt *time.Time // now when nil
}

// AddOpenDoor validates a batch of submissions and saves it whole or not at
// all; an error names the submission's index and field. Each is kept with
// its author's segments as of SubmittedAt, its day, category and text, and
// nothing else. It returns the number saved.
func (s *Service) AddOpenDoor(ctx context.Context, p *hive.Principal, batch []OpenDoorParams) (int, error) {
	if err := checkBatch("submissions", len(batch)); err != nil {
		return 0, err
	}
	ids := make([]string, len(batch))
	for i, in := range batch {
		ids[i] = strings.TrimSpace(in.EmployeeID)
	}
	byID, attrs, err := s.feedbackPeople(ctx, p.TenantID, ids)
	if err != nil {
		return 0, err
	}
	now := s.clock()
	subs := make([]*OpenDoorSubmission, len(batch))
	for i, in := range batch {
		at := fmt.Sprintf("submissions[%d].", i)
		person := byID[ids[i]]
		text, problem := feedbackText(in.Text)
		sent, ok := s.sentTime(in.SubmittedAt, now)
		switch {
		case person == nil:
			return 0, indexError(i, at+"employee_id", "no person has employee_id %q; upload them with POST /v1/people/import first (the id is used for the segment snapshot and never stored)", ids[i])
		case !slices.Contains(OpenDoorCategories, OpenDoorCategory(in.Category)):
			return 0, indexError(i, at+"category", "must be problem, question, suggestion or custom")
		case problem != "":
			return 0, indexError(i, at+"text", "%s", problem)
		case !ok:
			return 0, indexError(i, at+"submitted_at", "is in the future; send the time the person submitted it")
		}
		subs[i] = &OpenDoorSubmission{ID: newAnonymousID(hive.PrefixOpenDoor), TenantID: p.TenantID, SubmittedOn: Civil(sent),
			Category: OpenDoorCategory(in.Category), Text: text, SegmentIDs: Snapshot(attrs, person, sent)}
	}
	if err := s.store.AddOpenDoor(ctx, subs); err != nil {
		return 0, err
	}
	return len(subs), nil
}

// OpenDoorQuery asks for a page of Open Door submissions. From and To
// bound the day of submission, half-open: a submission counts as made at
// midnight UTC of its day. After is the key of the last row seen ("" for
// the first page).
type OpenDoorQuery struct {
	From, To  *time.Time
	SegmentID string
	Category  string
	After     string
	Limit     int
}

// OpenDoorPage is one page of submissions. Rows show one segment column per
// attribute of Attributes, in that order.
type OpenDoorPage struct {
	Attributes       []*Attribute
	CommentThreshold int
	Rows             []*OpenDoorRow
	Next             string // the key of the last row when more follow
	// NulledCells counts the segment cells of Rows nulled so that each
	// row's columns together match at least CommentThreshold people.
	NulledCells int
}

// OpenDoorRow is a submission as the Open API shows it. Segments holds the
// author's segment of each attribute, with columns nulled one at a time,
// the most identifying first, until the visible ones together match at least the comment threshold of
// people on the roster of the day of submission (see anonymise): an
// uploader who holds the roster could otherwise intersect the columns and
// point at the author.
type OpenDoorRow struct {
	ID       string
	Date     time.Time
	Category OpenDoorCategory
	Text     string
	Segments []*string
}

// OpenDoor returns a page of the tenant's submissions, oldest day first. A
// segment_id filter must name a segment of at least the comment threshold
// of people today; a smaller one is refused rather than answered, since
// its rows would be exactly the feedback of a handful of known people. The
// filter also leaves out every row whose column of that attribute is null
// unfiltered (the segment was small that day, or anonymise nulled it), so
// a filtered page is exactly the unfiltered rows showing the segment and
// reveals no nulled cell; such a page may hold fewer rows than the limit
// and still have a next cursor.
func (s *Service) OpenDoor(ctx context.Context, p *hive.Principal, q OpenDoorQuery) (*OpenDoorPage, error) {
	f := OpenDoorFilter{TenantID: p.TenantID, From: ceilDay(q.From), To: ceilDay(q.To), SegmentID: q.SegmentID, Limit: q.Limit + 1}
	if q.Category != "" {
		c := OpenDoorCategory(q.Category)
		if !slices.Contains(OpenDoorCategories, c) {
			return nil, hive.FieldError("category", "must be problem, question, suggestion or custom")
		}
		f.Category = &c
	}
	if q.After != "" {
		day, id, ok := splitCursorKey(q.After)
		d, err := time.Parse(time.DateOnly, day)
		if !ok || err != nil {
			return nil, badCursor()
		}
		f.AfterDate, f.AfterID = &d, id
	}
	page, heads, err := s.openDoorContext(ctx, p, q.SegmentID)
	if err != nil {
		return nil, err
	}
	subs, err := s.store.ListOpenDoor(ctx, f)
	if err != nil {
		return nil, err
	}
	if len(subs) > q.Limit {
		subs = subs[:q.Limit]
		last := subs[len(subs)-1]
		page.Next = cursorKey(last.SubmittedOn.Format(time.DateOnly), last.ID)
	}
	filtered := -1
	if a, _ := findSegment(page.Attributes, q.SegmentID); a != nil {
		filtered = slices.Index(page.Attributes, a)
	}
	for _, sub := range subs {
		cols := segmentColumns(page.Attributes, sub.SegmentIDs, func(string) bool { return true })
		nulled := anonymise(cols, heads.roster(sub.SubmittedOn), page.CommentThreshold)
		if filtered >= 0 && cols[filtered] == nil {
			continue // the filter would reveal the cell anonymise nulled
		}
		page.NulledCells += nulled
		page.Rows = append(page.Rows, &OpenDoorRow{ID: sub.ID, Date: sub.SubmittedOn, Category: sub.Category, Text: sub.Text, Segments: cols})
	}
	return page, nil
}

// openDoorContext loads the attributes, the comment threshold and the
// headcount, and checks the segment filter against today's headcount.
func (s *Service) openDoorContext(ctx context.Context, p *hive.Principal, segmentID string) (*OpenDoorPage, *headcount, error) {
	attrs, err := s.Attributes(ctx, p)
	if err != nil {
		return nil, nil, err
	}
	priv, err := s.Privacy(ctx, p)
	if err != nil {
		return nil, nil, err
	}
	heads, err := s.headcount(ctx, p.TenantID, attrs)
	if err != nil {
		return nil, nil, err
	}
	if segmentID != "" {
		a, seg := findSegment(attrs, segmentID)
		switch {
		case seg == nil:
			return nil, nil, hive.FieldError("segment_id", "%q is not a segment of this organisation; GET /v1/attributes lists them", segmentID)
		case heads.on(s.clock())[segmentID] < priv.CommentThreshold:
			return nil, nil, hive.FieldError("segment_id", "segment %q of %s has fewer than %d people (the comment threshold), so Open Door cannot be filtered by it without pointing at its authors; filter by a larger segment",
				seg.Label, a.Name, priv.CommentThreshold).WithDetails("comment_threshold", priv.CommentThreshold)
		}
	}
	return &OpenDoorPage{Attributes: attrs, CommentThreshold: priv.CommentThreshold, Rows: []*OpenDoorRow{}}, heads, nil
}

// ceilDay returns the first midnight UTC at or after t, or nil.
func ceilDay(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	d := Civil(*t)
	if d.Before(t.UTC()) {
		d = d.AddDate(0, 0, 1)
	}
	return &d
}
