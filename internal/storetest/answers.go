package storetest

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/people"
)

func testScanSurveyAnswers(t *testing.T, s people.Store) {
	ctx := t.Context()
	sv := newSurvey(tenantA, t0)
	mustNil(t, s.CreateSurvey(ctx, sv))
	scores := []people.Score{{Question: 1, Value: 10}, {Question: 2, Value: 0}}
	rs := []*people.Response{
		{ID: hive.NewID(hive.PrefixResponse, t0), EmployeeID: "E1", SubmittedAt: t0.Add(time.Second), SegmentIDs: []string{"seg_a", "seg_b"}, Scores: scores, CreatedAt: t0},
		{ID: hive.NewID(hive.PrefixResponse, t0), EmployeeID: "E2", SubmittedAt: t0, SegmentIDs: []string{}, Scores: []people.Score{}, CreatedAt: t0},
	}
	mustNil(t, s.AddResponses(ctx, tenantA, sv.ID, rs, t0))
	type row struct {
		ID, Segs  string
		Submitted time.Time
		Scores    []byte
	}
	var got []row
	mustNil(t, s.ScanSurveyAnswers(ctx, tenantA, sv.ID, func(r *people.AnswerRow) error {
		got = append(got, row{r.ID, r.SegmentIDs, r.SubmittedAt, bytes.Clone(r.Scores)})
		return nil
	}))
	want := []row{{rs[0].ID, "seg_a seg_b", rs[0].SubmittedAt, people.EncodeScores(scores)}, {rs[1].ID, "", t0, nil}}
	if d := cmp.Diff(want, got, cmp.Comparer(func(a, b []byte) bool { return bytes.Equal(a, b) })); d != "" {
		t.Errorf("answers (-want +got):\n%s", d)
	}
	stop := errors.New("stop")
	calls := 0
	err := s.ScanSurveyAnswers(ctx, tenantA, sv.ID, func(*people.AnswerRow) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("an error from fn: %v after %d calls", err, calls)
	}
	mustNil(t, s.ScanSurveyAnswers(ctx, tenantB, sv.ID, func(*people.AnswerRow) error {
		t.Error("tenant B sees an answer")
		return nil
	}))
}
