package people

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/analytics"
	"github.com/hive-platform/hive/internal/hive"
)

// Filter narrows a report to the respondents in every listed segment (at
// most two) who submitted in [From, To). The zero Filter is everyone.
type Filter struct {
	SegmentIDs []string
	From, To   time.Time
}

func (f Filter) selection() (analytics.Selection, error) {
	if n := len(f.SegmentIDs); n > analytics.MaxSegmentFilters {
		return analytics.Selection{}, hive.FieldError("segment_id", "at most %d segment filters at once, got %d; drop one, or break down by an attribute instead", analytics.MaxSegmentFilters, n)
	}
	return analytics.Selection{SegmentIDs: f.SegmentIDs, From: f.From, To: f.To}, nil
}

// report loads what every report needs: the survey's dataset, the
// tenant's confidentiality threshold and the selection.
func (s *Service) report(ctx context.Context, p *hive.Principal, surveyID string, f Filter) (*analytics.Dataset, int, analytics.Selection, error) {
	sel, err := f.selection()
	if err != nil {
		return nil, 0, sel, err
	}
	_, ds, err := s.dataset(ctx, p, surveyID)
	if err != nil {
		return nil, 0, sel, err
	}
	priv, err := s.Privacy(ctx, p)
	if err != nil {
		return nil, 0, sel, err
	}
	return ds, priv.Threshold, sel, nil
}

// Statistics returns every question's statistics for the filtered
// respondents, with the distributions as rows of their own.
func (s *Service) Statistics(ctx context.Context, p *hive.Principal, surveyID string, f Filter) (*analytics.Statistics, error) {
	ds, threshold, sel, err := s.report(ctx, p, surveyID, f)
	if err != nil {
		return nil, err
	}
	return ds.Statistics(sel, threshold)
}

// QuestionStatistics returns one question's statistics and distribution;
// questionID may also be the question's key.
func (s *Service) QuestionStatistics(ctx context.Context, p *hive.Principal, surveyID, questionID string, f Filter) (analytics.QuestionStats, []analytics.DistributionRow, error) {
	ds, threshold, sel, err := s.report(ctx, p, surveyID, f)
	if err != nil {
		return analytics.QuestionStats{}, nil, err
	}
	return ds.QuestionStatistics(questionID, sel, threshold)
}

// KeyDrivers returns one row per driver for the filtered respondents.
func (s *Service) KeyDrivers(ctx context.Context, p *hive.Principal, surveyID string, f Filter) ([]analytics.DriverRow, error) {
	ds, threshold, sel, err := s.report(ctx, p, surveyID, f)
	if err != nil {
		return nil, err
	}
	return ds.KeyDrivers(sel, threshold)
}

// HeatmapQuery selects a heatmap: one attribute's segments ("" for every
// attribute, each its own breakdown) and the rows of one type ("" for all:
// analytics.RowEI, RowENPS, RowQuestion).
type HeatmapQuery struct {
	AttributeID string
	RowType     string
}

// Heatmap returns the survey's heatmap rows.
func (s *Service) Heatmap(ctx context.Context, p *hive.Principal, surveyID string, q HeatmapQuery) ([]analytics.HeatmapRow, error) {
	if !slices.Contains([]string{"", analytics.RowEI, analytics.RowENPS, analytics.RowQuestion}, q.RowType) {
		return nil, hive.FieldError("metric", "%q is not engagement_index, enps or question; leave it out for every row", q.RowType)
	}
	ds, threshold, _, err := s.report(ctx, p, surveyID, Filter{})
	if err != nil {
		return nil, err
	}
	attrs := []string{q.AttributeID}
	if q.AttributeID == "" {
		attrs = nil
		for _, a := range ds.Survey().Attributes {
			attrs = append(attrs, a.ID)
		}
	}
	var out []analytics.HeatmapRow
	for _, id := range attrs {
		rows, err := ds.Heatmap(id, threshold)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if q.RowType == "" || r.RowType == q.RowType {
				out = append(out, r)
			}
		}
	}
	return out, nil
}

// Facets returns the segments and date buckets the survey can be filtered
// by, with their respondent counts.
func (s *Service) Facets(ctx context.Context, p *hive.Principal, surveyID string) (*analytics.Facets, error) {
	ds, threshold, _, err := s.report(ctx, p, surveyID, Filter{})
	if err != nil {
		return nil, err
	}
	return ds.Facets(threshold)
}

// Metric names a report may ask for besides custom:{id}.
var builtinMetrics = []analytics.MetricKind{analytics.MetricEI, analytics.MetricENPS, analytics.MetricAverage}

// MetricsQuery asks for headline metrics: each of Metrics (every built-in
// one when empty) for one survey or every survey the caller may see, by
// period and by the segments of an attribute when asked.
type MetricsQuery struct {
	Metrics     []string
	SurveyID    string
	AttributeID string
	Interval    analytics.Interval
	Filter
}

// MetricRow is one metric × survey or period × segment.
type MetricRow struct {
	SurveyName string
	analytics.MetricRow
}

