package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// ImportResult is what POST /v1/people/import did, or with DryRun would do.
type ImportResult struct {
	DryRun            bool     `json:"dry_run"`
	Created           int      `json:"created"`
	Updated           int      `json:"updated"`
	Unchanged         int      `json:"unchanged"`
	AttributesCreated []string `json:"attributes_created"`
	SegmentsCreated   int      `json:"segments_created"`
}

// ImportProblem is one problem of a refused upload, found in a refused
// import's Error.Details["errors"].
type ImportProblem struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// ImportPeople streams a people CSV to POST /v1/people/import. size is the
// body's length, or -1 if unknown. The body is a stream and is sent once,
// without retries.
func (c *Client) ImportPeople(ctx context.Context, body io.Reader, size int64, dryRun bool) (*ImportResult, error) {
	target := c.baseURL + "/v1/people/import"
	if dryRun {
		target += "?" + url.Values{"dry_run": {"true"}}.Encode()
	}
	req, err := c.newRequest(ctx, http.MethodPost, target, nil)
	if err != nil {
		return nil, fmt.Errorf("hive: %w", err)
	}
	req.Body, req.ContentLength = io.NopCloser(body), size
	req.Header.Set("Content-Type", "text/csv; charset=utf-8")
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("hive: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, c.decodeError(resp)
	}
	var out ImportResult
	return &out, decodeBody(resp, &out)
}

// Survey is a row of GET /v1/surveys. Times are RFC 3339 UTC; nil is null.
type Survey struct {
	ID            string  `json:"id"`
	Name          string  `json:"name"`
	Type          string  `json:"type"`
	Status        string  `json:"status"`
	StartDate     *string `json:"start_date"`
	EndDate       *string `json:"end_date"`
	InvitedCount  *int    `json:"invited_count"`
	ResponseCount int     `json:"response_count"`
	CreatedAt     string  `json:"created_at"`
	UpdatedAt     string  `json:"updated_at"`
}

// CreateSurveyRequest is the body of POST /v1/surveys. Dates are YYYY-MM-DD
// or RFC 3339.
type CreateSurveyRequest struct {
	Name      string `json:"name"`
	Type      string `json:"type"`
	Status    string `json:"status,omitempty"`
	StartDate string `json:"start_date,omitempty"`
	EndDate   string `json:"end_date,omitempty"`
}

// CreateSurvey creates a survey.
func (c *Client) CreateSurvey(ctx context.Context, req CreateSurveyRequest) (*Survey, error) {
	var out Survey
	return &out, c.do(ctx, http.MethodPost, "/v1/surveys", nil, req, &out)
}

// Question is a row of GET /v1/surveys/{id}/questions.
type Question struct {
	ID                string  `json:"id"`
	SurveyID          string  `json:"survey_id"`
	Position          int     `json:"position"`
	QuestionKey       string  `json:"question_key"`
	Text              string  `json:"text"`
	Type              string  `json:"type"`
	ScaleMin          *int    `json:"scale_min"`
	ScaleMax          *int    `json:"scale_max"`
	FavourableMin     *int    `json:"favourable_min"`
	UnfavourableMax   *int    `json:"unfavourable_max"`
	Category          *string `json:"category"`
	InEngagementIndex bool    `json:"in_engagement_index"`
	OptionCount       int     `json:"option_count"`
	CreatedAt         string  `json:"created_at"`
}

// AddQuestionRequest is the body of POST /v1/surveys/{id}/questions.
type AddQuestionRequest struct {
	QuestionKey       string   `json:"question_key"`
	Text              string   `json:"text"`
	Type              string   `json:"type"`
	ScaleMin          *int     `json:"scale_min,omitempty"`
	ScaleMax          *int     `json:"scale_max,omitempty"`
	FavourableMin     *int     `json:"favourable_min,omitempty"`
	UnfavourableMax   *int     `json:"unfavourable_max,omitempty"`
	Category          string   `json:"category,omitempty"`
	InEngagementIndex bool     `json:"in_engagement_index,omitempty"`
	Options           []string `json:"options,omitempty"`
}

// AddQuestion appends a question to a survey.
func (c *Client) AddQuestion(ctx context.Context, surveyID string, req AddQuestionRequest) (*Question, error) {
	var out Question
	return &out, c.do(ctx, http.MethodPost, "/v1/surveys/"+url.PathEscape(surveyID)+"/questions", nil, req, &out)
}

