package people_test

import (
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/people"
)

// TestDatasetCacheAcrossNodes runs two services on one store, as two nodes
// share a database: responses added through one are seen by the other at
// once, a question within the dataset TTL.
func TestDatasetCacheAcrossNodes(t *testing.T) {
	f := newFixture(t)
	f.mustImport(header + "E1,ann@example.com,Ann,Lee,,,Sales\nE2,bo@example.com,Bo,Chan,,,Sales\nE3,cy@example.com,Cy,Diaz,,,Sales\n")
	sv, qs := f.survey()
	other := people.NewService(f.st, people.Config{Now: func() time.Time { return f.now }})
	count := func(svc *people.Service) (int, int) {
		t.Helper()
		st, err := svc.Statistics(t.Context(), f.p, sv.ID, people.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		if c := st.Questions[0].ResponseCount; c != nil {
			n = *c
		}
		return len(st.Questions), n
	}
	answer := func(id string) people.ResponseParams {
		return people.ResponseParams{EmployeeID: id, Answers: []people.AnswerParams{{QuestionID: qs[0].ID, Value: 8.0}}}
	}
	if _, err := f.svc.SetPrivacy(t.Context(), f.p, people.PrivacyParams{Threshold: new(3)}); err != nil {
		t.Fatal(err)
	}
	if nq, n := count(f.svc); nq != 3 || n != 0 {
		t.Fatalf("%d questions with statistics, count %d; want 3 (free text has none), suppressed", nq, n)
	}
	if _, err := other.AddResponses(t.Context(), f.p, sv.ID, []people.ResponseParams{answer("E1"), answer("E2"), answer("E3")}); err != nil {
		t.Fatal(err)
	}
	if _, n := count(f.svc); n != 3 {
		t.Errorf("pride count %d after responses on the other node, want 3", n)
	}
	if _, err := other.AddQuestion(t.Context(), f.p, sv.ID, people.QuestionParams{Key: "late", Text: "Late", Type: people.QuestionScale}); err != nil {
		t.Fatal(err)
	}
	if nq, _ := count(other); nq != 4 {
		t.Errorf("the writing node sees %d questions, want 4 at once", nq)
	}
	if nq, _ := count(f.svc); nq != 3 {
		t.Errorf("the other node sees %d questions within the TTL, want the cached 3", nq)
	}
	f.now = f.now.Add(people.DatasetTTL)
	if nq, _ := count(f.svc); nq != 4 {
		t.Errorf("after the TTL the other node sees %d questions, want 4", nq)
	}
}
