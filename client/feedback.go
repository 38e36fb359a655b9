package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// OpenDoorSubmission is one item of POST /v1/open-door. EmployeeID names
// the author only so that the server can snapshot their segments; it is
// never stored. SubmittedAt is YYYY-MM-DD or RFC 3339; empty means now.
type OpenDoorSubmission struct {
	EmployeeID  string `json:"employee_id"`
	Category    string `json:"category"` // problem, question, suggestion or custom
	Text        string `json:"text"`
	SubmittedAt string `json:"submitted_at,omitempty"`
}

// AddOpenDoor sends a batch of up to 1,000 submissions; one bad item
// refuses all of them. It returns how many were accepted.
func (c *Client) AddOpenDoor(ctx context.Context, batch []OpenDoorSubmission) (int, error) {
	var out struct {
		Accepted int `json:"accepted"`
	}
	err := c.do(ctx, http.MethodPost, "/v1/open-door", nil, map[string]any{"submissions": batch}, &out)
	return out.Accepted, err
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

// AddHiveFives sends a batch of up to 1,000 recognitions; one bad item
// refuses all of them. It returns how many were accepted.
func (c *Client) AddHiveFives(ctx context.Context, batch []HiveFive) (int, error) {
	var out struct {
		Accepted int `json:"accepted"`
	}
	err := c.do(ctx, http.MethodPost, "/v1/hive-fives", nil, map[string]any{"hive_fives": batch}, &out)
	return out.Accepted, err
}

// FeedbackPage is one page of GET /v1/open-door or GET /v1/hive-fives.
// Rows are maps because their segment columns depend on the tenant's
// attributes; Meta["columns"] lists every column in order.
type FeedbackPage struct {
	Data       []map[string]any `json:"data"`
	Pagination Pagination       `json:"pagination"`
	Meta       map[string]any   `json:"meta"`
}

// FeedbackParams filter the feedback lists; zero values are left out.
// Category applies to Open Door only.
type FeedbackParams struct {
	From      string
	To        string
	SegmentID string
	Category  string
	Limit     int
	Cursor    string
}

func (p FeedbackParams) query() url.Values {
	q := url.Values{}
	for _, kv := range [][2]string{{"from", p.From}, {"to", p.To}, {"segment_id", p.SegmentID}, {"category", p.Category}, {"cursor", p.Cursor}} {
		if kv[1] != "" {
			q.Set(kv[0], kv[1])
		}
	}
	if p.Limit > 0 {
		q.Set("limit", fmt.Sprint(p.Limit))
	}
	return q
}

// ListOpenDoor returns one page of anonymous Open Door submissions.
func (c *Client) ListOpenDoor(ctx context.Context, p FeedbackParams) (*FeedbackPage, error) {
	var out FeedbackPage
	return &out, c.do(ctx, http.MethodGet, "/v1/open-door", p.query(), nil, &out)
}

// ListHiveFives returns one page of Hive Fives; private ones have a null
// text and sender.
func (c *Client) ListHiveFives(ctx context.Context, p FeedbackParams) (*FeedbackPage, error) {
	var out FeedbackPage
	return &out, c.do(ctx, http.MethodGet, "/v1/hive-fives", p.query(), nil, &out)
}
