package insights

import (
	"fmt"
	"net/http"
	"time"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
	"github.com/hive-platform/hive/internal/people"
)

// Open Door and Hive Fives lists have one segment column per attribute of
// the tenant, named after it ("department_segment_id"; for Hive Fives
// "sender_department_segment_id" and "recipient_department_segment_id"),
// in the order of GET /v1/attributes. The columns are the same on every row
// and page of a tenant; meta.segment_columns maps each to its attribute.

// segmentColumnName names the column of attribute a, with an optional side.
func segmentColumnName(side string, a *people.Attribute) string {
	return side + a.Name + "_segment_id"
}

// segmentColumnsMeta describes the segment columns for meta.
func segmentColumnsMeta(attrs []*people.Attribute, sides ...string) []api.SegmentColumn {
	out := []api.SegmentColumn{}
	for _, side := range sides {
		for _, a := range attrs {
			out = append(out, api.SegmentColumn{Column: segmentColumnName(side, a), AttributeID: a.ID, AttributeName: a.Name})
		}
	}
	return out
}

// withSegments appends one column per attribute to cols, reading the
// segment of attribute i from segs(row)[i].
func withSegments[T any](cols []biColumn[T], attrs []*people.Attribute, side string, segs func(T) []*string) []biColumn[T] {
	cols = cols[:len(cols):len(cols)] // cols is shared between requests: append to a copy
	for i, a := range attrs {
		cols = append(cols, biColumn[T]{segmentColumnName(side, a), func(r T) any { return segs(r)[i] }})
	}
	return cols
}

// openDoorColumns are the columns of GET /v1/open-door. There is no
// employee column: submissions are anonymous. date is the UTC day of
// submission; a segment column is null where the author's segment has
// fewer people than the comment threshold.
func openDoorColumns(attrs []*people.Attribute) []biColumn[*people.OpenDoorRow] {
	return withSegments(openDoorFixedColumns, attrs, "", func(r *people.OpenDoorRow) []*string { return r.Segments })
}

var openDoorFixedColumns = biColumnsVia(func(r *people.OpenDoorRow) api.OpenDoorRow {
	return api.OpenDoorRow{ID: r.ID, Date: r.Date.Format(time.DateOnly), Category: string(r.Category), Text: r.Text}
})

type openDoorItem struct {
	EmployeeID  string  `json:"employee_id"`
	Category    string  `json:"category"`
	Text        string  `json:"text"`
	SubmittedAt *string `json:"submitted_at"`
}

// openDoorRequest is one submission, or a batch in submissions.
type openDoorRequest struct {
	openDoorItem
	Submissions []openDoorItem `json:"submissions"`
}

// addOpenDoor handles "POST /v1/open-door": one submission, or up to 1,000
// in {"submissions": [...]}. employee_id only selects the segment snapshot
// and is never stored or returned.
func (s *API) addOpenDoor(w http.ResponseWriter, r *http.Request) error {
	var req openDoorRequest
	if err := edge.DecodeLimit(w, r, &req, maxResponsesBytes); err != nil {
		return err
	}
	batch, err := readBatch(req.openDoorItem, req.Submissions, "submissions", "submitted_at",
		func(in openDoorItem) *string { return in.SubmittedAt },
		func(in openDoorItem, at *time.Time) people.OpenDoorParams {
			return people.OpenDoorParams{EmployeeID: in.EmployeeID, Category: in.Category, Text: in.Text, SubmittedAt: at}
		})
	if err != nil {
		return err
	}
	n, err := s.people.AddOpenDoor(r.Context(), edge.Principal(r), batch)
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusCreated, api.FeedbackAccepted{Accepted: n})
}

// readBatch turns a request's single item or batch (in field) into domain
// parameters, reading each item's optional time, named timeField in errors.
func readBatch[In comparable, Out any](single In, items []In, field, timeField string,
	timeOf func(In) *string, params func(In, *time.Time) Out) ([]Out, error) {
	items, err := oneOrBatch(single, items, field)
	if err != nil {
		return nil, err
	}
	out := make([]Out, len(items))
	for i, in := range items {
		at, err := optionalInstant(fmt.Sprintf("%s[%d].%s", field, i, timeField), timeOf(in))
		if err != nil {
			return nil, err
		}
		out[i] = params(in, at)
	}
	return out, nil
}

// oneOrBatch returns the batch, or the single item when no batch was sent.
func oneOrBatch[T comparable](single T, batch []T, field string) ([]T, error) {
	var zero T
	switch {
	case batch == nil:
		return []T{single}, nil
	case single != zero:
		return nil, hive.FieldError(field, "send either one item's fields or a %s array, not both", field)
	}
	return batch, nil
}

