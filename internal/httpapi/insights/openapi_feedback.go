package insights

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/httpapi/edge"
	"github.com/hive-platform/hive/internal/httpapi/reference"
	"github.com/hive-platform/hive/internal/people"
)

// The Open Door and Hive Fives lists end in one segment column per
// attribute of the tenant (feedback.go), so their rows have a fixed part,
// documented by the row types below like every Open API row, and a part
// whose names depend on the tenant, documented by a pattern. An example
// row's fixed part is written by the handler's columns and decoded into its
// row type with unknown fields refused; its segment cells come from the
// same columns, in their order.

// segmentCell is one <attribute>_segment_id column of a feedback row.
type segmentCell struct {
	column string
	id     any // a segment id, or nil for null
}

// segmentCells are a row's segment columns, in column order.
type segmentCells []segmentCell

// appendCells adds cells to fixed, a JSON object, after its fields.
func appendCells(fixed []byte, err error, cells segmentCells) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	b := fixed[:len(fixed)-1]
	for _, c := range cells {
		name, _ := json.Marshal(c.column)
		id, _ := json.Marshal(c.id)
		b = append(append(append(append(b, ','), name...), ':'), id...)
	}
	return append(b, '}'), nil
}

// cellsOf writes v's segment columns, cols, as segment cells.
func cellsOf[T any](cols []biColumn[T], v T) segmentCells {
	out := segmentCells{}
	for _, c := range cols {
		out = append(out, segmentCell{c.name, biValue(c.value(v))})
	}
	return out
}

// openDoorRowWire is a row of GET /v1/open-door; its fields are the fixed
// columns, the segment columns follow.
type openDoorRowWire struct {
	api.OpenDoorRow
	Segments segmentCells `json:"-"` // <attribute>_segment_id, one per attribute
}

// MarshalJSON writes the row as the handler does, segment columns last.
func (r openDoorRowWire) MarshalJSON() ([]byte, error) {
	type fixed openDoorRowWire
	b, err := json.Marshal(fixed(r))
	return appendCells(b, err, r.Segments)
}

// hiveFiveRowWire is a row of GET /v1/hive-fives; its fields are the fixed
// columns, the segment columns follow.
type hiveFiveRowWire struct {
	api.HiveFiveRow
	Segments segmentCells `json:"-"` // sender_<attribute>_segment_id, then recipient_<attribute>_segment_id
}

// MarshalJSON writes the row as the handler does, segment columns last.
func (r hiveFiveRowWire) MarshalJSON() ([]byte, error) {
	type fixed hiveFiveRowWire
	b, err := json.Marshal(fixed(r))
	return appendCells(b, err, r.Segments)
}

// openDoorPageWire is one page of GET /v1/open-door.
type openDoorPageWire struct {
	Data       []openDoorRowWire `json:"data"`
	Pagination api.Pagination    `json:"pagination"`
	Meta       api.OpenDoorMeta  `json:"meta"`
}

// hiveFivePageWire is one page of GET /v1/hive-fives.
type hiveFivePageWire struct {
	Data       []hiveFiveRowWire `json:"data"`
	Pagination api.Pagination    `json:"pagination"`
	Meta       api.FeedbackMeta  `json:"meta"`
}

