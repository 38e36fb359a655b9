package insights

import (
	"net/http"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/analytics"
	"github.com/hive-platform/hive/internal/httpapi/edge"
	"github.com/hive-platform/hive/internal/people"
)

// metricColumns are the columns of GET /v1/metrics. period, period_start
// and the segment columns are null when the table is not broken down by
// them; the figures that do not apply to a metric are null too (no
// favourable_pct for eNPS, no promoters_pct for an index).
var metricColumns = biColumnsVia(func(m people.MetricRow) metricRow { return metricRow{m.Metric, m.SurveyID, m.SurveyName, m.MetricRow} })

// metricRow is a row of GET /v1/metrics: the engine's row with the survey's
// name after its ID. Metric and SurveyID hide the embedded row's to keep
// that order.
type metricRow struct {
	Metric     string `json:"metric"`
	SurveyID   string `json:"survey_id"`
	SurveyName string `json:"survey_name"`
	analytics.MetricRow
}

// listMetrics handles "GET /v1/metrics[?metric=&survey_id=&attribute_id=
// &segment_id=&from=&to=&interval=month|quarter]": one row per metric ×
// survey or period × segment. metric repeats, and defaults to
// engagement_index, enps and average_score.
func (s *API) listMetrics(w http.ResponseWriter, r *http.Request) error {
	q, f, err := readReport(r)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	mq := people.MetricsQuery{Metrics: v["metric"], SurveyID: v.Get("survey_id"), AttributeID: v.Get("attribute_id"),
		Interval: analytics.Interval(v.Get("interval")), Filter: f}
	more := func(after string, limit int) ([]people.MetricRow, string, error) {
		return s.people.Metrics(r.Context(), edge.Principal(r), mq, after, limit)
	}
	rows, next, err := more(q.after, q.chunk())
	if err != nil {
		return err
	}
	return writeBI(w, r, q, metricColumns, rows, next, more, windowMeta(map[string]any{}, f))
}

// customMetricColumns are the columns of a custom metric. question_keys is
// a JSON array, and comma-separated in CSV.
var customMetricColumns = biColumnsVia(wireCustomMetric)

// wireCustomMetric is m as the API returns it.
func wireCustomMetric(m *people.CustomMetric) api.CustomMetric {
	return api.CustomMetric{ID: m.ID, Metric: "custom:" + m.ID, Name: m.Name, QuestionKeys: m.QuestionKeys, CreatedAt: m.CreatedAt}
}

// createCustomMetric handles "POST /v1/custom-metrics".
func (s *API) createCustomMetric(w http.ResponseWriter, r *http.Request) error {
	var req api.CreateCustomMetricRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	m, err := s.people.CreateCustomMetric(r.Context(), edge.Principal(r), people.CustomMetricParams{Name: req.Name, QuestionKeys: req.QuestionKeys})
	if err != nil {
		return err
	}
	return writeBIObject(w, http.StatusCreated, customMetricColumns, m)
}

// listCustomMetrics handles "GET /v1/custom-metrics", in creation order.
func (s *API) listCustomMetrics(w http.ResponseWriter, r *http.Request) error {
	q, err := readBIQuery(r)
	if err != nil {
		return err
	}
	ms, err := s.people.CustomMetrics(r.Context(), edge.Principal(r))
	if err != nil {
		return err
	}
	page, next := pageRows(ms, func(m *people.CustomMetric) string { return m.ID }, q)
	return writeBI(w, r, q, customMetricColumns, page, next, nil, nil)
}

// getCustomMetric handles "GET /v1/custom-metrics/{id}".
func (s *API) getCustomMetric(w http.ResponseWriter, r *http.Request) error {
	m, err := s.people.CustomMetric(r.Context(), edge.Principal(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeBIObject(w, http.StatusOK, customMetricColumns, m)
}

// deleteCustomMetric handles "DELETE /v1/custom-metrics/{id}".
func (s *API) deleteCustomMetric(w http.ResponseWriter, r *http.Request) error {
	if err := s.people.DeleteCustomMetric(r.Context(), edge.Principal(r), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
