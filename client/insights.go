package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/hive-platform/hive/api"
)

// BIPage is api.BIPage.
type BIPage[T any] = api.BIPage[T]

// Privacy is api.Privacy.
type Privacy = api.Privacy

// ReportParams filter the analytics endpoints; zero values are left out.
// At most two SegmentIDs; From and To are YYYY-MM-DD or RFC 3339, To
// exclusive, applied in whole UTC days (meta.from and meta.to say how).
type ReportParams struct {
	SegmentIDs []string
	From, To   string
	Limit      int
	Cursor     string
}

func (p ReportParams) query() url.Values {
	q := url.Values{}
	for _, id := range p.SegmentIDs {
		q.Add("segment_id", id)
	}
	setIf(q, "from", p.From)
	setIf(q, "to", p.To)
	setIf(q, "cursor", p.Cursor)
	if p.Limit > 0 {
		q.Set("limit", fmt.Sprint(p.Limit))
	}
	return q
}

// QuestionStatistics is api.QuestionStatistics.
type QuestionStatistics = api.QuestionStatistics

// DistributionRow is api.DistributionRow.
type DistributionRow = api.DistributionRow

func statisticsPath(surveyID, questionID string) string {
	p := "/v1/surveys/" + url.PathEscape(surveyID)
	if questionID != "" {
		p += "/questions/" + url.PathEscape(questionID)
	}
	return p + "/statistics"
}

// SurveyStatistics returns one page of a survey's question statistics.
func (c *Client) SurveyStatistics(ctx context.Context, surveyID string, p ReportParams) (*BIPage[QuestionStatistics], error) {
	return call[BIPage[QuestionStatistics]](ctx, c, http.MethodGet, statisticsPath(surveyID, ""), p.query(), nil)
}

// QuestionStatistics returns one question's statistics (by id or key).
func (c *Client) QuestionStatistics(ctx context.Context, surveyID, questionID string, p ReportParams) (*BIPage[QuestionStatistics], error) {
	return call[BIPage[QuestionStatistics]](ctx, c, http.MethodGet, statisticsPath(surveyID, questionID), p.query(), nil)
}

// SurveyDistribution returns one page of the distribution rows of a
// survey's questions, or of one question when questionID is not "".
func (c *Client) SurveyDistribution(ctx context.Context, surveyID, questionID string, p ReportParams) (*BIPage[DistributionRow], error) {
	q := p.query()
	q.Set("view", "distribution")
	return call[BIPage[DistributionRow]](ctx, c, http.MethodGet, statisticsPath(surveyID, questionID), q, nil)
}

// MetricRow is api.MetricRow.
type MetricRow = api.MetricRow

// MetricsParams select GET /v1/metrics. Metrics are engagement_index,
// enps, average_score or custom:{id}; empty asks for the first three.
// Interval is month or quarter.
type MetricsParams struct {
	Metrics     []string
	SurveyID    string
	AttributeID string
	Interval    string
	ReportParams
}

// Metrics returns one page of headline metrics.
func (c *Client) Metrics(ctx context.Context, p MetricsParams) (*BIPage[MetricRow], error) {
	q := p.query()
	for _, m := range p.Metrics {
		q.Add("metric", m)
	}
	setIf(q, "survey_id", p.SurveyID)
	setIf(q, "attribute_id", p.AttributeID)
	setIf(q, "interval", p.Interval)
	return call[BIPage[MetricRow]](ctx, c, http.MethodGet, "/v1/metrics", q, nil)
}

// KeyDriver is api.KeyDriver.
type KeyDriver = api.KeyDriver

// KeyDrivers returns a survey's Key Drivers, the most influential first.
func (c *Client) KeyDrivers(ctx context.Context, surveyID string, p ReportParams) (*BIPage[KeyDriver], error) {
	return call[BIPage[KeyDriver]](ctx, c, http.MethodGet, "/v1/surveys/"+url.PathEscape(surveyID)+"/key-drivers", p.query(), nil)
}

// HeatmapRow is api.HeatmapRow.
type HeatmapRow = api.HeatmapRow

// HeatmapParams select GET /v1/heatmap/{survey_id}: one attribute's
// segments ("" for every attribute) and one row type (engagement_index,
// enps or question; "" for all).
type HeatmapParams struct {
	AttributeID string
	Metric      string
	Limit       int
	Cursor      string
}

// Heatmap returns one page of a survey's heatmap.
func (c *Client) Heatmap(ctx context.Context, surveyID string, p HeatmapParams) (*BIPage[HeatmapRow], error) {
	q := ReportParams{Limit: p.Limit, Cursor: p.Cursor}.query()
	setIf(q, "attribute_id", p.AttributeID)
	setIf(q, "metric", p.Metric)
	return call[BIPage[HeatmapRow]](ctx, c, http.MethodGet, "/v1/heatmap/"+url.PathEscape(surveyID), q, nil)
}

// Facet is api.Facet.
type Facet = api.Facet

// Facets returns one page of what a survey can be filtered by.
func (c *Client) Facets(ctx context.Context, surveyID string, limit int, cursor string) (*BIPage[Facet], error) {
	q := ReportParams{Limit: limit, Cursor: cursor}.query()
	return call[BIPage[Facet]](ctx, c, http.MethodGet, "/v1/surveys/"+url.PathEscape(surveyID)+"/facets", q, nil)
}

// CustomMetric is api.CustomMetric.
type CustomMetric = api.CustomMetric

// CreateCustomMetricRequest is api.CreateCustomMetricRequest.
type CreateCustomMetricRequest = api.CreateCustomMetricRequest

func customMetricPath(id string) string { return "/v1/custom-metrics/" + url.PathEscape(id) }

// CreateCustomMetric defines a custom metric.
func (c *Client) CreateCustomMetric(ctx context.Context, req CreateCustomMetricRequest) (*CustomMetric, error) {
	return call[CustomMetric](ctx, c, http.MethodPost, "/v1/custom-metrics", nil, req)
}

// ListCustomMetrics returns the tenant's custom metrics.
func (c *Client) ListCustomMetrics(ctx context.Context) (*BIPage[CustomMetric], error) {
	return call[BIPage[CustomMetric]](ctx, c, http.MethodGet, "/v1/custom-metrics", nil, nil)
}

// GetCustomMetric returns one custom metric.
func (c *Client) GetCustomMetric(ctx context.Context, id string) (*CustomMetric, error) {
	return call[CustomMetric](ctx, c, http.MethodGet, customMetricPath(id), nil, nil)
}

// DeleteCustomMetric deletes a custom metric.
func (c *Client) DeleteCustomMetric(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, customMetricPath(id), nil, nil, nil)
}
