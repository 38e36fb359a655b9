package people_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/analytics"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/people/peopletest"
	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
	"github.com/hive-platform/hive/internal/synth"
)

// The attack suite plays an auditor holding a Data key, the HR roster the
// tenant uploaded, and a script. It runs against a generated organisation
// whose smallest departments hold 2–6 people (synth plants them) and whose
// responses are spread over the survey's weeks, and it tries every pair of
// queries the guide's promise must survive: a difference between two
// visible answers must never describe fewer than the threshold of people.

// auditor is the seeded organisation loaded into a service, as an attacker
// with the roster sees it.
type auditor struct {
	t         *testing.T
	svc       *people.Service
	st        people.Store
	p         *hive.Principal
	org       *synth.Org
	survey    *people.Survey
	attrs     []*people.Attribute
	threshold int
	pairs     int // query pairs compared
	shown     int // pairs in which both answers showed some question
}

var attackNow = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

func newAuditor(t *testing.T) *auditor {
	t.Helper()
	org := synth.Generate(synth.Options{Seed: 2026, Employees: 400, Now: attackNow})
	st := sqlitetest.Open(t).People()
	p := &hive.Principal{TenantID: "ten_attack", Permissions: hive.NewScopes(hive.ScopePeopleWrite)}
	svc := people.NewService(st, people.Config{Now: func() time.Time { return attackNow }})
	a := &auditor{t: t, svc: svc, st: st, p: p, org: org, threshold: people.DefaultThreshold}
	a.survey = peopletest.LoadSurvey(t, svc, p, org, &org.Surveys[0])
	a.checkPlanted()
	var err error
	if a.attrs, err = svc.Attributes(t.Context(), p); err != nil {
		t.Fatal(err)
	}
	return a
}

// checkPlanted makes sure the suite has something to find: departments
// whose respondents number 1..threshold−1, and responses over many days.
func (a *auditor) checkPlanted() {
	dept := map[string]string{}
	for _, e := range a.org.Employees {
		dept[e.ID] = e.Department
	}
	per, days := map[string]int{}, map[time.Time]bool{}
	for _, r := range a.org.Surveys[0].Responses {
		per[dept[r.EmployeeID]]++
		days[people.Civil(r.SubmittedAt)] = true
	}
	small := 0
	for _, n := range per {
		if n < a.threshold {
			small++
		}
	}
	if small == 0 || len(days) < 7 {
		a.t.Fatalf("%d departments below the threshold, responses on %d days: nothing planted to attack", small, len(days))
	}
}

func (a *auditor) stats(f people.Filter) *analytics.Statistics {
	a.t.Helper()
	st, err := a.svc.Statistics(a.t.Context(), a.p, a.survey.ID, f)
	if err != nil {
		a.t.Fatalf("statistics %+v: %v", f, err)
	}
	return st
}

// leaks compares two answers whose groups nest (wide ⊇ narrow): any
// question visible in both whose response counts differ by 1..threshold−1
// hands the difference — those few people's answers — to the caller. It
// returns how many such questions there are.
func (a *auditor) leaks(wide, narrow *analytics.Statistics) int {
	a.pairs++
	n, both := 0, false
	defer func() {
		if both {
			a.shown++
		}
	}()
	for i, w := range wide.Questions {
		nq := narrow.Questions[i]
		if w.ResponseCount == nil || nq.ResponseCount == nil {
			continue
		}
		both = true
		if d := *w.ResponseCount - *nq.ResponseCount; d > 0 && d < a.threshold {
			n++
		}
	}
	return n
}

// segmentsOf returns the segment ids of the attribute named name.
func (a *auditor) segmentsOf(name string) []string {
	var out []string
	for _, at := range a.attrs {
		if at.Name == name {
			for _, s := range at.Segments {
				out = append(out, s.ID)
			}
		}
	}
	return out
}

// TestAttackWindowSliding is finding 1: two windows one second apart, with
// and without a segment, differ by one respondent, whose every answer is
// the difference of the two distributions.
func TestAttackWindowSliding(t *testing.T) {
	a := newAuditor(t)
	resp := a.org.Surveys[0].Responses
	filters := [][]string{nil}
	for _, id := range a.segmentsOf("department")[:2] {
		filters = append(filters, []string{id})
	}
	recovered := 0
	for _, segs := range filters {
		for i := 0; i < len(resp); i += len(resp) / 25 {
			at := resp[i].SubmittedAt
			in := a.stats(people.Filter{SegmentIDs: segs, From: at})
			out := a.stats(people.Filter{SegmentIDs: segs, From: at.Add(time.Second)})
			recovered += a.leaks(in, out)
			upTo := a.stats(people.Filter{SegmentIDs: segs, To: at.Add(time.Second)})
			before := a.stats(people.Filter{SegmentIDs: segs, To: at})
			recovered += a.leaks(upTo, before)
		}
	}
	// The same scan a day at a time: with windows snapped to days, moving
	// a boundary by one day is the finest slide left.
	start := people.Civil(a.org.Surveys[0].Start)
	for _, segs := range filters {
		for d := start; d.Before(a.org.Surveys[0].End.AddDate(0, 0, 1)); d = d.AddDate(0, 0, 1) {
			recovered += a.leaks(a.stats(people.Filter{SegmentIDs: segs, From: d}), a.stats(people.Filter{SegmentIDs: segs, From: d.AddDate(0, 0, 1)}))
			recovered += a.leaks(a.stats(people.Filter{SegmentIDs: segs, To: d.AddDate(0, 0, 1)}), a.stats(people.Filter{SegmentIDs: segs, To: d}))
		}
	}
	t.Logf("window sliding: %d query pairs, %d with both sides visible", a.pairs, a.shown)
	if a.shown == 0 {
		t.Error("every pair was suppressed; the suite tests nothing")
	}
	if recovered > 0 {
		t.Errorf("window sliding recovered %d question answers of fewer than %d respondents", recovered, a.threshold)
	}
}

