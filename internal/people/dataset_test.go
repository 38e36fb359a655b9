package people_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/people"
)

// countingStore counts the answer scans, one per dataset load, and can
// hold them until released.
type countingStore struct {
	people.Store
	scans   atomic.Int32
	surveys atomic.Int32 // SurveyByID calls, one per report before its load
	gate    chan struct{}
}

func (c *countingStore) ScanSurveyAnswers(ctx context.Context, tenantID, surveyID string, fn func(*people.AnswerRow) error) error {
	c.scans.Add(1)
	if c.gate != nil {
		<-c.gate
	}
	return c.Store.ScanSurveyAnswers(ctx, tenantID, surveyID, fn)
}

func (c *countingStore) SurveyByID(ctx context.Context, tenantID, id string) (*people.Survey, error) {
	c.surveys.Add(1)
	return c.Store.SurveyByID(ctx, tenantID, id)
}

// warmFixture is a fixture whose service counts its loads, with three
// people and a survey.
type warmFixture struct {
	*fixture
	cs *countingStore
	sv *people.Survey
	qs []*people.Question
}

func newWarmFixture(t *testing.T) *warmFixture {
	f := newFixture(t)
	f.mustImport(header + "E1,a@example.com,A,L,,,Sales\nE2,b@example.com,B,L,,,Sales\nE3,c@example.com,C,L,,,Sales\nE4,d@example.com,D,L,,,Ops\n")
	cs := &countingStore{Store: f.st}
	f.svc = people.NewService(cs, people.Config{Now: func() time.Time { return f.now }})
	t.Cleanup(f.svc.WaitRebuilds)
	sv, qs := f.survey()
	if _, err := f.svc.SetPrivacy(t.Context(), f.p, people.PrivacyParams{Threshold: new(3)}); err != nil {
		t.Fatal(err)
	}
	return &warmFixture{fixture: f, cs: cs, sv: sv, qs: qs}
}

func (w *warmFixture) answer(ids ...string) {
	w.t.Helper()
	var batch []people.ResponseParams
	for _, id := range ids {
		batch = append(batch, people.ResponseParams{EmployeeID: id, Answers: []people.AnswerParams{{QuestionID: w.qs[0].ID, Value: 8.0}}})
	}
	if _, err := w.svc.AddResponses(w.t.Context(), w.p, w.sv.ID, batch); err != nil {
		w.t.Fatal(err)
	}
}

// responses returns the first question's response count in a report, 0
// when suppressed.
func (w *warmFixture) responses() int {
	w.t.Helper()
	st, err := w.svc.Statistics(w.t.Context(), w.p, w.sv.ID, people.Filter{})
	if err != nil {
		w.t.Fatal(err)
	}
	if c := st.Questions[0].ResponseCount; c != nil {
		return *c
	}
	return 0
}

// assertScans checks how many loads the service made so far.
func (w *warmFixture) assertScans(want int32, when string) {
	w.t.Helper()
	if got := w.cs.scans.Load(); got != want {
		w.t.Errorf("%s: %d dataset loads, want %d", when, got, want)
	}
}

func TestWriteRebuildsReadDatasetInBackground(t *testing.T) {
	w := newWarmFixture(t)
	w.answer("E1", "E2")
	if n := w.responses(); n != 0 {
		t.Fatalf("two responses reported as %d, want suppressed", n)
	}
	w.assertScans(1, "first report")
	w.answer("E3")
	w.svc.WaitRebuilds()
	w.assertScans(2, "after a write to a read survey")
	if n := w.responses(); n != 3 {
		t.Errorf("report after the rebuild counts %d responses, want 3", n)
	}
	w.assertScans(2, "report after the rebuild")

	w.mustImport(header + "E5,e@example.com,E,L,,,Ops\n")
	w.svc.WaitRebuilds()
	w.assertScans(3, "after a people import")
	w.responses()
	w.assertScans(3, "report after the import's rebuild")
}

func TestWriteToUnreadSurveyLoadsNothing(t *testing.T) {
	w := newWarmFixture(t)
	w.answer("E1")
	w.answer("E2")
	w.svc.WaitRebuilds()
	w.assertScans(0, "writes to a survey never reported on")

	w.responses()
	w.answer("E3")
	w.svc.WaitRebuilds()
	w.answer("E4")
	w.svc.WaitRebuilds()
	// The first write rebuilds the dataset the report read; nobody read
	// the rebuilt one, so the second write leaves it stale.
	w.assertScans(2, "two writes after one report")
	if n := w.responses(); n != 4 {
		t.Errorf("report counts %d responses, want 4", n)
	}
	w.assertScans(3, "report after the unread rebuild went stale")
}

func TestAgingDatasetIsRebuiltBeforeItExpires(t *testing.T) {
	w := newWarmFixture(t)
	w.answer("E1", "E2", "E3")
	w.responses()
	w.now = w.now.Add(people.DatasetTTL / 4)
	w.responses()
	w.svc.WaitRebuilds()
	w.assertScans(1, "report within the first half of the TTL")

	w.now = w.now.Add(people.DatasetTTL / 2) // three quarters of the TTL
	w.responses()
	w.svc.WaitRebuilds()
	w.assertScans(2, "report in the second half of the TTL")
	// Past the first load's TTL, and less than half way through the
	// rebuild's, so that this report neither loads nor starts a rebuild.
	w.now = w.now.Add(people.DatasetTTL/2 - time.Second)
	if n := w.responses(); n != 3 {
		t.Errorf("report counts %d responses, want 3", n)
	}
	w.assertScans(2, "report past the first load's TTL, within the rebuild's")
}

func TestConcurrentReportsOnColdSurveyShareOneLoad(t *testing.T) {
	w := newWarmFixture(t)
	w.answer("E1", "E2", "E3")
	const n = 8
	w.cs.gate = make(chan struct{})
	before := w.cs.surveys.Load()
	var wg sync.WaitGroup
	counts := make([]int, n)
	for i := range n {
		wg.Go(func() {
			st, err := w.svc.Statistics(context.Background(), w.p, w.sv.ID, people.Filter{})
			if err != nil {
				t.Error(err)
				return
			}
			counts[i] = *st.Questions[0].ResponseCount
		})
	}
	// Hold the first load until every report has read the survey row and
	// so is about to look for the dataset: without sharing, each would
	// start a load of its own.
	deadline := time.Now().Add(10 * time.Second)
	for w.cs.surveys.Load()-before < n && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
	close(w.cs.gate)
	wg.Wait()
	w.assertScans(1, "eight concurrent reports on a cold survey")
	for i, c := range counts {
		if c != 3 {
			t.Errorf("report %d counts %d responses, want 3", i, c)
		}
	}
}

func TestCancelledReportDoesNotFailTheLoadItShares(t *testing.T) {
	w := newWarmFixture(t)
	w.answer("E1", "E2", "E3")
	w.cs.gate = make(chan struct{})
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() {
		_, err := w.svc.Statistics(ctx, w.p, w.sv.ID, people.Filter{})
		errc <- err
	}()
	for w.cs.scans.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-errc; err == nil {
		t.Error("cancelled report returned no error")
	}
	close(w.cs.gate)
	if n := w.responses(); n != 3 {
		t.Errorf("report after the cancelled one counts %d, want 3", n)
	}
	w.assertScans(1, "a cancelled report and one after it")
}