// Response is one response of a batch. Value is a number for scale, enps
// and option questions (the option's position) and a string for free text.
type Response struct {
	EmployeeID  string   `json:"employee_id"`
	SubmittedAt string   `json:"submitted_at,omitempty"`
	Answers     []Answer `json:"answers"`
}

// Answer is one answer of a Response.
type Answer struct {
	QuestionID string `json:"question_id"`
	Value      any    `json:"value"`
}

// AddResponses sends a batch of responses; one bad answer refuses all of
// them. It returns how many were accepted.
func (c *Client) AddResponses(ctx context.Context, surveyID string, batch []Response) (int, error) {
	var out struct {
		Accepted int `json:"accepted"`
	}
	err := c.do(ctx, http.MethodPost, "/v1/surveys/"+url.PathEscape(surveyID)+"/responses", nil,
		map[string]any{"responses": batch}, &out)
	return out.Accepted, err
}

// Pagination is the paging block of every Open API list.
type Pagination struct {
	NextCursor *string `json:"next_cursor"`
	NextPath   *string `json:"next_path"`
}

// SurveyPage is one page of GET /v1/surveys.
type SurveyPage struct {
	Data       []Survey       `json:"data"`
	Pagination Pagination     `json:"pagination"`
	Meta       map[string]any `json:"meta"`
}

// ListSurveysParams filter GET /v1/surveys; zero values are left out.
type ListSurveysParams struct {
	Status       string
	UpdatedSince string
	Limit        int
	Cursor       string
}

// ListSurveys returns one page of surveys.
func (c *Client) ListSurveys(ctx context.Context, p ListSurveysParams) (*SurveyPage, error) {
	q := url.Values{}
	for k, v := range map[string]string{"status": p.Status, "updated_since": p.UpdatedSince, "cursor": p.Cursor} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if p.Limit > 0 {
		q.Set("limit", fmt.Sprint(p.Limit))
	}
	var out SurveyPage
	return &out, c.do(ctx, http.MethodGet, "/v1/surveys", q, nil, &out)
}

// AttributeSegment is a row of GET /v1/attributes.
type AttributeSegment struct {
	AttributeID     string  `json:"attribute_id"`
	AttributeName   string  `json:"attribute_name"`
	AttributeType   string  `json:"attribute_type"`
	SegmentID       string  `json:"segment_id"`
	SegmentName     string  `json:"segment_name"`
	SegmentPosition int     `json:"segment_position"`
	NotSpecified    bool    `json:"not_specified"`
	BucketUnit      *string `json:"bucket_unit"`
	BucketMin       *int    `json:"bucket_min"`
	BucketMax       *int    `json:"bucket_max"`
}

// AttributePage is one page of GET /v1/attributes.
type AttributePage struct {
	Data       []AttributeSegment `json:"data"`
	Pagination Pagination         `json:"pagination"`
	Meta       map[string]any     `json:"meta"`
}

// ListAttributes returns one page of attribute segments; cursor is "" for
// the first page.
func (c *Client) ListAttributes(ctx context.Context, limit int, cursor string) (*AttributePage, error) {
	q := url.Values{}
	if limit > 0 {
		q.Set("limit", fmt.Sprint(limit))
	}
	if cursor != "" {
		q.Set("cursor", cursor)
	}
	var out AttributePage
	return &out, c.do(ctx, http.MethodGet, "/v1/attributes", q, nil, &out)
}

// PrivacySettings are the tenant's confidentiality thresholds.
type PrivacySettings struct {
	Threshold        *int `json:"threshold,omitempty"`
	CommentThreshold *int `json:"comment_threshold,omitempty"`
}

// PrivacySettings returns the tenant's thresholds.
func (c *Client) PrivacySettings(ctx context.Context) (*PrivacySettings, error) {
	var out PrivacySettings
	return &out, c.do(ctx, http.MethodGet, "/v1/settings/privacy", nil, nil, &out)
}

// UpdatePrivacySettings changes the thresholds set in s.
func (c *Client) UpdatePrivacySettings(ctx context.Context, s PrivacySettings) (*PrivacySettings, error) {
	var out PrivacySettings
	return &out, c.do(ctx, http.MethodPut, "/v1/settings/privacy", nil, s, &out)
}
