package insights

import (
	"time"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/analytics"
	"github.com/hive-platform/hive/internal/httpapi/edge"
	"github.com/hive-platform/hive/internal/httpapi/reference"
	"github.com/hive-platform/hive/internal/people"
)

// The analytics tables are written by the column tables of insights.go and
// custom_metrics.go, like every Open API list; their rows are documented
// by package api's row types, so the Go client, the document and the
// handlers name the same fields. Each example below is written by the
// handler's columns and decoded into the api type with unknown fields
// refused.

// reportMeta is the meta block of the statistics and Key Drivers tables.
type reportMeta struct {
	biMeta
	SegmentIDs []string   `json:"segment_ids"` // the segment_id filters, as given
	From       *time.Time `json:"from"`        // the window as applied, in whole UTC days; null when open
	To         *time.Time `json:"to"`
}

// reportPage is one page of a statistics or Key Drivers table.
type reportPage[R any] struct {
	Data       []R            `json:"data"`
	Pagination api.Pagination `json:"pagination"`
	Meta       reportMeta     `json:"meta"`
}

// facetsMeta is the meta block of the facets table.
type facetsMeta struct {
	biMeta
	RespondentCount *int `json:"respondent_count"` // the survey's; null below the threshold
}

// facetsPage is one page of the facets table.
type facetsPage struct {
	Data       []api.Facet    `json:"data"`
	Pagination api.Pagination `json:"pagination"`
	Meta       facetsMeta     `json:"meta"`
}

// reportExample is the last page of a statistics or Key Drivers table
// without segment filters.
func reportExample[R, T any](cols []biColumn[T], rows ...T) reportPage[R] {
	p := biExample[R](cols, exSurveyID, rows...)
	return reportPage[R]{Data: p.Data, Meta: reportMeta{biMeta: p.Meta, SegmentIDs: []string{}}}
}

// confidentialityDoc states the suppression rules every analytics table
// follows.
const confidentialityDoc = "\n\nConfidentiality, applied before anything leaves the server: a cell with fewer respondents than your " +
	"privacy threshold (GET /v1/settings/privacy, default 5) has every value and its count null, suppressed true and " +
	"suppression_reason below_threshold. Within one breakdown (every segment of an attribute, Not specified included, or every " +
	"period), while the hidden cells together hold 1 to threshold − 1 respondents the smallest visible cell is hidden too " +
	"(complementary), so a total minus the visible cells never sizes a small group. With a filter (segment_id, from, to) a cell " +
	"must reach the threshold and leave either nobody or at least the threshold of the same unfiltered cell outside the filter, " +
	"else it is hidden with remainder_below_threshold, since the unfiltered figure minus the filtered one would describe the rest. " +
	"The same holds against every group you could get by dropping or widening one filter: without one of the segment_ids, " +
	"which with a window leaves the window alone (segment_remainder_below_threshold), the segments without the date window (window_remainder_below_threshold), and the window " +
	"moved back or on by one day, to the next day anyone in the segments responded (adjacent_day_below_threshold). To see such a " +
	"cell, widen the query: drop a segment_id, use a larger segment, or move from and to onto busier days or whole months. " +
	"Null is never 0: a figure is null when it is suppressed (suppressed true) or cannot be computed (suppressed false, such as " +
	"the mean of an option question or a cell nobody answered)."

// filterDoc describes the segment and date filters of a report.
const filterDoc = "\n\nsegment_id (repeat it for two, at most) keeps the respondents in every listed segment, as of their " +
	"response; from and to keep those who submitted in [from, to), applied in whole UTC days: from is taken back to midnight UTC " +
	"of its day and to on to the next midnight UTC (unless it is one), so a window cannot be slid a minute at a time; " +
	"meta.from and meta.to give the window as applied. An unknown segment, a third segment_id or from not before " +
	"to is a 400 naming the parameter."

// bandsDoc defines the answer bands and the question statistics.
const bandsDoc = "\n\nAnswer bands: on 0–10 favourable is 7 or more, neutral 5–6, unfavourable 4 or less; on 1–5 favourable " +
	"4–5, neutral 3, unfavourable 1–2; a question may set its own favourable_min and unfavourable_max, and eNPS questions band " +
	"promoters 9–10 (favourable), passives 7–8 (neutral) and detractors 0–6 (unfavourable). Over the respondents who answered: " +
	"response_count; mean on the question's own scale; average_score_100 = (mean − scale_min) / (scale_max − scale_min) × 100; " +
	"favourable_pct, neutral_pct and unfavourable_pct, which sum to 100. Option questions have a response_count and a " +
	"distribution, and null mean, score and percentages; free-text questions have no statistics."