// Metrics returns up to limit rows of the metrics table after the row
// whose key is after, and the key to continue from ("" on the last page).
// Rows run survey by survey in ID order, then metric, period and segment;
// a metric a survey cannot have (no eNPS question, none of a custom
// metric's keys) is one row of nulls, not suppressed.
func (s *Service) Metrics(ctx context.Context, p *hive.Principal, q MetricsQuery, after string, limit int) ([]MetricRow, string, error) {
	sel, err := q.selection()
	if err != nil {
		return nil, "", err
	}
	if q.Interval != "" && q.Interval != analytics.Month && q.Interval != analytics.Quarter {
		return nil, "", hive.FieldError("interval", "%q is not month or quarter; leave it out for one row per survey", q.Interval)
	}
	metrics, err := s.resolveMetrics(ctx, p, q.Metrics)
	if err != nil {
		return nil, "", err
	}
	surveys, err := s.metricSurveys(ctx, p, q.SurveyID, after)
	if err != nil {
		return nil, "", err
	}
	priv, err := s.Privacy(ctx, p)
	if err != nil {
		return nil, "", err
	}
	var out []MetricRow
	last := ""
	for _, sv := range surveys {
		rows, err := s.surveyMetrics(ctx, p, sv.ID, metrics, q, sel, priv.Threshold)
		if err != nil {
			return nil, "", err
		}
		for i, row := range rows {
			key := fmt.Sprintf("%s:%06d", sv.ID, i)
			if key <= after {
				continue
			}
			if len(out) == limit {
				return out, last, nil
			}
			out, last = append(out, MetricRow{SurveyName: sv.Name, MetricRow: row}), key
		}
	}
	return out, "", nil
}

// metricSurveys returns the survey asked for, or every survey the caller
// may see from the one the cursor after points into.
func (s *Service) metricSurveys(ctx context.Context, p *hive.Principal, surveyID, after string) ([]*Survey, error) {
	if surveyID != "" {
		sv, err := s.Survey(ctx, p, surveyID)
		if err != nil {
			return nil, err
		}
		return []*Survey{sv}, nil
	}
	from, _, _ := strings.Cut(after, ":")
	var out []*Survey
	for cursor := ""; ; {
		page, err := s.ListSurveys(ctx, p, SurveyFilter{After: cursor, Limit: 1000})
		if err != nil {
			return nil, err
		}
		for _, sv := range page {
			if sv.ID >= from {
				out = append(out, sv)
			}
		}
		if len(page) < 1000 {
			return out, nil
		}
		cursor = page[len(page)-1].ID
	}
}

// surveyMetrics computes every metric for one survey.
func (s *Service) surveyMetrics(ctx context.Context, p *hive.Principal, surveyID string, metrics []analytics.Metric, q MetricsQuery, sel analytics.Selection, threshold int) ([]analytics.MetricRow, error) {
	_, ds, err := s.dataset(ctx, p, surveyID)
	if err != nil {
		if hive.ErrorDetails(err)["field"] == "survey_id" && q.SurveyID == "" {
			return nil, nil // a survey without questions has no metrics yet
		}
		return nil, err
	}
	var out []analytics.MetricRow
	for _, m := range metrics {
		if m.Kind == analytics.MetricCustom {
			m.QuestionKeys = slices.DeleteFunc(slices.Clone(m.QuestionKeys), func(k string) bool { return !numericKey(ds, k) })
		}
		rows, err := ds.Metrics(analytics.MetricsRequest{Metric: m, Selection: sel, Interval: q.Interval, AttributeID: q.AttributeID, Threshold: threshold})
		if f := hive.ErrorDetails(err)["field"]; f == "metric" || f == "question_keys" {
			rows, err = []analytics.MetricRow{{Metric: m.Name(), SurveyID: surveyID}}, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

// numericKey reports whether the dataset has a scale or eNPS question with
// the key, which a custom metric can average.
func numericKey(ds *analytics.Dataset, key string) bool {
	i, ok := ds.Question(key)
	if !ok {
		return false
	}
	t := ds.Survey().Questions[i].Type
	return t == analytics.TypeScale || t == analytics.TypeENPS
}

// resolveMetrics parses metric names, loading custom metrics.
func (s *Service) resolveMetrics(ctx context.Context, p *hive.Principal, names []string) ([]analytics.Metric, error) {
	if len(names) == 0 {
		for _, k := range builtinMetrics {
			names = append(names, string(k))
		}
	}
	out := make([]analytics.Metric, 0, len(names))
	for _, name := range names {
		if id, ok := strings.CutPrefix(name, customMetricName); ok {
			cm, err := s.CustomMetric(ctx, p, id)
			if hive.ErrorCode(err) == hive.ENOTFOUND {
				return nil, hive.FieldError("metric", "%q names no custom metric of this tenant; GET /v1/custom-metrics lists their ids", name)
			}
			if err != nil {
				return nil, err
			}
			out = append(out, analytics.Metric{Kind: analytics.MetricCustom, ID: cm.ID, QuestionKeys: cm.QuestionKeys})
			continue
		}
		if !slices.Contains(builtinMetrics, analytics.MetricKind(name)) {
			return nil, hive.FieldError("metric", "%q is not engagement_index, enps, average_score or custom:{id}", name)
		}
		out = append(out, analytics.Metric{Kind: analytics.MetricKind(name)})
	}
	return out, nil
}
