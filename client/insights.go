package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// BIPage is one page of an Open API analytics table. A nil pointer field
// of a row is JSON null: not computable, or suppressed below the tenant's
// confidentiality threshold (then Suppressed is true and
// SuppressionReason says why).
type BIPage[T any] struct {
	Data       []T            `json:"data"`
	Pagination Pagination     `json:"pagination"`
	Meta       map[string]any `json:"meta"`
}

// Privacy is carried by every analytics row.
type Privacy struct {
	Suppressed bool `json:"suppressed"`
	// SuppressionReason is below_threshold, complementary,
	// remainder_below_threshold, segment_remainder_below_threshold,
	// window_remainder_below_threshold or adjacent_day_below_threshold;
	// nil when the row is visible.
	SuppressionReason *string `json:"suppression_reason"`
}

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

// QuestionStatistics is a row of GET /v1/surveys/{id}/statistics.
type QuestionStatistics struct {
	SurveyID        string   `json:"survey_id"`
	QuestionID      string   `json:"question_id"`
	QuestionKey     string   `json:"question_key"`
	QuestionType    string   `json:"question_type"`
	ResponseCount   *int     `json:"response_count"`
	Mean            *float64 `json:"mean"`
	AverageScore100 *float64 `json:"average_score_100"`
	FavourablePct   *float64 `json:"favourable_pct"`
	NeutralPct      *float64 `json:"neutral_pct"`
	UnfavourablePct *float64 `json:"unfavourable_pct"`
	Privacy
}

// DistributionRow is a row of the statistics endpoints with
// view=distribution: how many respondents gave one value to one question.
type DistributionRow struct {
	SurveyID    string   `json:"survey_id"`
	QuestionID  string   `json:"question_id"`
	QuestionKey string   `json:"question_key"`
	Value       int      `json:"value"`
	Count       *int     `json:"count"`
	Pct         *float64 `json:"pct"`
	Privacy
}

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

// MetricRow is a row of GET /v1/metrics.
type MetricRow struct {
	Metric        string   `json:"metric"`
	SurveyID      string   `json:"survey_id"`
	SurveyName    string   `json:"survey_name"`
	Period        *string  `json:"period"`
	PeriodStart   *string  `json:"period_start"`
	AttributeID   *string  `json:"attribute_id"`
	SegmentID     *string  `json:"segment_id"`
	SegmentName   *string  `json:"segment_name"`
	ResponseCount *int     `json:"response_count"`
	Score         *float64 `json:"score"`
	FavourablePct *float64 `json:"favourable_pct"`
	PromotersPct  *float64 `json:"promoters_pct"`
	PassivesPct   *float64 `json:"passives_pct"`
	DetractorsPct *float64 `json:"detractors_pct"`
	Privacy
}

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

// KeyDriver is a row of GET /v1/surveys/{id}/key-drivers.
type KeyDriver struct {
	SurveyID       string   `json:"survey_id"`
	Driver         string   `json:"driver"`
	DriverType     string   `json:"driver_type"`
	N              *int     `json:"n"`
	R              *float64 `json:"r"`
	T              *float64 `json:"t"`
	PValue         *float64 `json:"p_value"`
	Significant    *bool    `json:"significant"`
	RCILow         *float64 `json:"r_ci_low"`
	RCIHigh        *float64 `json:"r_ci_high"`
	RelativeWeight *float64 `json:"relative_weight"`
	InfluencePct   *float64 `json:"influence_pct"`
	Coefficient    *float64 `json:"coefficient"`
	RSquared       *float64 `json:"r_squared"`
	ListwiseN      *int     `json:"listwise_n"`
	Score          *float64 `json:"score"`
	ScoreReference *float64 `json:"score_reference"`
	Action         *string  `json:"action"`
	ImpactSource   *string  `json:"impact_source"`
	Privacy
}

// KeyDrivers returns a survey's Key Drivers, the most influential first.
func (c *Client) KeyDrivers(ctx context.Context, surveyID string, p ReportParams) (*BIPage[KeyDriver], error) {
	return call[BIPage[KeyDriver]](ctx, c, http.MethodGet, "/v1/surveys/"+url.PathEscape(surveyID)+"/key-drivers", p.query(), nil)
}

// HeatmapRow is a row of GET /v1/heatmap/{survey_id}.
type HeatmapRow struct {
	RowType              string   `json:"row_type"`
	QuestionID           *string  `json:"question_id"`
	QuestionKey          *string  `json:"question_key"`
	Category             *string  `json:"category"`
	AttributeID          string   `json:"attribute_id"`
	SegmentID            string   `json:"segment_id"`
	SegmentName          string   `json:"segment_name"`
	ResponseCount        *int     `json:"response_count"`
	Score                *float64 `json:"score"`
	Mean                 *float64 `json:"mean"`
	FavourablePct        *float64 `json:"favourable_pct"`
	OverallResponseCount *int     `json:"overall_response_count"`
	OverallScore         *float64 `json:"overall_score"`
	OverallMean          *float64 `json:"overall_mean"`
	OverallFavourablePct *float64 `json:"overall_favourable_pct"`
	DeltaScore           *float64 `json:"delta_score"`
	DeltaMean            *float64 `json:"delta_mean"`
	DeltaFavourablePct   *float64 `json:"delta_favourable_pct"`
	Privacy
}

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

// Facet is a row of GET /v1/surveys/{id}/facets: a segment (FacetType
// "segment") or a month or quarter (FacetType "date_bucket").
type Facet struct {
	FacetType       string  `json:"facet_type"`
	AttributeID     *string `json:"attribute_id"`
	AttributeName   *string `json:"attribute_name"`
	SegmentID       *string `json:"segment_id"`
	SegmentName     *string `json:"segment_name"`
	Interval        *string `json:"interval"`
	Period          *string `json:"period"`
	PeriodStart     *string `json:"period_start"`
	RespondentCount *int    `json:"respondent_count"`
	Reportable      bool    `json:"reportable"`
	Privacy
}

// Facets returns one page of what a survey can be filtered by.
func (c *Client) Facets(ctx context.Context, surveyID string, limit int, cursor string) (*BIPage[Facet], error) {
	q := ReportParams{Limit: limit, Cursor: cursor}.query()
	return call[BIPage[Facet]](ctx, c, http.MethodGet, "/v1/surveys/"+url.PathEscape(surveyID)+"/facets", q, nil)
}

// CustomMetric is a tenant-defined index over question keys. Metric is the
// name GET /v1/metrics takes: "custom:" + ID.
type CustomMetric struct {
	ID           string   `json:"id"`
	Metric       string   `json:"metric"`
	Name         string   `json:"name"`
	QuestionKeys []string `json:"question_keys"`
	CreatedAt    string   `json:"created_at"`
}

// CreateCustomMetricRequest is the body of POST /v1/custom-metrics.
type CreateCustomMetricRequest struct {
	Name         string   `json:"name"`
	QuestionKeys []string `json:"question_keys"`
}

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
