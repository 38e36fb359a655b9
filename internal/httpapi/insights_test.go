package httpapi_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/people/peopletest"
	"github.com/hive-platform/hive/internal/synth"
)

// insightsCSV has ten people: five in Sales, three in Support, two in Ops.
const insightsCSV = "employee_id,email,first_name,last_name,start_date,date_of_birth,department\n" +
	"E1,e1@x.test,A,A,,,Sales\nE2,e2@x.test,A,A,,,Sales\nE3,e3@x.test,A,A,,,Sales\nE4,e4@x.test,A,A,,,Sales\nE5,e5@x.test,A,A,,,Sales\n" +
	"E6,e6@x.test,A,A,,,Support\nE7,e7@x.test,A,A,,,Support\nE8,e8@x.test,A,A,,,Support\n" +
	"E9,e9@x.test,A,A,,,Ops\nE10,e10@x.test,A,A,,,Ops\nE11,e11@x.test,A,A,,,Ops\n"

// insightAnswers are pride, loyalty, advocacy (the Engagement Index), enps
// and growth (1–5) per person; -1 is unanswered. E4 answers one EI item of
// three, below the two-thirds rule. E9 and E10 answer later in March.
var insightAnswers = map[string][5]int{
	"E1": {9, 8, 10, 10, 5}, "E2": {7, 6, 8, 9, 4}, "E3": {5, 4, -1, 6, 3}, "E4": {3, -1, -1, 2, 2}, "E5": {10, 10, 10, 8, 5},
	"E6": {6, 6, 6, 7, 3}, "E7": {8, 7, 9, 9, 4}, "E8": {4, 5, 3, 7, 2},
	"E9": {2, 2, 2, 0, 1}, "E10": {9, 9, 9, 10, 5},
}

// insights is a tenant with the fixed survey above at threshold 3.
type insights struct {
	*harness
	survey   string
	qs       []*client.Question
	segments map[string]string // department name, or "Not specified", to segment id
	dept     string            // the department attribute's id
}

