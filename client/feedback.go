package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/hive-platform/hive/api"
)

// OpenDoorSubmission is api.OpenDoorSubmission.
type OpenDoorSubmission = api.OpenDoorSubmission

// AddOpenDoor sends a batch of up to 1,000 submissions; one bad item
// refuses all of them. It returns how many were accepted.
func (c *Client) AddOpenDoor(ctx context.Context, batch []OpenDoorSubmission) (int, error) {
	var out api.FeedbackAccepted
	err := c.do(ctx, http.MethodPost, "/v1/open-door", nil, map[string]any{"submissions": batch}, &out)
	return out.Accepted, err
}

// HiveFive is api.HiveFive.
type HiveFive = api.HiveFive

// AddHiveFives sends a batch of up to 1,000 recognitions; one bad item
// refuses all of them. It returns how many were accepted.
func (c *Client) AddHiveFives(ctx context.Context, batch []HiveFive) (int, error) {
	var out api.FeedbackAccepted
	err := c.do(ctx, http.MethodPost, "/v1/hive-fives", nil, map[string]any{"hive_fives": batch}, &out)
	return out.Accepted, err
}

// FeedbackPage is api.FeedbackPage.
type FeedbackPage = api.FeedbackPage

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
