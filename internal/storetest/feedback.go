package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/people"
)

// RunFeedback runs the conformance suite of people.FeedbackStore: Open Door
// submissions and Hive Fives. Every case opens a store of its own and runs
// in parallel.
func RunFeedback(t *testing.T, open func(t *testing.T) people.Store) {
	cases := []struct {
		name string
		run  func(t *testing.T, s people.Store)
	}{
		{"open door lists by day and id with filters, per tenant", testOpenDoorList},
		{"open door pages by key without skips when rows arrive", testOpenDoorPaging},
		{"hive fives list by time with filters, per tenant", testHiveFivesList},
		{"a segment filter never matches a private sender", testHiveFivesPrivateSegment},
		{"1,200 items take one call; a failed batch writes nothing", testFeedbackBatches},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.run(t, open(t))
		})
	}
}

func openDoorRow(tenant, id, date string, cat people.OpenDoorCategory, segs ...string) *people.OpenDoorSubmission {
	return &people.OpenDoorSubmission{ID: id, TenantID: tenant, SubmittedOn: *day(date), Category: cat,
		Text: "text of " + id, SegmentIDs: segs}
}

func openDoorIDs(subs []*people.OpenDoorSubmission) []string {
	out := []string{}
	for _, s := range subs {
		out = append(out, s.ID)
	}
	return out
}

func testOpenDoorList(t *testing.T, s people.Store) {
	ctx := t.Context()
	want := []*people.OpenDoorSubmission{
		openDoorRow(tenantA, "od_2", "2025-01-01", people.OpenDoorProblem, "seg_a", "seg_x"),
		openDoorRow(tenantA, "od_1", "2025-01-02", people.OpenDoorQuestion, "seg_b"),
		openDoorRow(tenantA, "od_3", "2025-01-02", people.OpenDoorProblem, "seg_a"),
	}
	mustNil(t, s.AddOpenDoor(ctx, []*people.OpenDoorSubmission{want[2], want[0], want[1]}))
	mustNil(t, s.AddOpenDoor(ctx, []*people.OpenDoorSubmission{openDoorRow(tenantB, "od_9", "2025-01-01", people.OpenDoorProblem, "seg_a")}))
	got, err := s.ListOpenDoor(ctx, people.OpenDoorFilter{TenantID: tenantA, Limit: 10})
	mustNil(t, err)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("all rows (-want +got):\n%s", d)
	}
	problem := people.OpenDoorProblem
	for _, c := range []struct {
		name string
		f    people.OpenDoorFilter
		want []string
	}{
		{"from is inclusive", people.OpenDoorFilter{From: day("2025-01-02")}, []string{"od_1", "od_3"}},
		{"to is exclusive", people.OpenDoorFilter{To: day("2025-01-02")}, []string{"od_2"}},
		{"category", people.OpenDoorFilter{Category: &problem}, []string{"od_2", "od_3"}},
		{"segment", people.OpenDoorFilter{SegmentID: "seg_a"}, []string{"od_2", "od_3"}},
		{"segment is a whole id", people.OpenDoorFilter{SegmentID: "seg"}, []string{}},
		{"segment ids differ by case", people.OpenDoorFilter{SegmentID: "seg_A"}, []string{}},
		{"after a key", people.OpenDoorFilter{AfterDate: day("2025-01-02"), AfterID: "od_1"}, []string{"od_3"}},
	} {
		c.f.TenantID, c.f.Limit = tenantA, 10
		got, err := s.ListOpenDoor(ctx, c.f)
		mustNil(t, err)
		if d := cmp.Diff(c.want, openDoorIDs(got)); d != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, d)
		}
	}
}

func testOpenDoorPaging(t *testing.T, s people.Store) {
	ctx := t.Context()
	for i := range 5 {
		mustNil(t, s.AddOpenDoor(ctx, []*people.OpenDoorSubmission{openDoorRow(tenantA, fmt.Sprintf("od_%d", i), "2025-02-0"+fmt.Sprint(i+1), people.OpenDoorCustom)}))
	}
	first, err := s.ListOpenDoor(ctx, people.OpenDoorFilter{TenantID: tenantA, Limit: 2})
	mustNil(t, err)
	// Rows land before and after the cursor between the pages.
	mustNil(t, s.AddOpenDoor(ctx, []*people.OpenDoorSubmission{
		openDoorRow(tenantA, "od_early", "2025-01-01", people.OpenDoorCustom),
		openDoorRow(tenantA, "od_late", "2025-03-01", people.OpenDoorCustom)}))
	last := first[len(first)-1]
	rest, err := s.ListOpenDoor(ctx, people.OpenDoorFilter{TenantID: tenantA, Limit: 10, AfterDate: &last.SubmittedOn, AfterID: last.ID})
	mustNil(t, err)
	if d := cmp.Diff([]string{"od_0", "od_1", "od_2", "od_3", "od_4", "od_late"}, append(openDoorIDs(first), openDoorIDs(rest)...)); d != "" {
		t.Errorf("pages (-want +got):\n%s", d)
	}
}

func hiveFive(tenant, id string, at time.Time, private bool, sender, recipient []string) *people.HiveFive {
	return &people.HiveFive{ID: id, TenantID: tenant, SenderID: "E" + id, RecipientID: "R" + id, SenderSegmentIDs: sender,
		RecipientSegmentIDs: recipient, Value: "teamwork", Text: "thanks " + id, Private: private, SentAt: at, CreatedAt: t0}
}