// TestAttackFilterDifferencing subtracts groups that differ by one filter:
// a segment minus its intersection with another segment, a windowed
// segment minus the whole segment, the window alone, and the survey.
func TestAttackFilterDifferencing(t *testing.T) {
	a := newAuditor(t)
	depts, locs := a.segmentsOf("department"), a.segmentsOf("location")
	sv := a.org.Surveys[0]
	mid := people.Civil(sv.Start.Add(sv.End.Sub(sv.Start) / 2))
	all := a.stats(people.Filter{})
	recovered := 0
	for _, d := range depts {
		whole := a.stats(people.Filter{SegmentIDs: []string{d}})
		recovered += a.leaks(all, whole)
		for _, l := range locs {
			both := a.stats(people.Filter{SegmentIDs: []string{d, l}})
			recovered += a.leaks(whole, both)
			recovered += a.leaks(a.stats(people.Filter{SegmentIDs: []string{l}}), both)
		}
		for _, w := range [][2]time.Time{{{}, mid}, {mid, {}}} {
			win := a.stats(people.Filter{SegmentIDs: []string{d}, From: w[0], To: w[1]})
			recovered += a.leaks(whole, win)
			recovered += a.leaks(a.stats(people.Filter{From: w[0], To: w[1]}), win)
		}
	}
	t.Logf("filter differencing: %d query pairs, %d with both sides visible", a.pairs, a.shown)
	if a.shown == 0 {
		t.Error("every pair was suppressed; the suite tests nothing")
	}
	if recovered > 0 {
		t.Errorf("filter differencing recovered %d question answers of fewer than %d respondents", recovered, a.threshold)
	}
}

// TestAttackMetricsWindowScan is the /v1/metrics scan of finding 1: the
// Engagement Index over windows one hour apart.
func TestAttackMetricsWindowScan(t *testing.T) {
	a := newAuditor(t)
	sv := a.org.Surveys[0]
	ei := func(from time.Time) *int {
		rows, _, err := a.svc.Metrics(t.Context(), a.p, people.MetricsQuery{Metrics: []string{"engagement_index"}, SurveyID: a.survey.ID,
			Filter: people.Filter{From: from}}, "", 10)
		if err != nil {
			t.Fatal(err)
		}
		return rows[0].ResponseCount
	}
	found := 0
	prev := ei(sv.Start)
	for at := sv.Start.Add(time.Hour); at.Before(sv.Start.Add(10 * 24 * time.Hour)); at = at.Add(time.Hour) {
		cur := ei(at)
		a.pairs++
		if prev != nil && cur != nil && *prev-*cur > 0 && *prev-*cur < a.threshold {
			found++
		}
		prev = cur
	}
	t.Logf("metrics scan: %d query pairs", a.pairs)
	if found > 0 {
		t.Errorf("%d pairs of Engagement Index windows differ by 1..%d people, both visible", found, a.threshold-1)
	}
}

