package insights

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/analytics"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
	"github.com/hive-platform/hive/internal/people"
)

// The Open API's analytics endpoints. Every figure comes from the
// analytics engine with the tenant's confidentiality threshold applied, so
// a suppressed cell reaches the wire as null values with suppressed true
// and its suppression_reason; rows keep the BI conventions of bi.go.

// readFilter reads ?segment_id= (repeatable, at most two), ?from= and ?to=.
func readFilter(r *http.Request) (people.Filter, error) {
	q := r.URL.Query()
	f := people.Filter{SegmentIDs: q["segment_id"]}
	if slices.Contains(f.SegmentIDs, "") {
		return f, hive.FieldError("segment_id", "is empty; pass a segment id from GET /v1/attributes, or leave segment_id out")
	}
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := q.Get(p.name); v != "" {
			t, err := parseInstant(p.name, v)
			if err != nil {
				return f, err
			}
			*p.dst = t
		}
	}
	return f, nil
}

// windowMeta adds the date window a report applied — whole UTC days, as
// the engine snaps it — to meta as from and to, null when open.
func windowMeta(meta map[string]any, f people.Filter) map[string]any {
	from, to := analytics.Selection{From: f.From, To: f.To}.Window()
	meta["from"], meta["to"] = timeOrNil(from), timeOrNil(to)
	return meta
}

func timeOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// readReport reads the paging and the filter of an analytics request.
func readReport(r *http.Request) (biQuery, people.Filter, error) {
	q, err := readBIQuery(r)
	if err != nil {
		return q, people.Filter{}, err
	}
	f, err := readFilter(r)
	return q, f, err
}

// indexKey is the cursor key of the i-th row of a table computed whole:
// its rows come in a stable order, new questions and segments at the end.
func indexKey(i int) string { return fmt.Sprintf("%07d", i) }

// pageIndexed returns the page of rows after q's cursor by row index.
func pageIndexed[T any](rows []T, q biQuery) ([]T, string) {
	keyed := make([]int, len(rows))
	for i := range keyed {
		keyed[i] = i
	}
	page, next := pageRows(keyed, indexKey, q)
	out := make([]T, len(page))
	for i, k := range page {
		out[i] = rows[k]
	}
	return out, next
}

// statisticsColumns are the columns of the statistics endpoints: the
// fields of analytics.QuestionStats.
var statisticsColumns = biColumnsOf[analytics.QuestionStats]()

// distributionColumns are the columns of ?view=distribution: the fields of
// analytics.DistributionRow.
var distributionColumns = biColumnsOf[analytics.DistributionRow]()

