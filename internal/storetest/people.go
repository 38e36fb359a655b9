package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/people"
)

// RunPeople runs the people.Store conformance suite. Every case opens a
// store of its own and runs in parallel; tenants are plain ids.
func RunPeople(t *testing.T, open func(t *testing.T) people.Store) {
	cases := []struct {
		name string
		run  func(t *testing.T, s people.Store)
	}{
		{"privacy settings round-trip per tenant", testPrivacyRoundTrip},
		{"people upsert, list and look up per tenant", testPeopleUpsert},
		{"20,000 people upsert in one call", testPeopleBulk},
		{"attributes carry their segments in position order", testAttributes},
		{"surveys page by id with filters", testSurveys},
		{"questions keep order and refuse a repeated key", testQuestions},
		{"responses load with snapshot and scores in one call", testResponses},
		{"a failed transaction writes nothing", testPeopleTx},
		{"custom metrics round-trip per tenant", testCustomMetrics},
		{"question keys are known per tenant", testKnownQuestionKeys},
		{"another tenant's survey or attribute is not found before any conflict", testPeopleTenantFirst},
		{"survey answers stream in id order", testScanSurveyAnswers},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, open(t))
		})
	}
}

const tenantA, tenantB = "ten_people_a", "ten_people_b"

func mustNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := hive.ErrorCode(err); got != code {
		t.Fatalf("error %v has code %q, want %q", err, got, code)
	}
}

func day(s string) *time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &d
}

func testPrivacyRoundTrip(t *testing.T, s people.Store) {
	ctx := t.Context()
	_, err := s.PrivacySettings(ctx, tenantA)
	wantCode(t, err, hive.ENOTFOUND)
	want := &people.PrivacySettings{TenantID: tenantA, Threshold: 7, CommentThreshold: 12, UpdatedAt: t0}
	mustNil(t, s.SavePrivacySettings(ctx, want))
	want.Threshold = 8
	mustNil(t, s.SavePrivacySettings(ctx, want))
	got, err := s.PrivacySettings(ctx, tenantA)
	mustNil(t, err)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("settings (-want +got):\n%s", d)
	}
	_, err = s.PrivacySettings(ctx, tenantB)
	wantCode(t, err, hive.ENOTFOUND)
}

func newPerson(tenant, id string) *people.Person {
	return &people.Person{TenantID: tenant, EmployeeID: id, Email: id + "@example.com", FirstName: "Ann", LastName: "Lee",
		StartDate: day("2020-02-29"), Segments: map[string]string{"att_x": "seg_y"}, CreatedAt: t0, UpdatedAt: t0}
}

func testPeopleUpsert(t *testing.T, s people.Store) {
	ctx := t.Context()
	a1, a2, b1 := newPerson(tenantA, "E1"), newPerson(tenantA, "E2"), newPerson(tenantB, "E1")
	a2.StartDate, a2.DateOfBirth = nil, day("1990-12-31")
	mustNil(t, s.UpsertPeople(ctx, []*people.Person{a2, a1, b1}))
	changed := *a1
	changed.Email, changed.Segments, changed.UpdatedAt = "new@example.com", map[string]string{}, t0.Add(time.Hour)
	changed.CreatedAt = t0.Add(time.Hour) // ignored on update
	mustNil(t, s.UpsertPeople(ctx, []*people.Person{&changed}))
	changed.CreatedAt = t0

	got, err := s.People(ctx, tenantA)
	mustNil(t, err)
	if d := cmp.Diff([]*people.Person{&changed, a2}, got); d != "" {
		t.Errorf("people of A (-want +got):\n%s", d)
	}
	byID, err := s.PeopleByEmployeeID(ctx, tenantB, []string{"E1", "E2", "nobody"})
	mustNil(t, err)
	if d := cmp.Diff([]*people.Person{b1}, byID); d != "" {
		t.Errorf("people of B by id (-want +got):\n%s", d)
	}
	if n, err := s.CountPeople(ctx, tenantA); err != nil || n != 2 {
		t.Errorf("CountPeople = %d, %v; want 2", n, err)
	}
}

