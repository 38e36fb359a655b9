package people

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// HiveFiveParams is one recognition as an ingestion caller sends it.
type HiveFiveParams struct {
	SenderID    string
	RecipientID string
	Text        string
	Value       string
	Private     bool
	SentAt      *time.Time // now when nil
}

var valueTagPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)

// AddHiveFives validates a batch of recognitions and saves it whole or not
// at all; an error names the recognition's index and field. Both people's
// segments are snapshotted as of SentAt. It returns the number saved.
func (s *Service) AddHiveFives(ctx context.Context, p *hive.Principal, batch []HiveFiveParams) (int, error) {
	if err := checkBatch("hive_fives", len(batch)); err != nil {
		return 0, err
	}
	ids := make([]string, 0, 2*len(batch))
	for _, in := range batch {
		ids = append(ids, strings.TrimSpace(in.SenderID), strings.TrimSpace(in.RecipientID))
	}
	byID, attrs, err := s.feedbackPeople(ctx, p.TenantID, ids)
	if err != nil {
		return 0, err
	}
	now := s.clock()
	hs := make([]*HiveFive, len(batch))
	for i, in := range batch {
		if hs[i], err = newHiveFive(i, in, byID, attrs, s, now); err != nil {
			return 0, err
		}
		hs[i].TenantID = p.TenantID
	}
	if err := s.store.AddHiveFives(ctx, hs); err != nil {
		return 0, err
	}
	return len(hs), nil
}

// newHiveFive checks the i-th recognition of a batch and returns it, ready
// to save but for its tenant.
func newHiveFive(i int, in HiveFiveParams, byID map[string]*Person, attrs []*Attribute, s *Service, now time.Time) (*HiveFive, error) {
	at := fmt.Sprintf("hive_fives[%d].", i)
	senderID, recipientID := strings.TrimSpace(in.SenderID), strings.TrimSpace(in.RecipientID)
	sender, recipient := byID[senderID], byID[recipientID]
	text, problem := feedbackText(in.Text)
	sent, ok := s.sentTime(in.SentAt, now)
	switch {
	case sender == nil:
		return nil, indexError(i, at+"sender_employee_id", "no person has employee_id %q; upload them with POST /v1/people/import first", senderID)
	case recipient == nil:
		return nil, indexError(i, at+"recipient_employee_id", "no person has employee_id %q; upload them with POST /v1/people/import first", recipientID)
	case senderID == recipientID:
		return nil, indexError(i, at+"recipient_employee_id", "is the sender; a Hive Five recognises someone else")
	case !valueTagPattern.MatchString(in.Value):
		return nil, indexError(i, at+"value", "must be a value tag of 1 to 64 lower-case letters, digits, '_', '.' or '-', such as \"teamwork\"")
	case problem != "":
		return nil, indexError(i, at+"text", "%s", problem)
	case !ok:
		return nil, indexError(i, at+"sent_at", "is in the future; send the time the Hive Five was sent")
	}
	return &HiveFive{ID: hive.NewID(hive.PrefixHiveFive, now), SenderID: senderID, RecipientID: recipientID,
		SenderSegmentIDs: Snapshot(attrs, sender, sent), RecipientSegmentIDs: Snapshot(attrs, recipient, sent),
		Value: in.Value, Text: text, Private: in.Private, SentAt: sent, CreatedAt: now}, nil
}

// HiveFiveQuery asks for a page of Hive Fives sent in [From, To). After is
// the key of the last row seen ("" for the first page).
type HiveFiveQuery struct {
	From, To  *time.Time
	SegmentID string
	After     string
	Limit     int
}

// HiveFivePage is one page of recognitions. Rows show one segment column
// per attribute of Attributes, in that order, for each side.
type HiveFivePage struct {
	Attributes []*Attribute
	Rows       []*HiveFiveRow
	Next       string // the key of the last row when more follow
	// NulledCells counts the sender segment cells of private rows that
	// were nulled. A Hive Five's only anonymous party is the sender of a
	// private one, whose columns are all nulled; everyone else on a row is
	// named by employee id, so their segments reveal nothing more.
	NulledCells int
}

// HiveFiveRow is a recognition as the Open API shows it. A private one
// keeps its metadata (time, value tag, flag) and its recipient, so that
// recognition received is still counted, but its Text, SenderID and
// SenderSegments are nil: the Open API's contract is that private recognition
// text is null, and a sender who chose privacy is not named either.
type HiveFiveRow struct {
	ID                string
	SentAt            time.Time
	Value             string
	Private           bool
	Text              *string
	SenderID          *string
	RecipientID       string
	SenderSegments    []*string
	RecipientSegments []*string
}

// HiveFives returns a page of the tenant's recognitions, oldest first, with
// private ones redacted.
func (s *Service) HiveFives(ctx context.Context, p *hive.Principal, q HiveFiveQuery) (*HiveFivePage, error) {
	attrs, err := s.Attributes(ctx, p)
	if err != nil {
		return nil, err
	}
	f := HiveFiveFilter{TenantID: p.TenantID, From: q.From, To: q.To, SegmentID: q.SegmentID, Limit: q.Limit + 1}
	if q.SegmentID != "" {
		if _, seg := findSegment(attrs, q.SegmentID); seg == nil {
			return nil, hive.FieldError("segment_id", "%q is not a segment of this organisation; GET /v1/attributes lists them", q.SegmentID)
		}
	}
	if q.After != "" {
		v, id, ok := splitCursorKey(q.After)
		us, err := strconv.ParseInt(v, 10, 64)
		if !ok || err != nil {
			return nil, badCursor()
		}
		t := time.UnixMicro(us).UTC()
		f.AfterSentAt, f.AfterID = &t, id
	}
	hs, err := s.store.ListHiveFives(ctx, f)
	if err != nil {
		return nil, err
	}
	page := &HiveFivePage{Attributes: attrs, Rows: []*HiveFiveRow{}}
	if len(hs) > q.Limit {
		hs = hs[:q.Limit]
		page.Next = cursorKey(microsKey(hs[len(hs)-1].SentAt), hs[len(hs)-1].ID)
	}
	for _, h := range hs {
		page.Rows = append(page.Rows, hiveFiveRow(attrs, h))
		if h.Private {
			page.NulledCells += countVisible(segmentColumns(attrs, h.SenderSegmentIDs, func(string) bool { return true }))
		}
	}
	return page, nil
}

func countVisible(cols []*string) int {
	n := 0
	for _, c := range cols {
		if c != nil {
			n++
		}
	}
	return n
}

// hiveFiveRow shows h, redacting a private one.
func hiveFiveRow(attrs []*Attribute, h *HiveFive) *HiveFiveRow {
	all := func(string) bool { return true }
	row := &HiveFiveRow{ID: h.ID, SentAt: h.SentAt, Value: h.Value, Private: h.Private, RecipientID: h.RecipientID,
		RecipientSegments: segmentColumns(attrs, h.RecipientSegmentIDs, all), SenderSegments: make([]*string, len(attrs))}
	if !h.Private {
		row.Text, row.SenderID = &h.Text, &h.SenderID
		row.SenderSegments = segmentColumns(attrs, h.SenderSegmentIDs, all)
	}
	return row
}
