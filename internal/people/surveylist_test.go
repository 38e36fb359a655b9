package people_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/postgres/pgtest"
	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
)

// listStores opens a fresh people store per backend; PostgreSQL skips
// without pgtest.EnvURL.
var listStores = map[string]func(testing.TB) people.Store{
	"sqlite":   func(tb testing.TB) people.Store { return sqlitetest.Open(tb).People() },
	"postgres": func(tb testing.TB) people.Store { return pgtest.Open(tb).People() },
}

// listFixture is a tenant's surveys on one store, read through a Service
// that caches its survey list, with questions and people for responses.
type listFixture struct {
	t   *testing.T
	st  people.Store
	svc *people.Service
	p   *hive.Principal
	now time.Time
}

func newListFixture(t *testing.T, open func(testing.TB) people.Store, cfg people.Config) *listFixture {
	f := &listFixture{t: t, st: open(t), now: date("2024-06-01").Add(9 * time.Hour),
		p: &hive.Principal{TenantID: "ten_a", Permissions: hive.NewScopes(hive.ScopePeopleWrite)}}
	cfg.Now = func() time.Time { return f.now }
	f.svc = people.NewService(f.st, cfg)
	return f
}

func (f *listFixture) create(p *hive.Principal, name string, status people.SurveyStatus) *people.Survey {
	f.t.Helper()
	f.now = f.now.Add(time.Second)
	sv, err := f.svc.CreateSurvey(f.t.Context(), p, people.SurveyParams{Name: name, Type: people.SurveyPulse, Status: status})
	if err != nil {
		f.t.Fatal(err)
	}
	return sv
}

// list returns the service's answer to filter.
func (f *listFixture) list(svc *people.Service, p *hive.Principal, filter people.SurveyFilter) []*people.Survey {
	f.t.Helper()
	got, err := svc.ListSurveys(f.t.Context(), p, filter)
	if err != nil {
		f.t.Fatal(err)
	}
	return got
}

// ids returns the IDs of list, and names with their response counts.
func ids(list []*people.Survey) []string {
	out := make([]string, len(list))
	for i, sv := range list {
		out[i] = fmt.Sprintf("%s %s %s %d", sv.ID, sv.Name, sv.Status, sv.ResponseCount)
	}
	return out
}

// agree checks that every filter, read through the service, gives what the
// store gives when read directly.
func (f *listFixture) agree(step string, filters []people.SurveyFilter) {
	f.t.Helper()
	for i, filter := range filters {
		want := filter
		want.TenantID = f.p.TenantID
		if f.p.Resources.Restricted(hive.ResourceSurveys) {
			want.IDs = f.p.Resources.List(hive.ResourceSurveys)
		}
		direct, err := f.st.ListSurveys(f.t.Context(), want)
		if err != nil {
			f.t.Fatal(err)
		}
		got := f.list(f.svc, f.p, filter)
		if diff := cmp.Diff(direct, got, cmp.Comparer(func(a, b []*people.Survey) bool {
			return cmp.Equal(derefAll(a), derefAll(b))
		})); diff != "" {
			f.t.Errorf("%s, filter %d (%+v): service differs from store (-store +service):\n%s", step, i, filter, diff)
		}
	}
}

func derefAll(list []*people.Survey) []people.Survey {
	out := make([]people.Survey, len(list))
	for i, sv := range list {
		out[i] = *sv
	}
	return out
}

// TestSurveyListSeesEveryWrite reads the tenant's survey list through the
// cache after each kind of write, with the filters and paging the API
// uses, and holds each answer to the store's.
func TestSurveyListSeesEveryWrite(t *testing.T) {
	for name, open := range listStores {
		t.Run(name, func(t *testing.T) {
			f := newListFixture(t, open, people.Config{})
			ctx := t.Context()
			live, closed := people.StatusLive, people.StatusClosed
			filters := func() []people.SurveyFilter {
				since := f.now.Add(-1500 * time.Millisecond)
				first := f.list(f.svc, f.p, people.SurveyFilter{Limit: 1})
				after := ""
				if len(first) > 0 {
					after = first[0].ID
				}
				return []people.SurveyFilter{{Limit: 1001}, {Limit: 2}, {After: after, Limit: 2}, {Status: &live, Limit: 10},
					{Status: &closed, Limit: 10}, {UpdatedSince: &since, Limit: 10}, {Limit: 0}}
			}
			f.agree("empty", filters())
			a := f.create(f.p, "First", people.StatusDraft)
			f.agree("after a create", filters())
			b := f.create(f.p, "Second", people.StatusLive)
			f.create(&hive.Principal{TenantID: "ten_b"}, "Other tenant's", people.StatusLive)
			if got := ids(f.list(f.svc, f.p, people.SurveyFilter{Limit: 10})); len(got) != 2 || !strings.Contains(got[1], "Second") {
				t.Fatalf("after a second create, list = %v", got)
			}
			f.agree("after creates in two tenants", filters())

			f.now = f.now.Add(time.Second)
			if _, err := f.svc.UpdateSurvey(ctx, f.p, a.ID, people.SurveyChanges{Name: new("Renamed"), Status: &closed}); err != nil {
				t.Fatal(err)
			}
			if got := ids(f.list(f.svc, f.p, people.SurveyFilter{Limit: 10})); !strings.Contains(got[0], "Renamed closed") {
				t.Fatalf("after an update, list = %v", got)
			}
			f.agree("after an update", filters())
			if _, err := f.svc.UpdateSurvey(ctx, f.p, a.ID, people.SurveyChanges{Name: new("")}); hive.ErrorCode(err) != hive.EINVALID {
				t.Fatalf("refused update: %v", err)
			}
			f.agree("after a refused update", filters())

			if _, err := f.svc.ImportPeople(ctx, f.p, strings.NewReader(header+"E1,ann@example.com,Ann,Lee,2020-01-06,1990-05-01,Sales\n"), false); err != nil {
				t.Fatal(err)
			}
			q, err := f.svc.AddQuestion(ctx, f.p, b.ID, people.QuestionParams{Key: "pride", Text: "Proud?", Type: people.QuestionScale})
			if err != nil {
				t.Fatal(err)
			}
			f.now = f.now.Add(time.Second)
			if _, err := f.svc.AddResponses(ctx, f.p, b.ID, []people.ResponseParams{{EmployeeID: "E1",
				Answers: []people.AnswerParams{{QuestionID: q.ID, Value: 9.0}}}}); err != nil {
				t.Fatal(err)
			}
			if got := ids(f.list(f.svc, f.p, people.SurveyFilter{Limit: 10})); !strings.HasSuffix(got[1], " 1") {
				t.Fatalf("after a response, list = %v", got)
			}
			f.agree("after responses", filters())

			f.p = &hive.Principal{TenantID: "ten_a", Resources: hive.Resources{Surveys: []string{b.ID}}}
			f.agree("for a key restricted to one survey", filters())
			f.p.Resources = hive.Resources{Surveys: []string{"sv_none"}}
			f.agree("for a key restricted to a survey that does not exist", filters())
		})
	}
}