// writeStatistics writes the summary rows, or with ?view=distribution the
// distribution rows, of the statistics endpoints.
func writeStatistics(w http.ResponseWriter, r *http.Request, q biQuery, f people.Filter, surveyID string, st *analytics.Statistics) error {
	meta := windowMeta(map[string]any{"survey_id": surveyID, "segment_ids": nonNil(f.SegmentIDs)}, f)
	switch view := r.URL.Query().Get("view"); view {
	case "", "summary":
		page, next := pageIndexed(st.Questions, q)
		return writeBI(w, r, q, statisticsColumns, page, next, nil, meta)
	case "distribution":
		page, next := pageIndexed(st.Distribution, q)
		return writeBI(w, r, q, distributionColumns, page, next, nil, meta)
	default:
		return hive.FieldError("view", "%q is not summary or distribution", view)
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// surveyStatistics handles "GET /v1/surveys/{survey_id}/statistics
// [?segment_id=&from=&to=&view=summary|distribution]": one row per question,
// or with view=distribution one row per question and value.
func (s *API) surveyStatistics(w http.ResponseWriter, r *http.Request) error {
	q, f, err := readReport(r)
	if err != nil {
		return err
	}
	st, err := s.people.Statistics(r.Context(), edge.Principal(r), r.PathValue("survey_id"), f)
	if err != nil {
		return err
	}
	return writeStatistics(w, r, q, f, r.PathValue("survey_id"), st)
}

// questionStatistics handles "GET /v1/surveys/{survey_id}/questions/
// {question_id}/statistics", the same table for one question (by id or
// question_key).
func (s *API) questionStatistics(w http.ResponseWriter, r *http.Request) error {
	q, f, err := readReport(r)
	if err != nil {
		return err
	}
	qs, dist, err := s.people.QuestionStatistics(r.Context(), edge.Principal(r), r.PathValue("survey_id"), r.PathValue("question_id"), f)
	if err != nil {
		return err
	}
	return writeStatistics(w, r, q, f, r.PathValue("survey_id"), &analytics.Statistics{Questions: []analytics.QuestionStats{qs}, Distribution: dist})
}

// driverColumns are the columns of the Key Drivers endpoint: the fields
// of analytics.DriverRow.
var driverColumns = biColumnsOf[analytics.DriverRow]()

// keyDrivers handles "GET /v1/surveys/{survey_id}/key-drivers[?segment_id=
// &from=&to=]": one row per driver, the most influential first (rows
// without an influence last, by name).
func (s *API) keyDrivers(w http.ResponseWriter, r *http.Request) error {
	q, f, err := readReport(r)
	if err != nil {
		return err
	}
	rows, err := s.people.KeyDrivers(r.Context(), edge.Principal(r), r.PathValue("survey_id"), f)
	if err != nil {
		return err
	}
	slices.SortStableFunc(rows, func(a, b analytics.DriverRow) int {
		if c := cmp.Compare(influence(b), influence(a)); c != 0 {
			return c
		}
		return cmp.Compare(a.Driver, b.Driver)
	})
	page, next := pageIndexed(rows, q)
	return writeBI(w, r, q, driverColumns, page, next, nil, windowMeta(map[string]any{"survey_id": r.PathValue("survey_id"), "segment_ids": nonNil(f.SegmentIDs)}, f))
}

func influence(d analytics.DriverRow) float64 {
	if d.InfluencePct == nil {
		return -1
	}
	return *d.InfluencePct
}

// heatmapColumns are the columns of the heatmap endpoint: the fields of
// analytics.HeatmapRow.
var heatmapColumns = biColumnsOf[analytics.HeatmapRow]()

// heatmap handles "GET /v1/heatmap/{survey_id}[?attribute_id=&metric=]":
// one row per question, Engagement Index and eNPS × segment of the
// attribute (of every attribute when attribute_id is left out), with the
// overall values and deltas on each row. metric keeps the rows of one
// row_type: engagement_index, enps or question.
func (s *API) heatmap(w http.ResponseWriter, r *http.Request) error {
	q, err := readBIQuery(r)
	if err != nil {
		return err
	}
	hq := people.HeatmapQuery{AttributeID: r.URL.Query().Get("attribute_id"), RowType: r.URL.Query().Get("metric")}
	rows, err := s.people.Heatmap(r.Context(), edge.Principal(r), r.PathValue("survey_id"), hq)
	if err != nil {
		return err
	}
	page, next := pageIndexed(rows, q)
	return writeBI(w, r, q, heatmapColumns, page, next, nil, map[string]any{"survey_id": r.PathValue("survey_id")})
}

// facetColumns are the columns of the facets endpoint, whose rows are
// segments and date buckets: the columns of the other kind are null.
var facetColumns = biColumnsOf[api.Facet]()

// segmentFacet is the facets row of a segment.
func segmentFacet(s *analytics.FacetSegment) api.Facet {
	return api.Facet{FacetType: "segment", AttributeID: &s.AttributeID, AttributeName: &s.AttributeName, SegmentID: &s.SegmentID,
		SegmentName: &s.SegmentName, RespondentCount: s.RespondentCount, Reportable: !s.Suppressed, Privacy: wirePrivacy(s.Privacy)}
}

// bucketFacet is the facets row of a month or quarter.
func bucketFacet(b *analytics.FacetBucket) api.Facet {
	return api.Facet{FacetType: "date_bucket", Interval: edge.Ptr(string(b.Interval)), Period: &b.Period, PeriodStart: &b.PeriodStart,
		RespondentCount: b.RespondentCount, Reportable: !b.Suppressed, Privacy: wirePrivacy(b.Privacy)}
}

// wirePrivacy is p as the wire carries it: no reason is null.
func wirePrivacy(p analytics.Privacy) api.Privacy {
	out := api.Privacy{Suppressed: p.Suppressed}
	if p.SuppressionReason != "" {
		out.SuppressionReason = edge.Ptr(string(p.SuppressionReason))
	}
	return out
}

// facets handles "GET /v1/surveys/{survey_id}/facets": every segment of
// every attribute, then every month and quarter with responses, each with
// its respondent count (null below the threshold) and whether it can be
// reported on. meta.respondent_count is the survey's.
func (s *API) facets(w http.ResponseWriter, r *http.Request) error {
	q, err := readBIQuery(r)
	if err != nil {
		return err
	}
	fs, err := s.people.Facets(r.Context(), edge.Principal(r), r.PathValue("survey_id"))
	if err != nil {
		return err
	}
	rows := make([]api.Facet, 0, len(fs.Segments)+len(fs.Buckets))
	for i := range fs.Segments {
		rows = append(rows, segmentFacet(&fs.Segments[i]))
	}
	for i := range fs.Buckets {
		rows = append(rows, bucketFacet(&fs.Buckets[i]))
	}
	page, next := pageIndexed(rows, q)
	return writeBI(w, r, q, facetColumns, page, next, nil, map[string]any{"survey_id": r.PathValue("survey_id"), "respondent_count": fs.RespondentCount})
}
