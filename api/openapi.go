package api

import "time"

// Analytics tables.

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

// QuestionStatistics is a row of GET /v1/surveys/{id}/statistics.
type QuestionStatistics struct {
	QuestionFigures
	Privacy
}

// QuestionFigures are the figures of a question statistics row. The
// server's analytics engine computes its rows into this struct, and the
// table's columns (JSON and CSV, names and order) are derived from its
// fields, so a new column is one field here, filled by the engine.
type QuestionFigures struct {
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
}

// DistributionRow is a row of the statistics endpoints with
// view=distribution: how many respondents gave one value to one question.
type DistributionRow struct {
	DistributionFigures
	Privacy
}

// DistributionFigures are the figures of a distribution row, computed by
// the server's analytics engine like QuestionFigures.
type DistributionFigures struct {
	SurveyID    string   `json:"survey_id"`
	QuestionID  string   `json:"question_id"`
	QuestionKey string   `json:"question_key"`
	Value       int      `json:"value"`
	Count       *int     `json:"count"`
	Pct         *float64 `json:"pct"`
}

// MetricRow is a row of GET /v1/metrics.
type MetricRow struct {
	Metric        string     `json:"metric"`
	SurveyID      string     `json:"survey_id"`
	SurveyName    string     `json:"survey_name"`
	Period        *string    `json:"period"`
	PeriodStart   *time.Time `json:"period_start"`
	AttributeID   *string    `json:"attribute_id"`
	SegmentID     *string    `json:"segment_id"`
	SegmentName   *string    `json:"segment_name"`
	ResponseCount *int       `json:"response_count"`
	Score         *float64   `json:"score"`
	FavourablePct *float64   `json:"favourable_pct"`
	PromotersPct  *float64   `json:"promoters_pct"`
	PassivesPct   *float64   `json:"passives_pct"`
	DetractorsPct *float64   `json:"detractors_pct"`
	Privacy
}

// KeyDriver is a row of GET /v1/surveys/{id}/key-drivers.
type KeyDriver struct {
	DriverFigures
	Privacy
}

// DriverFigures are the figures of a Key Drivers row. The server's
// analytics engine computes its rows into this struct, and the table's
// columns (JSON and CSV, names and order) are derived from its fields, so a
// new column is one field here, filled by the engine.
type DriverFigures struct {
	SurveyID       string   `json:"survey_id"`
	Driver         string   `json:"driver"`
	DriverType     string   `json:"driver_type"` // "category" or "question"
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
}

// HeatmapRow is a row of GET /v1/heatmap/{survey_id}.
type HeatmapRow struct {
	HeatmapFigures
	Privacy
}

// HeatmapFigures are the figures of a heatmap row. The server's analytics
// engine computes its rows into this struct, and the table's columns (JSON
// and CSV, names and order) are derived from its fields, so a new column is
// one field here, filled by the engine.
type HeatmapFigures struct {
	RowType              string   `json:"row_type"`
	QuestionID           *string  `json:"question_id"`
	QuestionKey          *string  `json:"question_key"`
	Category             *string  `json:"category" bi:"nullempty"` // null when the question has none
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
}

// Facet is a row of GET /v1/surveys/{id}/facets: a segment (FacetType
// "segment") or a month or quarter (FacetType "date_bucket").
type Facet struct {
	FacetType       string     `json:"facet_type"`
	AttributeID     *string    `json:"attribute_id"`
	AttributeName   *string    `json:"attribute_name"`
	SegmentID       *string    `json:"segment_id"`
	SegmentName     *string    `json:"segment_name"`
	Interval        *string    `json:"interval"`
	Period          *string    `json:"period"`
	PeriodStart     *time.Time `json:"period_start"`
	RespondentCount *int       `json:"respondent_count"`
	Reportable      bool       `json:"reportable"`
	Privacy
}

// CustomMetric is a tenant-defined index over question keys. Metric is the
// name GET /v1/metrics takes: "custom:" + ID.
type CustomMetric struct {
	ID           string    `json:"id"`
	Metric       string    `json:"metric"`
	Name         string    `json:"name"`
	QuestionKeys []string  `json:"question_keys"`
	CreatedAt    time.Time `json:"created_at"`
}

// CreateCustomMetricRequest is the body of POST /v1/custom-metrics.
type CreateCustomMetricRequest struct {
	Name         string   `json:"name"`
	QuestionKeys []string `json:"question_keys"`
}

// People, surveys and responses.

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

// Survey is a row of GET /v1/surveys. Times are UTC; nil is null.
type Survey struct {
	ID            string     `json:"id"`
	Name          string     `json:"name"`
	Type          string     `json:"type"`
	Status        string     `json:"status"`
	StartDate     *time.Time `json:"start_date"`
	EndDate       *time.Time `json:"end_date"`
	InvitedCount  *int       `json:"invited_count"`
	ResponseCount int        `json:"response_count"`
	CreatedAt     time.Time  `json:"created_at"`
	UpdatedAt     time.Time  `json:"updated_at"`
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

// Question is a row of GET /v1/surveys/{id}/questions.
type Question struct {
	ID                string    `json:"id"`
	SurveyID          string    `json:"survey_id"`
	Position          int       `json:"position"`
	QuestionKey       string    `json:"question_key"`
	Text              string    `json:"text"`
	Type              string    `json:"type"`
	ScaleMin          *int      `json:"scale_min"`
	ScaleMax          *int      `json:"scale_max"`
	FavourableMin     *int      `json:"favourable_min"`
	UnfavourableMax   *int      `json:"unfavourable_max"`
	Category          *string   `json:"category"`
	InEngagementIndex bool      `json:"in_engagement_index"`
	OptionCount       int       `json:"option_count"`
	CreatedAt         time.Time `json:"created_at"`
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

// PrivacySettings are the tenant's confidentiality thresholds, the
// response and body of /v1/settings/privacy. In a body, a nil field (null
// or left out) keeps its value.
type PrivacySettings struct {
	Threshold        *int `json:"threshold"`
	CommentThreshold *int `json:"comment_threshold"`
}