// feedbackSchemas describes the feedback rows' fields, and lets their rows
// carry the segment columns their pattern names and nothing else.
func feedbackSchemas(g *reference.Registry) {
	categories := []any{}
	for _, c := range people.OpenDoorCategories {
		categories = append(categories, string(c))
	}
	for _, c := range []string{"OpenDoorRow", "OpenDoorItemInput"} {
		g.Fields[c+".category"] = &reference.Schema{Type: "string", Enum: categories}
	}
	g.Fields["OpenDoorRow.id"] = &reference.Schema{Type: "string", Description: "Random: unlike other ids it carries no time."}
	g.Fields["OpenDoorRow.date"] = &reference.Schema{Type: "string", Format: "date", Description: "The UTC day of submission; the time of day is not kept."}
	g.Fields["OpenDoorItemInput.employee_id"] = &reference.Schema{Type: "string",
		Description: "The author, a person uploaded with POST /v1/people/import: used to snapshot their segments, never stored."}
	g.Fields["OpenDoorItemInput.submitted_at"] = &reference.Schema{Type: []string{"string", "null"},
		Description: "YYYY-MM-DD or RFC 3339; default now; not in the future. Only its UTC day is kept."}
	g.Fields["HiveFiveItemInput.sent_at"] = &reference.Schema{Type: []string{"string", "null"},
		Description: "YYYY-MM-DD or RFC 3339; default now; not in the future."}
	g.Fields["HiveFiveItemInput.value"] = &reference.Schema{Type: "string", Description: "A value tag such as teamwork: 1 to 64 of a-z, 0-9, '_', '.', '-', starting with a letter or digit."}
	g.Fields["HiveFiveItemInput.private"] = &reference.Schema{Type: "boolean",
		Description: "Hide the text and the sender from GET /v1/hive-fives; the recognition is still listed and counted."}
	for _, c := range []string{"OpenDoorMeta", "FeedbackMeta"} {
		g.Fields[c+".segment_columns"] = &reference.Schema{Type: "array", Items: g.ResponseSchema(api.SegmentColumn{}),
			Description: "The segment columns of every row, in order, each with the attribute it shows."}
	}
	g.Fields["OpenDoorMeta.comment_threshold"] = &reference.Schema{Type: "integer",
		Description: "Your comment threshold: a row's visible segment columns, together, match at least this many people on the day."}
	g.Fields["OpenDoorMeta.nulled_segment_cells"] = &reference.Schema{Type: "integer",
		Description: "How many segment cells of this page were nulled to keep each row's columns matching at least comment_threshold people."}
	g.Fields["FeedbackMeta.nulled_segment_cells"] = &reference.Schema{Type: "integer",
		Description: "How many sender segment cells of this page's private rows were nulled."}
	g.Fields["HiveFiveRow.text"] = &reference.Schema{Type: []string{"string", "null"}, Description: "Null when private."}
	g.Fields["HiveFiveRow.sender_employee_id"] = &reference.Schema{Type: []string{"string", "null"}, Description: "Null when private."}
	for _, r := range []struct {
		row           any
		pattern, desc string
	}{
		{openDoorRowWire{}, "^.+_segment_id$", "<attribute>_segment_id: the author's segment of that attribute on the day of submission; " +
			"null when that segment had fewer people than the comment threshold that day, or the attribute is newer than the row."},
		{hiveFiveRowWire{}, "^(sender|recipient)_.+_segment_id$", "sender_<attribute>_segment_id and recipient_<attribute>_segment_id: " +
			"that side's segment of the attribute as of sent_at; every sender column is null on a private row, and a column is null " +
			"where the attribute is newer than the row."},
	} {
		ref := g.ResponseSchema(r.row)
		s := g.Components[strings.TrimPrefix(ref.Ref, "#/components/schemas/")]
		s.PatternProperties = map[string]*reference.Schema{r.pattern: {Type: []string{"string", "null"}, Description: r.desc}}
		s.AdditionalProperties = false
	}
}

// openDoorDoc states the Open Door list's columns and privacy contract.
const openDoorDoc = "Anonymous comments from your people, oldest day first. A row holds id, date (the UTC day of submission), " +
	"category, text and one <attribute>_segment_id column per attribute of your tenant (tenure_segment_id, age_segment_id, " +
	"department_segment_id, ... in the order of GET /v1/attributes); meta.segment_columns maps each column to its attribute, " +
	"and meta.comment_threshold is your comment threshold (GET /v1/settings/privacy, default 10). The columns are the same on every row and page." +
	"\n\nPrivacy: Open Door never stores or returns an employee identifier. A submission's employee_id is used once, to snapshot " +
	"its author's segments, and then dropped: all that is kept and returned is the day, the category, the text and the segment " +
	"snapshot, under a random id that carries no time. The segment columns of a row, taken together, always match at least the " +
	"comment threshold of people on the roster of the day of submission (the people employed that day, with tenure and age as of " +
	"that day), so that nobody holding the roster can intersect them down to a few people: where they would match fewer, the " +
	"columns are nulled one at a time, each time the one whose removal grows the matching group most (the earlier attribute on a tie), " +
	"and meta.nulled_segment_cells counts them. A column is null too for an attribute added after the submission." +
	"\n\nFilters: from and to (YYYY-MM-DD or RFC 3339) keep the days in [from, to), each day counting as its midnight UTC; " +
	"category keeps one category. segment_id keeps the rows whose author was in that segment when submitting. It is a 400 naming segment_id when it is " +
	"not a segment of your tenant (GET /v1/attributes lists them), or when the segment has fewer people than the comment threshold " +
	"today (details.comment_threshold says how many it needs): its rows would be the comments of a known handful of people. " +
	"The filter also leaves out every row whose column of that attribute is null without the filter (the segment was small that " +
	"day, or the column was nulled for the combination), so a filtered page is exactly the unfiltered rows that show the segment: " +
	"it never reveals a nulled cell, and may hold fewer rows than limit while next_cursor is set. " +
	"An unknown category, or to not after from, is a 400 naming the parameter."