// metricsDoc defines the headline metrics.
const metricsDoc = "\n\nMetrics:\n" +
	"- engagement_index, person first: each respondent's mean of the Engagement Index questions they answered, rescaled to 0–100, " +
	"counted only when they answered at least two thirds of the survey's Engagement Index questions (rounded up: 2 of 3, 3 of 4). " +
	"score is the mean of those person values, favourable_pct the share of persons whose value reaches the favourable band on " +
	"the same 0–100 scale, response_count the persons counted.\n" +
	"- enps: 100 × (promoters 9–10 − detractors 0–6) / respondents of the survey's eNPS question, from −100 to 100, with " +
	"promoters_pct, passives_pct (7–8) and detractors_pct.\n" +
	"- average_score: the same person-first mean over every scale question of the survey, one answer enough.\n" +
	"- custom:{id}: a custom metric, computed like engagement_index over its question_keys that the survey has (POST /v1/custom-metrics).\n" +
	"Figures that do not apply to a metric are null: favourable_pct for enps, the promoter columns for the indexes."

// keyDriversDoc defines the Key Drivers fields and actions.
const keyDriversDoc = "\n\nThe outcome is each respondent's Engagement Index value (person first, as in GET /v1/metrics). A driver " +
	"is a question category, valued per person as the mean of its answered scale questions on 0–100 (driver_type category), " +
	"or a scale question without a category (driver_type question); Engagement Index and eNPS questions are never drivers. " +
	"Per driver, over the respondents with both a driver value and an Engagement Index value (pairwise): n; Pearson r; " +
	"t = r·√((n − 2) / (1 − r²)); the two-sided p_value of Student's t with n − 2 degrees of freedom; significant when p_value < 0.05; " +
	"r_ci_low and r_ci_high, the Fisher-z 95% interval of r; score, the driver's mean person value on 0–100. " +
	"Over the respondents who answered every driver (listwise, listwise_n of them): Johnson's relative_weight, which sums to " +
	"r_squared over the drivers; influence_pct = 100 × relative_weight / r_squared, or 0 when the driver is not significant; " +
	"and the standardized regression coefficient. " +
	"score_reference is the mean of the organisation scores of every driver not below the threshold, or, when a segment is asked for, the organisation's " +
	"score for this driver. action: focus when influence_pct is at least the median influence of the significant drivers and " +
	"score is below score_reference; leverage when at least that median and score is at or above it; monitor when below the " +
	"median or not significant and score is below score_reference; maintain otherwise. " +
	"The weights need max(threshold, 30) listwise-complete respondents. impact_source says whose they are: segment (the " +
	"filtered group's own), organisation (the whole survey's: always without a filter, and for a filtered group too small " +
	"to fit its own), or insufficient_data (too few even overall: the weight fields and action are null)."