// TestAttackFacetsMinusHeatmap subtracts every visible segment from the
// survey total, in the facets and in each heatmap row: what is left must
// be nobody or at least the threshold.
func TestAttackFacetsMinusHeatmap(t *testing.T) {
	a := newAuditor(t)
	ctx := t.Context()
	fs, err := a.svc.Facets(ctx, a.p, a.survey.ID)
	if err != nil {
		t.Fatal(err)
	}
	left := map[string]int{}
	for _, s := range fs.Segments {
		if _, ok := left[s.AttributeID]; !ok {
			left[s.AttributeID] = *fs.RespondentCount
		}
		if s.RespondentCount != nil {
			left[s.AttributeID] -= *s.RespondentCount
		}
	}
	rows, err := a.svc.Heatmap(ctx, a.p, a.survey.ID, people.HeatmapQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		key := fmt.Sprint(r.AttributeID, " ", r.RowType, " ", deref(r.QuestionKey))
		if _, ok := left[key]; !ok {
			left[key] = *r.OverallResponseCount
		}
		if r.ResponseCount != nil {
			left[key] -= *r.ResponseCount
		}
	}
	for k, n := range left {
		a.pairs++
		if n > 0 && n < a.threshold {
			t.Errorf("%s: the total minus the visible segments isolates %d respondents", k, n)
		}
	}
	t.Logf("facets minus heatmap: %d totals subtracted", a.pairs)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// TestAttackOpenDoorRosterMatching is finding 2: the auditor matches each
// submission's visible segment columns, together, against the roster as
// of its day. Every row must match at least the comment threshold.
func TestAttackOpenDoorRosterMatching(t *testing.T) {
	a := newAuditor(t)
	ctx := t.Context()
	loadOpenDoor(t, a)
	roster, err := a.st.People(ctx, a.p.TenantID)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := a.svc.Privacy(ctx, a.p)
	if err != nil {
		t.Fatal(err)
	}
	rows, nulled := allOpenDoor(t, a)
	unique, few := 0, 0
	for _, row := range rows {
		n := matchRoster(a.attrs, roster, row.Date, row.Segments)
		a.pairs++
		switch {
		case n == 1:
			unique++
		case n < priv.CommentThreshold:
			few++
		}
	}
	t.Logf("open door: %d rows matched against the roster, %d segment cells nulled", len(rows), nulled)
	if unique+few > 0 {
		t.Errorf("of %d submissions, %d point to exactly one employee and %d more to fewer than %d", len(rows), unique, few, priv.CommentThreshold)
	}
}

func loadOpenDoor(t *testing.T, a *auditor) {
	t.Helper()
	var batch []people.OpenDoorParams
	for _, s := range a.org.OpenDoor {
		at := s.SubmittedAt
		batch = append(batch, people.OpenDoorParams{EmployeeID: s.EmployeeID, Category: s.Category, Text: s.Text, SubmittedAt: &at})
	}
	if _, err := a.svc.AddOpenDoor(t.Context(), a.p, batch); err != nil {
		t.Fatal(err)
	}
}

// allOpenDoor pages through every submission and sums meta's nulled cells.
func allOpenDoor(t *testing.T, a *auditor) ([]*people.OpenDoorRow, int) {
	var rows []*people.OpenDoorRow
	nulled := 0
	for after := ""; ; {
		page, err := a.svc.OpenDoor(t.Context(), a.p, people.OpenDoorQuery{After: after, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, page.Rows...)
		nulled += openDoorNulled(page)
		if page.Next == "" {
			return rows, nulled
		}
		after = page.Next
	}
}

// matchRoster counts the people employed on day whose segments, as of
// that day, equal every visible column of a row.
func matchRoster(attrs []*people.Attribute, roster []*people.Person, day time.Time, cols []*string) int {
	n := 0
	for _, p := range roster {
		if p.StartDate != nil && p.StartDate.After(day) {
			continue
		}
		snap := people.Snapshot(attrs, p, day)
		if slices.IndexFunc(cols, func(c *string) bool { return c != nil && !slices.Contains(snap, *c) }) < 0 {
			n++
		}
	}
	return n
}

func openDoorNulled(p *people.OpenDoorPage) int { return p.NulledCells }

// TestAttackOpenDoorFilterRevealsNoNulledCell filters Open Door by every
// segment the API accepts and joins what each filtered row confirms (its
// author was in the segment) with the same row's unfiltered columns: the
// combination must still match at least the comment threshold.
func TestAttackOpenDoorFilterRevealsNoNulledCell(t *testing.T) {
	a := newAuditor(t)
	ctx := t.Context()
	loadOpenDoor(t, a)
	roster, err := a.st.People(ctx, a.p.TenantID)
	if err != nil {
		t.Fatal(err)
	}
	priv, err := a.svc.Privacy(ctx, a.p)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := allOpenDoor(t, a)
	byID := map[string]*people.OpenDoorRow{}
	for _, r := range rows {
		byID[r.ID] = r
	}
	found := 0
	for i, at := range a.attrs {
		for _, s := range at.Segments {
			page, err := a.svc.OpenDoor(ctx, a.p, people.OpenDoorQuery{SegmentID: s.ID, Limit: 1000})
			if hive.ErrorCode(err) == hive.EINVALID {
				continue // too small a segment to filter by
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range page.Rows {
				a.pairs++
				joined := append([]*string(nil), byID[r.ID].Segments...)
				joined[i] = &s.ID
				if n := matchRoster(a.attrs, roster, r.Date, joined); n < priv.CommentThreshold {
					found++
				}
			}
		}
	}
	t.Logf("open door filters: %d filtered rows joined with their unfiltered columns", a.pairs)
	if found > 0 {
		t.Errorf("%d filtered rows, joined with their unfiltered columns, match fewer than %d people", found, priv.CommentThreshold)
	}
}
