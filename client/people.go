package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/hive-platform/hive/api"
)

// ImportResult is api.ImportResult.
type ImportResult = api.ImportResult

// ImportProblem is api.ImportProblem.
type ImportProblem = api.ImportProblem

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

// Survey is api.Survey.
type Survey = api.Survey

// CreateSurveyRequest is api.CreateSurveyRequest.
type CreateSurveyRequest = api.CreateSurveyRequest

// CreateSurvey creates a survey.
func (c *Client) CreateSurvey(ctx context.Context, req CreateSurveyRequest) (*Survey, error) {
	var out Survey
	return &out, c.do(ctx, http.MethodPost, "/v1/surveys", nil, req, &out)
}

// Question is api.Question.
type Question = api.Question

// AddQuestionRequest is api.AddQuestionRequest.
type AddQuestionRequest = api.AddQuestionRequest

// AddQuestion appends a question to a survey.
func (c *Client) AddQuestion(ctx context.Context, surveyID string, req AddQuestionRequest) (*Question, error) {
	var out Question
	return &out, c.do(ctx, http.MethodPost, "/v1/surveys/"+url.PathEscape(surveyID)+"/questions", nil, req, &out)
}

// Response is api.Response.
type Response = api.Response

// Answer is api.Answer.
type Answer = api.Answer

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

// Pagination is api.Pagination.
type Pagination = api.Pagination

// SurveyPage is api.SurveyPage.
type SurveyPage = api.SurveyPage

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

// AttributeSegment is api.AttributeSegment.
type AttributeSegment = api.AttributeSegment

// AttributePage is api.AttributePage.
type AttributePage = api.AttributePage

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

// PrivacySettings is api.PrivacySettings.
type PrivacySettings = api.PrivacySettings

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