func newInsights(t *testing.T) *insights {
	h := newHarness(t)
	ctx := t.Context()
	admin := h.admin()
	if _, err := admin.ImportPeople(ctx, strings.NewReader(insightsCSV), -1, false); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.UpdatePrivacySettings(ctx, client.PrivacySettings{Threshold: new(3)}); err != nil {
		t.Fatal(err)
	}
	in := &insights{harness: h, survey: h.newSurvey("Engagement").ID, segments: map[string]string{}}
	for _, q := range []client.AddQuestionRequest{
		{QuestionKey: "pride", Text: "Proud", Type: "scale", InEngagementIndex: true},
		{QuestionKey: "loyalty", Text: "Stay", Type: "scale", InEngagementIndex: true},
		{QuestionKey: "advocacy", Text: "Recommend", Type: "scale", InEngagementIndex: true},
		{QuestionKey: "enps", Text: "eNPS", Type: "enps"},
		{QuestionKey: "growth", Text: "Grow", Type: "scale", ScaleMin: new(1), ScaleMax: new(5), Category: "Growth"},
	} {
		cq, err := admin.AddQuestion(ctx, in.survey, q)
		if err != nil {
			t.Fatal(err)
		}
		in.qs = append(in.qs, cq)
	}
	var batch []client.Response
	for i := 1; i <= 10; i++ {
		id := fmt.Sprintf("E%d", i)
		at := "2024-03-05T10:00:00Z"
		if i >= 9 {
			at = "2024-03-20T10:00:00Z"
		}
		batch = append(batch, in.response(id, at, insightAnswers[id]))
	}
	if _, err := admin.AddResponses(ctx, in.survey, batch); err != nil {
		t.Fatal(err)
	}
	attrs, err := admin.ListAttributes(ctx, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range attrs.Data {
		if a.AttributeName == "department" {
			in.segments[a.SegmentName], in.dept = a.SegmentID, a.AttributeID
		}
	}
	return in
}

func (in *insights) response(id, at string, vals [5]int) client.Response {
	r := client.Response{EmployeeID: id, SubmittedAt: at}
	for j, v := range vals {
		if v >= 0 {
			r.Answers = append(r.Answers, client.Answer{QuestionID: in.qs[j].ID, Value: v})
		}
	}
	return r
}

func near(got *float64, want float64) bool { return got != nil && math.Abs(*got-want) < 1e-9 }

func TestStatisticsHandComputed(t *testing.T) {
	in := newInsights(t)
	page, err := in.admin().SurveyStatistics(t.Context(), in.survey, client.ReportParams{})
	if err != nil {
		t.Fatal(err)
	}
	pride := page.Data[0]
	// pride: 9 7 5 3 10 6 8 4 2 9 → mean 6.3; favourable (≥7) 5, neutral 2, unfavourable 3.
	if pride.SurveyID != in.survey || pride.QuestionKey != "pride" || *pride.ResponseCount != 10 || !near(pride.Mean, 6.3) || !near(pride.AverageScore100, 63) ||
		!near(pride.FavourablePct, 50) || !near(pride.NeutralPct, 20) || !near(pride.UnfavourablePct, 30) || pride.Suppressed {
		t.Errorf("pride = %+v", pride)
	}
	growth := page.Data[4] // 1–5: 5 4 3 2 5 3 4 2 1 5 → mean 3.4, average_score_100 = (3.4−1)/4·100 = 60
	if !near(growth.Mean, 3.4) || !near(growth.AverageScore100, 60) || !near(growth.FavourablePct, 50) {
		t.Errorf("growth = %+v", growth)
	}
	dist, err := in.admin().SurveyDistribution(t.Context(), in.survey, in.qs[0].ID, client.ReportParams{})
	if err != nil {
		t.Fatal(err)
	}
	if len(dist.Data) != 11 || dist.Data[9].SurveyID != in.survey || dist.Data[9].QuestionKey != "pride" || dist.Data[9].Value != 9 || *dist.Data[9].Count != 2 || !near(dist.Data[9].Pct, 20) || *dist.Data[1].Count != 0 {
		t.Errorf("pride distribution = %+v", dist.Data)
	}
	sales, err := in.admin().QuestionStatistics(t.Context(), in.survey, "pride", client.ReportParams{SegmentIDs: []string{in.segments["Sales"]}})
	if err != nil || len(sales.Data) != 1 || !near(sales.Data[0].Mean, 6.8) {
		t.Errorf("pride in Sales = %+v, %v", sales, err)
	}
}

func TestMetricsHandComputed(t *testing.T) {
	in := newInsights(t)
	ctx := t.Context()
	cm, err := in.admin().CreateCustomMetric(ctx, client.CreateCustomMetricRequest{Name: "Pride and growth", QuestionKeys: []string{"pride", "growth"}})
	if err != nil {
		t.Fatal(err)
	}
	page, err := in.admin().Metrics(ctx, client.MetricsParams{Metrics: []string{"engagement_index", "enps", cm.Metric}, SurveyID: in.survey})
	if err != nil || len(page.Data) != 3 {
		t.Fatalf("metrics = %+v, %v", page, err)
	}
	ei, enps, custom := page.Data[0], page.Data[1], page.Data[2]
	// EI person values 90 70 45 100 60 80 40 20 90 (E4 below two thirds): 595/9; 5 of 9 at or above 70.
	if *ei.ResponseCount != 9 || !near(ei.Score, 595.0/9) || !near(ei.FavourablePct, 500.0/9) || ei.PromotersPct != nil {
		t.Errorf("engagement index = %+v", ei)
	}
	// eNPS 10 9 6 2 8 7 9 7 0 10: 4 promoters, 3 passives, 3 detractors.
	if *enps.ResponseCount != 10 || !near(enps.Score, 10) || !near(enps.PromotersPct, 40) || !near(enps.PassivesPct, 30) ||
		!near(enps.DetractorsPct, 30) || enps.FavourablePct != nil {
		t.Errorf("enps = %+v", enps)
	}
	// Person means of pride (0–100) and growth ((v−1)/4·100): 95 72.5 50 27.5 100 55 77.5 32.5 10 95.
	if custom.Metric != "custom:"+cm.ID || *custom.ResponseCount != 10 || !near(custom.Score, 61.5) {
		t.Errorf("custom metric = %+v", custom)
	}
	byMonth, err := in.admin().Metrics(ctx, client.MetricsParams{Metrics: []string{"enps"}, SurveyID: in.survey, Interval: "month", AttributeID: in.qs[0].ID})
	apiError(t, err, 400, "invalid_request", "")
	byMonth, err = in.admin().Metrics(ctx, client.MetricsParams{Metrics: []string{"enps"}, SurveyID: in.survey, Interval: "quarter"})
	if err != nil || len(byMonth.Data) != 1 || *byMonth.Data[0].Period != "2024-Q1" || *byMonth.Data[0].ResponseCount != 10 {
		t.Errorf("by quarter = %+v, %v", byMonth, err)
	}
}

func TestSuppressionOnTheWire(t *testing.T) {
	in := newInsights(t)
	ctx := t.Context()
	rows := in.heatmapRows(t, "")
	var pride []client.HeatmapRow
	for _, r := range rows {
		if r.QuestionKey != nil && *r.QuestionKey == "pride" && r.AttributeID == in.dept {
			pride = append(pride, r)
		}
	}
	reason := map[string]string{}
	for _, r := range pride {
		if r.SuppressionReason != nil {
			reason[r.SegmentName] = *r.SuppressionReason
			if r.ResponseCount != nil || r.Score != nil || r.Mean != nil || r.DeltaMean != nil || !r.Suppressed {
				t.Errorf("suppressed %s shows values: %+v", r.SegmentName, r)
			}
			continue
		}
		if r.SegmentName != "Sales" || !near(r.Mean, 6.8) || !near(r.DeltaMean, 0.5) || *r.OverallResponseCount != 10 {
			t.Errorf("visible %s = %+v", r.SegmentName, r)
		}
	}
	want := map[string]string{"Ops": "below_threshold", "Not specified": "below_threshold", "Support": "complementary"}
	if fmt.Sprint(want) != fmt.Sprint(reason) {
		t.Errorf("pride by department: reasons %v, want %v", reason, want)
	}

	// The differencing attack: overall minus the visible segments never
	// isolates fewer than the threshold, on any row of any attribute.
	hidden := map[string]int{}
	overall := map[string]int{}
	for _, r := range rows {
		key := r.RowType + r.AttributeID
		if r.QuestionKey != nil {
			key += *r.QuestionKey
		}
		if r.OverallResponseCount != nil {
			overall[key] = *r.OverallResponseCount
		}
		if r.ResponseCount != nil {
			hidden[key] -= *r.ResponseCount
		}
	}
	for key, n := range overall {
		if left := n + hidden[key]; left > 0 && left < 3 {
			t.Errorf("%s: overall minus visible segments reveals a group of %d", key, left)
		}
	}

	// A filter whose remainder is below the threshold: 8 answered before
	// 10 March, leaving 2.
	st, err := in.admin().SurveyStatistics(ctx, in.survey, client.ReportParams{To: "2024-03-10"})
	if err != nil || !st.Data[0].Suppressed || *st.Data[0].SuppressionReason != "remainder_below_threshold" || st.Data[0].ResponseCount != nil {
		t.Errorf("remainder below threshold = %+v, %v", st.Data[0], err)
	}
	ops, err := in.admin().SurveyDistribution(ctx, in.survey, "", client.ReportParams{SegmentIDs: []string{in.segments["Ops"]}})
	if err != nil || len(ops.Data) == 0 {
		t.Fatalf("Ops distribution = %+v, %v", ops, err)
	}
	for _, d := range ops.Data {
		if d.Count != nil || d.Pct != nil || !d.Suppressed {
			t.Fatalf("a suppressed group's distribution shows %+v", d)
		}
	}
	facets, err := in.admin().Facets(ctx, in.survey, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range facets.Data {
		if f.SegmentName != nil && *f.SegmentName == "Ops" && (f.RespondentCount != nil || f.Reportable) {
			t.Errorf("Ops facet = %+v", f)
		}
		if f.SegmentName != nil && *f.SegmentName == "Sales" && (f.RespondentCount == nil || *f.RespondentCount != 5 || !f.Reportable) {
			t.Errorf("Sales facet = %+v", f)
		}
	}
}

func (in *insights) heatmapRows(t *testing.T, attribute string) []client.HeatmapRow {
	t.Helper()
	var out []client.HeatmapRow
	p := client.HeatmapParams{AttributeID: attribute, Limit: 7}
	for {
		page, err := in.admin().Heatmap(t.Context(), in.survey, p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Data...)
		if page.Pagination.NextCursor == nil {
			return out
		}
		p.Cursor = *page.Pagination.NextCursor
	}
}

func TestInsightsCSVColumnsMatchJSON(t *testing.T) {
	in := newInsights(t)
	for _, path := range []string{
		"/v1/surveys/" + in.survey + "/statistics",
		"/v1/surveys/" + in.survey + "/statistics?view=distribution",
		"/v1/surveys/" + in.survey + "/questions/pride/statistics",
		"/v1/surveys/" + in.survey + "/key-drivers",
		"/v1/surveys/" + in.survey + "/facets",
		"/v1/heatmap/" + in.survey + "?metric=enps",
		"/v1/metrics?interval=month",
		"/v1/metrics?survey_id=srv_0000000000000000000000", // 404
		"/v1/custom-metrics",
	} {
		r := in.do("GET", path, "", bearer(in.boot.Secret)...)
		if strings.HasSuffix(path, "0000") {
			if r.status != 404 {
				t.Errorf("%s: %d %s", path, r.status, r.body)
			}
			continue
		}
		p := in.list(in.boot.Secret, path)
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		c := in.do("GET", path+sep+"format=csv", "", bearer(in.boot.Secret)...)
		header, _, _ := strings.Cut(c.body, "\r\n")
		if c.status != 200 || header != strings.Join(p.Meta.Columns, ",") {
			t.Errorf("%s: CSV header %q, JSON columns %v", path, header, p.Meta.Columns)
		}
		for _, row := range p.Data {
			if len(row) != len(p.Meta.Columns) {
				t.Errorf("%s: row has %d fields for %d columns", path, len(row), len(p.Meta.Columns))
			}
		}
	}
}

func TestInsightsBadFiltersAre400(t *testing.T) {
	in := newInsights(t)
	seg := in.segments["Sales"]
	for path, field := range map[string]string{
		"/v1/surveys/" + in.survey + "/statistics?segment_id=seg_nope":                                             "segment_id",
		"/v1/surveys/" + in.survey + "/statistics?segment_id=" + seg + "&segment_id=" + seg + "&segment_id=" + seg: "segment_id",
		"/v1/surveys/" + in.survey + "/statistics?from=yesterday":                                                  "from",
		"/v1/surveys/" + in.survey + "/statistics?view=chart":                                                      "view",
		"/v1/metrics?interval=week":                                                                                "interval",
		"/v1/metrics?metric=happiness":                                                                             "metric",
		"/v1/metrics?metric=custom:cmt_nope":                                                                       "metric",
		"/v1/heatmap/" + in.survey + "?attribute_id=att_nope":                                                      "attribute_id",
		"/v1/heatmap/" + in.survey + "?metric=happiness":                                                           "metric",
		"/v1/surveys/" + in.survey + "/key-drivers?segment_id=":                                                    "segment_id",
	} {
		r := in.do("GET", path, "", bearer(in.boot.Secret)...)
		if r.status != 400 || r.err.Error.Details["field"] != field || r.err.Error.Message == "" {
			t.Errorf("%s: %d %s, want 400 naming %s", path, r.status, r.body, field)
		}
	}
}

func TestInsightsRespectSurveyRestrictions(t *testing.T) {
	in := newInsights(t)
	other := in.newSurvey("Other").ID
	restricted := in.client(in.createKey(client.CreateKeyRequest{Permissions: []string{"responses:read"},
		Resources: &client.Resources{Surveys: []string{other}}}).Key)
	ctx := t.Context()
	_, err := restricted.SurveyStatistics(ctx, in.survey, client.ReportParams{})
	apiError(t, err, 404, "not_found", "")
	_, err = restricted.KeyDrivers(ctx, in.survey, client.ReportParams{})
	apiError(t, err, 404, "not_found", "")
	_, err = restricted.Heatmap(ctx, in.survey, client.HeatmapParams{})
	apiError(t, err, 404, "not_found", "")
	_, err = restricted.Metrics(ctx, client.MetricsParams{SurveyID: in.survey})
	apiError(t, err, 404, "not_found", "")
	all, err := restricted.Metrics(ctx, client.MetricsParams{})
	if err != nil || slices.ContainsFunc(all.Data, func(m client.MetricRow) bool { return m.SurveyID == in.survey }) {
		t.Errorf("metrics of every survey show a survey outside the key's: %+v, %v", all, err)
	}
	surveysOnly := in.client(in.createKey(client.CreateKeyRequest{Permissions: []string{"surveys:read"}}).Key)
	_, err = surveysOnly.SurveyStatistics(ctx, in.survey, client.ReportParams{})
	apiError(t, err, 403, "forbidden", "")
}

func TestCustomMetricCRUD(t *testing.T) {
	in := newInsights(t)
	ctx := t.Context()
	admin := in.admin()
	m, err := admin.CreateCustomMetric(ctx, client.CreateCustomMetricRequest{Name: "Growth", QuestionKeys: []string{"growth"}})
	if err != nil || !strings.HasPrefix(m.ID, "cmt_") || m.Metric != "custom:"+m.ID {
		t.Fatalf("create = %+v, %v", m, err)
	}
	_, err = admin.CreateCustomMetric(ctx, client.CreateCustomMetricRequest{Name: "Growth", QuestionKeys: []string{"pride"}})
	apiError(t, err, 409, "conflict", "")
	for field, req := range map[string]client.CreateCustomMetricRequest{
		"name":             {QuestionKeys: []string{"pride"}},
		"question_keys":    {Name: "x"},
		"question_keys[1]": {Name: "x", QuestionKeys: []string{"pride", "nonexistent"}},
	} {
		_, err := admin.CreateCustomMetric(ctx, req)
		if ce := apiError(t, err, 400, "invalid_request", ""); ce.Details["field"] != field {
			t.Errorf("%+v: field %v, want %s", req, ce.Details["field"], field)
		}
	}
	got, err := admin.GetCustomMetric(ctx, m.ID)
	if err != nil || got.Name != "Growth" || !slices.Equal(got.QuestionKeys, []string{"growth"}) {
		t.Errorf("get = %+v, %v", got, err)
	}
	list, err := admin.ListCustomMetrics(ctx)
	if err != nil || len(list.Data) != 1 {
		t.Errorf("list = %+v, %v", list, err)
	}
	reader := in.client(in.createKey(client.CreateKeyRequest{Preset: "read_only"}).Key)
	apiError(t, reader.DeleteCustomMetric(ctx, m.ID), 403, "forbidden", "")
	if err := admin.DeleteCustomMetric(ctx, m.ID); err != nil {
		t.Fatal(err)
	}
	apiError(t, admin.DeleteCustomMetric(ctx, m.ID), 404, "not_found", "")
	_, err = admin.Metrics(ctx, client.MetricsParams{Metrics: []string{m.Metric}})
	apiError(t, err, 400, "invalid_request", "")
}

func TestStatisticsFollowNewResponses(t *testing.T) {
	in := newInsights(t)
	ctx := t.Context()
	before, err := in.admin().SurveyStatistics(ctx, in.survey, client.ReportParams{})
	if err != nil || *before.Data[0].ResponseCount != 10 {
		t.Fatalf("before = %+v, %v", before, err)
	}
	if _, err := in.admin().AddResponses(ctx, in.survey, []client.Response{in.response("E11", "", [5]int{0, 0, 0, 0, 1})}); err != nil {
		t.Fatal(err)
	}
	after, err := in.admin().SurveyStatistics(ctx, in.survey, client.ReportParams{})
	if err != nil || *after.Data[0].ResponseCount != 11 || !near(after.Data[0].Mean, 63.0/11) {
		t.Errorf("after a new response = %+v, %v", after.Data[0], err)
	}
	if _, err := in.admin().AddQuestion(ctx, in.survey, client.AddQuestionRequest{QuestionKey: "new", Text: "New", Type: "scale"}); err != nil {
		t.Fatal(err)
	}
	withQuestion, err := in.admin().SurveyStatistics(ctx, in.survey, client.ReportParams{})
	if err != nil || len(withQuestion.Data) != 6 || withQuestion.Data[5].ResponseCount != nil || !withQuestion.Data[5].Suppressed {
		t.Errorf("after a new question = %+v, %v", withQuestion.Data, err)
	}
}

// TestKeyDriversRecoverPlantedOrder pins the demo generator's planted
// drivers end to end: 2,000 generated employees loaded through the people
// service, Key Drivers read over HTTP.
func TestKeyDriversRecoverPlantedOrder(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 2,000 generated employees")
	}
	h := newHarness(t)
	org := synth.Generate(synth.Options{Seed: 7, Employees: 2000})
	sv := peopletest.LoadSurvey(t, h.people, h.owner, org, org.Engagement())
	page, err := h.admin().KeyDrivers(t.Context(), sv.ID, client.ReportParams{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range page.Data[:3] {
		got = append(got, d.Driver)
		if d.InfluencePct == nil || *d.ImpactSource != "organisation" {
			t.Errorf("driver %+v", d)
		}
	}
	if want := synth.PlantedDriverOrder()[:3]; !slices.Equal(got, want) {
		t.Errorf("top three drivers by influence = %v, want %v", got, want)
	}
	var sum float64
	for _, d := range page.Data {
		sum += *d.RelativeWeight
	}
	if r2 := *page.Data[0].RSquared; math.Abs(sum-r2) > 1e-9 {
		t.Errorf("relative weights sum to %v, R² is %v", sum, r2)
	}
}