// hiveFivesDoc states the Hive Fives list's columns and privacy contract.
const hiveFivesDoc = "Peer recognitions, oldest sent_at first. A row holds id, sent_at, value, private, text, " +
	"sender_employee_id and recipient_employee_id, then sender_<attribute>_segment_id for every attribute and " +
	"recipient_<attribute>_segment_id for every attribute, in the order of GET /v1/attributes, each side's segments as of " +
	"sent_at; meta.segment_columns maps each column to its attribute. The columns are the same on every row and page." +
	"\n\nPrivacy: a private Hive Five is listed and counted like any other, with its id, sent_at, value, private true, its " +
	"recipient and the recipient's segments, but its text, sender_employee_id and every sender segment column are null. " +
	"meta.nulled_segment_cells counts the private senders' segment cells nulled on the page. The only anonymous party of a " +
	"Hive Five is a private sender, whose columns are all null; everyone else on a row is named by employee id, so the " +
	"comment threshold does not apply to their segment columns." +
	"\n\nFilters: from and to (YYYY-MM-DD or RFC 3339) keep the recognitions sent in [from, to). segment_id keeps those whose " +
	"recipient was in that segment, or whose sender was on a public one: a private Hive Five is never found through its sender. " +
	"A segment_id that is not a segment of your tenant (GET /v1/attributes lists them), or to not after from, is a 400 naming the parameter."

// feedbackSegment is the segment_id filter of the feedback lists.
var feedbackSegment = edge.Param{Name: "segment_id", In: "query", Description: "Only rows of this segment, from GET /v1/attributes."}

// Feedback examples: tenure and department, at the default comment
// threshold of 10.

var exFeedbackAttrs = []*people.Attribute{exAttributes[1].a, exAttributes[0].a}

var exOpenDoor = []*people.OpenDoorRow{
	{ID: "od_7hQ2mZ9xK4pW1nB8vT3cYr", Date: time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC), Category: people.OpenDoorSuggestion,
		Text: "Could we keep one meeting room free for quiet work?", Segments: []*string{&exAttributes[1].s.ID, &exAttributes[0].s.ID}},
	{ID: "od_2kR8sL5qT0vX6cN1mJ4bWe", Date: time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC), Category: people.OpenDoorProblem,
		Text: "The on-call rota lands on the same people every month.", Segments: []*string{nil, &exAttributes[0].s.ID}},
}

var exHiveFives = []*people.HiveFiveRow{
	{ID: "h5_0V2SzA7sDf4gHj8kLz1xCv", SentAt: edge.ExTime, Value: "teamwork", Text: edge.Ptr("Thanks for covering the launch call!"),
		SenderID: edge.Ptr("E1002"), RecipientID: "E1001", SenderSegments: []*string{&exAttributes[1].s.ID, &exAttributes[0].s.ID},
		RecipientSegments: []*string{&exAttributes[1].s.ID, &exAttributes[0].s.ID}},
	{ID: "h5_0V2T0B8dFg5hJk9lZx2cVb", SentAt: edge.ExTime.Add(2 * time.Hour), Value: "kindness", Private: true, RecipientID: "E1001",
		SenderSegments: []*string{nil, nil}, RecipientSegments: []*string{&exAttributes[1].s.ID, &exAttributes[0].s.ID}},
}

// nulledCells counts the null segment cells of the example rows, which
// stand for cells the guard nulled.
func nulledCells(rows []*people.OpenDoorRow) int {
	n := 0
	for _, r := range rows {
		for _, c := range r.Segments {
			if c == nil {
				n++
			}
		}
	}
	return n
}

var exOpenDoorPage = func() openDoorPageWire {
	cols, fixed := openDoorColumns(exFeedbackAttrs), len(openDoorColumns(nil))
	p := openDoorPageWire{Meta: api.OpenDoorMeta{FeedbackMeta: api.FeedbackMeta{Columns: columnNames(cols), Count: len(exOpenDoor),
		Limit: biRowCap, RowCap: biRowCap, SegmentColumns: segmentColumnsMeta(exFeedbackAttrs, ""), NulledSegmentCells: nulledCells(exOpenDoor)}, CommentThreshold: 10}}
	for _, r := range exOpenDoor {
		row := biRow[openDoorRowWire](cols[:fixed], r)
		row.Segments = cellsOf(cols[fixed:], r)
		p.Data = append(p.Data, row)
	}
	return p
}()

var exHiveFivePage = func() hiveFivePageWire {
	cols, fixed := hiveFiveColumns(exFeedbackAttrs), len(hiveFiveColumns(nil))
	p := hiveFivePageWire{Meta: api.FeedbackMeta{Columns: columnNames(cols), Count: len(exHiveFives), Limit: biRowCap, RowCap: biRowCap,
		SegmentColumns: segmentColumnsMeta(exFeedbackAttrs, "sender_", "recipient_")}}
	for _, r := range exHiveFives {
		if r.Private {
			p.Meta.NulledSegmentCells += len(exFeedbackAttrs)
		}
		row := biRow[hiveFiveRowWire](cols[:fixed], r)
		row.Segments = cellsOf(cols[fixed:], r)
		p.Data = append(p.Data, row)
	}
	return p
}()