func testPeopleBulk(t *testing.T, s people.Store) {
	ctx := t.Context()
	ps := make([]*people.Person, 20_000)
	for i := range ps {
		ps[i] = newPerson(tenantA, fmt.Sprintf("E%05d", i))
	}
	start := time.Now()
	mustNil(t, s.WithinTx(ctx, func(tx people.Store) error { return tx.UpsertPeople(ctx, ps) }))
	t.Logf("upserted 20,000 people in %v", time.Since(start).Round(time.Millisecond))
	if n, err := s.CountPeople(ctx, tenantA); err != nil || n != len(ps) {
		t.Fatalf("CountPeople = %d, %v; want %d", n, err, len(ps))
	}
}

func newAttr(tenant, name string, typ people.AttributeType) *people.Attribute {
	return &people.Attribute{ID: hive.NewID(hive.PrefixAttribute, t0), TenantID: tenant, Name: name, Type: typ,
		Segments: []*people.Segment{}, CreatedAt: t0}
}

func newSeg(a *people.Attribute, value string, pos int) *people.Segment {
	s := &people.Segment{ID: hive.NewID(hive.PrefixSegment, t0), TenantID: a.TenantID, AttributeID: a.ID,
		Value: value, Label: value, Position: pos, CreatedAt: t0}
	a.Segments = append(a.Segments, s)
	return s
}

func testAttributes(t *testing.T, s people.Store) {
	ctx := t.Context()
	tenure := newAttr(tenantA, "tenure", people.AttributeDate)
	ns := newSeg(tenure, "", 1)
	ns.NotSpecified, ns.Label = true, "Not specified"
	b := newSeg(tenure, "lt_3m", 2)
	b.Unit, b.Min, b.Max = "months", new(int), func() *int { n := 3; return &n }()
	dept := newAttr(tenantA, "department", people.AttributeOption)
	mustNil(t, s.CreateAttribute(ctx, tenure))
	mustNil(t, s.CreateSegments(ctx, tenure.Segments))
	mustNil(t, s.CreateAttribute(ctx, dept))
	sales := newSeg(dept, "Sales", 1)
	mustNil(t, s.CreateSegments(ctx, []*people.Segment{sales}))

	wantCode(t, s.CreateAttribute(ctx, newAttr(tenantA, "department", people.AttributeOption)), hive.ECONFLICT)
	dup := *sales
	dup.ID = hive.NewID(hive.PrefixSegment, t0)
	wantCode(t, s.CreateSegments(ctx, []*people.Segment{&dup}), hive.ECONFLICT)

	got, err := s.Attributes(ctx, tenantA)
	mustNil(t, err)
	if d := cmp.Diff([]*people.Attribute{tenure, dept}, got); d != "" {
		t.Errorf("attributes (-want +got):\n%s", d)
	}
	if other, err := s.Attributes(ctx, tenantB); err != nil || len(other) != 0 {
		t.Errorf("tenant B sees %d attributes, %v", len(other), err)
	}
}

func newSurvey(tenant string, at time.Time) *people.Survey {
	return &people.Survey{ID: hive.NewID(hive.PrefixSurvey, at), TenantID: tenant, Name: "Engagement", Type: people.SurveyEngagement,
		Status: people.StatusDraft, StartDate: &at, CreatedAt: at, UpdatedAt: at}
}