// listOpenDoor handles "GET /v1/open-door[?from=&to=&segment_id=&category=]",
// oldest day first. A segment_id smaller than the comment threshold is a
// 400 that says so.
func (s *API) listOpenDoor(w http.ResponseWriter, r *http.Request) error {
	q, err := readBIQuery(r)
	if err != nil {
		return err
	}
	from, to, err := readRange(r)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	oq := people.OpenDoorQuery{From: from, To: to, SegmentID: v.Get("segment_id"), Category: v.Get("category"), After: q.after, Limit: q.chunk()}
	page, err := s.people.OpenDoor(r.Context(), edge.Principal(r), oq)
	if err != nil {
		return err
	}
	// Rows stream in chunks and meta is written after them, so the count
	// of nulled cells covers every chunk sent.
	meta := map[string]any{"comment_threshold": page.CommentThreshold,
		"segment_columns": segmentColumnsMeta(page.Attributes, ""), "nulled_segment_cells": page.NulledCells}
	more := func(after string, limit int) ([]*people.OpenDoorRow, string, error) {
		oq.After, oq.Limit = after, limit
		p, err := s.people.OpenDoor(r.Context(), edge.Principal(r), oq)
		if err != nil {
			return nil, "", err
		}
		meta["nulled_segment_cells"] = meta["nulled_segment_cells"].(int) + p.NulledCells
		return p.Rows, p.Next, nil
	}
	return writeBI(w, r, q, openDoorColumns(page.Attributes), page.Rows, page.Next, more, meta)
}

// readRange reads ?from= and ?to=, a half-open range.
func readRange(r *http.Request) (from, to *time.Time, err error) {
	v := r.URL.Query()
	for _, p := range []struct {
		name string
		dst  **time.Time
	}{{"from", &from}, {"to", &to}} {
		if s := v.Get(p.name); s != "" {
			if *p.dst, err = optionalInstant(p.name, &s); err != nil {
				return nil, nil, err
			}
		}
	}
	if from != nil && to != nil && !to.After(*from) {
		return nil, nil, hive.FieldError("to", "must be after from; the range is [from, to)")
	}
	return from, to, nil
}

// hiveFiveColumns are the columns of GET /v1/hive-fives. A private row has
// text, sender_employee_id and every sender segment column null; its time,
// value tag and recipient stay, so that it is still counted.
func hiveFiveColumns(attrs []*people.Attribute) []biColumn[*people.HiveFiveRow] {
	cols := withSegments(hiveFiveFixedColumns, attrs, "sender_", func(r *people.HiveFiveRow) []*string { return r.SenderSegments })
	return withSegments(cols, attrs, "recipient_", func(r *people.HiveFiveRow) []*string { return r.RecipientSegments })
}

var hiveFiveFixedColumns = biColumnsVia(func(r *people.HiveFiveRow) api.HiveFiveRow {
	return api.HiveFiveRow{ID: r.ID, SentAt: r.SentAt, Value: r.Value, Private: r.Private, Text: r.Text, SenderEmployeeID: r.SenderID,
		RecipientEmployeeID: r.RecipientID}
})

type hiveFiveItem struct {
	SenderEmployeeID    string  `json:"sender_employee_id"`
	RecipientEmployeeID string  `json:"recipient_employee_id"`
	Text                string  `json:"text"`
	Value               string  `json:"value"`
	Private             bool    `json:"private"`
	SentAt              *string `json:"sent_at"`
}

// hiveFiveRequest is one recognition, or a batch in hive_fives.
type hiveFiveRequest struct {
	hiveFiveItem
	HiveFives []hiveFiveItem `json:"hive_fives"`
}

// addHiveFives handles "POST /v1/hive-fives": one recognition, or up to
// 1,000 in {"hive_fives": [...]}.
func (s *API) addHiveFives(w http.ResponseWriter, r *http.Request) error {
	var req hiveFiveRequest
	if err := edge.DecodeLimit(w, r, &req, maxResponsesBytes); err != nil {
		return err
	}
	batch, err := readBatch(req.hiveFiveItem, req.HiveFives, "hive_fives", "sent_at",
		func(in hiveFiveItem) *string { return in.SentAt },
		func(in hiveFiveItem, at *time.Time) people.HiveFiveParams {
			return people.HiveFiveParams{SenderID: in.SenderEmployeeID, RecipientID: in.RecipientEmployeeID,
				Text: in.Text, Value: in.Value, Private: in.Private, SentAt: at}
		})
	if err != nil {
		return err
	}
	n, err := s.people.AddHiveFives(r.Context(), edge.Principal(r), batch)
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusCreated, api.FeedbackAccepted{Accepted: n})
}

// listHiveFives handles "GET /v1/hive-fives[?from=&to=&segment_id=]",
// oldest first. segment_id matches the recipient's segment, or the
// sender's on public recognitions.
func (s *API) listHiveFives(w http.ResponseWriter, r *http.Request) error {
	q, err := readBIQuery(r)
	if err != nil {
		return err
	}
	from, to, err := readRange(r)
	if err != nil {
		return err
	}
	hq := people.HiveFiveQuery{From: from, To: to, SegmentID: r.URL.Query().Get("segment_id"), After: q.after, Limit: q.chunk()}
	page, err := s.people.HiveFives(r.Context(), edge.Principal(r), hq)
	if err != nil {
		return err
	}
	meta := map[string]any{"segment_columns": segmentColumnsMeta(page.Attributes, "sender_", "recipient_"),
		"nulled_segment_cells": page.NulledCells}
	more := func(after string, limit int) ([]*people.HiveFiveRow, string, error) {
		hq.After, hq.Limit = after, limit
		p, err := s.people.HiveFives(r.Context(), edge.Principal(r), hq)
		if err != nil {
			return nil, "", err
		}
		meta["nulled_segment_cells"] = meta["nulled_segment_cells"].(int) + p.NulledCells
		return p.Rows, p.Next, nil
	}
	return writeBI(w, r, q, hiveFiveColumns(page.Attributes), page.Rows, page.Next, more, meta)
}