// analyticsFields gives the analytics row fields their enums, formats and
// descriptions, where the api Go types say less than the wire does.
func analyticsFields(g *reference.Registry) {
	for _, c := range []string{"QuestionStatistics", "DistributionRow", "MetricRow", "KeyDriver", "HeatmapRow", "Facet"} {
		g.Fields[c+".suppressed"] = &reference.Schema{Type: "boolean",
			Description: "Whether the row's figures are hidden to protect a small group; suppression_reason says why."}
		g.Fields[c+".suppression_reason"] = nullableEnum("Why the row is suppressed; null when it is not.",
			string(analytics.BelowThreshold), string(analytics.Complementary), string(analytics.RemainderBelowThreshold),
			string(analytics.SegmentRemainderBelowThreshold), string(analytics.WindowRemainderBelowThreshold), string(analytics.AdjacentDayBelowThreshold))
	}
	g.Fields["QuestionStatistics.question_type"] = &reference.Schema{Type: "string", Enum: []any{"scale", "enps", "option"}}
	g.Fields["QuestionStatistics.average_score_100"] = &reference.Schema{Type: []string{"number", "null"},
		Description: "(mean − scale_min) / (scale_max − scale_min) × 100."}
	g.Fields["DistributionRow.value"] = &reference.Schema{Type: "integer",
		Description: "A value of the question's scale, or an option_value for an option question; every value appears, answered or not."}
	g.Fields["MetricRow.period"] = &reference.Schema{Type: []string{"string", "null"}, Description: "2026-03 by month, 2026-Q1 by quarter; null without interval."}
	g.Fields["MetricRow.period_start"] = &reference.Schema{Type: []string{"string", "null"}, Format: "date-time"}
	g.Fields["MetricRow.score"] = &reference.Schema{Type: []string{"number", "null"}, Description: "0–100 for the indexes, −100 to 100 for enps."}
	g.Fields["KeyDriver.driver_type"] = &reference.Schema{Type: "string", Enum: []any{"category", "question"}}
	g.Fields["KeyDriver.action"] = nullableEnum("What to do about the driver; null without weights or a reference.",
		analytics.ActionFocus, analytics.ActionLeverage, analytics.ActionMonitor, analytics.ActionMaintain)
	g.Fields["KeyDriver.impact_source"] = nullableEnum("Whose respondents the weights come from; null when the row is suppressed.",
		analytics.ImpactSegment, analytics.ImpactOrganisation, analytics.ImpactInsufficient)
	g.Fields["HeatmapRow.row_type"] = &reference.Schema{Type: "string", Enum: []any{analytics.RowEI, analytics.RowENPS, analytics.RowQuestion}}
	g.Fields["HeatmapRow.score"] = &reference.Schema{Type: []string{"number", "null"},
		Description: "The Engagement Index (0–100), the eNPS (−100 to 100), or a question's average_score_100."}
	g.Fields["HeatmapRow.mean"] = &reference.Schema{Type: []string{"number", "null"}, Description: "A question's mean on its scale; null on metric rows."}
	g.Fields["Facet.facet_type"] = &reference.Schema{Type: "string", Enum: []any{"segment", "date_bucket"}}
	g.Fields["Facet.interval"] = nullableEnum("A date bucket's length; null on segment rows.", string(analytics.Month), string(analytics.Quarter))
	g.Fields["Facet.period_start"] = &reference.Schema{Type: []string{"string", "null"}, Format: "date-time"}
	g.Fields["Facet.reportable"] = &reference.Schema{Type: "boolean", Description: "Whether a report filtered to this facet can show figures: not suppressed."}
	g.Fields["CustomMetric.metric"] = &reference.Schema{Type: "string", Description: "The name GET /v1/metrics takes: custom:{id}."}
	g.Fields["CustomMetric.question_keys"] = &reference.Schema{Type: "array", Items: &reference.Schema{Type: "string"},
		Description: "The question keys averaged; comma-separated in CSV."}
	g.Fields["CustomMetric.created_at"] = &reference.Schema{Type: "string", Format: "date-time"}
}

// nullableEnum is a string of one of values, or null.
func nullableEnum(desc string, values ...string) *reference.Schema {
	s := &reference.Schema{Type: []string{"string", "null"}, Description: desc, Enum: []any{nil}}
	for _, v := range values {
		s.Enum = append(s.Enum, v)
	}
	return s
}

// Analytics examples: a live survey of 318 respondents at threshold 5.

var (
	exPrideStats = analytics.QuestionStats{QuestionFigures: api.QuestionFigures{SurveyID: exSurveyID, QuestionID: exQuestions[0].ID,
		QuestionKey: "pride", QuestionType: string(analytics.TypeScale), ResponseCount: edge.Ptr(318), Mean: edge.Ptr(7.42),
		AverageScore100: edge.Ptr(74.2), FavourablePct: edge.Ptr(62.3), NeutralPct: edge.Ptr(21.1), UnfavourablePct: edge.Ptr(16.6)}}
	exOptionStats = analytics.QuestionStats{QuestionFigures: api.QuestionFigures{SurveyID: exSurveyID, QuestionID: exQuestions[1].ID,
		QuestionKey: "work_location", QuestionType: string(analytics.TypeOption), ResponseCount: edge.Ptr(305)}}
	exDistribution = []analytics.DistributionRow{
		{DistributionFigures: api.DistributionFigures{SurveyID: exSurveyID, QuestionID: exQuestions[0].ID, QuestionKey: "pride", Value: 9,
			Count: edge.Ptr(61), Pct: edge.Ptr(19.18)}},
		{DistributionFigures: api.DistributionFigures{SurveyID: exSurveyID, QuestionID: exQuestions[0].ID, QuestionKey: "pride", Value: 10,
			Count: edge.Ptr(52), Pct: edge.Ptr(16.35)}},
	}
)

var exDrivers = []analytics.DriverRow{
	{DriverFigures: api.DriverFigures{SurveyID: exSurveyID, Driver: "Growth", DriverType: "category", N: edge.Ptr(296), R: edge.Ptr(0.62), T: edge.Ptr(13.5), PValue: edge.Ptr(1.2e-32),
		Significant: edge.Ptr(true), RCILow: edge.Ptr(0.55), RCIHigh: edge.Ptr(0.68), RelativeWeight: edge.Ptr(0.19), InfluencePct: edge.Ptr(36.5),
		Coefficient: edge.Ptr(0.38), RSquared: edge.Ptr(0.52), ListwiseN: edge.Ptr(281), Score: edge.Ptr(58.4), ScoreReference: edge.Ptr(66.1),
		Action: edge.Ptr(analytics.ActionFocus), ImpactSource: edge.Ptr(analytics.ImpactOrganisation)}},
	{DriverFigures: api.DriverFigures{SurveyID: exSurveyID, Driver: "Recognition", DriverType: "category", N: edge.Ptr(301), R: edge.Ptr(0.21), T: edge.Ptr(3.7), PValue: edge.Ptr(0.00025),
		Significant: edge.Ptr(true), RCILow: edge.Ptr(0.1), RCIHigh: edge.Ptr(0.32), RelativeWeight: edge.Ptr(0.04), InfluencePct: edge.Ptr(7.7),
		Coefficient: edge.Ptr(0.11), RSquared: edge.Ptr(0.52), ListwiseN: edge.Ptr(281), Score: edge.Ptr(71.9), ScoreReference: edge.Ptr(66.1),
		Action: edge.Ptr(analytics.ActionMaintain), ImpactSource: edge.Ptr(analytics.ImpactOrganisation)}},
}

