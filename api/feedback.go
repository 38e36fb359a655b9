package api

import "time"

// Open Door and Hive Fives.

// OpenDoorSubmission is one item of POST /v1/open-door. EmployeeID names
// the author only so that the server can snapshot their segments; it is
// never stored. SubmittedAt is YYYY-MM-DD or RFC 3339; empty means now.
type OpenDoorSubmission struct {
	EmployeeID  string `json:"employee_id"`
	Category    string `json:"category"` // problem, question, suggestion or custom
	Text        string `json:"text"`
	SubmittedAt string `json:"submitted_at,omitempty"`
}

// HiveFive is one item of POST /v1/hive-fives. SentAt is YYYY-MM-DD or RFC
// 3339; empty means now.
type HiveFive struct {
	SenderEmployeeID    string `json:"sender_employee_id"`
	RecipientEmployeeID string `json:"recipient_employee_id"`
	Text                string `json:"text"`
	Value               string `json:"value"` // a value tag such as "teamwork"
	Private             bool   `json:"private"`
	SentAt              string `json:"sent_at,omitempty"`
}

// FeedbackAccepted is the response of POST /v1/open-door and POST
// /v1/hive-fives: how many items the batch saved.
type FeedbackAccepted struct {
	Accepted int `json:"accepted"`
}

// OpenDoorRow is the fixed part of a row of GET /v1/open-door. The row
// goes on with one <attribute>_segment_id column per attribute of the
// tenant, named in the page's meta.
type OpenDoorRow struct {
	ID       string `json:"id"`
	Date     string `json:"date"`
	Category string `json:"category"`
	Text     string `json:"text"`
}

// HiveFiveRow is the fixed part of a row of GET /v1/hive-fives. Text and
// SenderEmployeeID are nil on private recognitions. The row goes on with
// sender_<attribute>_segment_id and recipient_<attribute>_segment_id
// columns, named in the page's meta.
type HiveFiveRow struct {
	ID                  string    `json:"id"`
	SentAt              time.Time `json:"sent_at"`
	Value               string    `json:"value"`
	Private             bool      `json:"private"`
	Text                *string   `json:"text"`
	SenderEmployeeID    *string   `json:"sender_employee_id"`
	RecipientEmployeeID string    `json:"recipient_employee_id"`
}

// SegmentColumn is an item of a feedback page's meta.segment_columns: a
// segment column and the attribute it belongs to.
type SegmentColumn struct {
	Column        string `json:"column"`
	AttributeID   string `json:"attribute_id"`
	AttributeName string `json:"attribute_name"`
}

// FeedbackMeta is the meta block of GET /v1/hive-fives, and the start of
// Open Door's.
type FeedbackMeta struct {
	Columns        []string        `json:"columns"`
	Count          int             `json:"count"`
	Limit          int             `json:"limit"`
	Truncated      bool            `json:"truncated"`
	RowCap         int             `json:"row_cap"`
	SegmentColumns []SegmentColumn `json:"segment_columns"`
	// NulledSegmentCells counts the segment cells of the page nulled to
	// keep an anonymous author from being pointed at.
	NulledSegmentCells int `json:"nulled_segment_cells"`
}

// OpenDoorMeta is the meta block of GET /v1/open-door.
type OpenDoorMeta struct {
	FeedbackMeta
	CommentThreshold int `json:"comment_threshold"`
}

// FeedbackPage is one page of GET /v1/open-door or GET /v1/hive-fives.
// Rows are maps because their segment columns depend on the tenant's
// attributes; Meta["columns"] lists every column in order.
type FeedbackPage struct {
	Data       []map[string]any `json:"data"`
	Pagination Pagination       `json:"pagination"`
	Meta       map[string]any   `json:"meta"`
}