// TestSurveyListAcrossNodes runs two services on one store, as two nodes:
// a write on one reaches the other's cached list through Propagate, and a
// node that cannot prove itself current reads the store.
func TestSurveyListAcrossNodes(t *testing.T) {
	for name, open := range listStores {
		t.Run(name, func(t *testing.T) {
			var other *people.Service
			told := 0
			f := newListFixture(t, open, people.Config{Propagate: func(_ context.Context, hashes [][32]byte) bool {
				told++
				for _, h := range hashes {
					other.InvalidateSurveyList(h)
				}
				return true
			}})
			current := true
			other = people.NewService(f.st, people.Config{Current: func() bool { return current }})
			lone := people.NewService(f.st, people.Config{}) // told nothing: its list is cached
			for _, svc := range []*people.Service{other, lone} {
				if got := f.list(svc, f.p, people.SurveyFilter{Limit: 10}); len(got) != 0 {
					t.Fatalf("empty tenant lists %v", ids(got))
				}
			}
			sv := f.create(f.p, "New", people.StatusDraft)
			if told != 1 {
				t.Errorf("a create was announced %d times, want 1", told)
			}
			if got := f.list(other, f.p, people.SurveyFilter{Limit: 10}); len(got) != 1 || got[0].ID != sv.ID {
				t.Errorf("the node told of a create lists %v", ids(got))
			}
			if got := f.list(lone, f.p, people.SurveyFilter{Limit: 10}); len(got) != 0 {
				t.Errorf("a node told nothing lists %v: its list is not cached", ids(got))
			}
			lone.InvalidateSurveyLists()
			if got := f.list(lone, f.p, people.SurveyFilter{Limit: 10}); len(got) != 1 {
				t.Errorf("after dropping every list, a node lists %v", ids(got))
			}

			// Written by a node that announces nothing, seen by one that is
			// not current: it reads the store.
			current = false
			if _, err := lone.UpdateSurvey(t.Context(), f.p, sv.ID, people.SurveyChanges{Name: new("Renamed")}); err != nil {
				t.Fatal(err)
			}
			if got := f.list(other, f.p, people.SurveyFilter{Limit: 10}); len(got) != 1 || got[0].Name != "Renamed" {
				t.Errorf("a node that is not current lists %v", ids(got))
			}
			if _, err := f.svc.UpdateSurvey(t.Context(), f.p, sv.ID, people.SurveyChanges{Name: new("")}); hive.ErrorCode(err) != hive.EINVALID {
				t.Fatal(err)
			}
			if told != 1 {
				t.Errorf("a refused update was announced: %d announcements, want 1", told)
			}
		})
	}
}

// racingStore runs during, after its read of a list, a write the list
// missed.
type racingStore struct {
	people.Store
	during func()
}

func (s *racingStore) ListSurveys(ctx context.Context, f people.SurveyFilter) ([]*people.Survey, error) {
	list, err := s.Store.ListSurveys(ctx, f)
	if during := s.during; during != nil {
		s.during = nil
		during()
	}
	return list, err
}

// TestSurveyListLoadRacingAWriteIsNotKept: a list read before a write
// commits answers its own request, but is not cached for the next.
func TestSurveyListLoadRacingAWriteIsNotKept(t *testing.T) {
	st := &racingStore{Store: sqlitetest.Open(t).People()}
	svc := people.NewService(st, people.Config{})
	p := &hive.Principal{TenantID: "ten_a"}
	st.during = func() {
		if _, err := svc.CreateSurvey(t.Context(), p, people.SurveyParams{Name: "Raced", Type: people.SurveyPulse}); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := svc.ListSurveys(t.Context(), p, people.SurveyFilter{Limit: 10}); err != nil || len(got) != 0 {
		t.Fatalf("list during the write = %v, %v", ids(got), err)
	}
	if got, err := svc.ListSurveys(t.Context(), p, people.SurveyFilter{Limit: 10}); err != nil || len(got) != 1 {
		t.Fatalf("list after the write = %v, %v; the raced load was kept", ids(got), err)
	}
}