var exHeatmap = []analytics.HeatmapRow{
	{HeatmapFigures: api.HeatmapFigures{RowType: analytics.RowEI, AttributeID: exAttributes[0].a.ID, SegmentID: exAttributes[0].s.ID, SegmentName: "Sales",
		ResponseCount: edge.Ptr(41), Score: edge.Ptr(71.2), FavourablePct: edge.Ptr(65.9), OverallResponseCount: edge.Ptr(301), OverallScore: edge.Ptr(68.4),
		OverallFavourablePct: edge.Ptr(61.0), DeltaScore: edge.Ptr(2.8), DeltaFavourablePct: edge.Ptr(4.9)}},
	{HeatmapFigures: api.HeatmapFigures{RowType: analytics.RowQuestion, QuestionID: &exQuestions[0].ID, QuestionKey: edge.Ptr("pride"), Category: edge.Ptr("Engagement"),
		AttributeID: exAttributes[0].a.ID, SegmentID: "seg_0V2SwX5oPa3sDf6gHj9kLq", SegmentName: "Legal",
		OverallResponseCount: edge.Ptr(318), OverallScore: edge.Ptr(74.2), OverallMean: edge.Ptr(7.42), OverallFavourablePct: edge.Ptr(62.3)},
		Privacy: analytics.Privacy{Suppressed: true, SuppressionReason: analytics.BelowThreshold}},
}

var exFacets = []api.Facet{
	segmentFacet(&analytics.FacetSegment{AttributeID: exAttributes[0].a.ID, AttributeName: "department",
		SegmentID: exAttributes[0].s.ID, SegmentName: "Sales", RespondentCount: edge.Ptr(41), Reportable: true}),
	segmentFacet(&analytics.FacetSegment{AttributeID: exAttributes[0].a.ID, AttributeName: "department",
		SegmentID: "seg_0V2SwX5oPa3sDf6gHj9kLq", SegmentName: "Legal",
		Privacy: analytics.Privacy{Suppressed: true, SuppressionReason: analytics.BelowThreshold}}),
	bucketFacet(&analytics.FacetBucket{Interval: analytics.Month, Period: "2026-03", PeriodStart: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		RespondentCount: edge.Ptr(318), Reportable: true}),
}

var exMetricRows = []people.MetricRow{
	{SurveyName: exSurvey.Name, MetricRow: analytics.MetricRow{Metric: string(analytics.MetricEI), SurveyID: exSurveyID,
		MetricValue: analytics.MetricValue{ResponseCount: edge.Ptr(301), Score: edge.Ptr(68.4), FavourablePct: edge.Ptr(61.0)}}},
	{SurveyName: exSurvey.Name, MetricRow: analytics.MetricRow{Metric: string(analytics.MetricENPS), SurveyID: exSurveyID,
		MetricValue: analytics.MetricValue{ResponseCount: edge.Ptr(310), Score: edge.Ptr(12.3), PromotersPct: edge.Ptr(35.2), PassivesPct: edge.Ptr(41.9),
			DetractorsPct: edge.Ptr(22.9)}}},
}

var exCustomMetric = &people.CustomMetric{ID: "cmt_0V2SyZ6aSd3fGh7jKl0zXc", Name: "Growth & learning",
	QuestionKeys: []string{"growth_1", "growth_2", "learning"}, CreatedAt: edge.ExTime}

var (
	exStatsPage        = reportExample[api.QuestionStatistics](statisticsColumns, exPrideStats, exOptionStats)
	exDistributionPage = reportExample[api.DistributionRow](distributionColumns, exDistribution...)
	exFacetsPage       = func() facetsPage {
		p := biExample[api.Facet](facetColumns, exSurveyID, exFacets...)
		return facetsPage{Data: p.Data, Meta: facetsMeta{biMeta: p.Meta, RespondentCount: edge.Ptr(318)}}
	}()
)