func testSurveys(t *testing.T, s people.Store) {
	ctx := t.Context()
	var all []*people.Survey
	for i := range 5 {
		sv := newSurvey(tenantA, t0.Add(time.Duration(i)*time.Second))
		mustNil(t, s.CreateSurvey(ctx, sv))
		all = append(all, sv)
	}
	mustNil(t, s.CreateSurvey(ctx, newSurvey(tenantB, t0)))
	n := 3
	all[1].Status, all[1].InvitedCount, all[1].EndDate, all[1].UpdatedAt = people.StatusLive, &n, nil, t0.Add(time.Hour)
	mustNil(t, s.UpdateSurvey(ctx, all[1]))

	page, err := s.ListSurveys(ctx, people.SurveyFilter{TenantID: tenantA, Limit: 2})
	mustNil(t, err)
	next, err := s.ListSurveys(ctx, people.SurveyFilter{TenantID: tenantA, After: page[1].ID, Limit: 10})
	mustNil(t, err)
	if d := cmp.Diff(all, append(page, next...)); d != "" {
		t.Errorf("two pages (-want +got):\n%s", d)
	}
	live := people.StatusLive
	since := t0.Add(time.Minute)
	for name, f := range map[string]people.SurveyFilter{
		"status":        {TenantID: tenantA, Status: &live},
		"updated_since": {TenantID: tenantA, UpdatedSince: &since},
		"ids":           {TenantID: tenantA, IDs: []string{all[1].ID, "srv_other"}},
	} {
		got, err := s.ListSurveys(ctx, f)
		mustNil(t, err)
		if d := cmp.Diff([]*people.Survey{all[1]}, got); d != "" {
			t.Errorf("filter %s (-want +got):\n%s", name, d)
		}
	}
	if got, err := s.ListSurveys(ctx, people.SurveyFilter{TenantID: tenantA, IDs: []string{}}); err != nil || len(got) != 0 {
		t.Errorf("empty id list gives %d surveys, %v", len(got), err)
	}
	_, err = s.SurveyByID(ctx, tenantB, all[0].ID)
	wantCode(t, err, hive.ENOTFOUND)
	other := newSurvey(tenantB, t0)
	wantCode(t, s.UpdateSurvey(ctx, &people.Survey{ID: all[0].ID, TenantID: tenantB, Type: other.Type, Status: other.Status}), hive.ENOTFOUND)
}

func newQuestion(sv *people.Survey, pos int, key string) *people.Question {
	return &people.Question{ID: hive.NewID(hive.PrefixQuestion, t0), TenantID: sv.TenantID, SurveyID: sv.ID, Position: pos,
		Key: key, Text: "I am proud", Type: people.QuestionScale, ScaleMax: 10, FavourableMin: 7, UnfavourableMax: 4,
		Category: "Pride", InEngagementIndex: true, Options: []string{}, CreatedAt: t0}
}

func testQuestions(t *testing.T, s people.Store) {
	ctx := t.Context()
	sv := newSurvey(tenantA, t0)
	mustNil(t, s.CreateSurvey(ctx, sv))
	q2, q1 := newQuestion(sv, 2, "loyalty"), newQuestion(sv, 1, "pride")
	q2.Type, q2.Options = people.QuestionOption, []string{"Yes", "No"}
	mustNil(t, s.CreateQuestion(ctx, q2))
	mustNil(t, s.CreateQuestion(ctx, q1))
	wantCode(t, s.CreateQuestion(ctx, newQuestion(sv, 3, "pride")), hive.ECONFLICT)
	got, err := s.Questions(ctx, tenantA, sv.ID)
	mustNil(t, err)
	if d := cmp.Diff([]*people.Question{q1, q2}, got); d != "" {
		t.Errorf("questions (-want +got):\n%s", d)
	}
	if got, err := s.Questions(ctx, tenantB, sv.ID); err != nil || len(got) != 0 {
		t.Errorf("tenant B sees %d questions, %v", len(got), err)
	}
}