func hiveFiveIDs(hs []*people.HiveFive) []string {
	out := []string{}
	for _, h := range hs {
		out = append(out, h.ID)
	}
	return out
}

func testHiveFivesList(t *testing.T, s people.Store) {
	ctx := t.Context()
	want := []*people.HiveFive{
		hiveFive(tenantA, "h5_b", t0, false, []string{"seg_a"}, []string{"seg_b"}),
		hiveFive(tenantA, "h5_a", t0.Add(time.Hour), true, []string{"seg_a"}, []string{"seg_c"}),
		hiveFive(tenantA, "h5_c", t0.Add(time.Hour), false, []string{}, []string{"seg_a"}),
	}
	mustNil(t, s.AddHiveFives(ctx, []*people.HiveFive{want[2], want[1], want[0]}))
	mustNil(t, s.AddHiveFives(ctx, []*people.HiveFive{hiveFive(tenantB, "h5_z", t0, false, nil, nil)}))
	got, err := s.ListHiveFives(ctx, people.HiveFiveFilter{TenantID: tenantA, Limit: 10})
	mustNil(t, err)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("all rows (-want +got):\n%s", d)
	}
	later, at := t0.Add(time.Hour), t0
	for _, c := range []struct {
		name string
		f    people.HiveFiveFilter
		want []string
	}{
		{"from is inclusive", people.HiveFiveFilter{From: &later}, []string{"h5_a", "h5_c"}},
		{"to is exclusive", people.HiveFiveFilter{To: &later}, []string{"h5_b"}},
		{"after a key", people.HiveFiveFilter{AfterSentAt: &at, AfterID: "h5_b"}, []string{"h5_a", "h5_c"}},
		{"segment of either side", people.HiveFiveFilter{SegmentID: "seg_a"}, []string{"h5_b", "h5_c"}},
		{"segment ids differ by case", people.HiveFiveFilter{SegmentID: "seg_A"}, []string{}},
	} {
		c.f.TenantID, c.f.Limit = tenantA, 10
		got, err := s.ListHiveFives(ctx, c.f)
		mustNil(t, err)
		if d := cmp.Diff(c.want, hiveFiveIDs(got)); d != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, d)
		}
	}
}

func testHiveFivesPrivateSegment(t *testing.T, s people.Store) {
	ctx := t.Context()
	mustNil(t, s.AddHiveFives(ctx, []*people.HiveFive{
		hiveFive(tenantA, "h5_1", t0, true, []string{"seg_s"}, []string{"seg_r"}),
		hiveFive(tenantA, "h5_2", t0, false, []string{"seg_s"}, []string{"seg_r"}),
	}))
	got, err := s.ListHiveFives(ctx, people.HiveFiveFilter{TenantID: tenantA, SegmentID: "seg_s", Limit: 10})
	mustNil(t, err)
	if d := cmp.Diff([]string{"h5_2"}, hiveFiveIDs(got)); d != "" {
		t.Errorf("sender's segment (-want +got):\n%s", d)
	}
	got, err = s.ListHiveFives(ctx, people.HiveFiveFilter{TenantID: tenantA, SegmentID: "seg_r", Limit: 10})
	mustNil(t, err)
	if d := cmp.Diff([]string{"h5_1", "h5_2"}, hiveFiveIDs(got)); d != "" {
		t.Errorf("recipient's segment (-want +got):\n%s", d)
	}
}

func testFeedbackBatches(t *testing.T, s people.Store) {
	ctx := t.Context()
	var subs []*people.OpenDoorSubmission
	var hs []*people.HiveFive
	for i := range 1200 {
		subs = append(subs, openDoorRow(tenantA, fmt.Sprintf("od_%04d", i), "2025-01-01", people.OpenDoorSuggestion, "seg_a"))
		hs = append(hs, hiveFive(tenantA, fmt.Sprintf("h5_%04d", i), t0, false, []string{"seg_a"}, []string{"seg_b"}))
	}
	mustNil(t, s.AddOpenDoor(ctx, subs))
	mustNil(t, s.AddHiveFives(ctx, hs))
	gotSubs, err := s.ListOpenDoor(ctx, people.OpenDoorFilter{TenantID: tenantA, Limit: 1001})
	mustNil(t, err)
	gotHs, err := s.ListHiveFives(ctx, people.HiveFiveFilter{TenantID: tenantA, Limit: 1001})
	mustNil(t, err)
	if len(gotSubs) != 1001 || len(gotHs) != 1001 {
		t.Errorf("pages of 1,001 hold %d submissions and %d hive fives", len(gotSubs), len(gotHs))
	}
	// The second batch repeats a row after 600 new ones: none may stay.
	var again []*people.OpenDoorSubmission
	for i := range 600 {
		again = append(again, openDoorRow(tenantB, fmt.Sprintf("od_%04d", i), "2025-01-01", people.OpenDoorSuggestion))
	}
	again = append(again, again[0])
	if err := s.AddOpenDoor(ctx, again); err == nil {
		t.Fatal("a batch repeating an id was accepted")
	}
	left, err := s.ListOpenDoor(ctx, people.OpenDoorFilter{TenantID: tenantB, Limit: 10})
	mustNil(t, err)
	if len(left) != 0 {
		t.Errorf("a refused batch left %d rows", len(left))
	}
}
