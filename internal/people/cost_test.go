package people_test

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/analytics"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/people/peopletest"
	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
	"github.com/hive-platform/hive/internal/synth"
)

// TestDemoSuppressionCost counts what confidentiality costs an analyst on
// the demo's organisation (seed 2026, 2,000 employees): the cells hidden,
// by reason, over a fixed set of reports — the survey whole, every
// segment, every department week by week, the Engagement Index by
// department and by week, Key Drivers per department, the heatmap of every
// attribute, the facets — and the Open Door segment cells nulled. Run it
// with -v to read the figures. Reports without a filter have nothing to
// difference against, so none of their cells may carry a filter reason.
func TestDemoSuppressionCost(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the 2,000 employees of the demo")
	}
	ctx := t.Context()
	now := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	org := synth.Generate(synth.Options{Seed: 2026, Now: now})
	st := sqlitetest.Open(t).People()
	p := &hive.Principal{TenantID: "ten_demo", Permissions: hive.NewScopes(hive.ScopePeopleWrite)}
	svc := people.NewService(st, people.Config{Now: func() time.Time { return now }})
	sv := peopletest.LoadSurvey(t, svc, p, org, org.Engagement())
	attrs, err := svc.Attributes(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	cells, byReason := 0, map[string]int{}
	count := func(filtered bool, ps ...analytics.Privacy) {
		for _, pr := range ps {
			cells++
			if pr.Suppressed {
				byReason[string(pr.SuppressionReason)]++
				if r := string(pr.SuppressionReason); !filtered && (strings.Contains(r, "remainder") || strings.HasPrefix(r, "adjacent_day")) {
					t.Errorf("an unfiltered report suppressed with %s", pr.SuppressionReason)
				}
			}
		}
	}
	stats := func(f people.Filter) {
		s, err := svc.Statistics(ctx, p, sv.ID, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range s.Questions {
			count(len(f.SegmentIDs) > 0 || !f.From.IsZero(), q.Privacy)
		}
	}
	ei := func(q people.MetricsQuery) {
		q.Metrics, q.SurveyID = []string{"engagement_index"}, sv.ID
		rows, _, err := svc.Metrics(ctx, p, q, "", 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			count(len(q.SegmentIDs) > 0 || !q.From.IsZero(), r.Privacy)
		}
	}
	var depts []string
	stats(people.Filter{})
	for _, a := range attrs {
		for _, s := range a.Segments {
			stats(people.Filter{SegmentIDs: []string{s.ID}})
			if a.Name == "department" {
				depts = append(depts, s.ID)
			}
		}
		rows, err := svc.Heatmap(ctx, p, sv.ID, people.HeatmapQuery{AttributeID: a.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			count(false, r.Privacy)
		}
		if a.Name == "department" {
			ei(people.MetricsQuery{AttributeID: a.ID, Interval: analytics.Month})
		}
	}
	eng := org.Engagement()
	for _, d := range depts {
		kd, err := svc.KeyDrivers(ctx, p, sv.ID, people.Filter{SegmentIDs: []string{d}})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range kd {
			count(true, r.Privacy)
		}
		for w := people.Civil(eng.Start); w.Before(eng.End); w = w.AddDate(0, 0, 7) {
			f := people.Filter{SegmentIDs: []string{d}, From: w, To: w.AddDate(0, 0, 7)}
			stats(f)
			ei(people.MetricsQuery{Filter: f})
		}
	}
	for w := people.Civil(eng.Start); w.Before(eng.End); w = w.AddDate(0, 0, 7) {
		ei(people.MetricsQuery{Filter: people.Filter{From: w, To: w.AddDate(0, 0, 7)}})
	}
	fs, err := svc.Facets(ctx, p, sv.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range fs.Segments {
		count(false, s.Privacy)
	}
	for _, b := range fs.Buckets {
		count(false, b.Privacy)
	}
	hidden := 0
	var reasons []string
	for r, n := range byReason {
		hidden += n
		reasons = append(reasons, r)
	}
	sort.Strings(reasons)
	t.Logf("demo survey: %d of %d cells suppressed", hidden, cells)
	for _, r := range reasons {
		t.Logf("  %-36s %6d", r, byReason[r])
	}
	odCells, odNull := openDoorCost(t, svc, p, org)
	t.Logf("open door: %d of %d segment cells null", odNull, odCells)
}

// openDoorCost loads the demo's Open Door submissions and counts the null
// segment cells of every row, whatever nulled them.
func openDoorCost(t *testing.T, svc *people.Service, p *hive.Principal, org *synth.Org) (cells, null int) {
	var batch []people.OpenDoorParams
	for _, s := range org.OpenDoor {
		at := s.SubmittedAt
		batch = append(batch, people.OpenDoorParams{EmployeeID: s.EmployeeID, Category: s.Category, Text: s.Text, SubmittedAt: &at})
	}
	if _, err := svc.AddOpenDoor(t.Context(), p, batch); err != nil {
		t.Fatal(err)
	}
	for after := ""; ; {
		page, err := svc.OpenDoor(t.Context(), p, people.OpenDoorQuery{After: after, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Rows {
			for _, c := range r.Segments {
				cells++
				if c == nil {
					null++
				}
			}
		}
		if page.Next == "" {
			return cells, null
		}
		after = page.Next
	}
}