func testResponses(t *testing.T, s people.Store) {
	ctx := t.Context()
	sv := newSurvey(tenantA, t0)
	mustNil(t, s.CreateSurvey(ctx, sv))
	rs := []*people.Response{
		{ID: hive.NewID(hive.PrefixResponse, t0), EmployeeID: "E1", SubmittedAt: t0, SegmentIDs: []string{"seg_a", "seg_b"},
			Scores: []people.Score{{Question: 1, Value: 10}, {Question: 300, Value: 0}}, Comments: []people.Comment{{QuestionID: "qst_c", Text: "Great, \"really\""}}, CreatedAt: t0},
		{ID: hive.NewID(hive.PrefixResponse, t0), EmployeeID: "E2", SubmittedAt: t0, SegmentIDs: []string{"seg_c"},
			Scores: []people.Score{}, CreatedAt: t0},
	}
	later := t0.Add(time.Hour)
	mustNil(t, s.AddResponses(ctx, tenantA, sv.ID, rs, later))
	again := *rs[0]
	again.ID = hive.NewID(hive.PrefixResponse, t0)
	wantCode(t, s.AddResponses(ctx, tenantA, sv.ID, []*people.Response{&again}, later), hive.ECONFLICT)

	got, err := s.SurveyResponses(ctx, tenantA, sv.ID)
	mustNil(t, err)
	want := []*people.Response{}
	for _, r := range rs {
		w := *r
		w.TenantID, w.SurveyID, w.Comments = tenantA, sv.ID, nil
		want = append(want, &w)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("responses (-want +got):\n%s", d)
	}
	comments, err := s.SurveyComments(ctx, tenantA, sv.ID)
	mustNil(t, err)
	if d := cmp.Diff(map[string][]people.Comment{rs[0].ID: rs[0].Comments}, comments); d != "" {
		t.Errorf("comments (-want +got):\n%s", d)
	}
	done, err := s.Responded(ctx, tenantA, sv.ID, []string{"E2", "E3"})
	mustNil(t, err)
	if d := cmp.Diff([]string{"E2"}, done); d != "" {
		t.Errorf("responded (-want +got):\n%s", d)
	}
	after, err := s.SurveyByID(ctx, tenantA, sv.ID)
	mustNil(t, err)
	if after.ResponseCount != 2 || !after.UpdatedAt.Equal(later) {
		t.Errorf("survey after responses: count %d updated %v; want 2, %v", after.ResponseCount, after.UpdatedAt, later)
	}
	if other, err := s.SurveyResponses(ctx, tenantB, sv.ID); err != nil || len(other) != 0 {
		t.Errorf("tenant B sees %d responses, %v", len(other), err)
	}
}

func testPeopleTx(t *testing.T, s people.Store) {
	ctx := t.Context()
	boom := errors.New("boom")
	err := s.WithinTx(ctx, func(tx people.Store) error {
		mustNil(t, tx.UpsertPeople(ctx, []*people.Person{newPerson(tenantA, "E1")}))
		mustNil(t, tx.CreateSurvey(ctx, newSurvey(tenantA, t0)))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("WithinTx = %v, want boom", err)
	}
	if n, _ := s.CountPeople(ctx, tenantA); n != 0 {
		t.Errorf("%d people survived the rollback", n)
	}
	if got, _ := s.ListSurveys(ctx, people.SurveyFilter{TenantID: tenantA}); len(got) != 0 {
		t.Errorf("%d surveys survived the rollback", len(got))
	}
}

// testPeopleTenantFirst writes under another tenant's survey and attribute
// with keys, positions, people and values that collide with its rows: the
// answer is ENOTFOUND, never the ECONFLICT that would reveal what it holds.
func testPeopleTenantFirst(t *testing.T, s people.Store) {
	ctx := t.Context()
	sv := newSurvey(tenantA, t0)
	mustNil(t, s.CreateSurvey(ctx, sv))
	mustNil(t, s.CreateQuestion(ctx, newQuestion(sv, 1, "pride")))
	r := &people.Response{ID: hive.NewID(hive.PrefixResponse, t0), EmployeeID: "E1", SubmittedAt: t0,
		SegmentIDs: []string{}, Scores: []people.Score{}, CreatedAt: t0}
	mustNil(t, s.AddResponses(ctx, tenantA, sv.ID, []*people.Response{r}, t0))
	dept := newAttr(tenantA, "department", people.AttributeOption)
	mustNil(t, s.CreateAttribute(ctx, dept))
	mustNil(t, s.CreateSegments(ctx, []*people.Segment{newSeg(dept, "Sales", 1)}))

	q := newQuestion(sv, 1, "pride")
	q.TenantID = tenantB
	wantCode(t, s.CreateQuestion(ctx, q), hive.ENOTFOUND)
	again := *r
	again.ID = hive.NewID(hive.PrefixResponse, t0)
	wantCode(t, s.AddResponses(ctx, tenantB, sv.ID, []*people.Response{&again}, t0), hive.ENOTFOUND)
	seg := newSeg(dept, "Sales", 1)
	seg.TenantID = tenantB
	wantCode(t, s.CreateSegments(ctx, []*people.Segment{seg}), hive.ENOTFOUND)
	if got, err := s.Questions(ctx, tenantA, sv.ID); err != nil || len(got) != 1 {
		t.Errorf("tenant A's survey has %d questions after the refused writes, %v", len(got), err)
	}
}
