package synth_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hive-platform/hive/internal/synth"
)

var now = time.Date(2026, time.March, 2, 10, 30, 0, 0, time.UTC)

func generate(tb testing.TB, seed int64) *synth.Org {
	tb.Helper()
	return synth.Generate(synth.Options{Seed: seed, Employees: 2000, Now: now})
}

func digest(tb testing.TB, org *synth.Org) [32]byte {
	tb.Helper()
	b, err := json.Marshal(org)
	if err != nil {
		tb.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestGenerateIsDeterministic checks that the same options give the same
// bytes and that another seed gives another organisation. Every map gets its
// own random iteration order, so a generator that ranged over one would
// differ between the two runs.
func TestGenerateIsDeterministic(t *testing.T) {
	first := digest(t, generate(t, 7))
	if again := digest(t, generate(t, 7)); again != first {
		t.Fatal("the same options gave different output")
	}
	if other := digest(t, generate(t, 8)); other == first {
		t.Fatal("seeds 7 and 8 gave the same output")
	}
}

// TestZeroOptionsUseDefaults checks the defaults: 2,000 employees and a
// fixed date, so that a zero Options is deterministic too.
func TestZeroOptionsUseDefaults(t *testing.T) {
	a, b := synth.Generate(synth.Options{}), synth.Generate(synth.Options{})
	if len(a.Employees) != synth.DefaultEmployees {
		t.Errorf("employees = %d, want %d", len(a.Employees), synth.DefaultEmployees)
	}
	if digest(t, a) != digest(t, b) {
		t.Error("zero options gave different output")
	}
	if small := synth.Generate(synth.Options{Employees: 10}); len(small.Employees) != synth.MinEmployees {
		t.Errorf("10 employees gave %d, want the minimum %d", len(small.Employees), synth.MinEmployees)
	}
}

func TestOrganisationShape(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		org := generate(t, seed)
		if len(org.Employees) != 2000 {
			t.Errorf("seed %d: %d employees, want 2000", seed, len(org.Employees))
		}
		if n := len(org.Departments); n < 8 || n > 15 {
			t.Errorf("seed %d: %d departments, want 8–15", seed, n)
		}
		if n := len(org.Locations); n < 3 || n > 6 {
			t.Errorf("seed %d: %d locations, want 3–6", seed, n)
		}
		checkDepartmentSizes(t, org)
		checkEmployees(t, org)
		checkReportingLines(t, org)
	}
}

// checkDepartmentSizes wants a long tail: a few departments of 2–6 people
// to exercise suppression, and sizes that add up.
func checkDepartmentSizes(t *testing.T, org *synth.Org) {
	t.Helper()
	count := map[string]int{}
	for _, e := range org.Employees {
		count[e.Department]++
	}
	tiny, total, largest := 0, 0, 0
	for _, d := range org.Departments {
		if count[d.Name] != d.Size {
			t.Errorf("%s: size %d, but %d employees", d.Name, d.Size, count[d.Name])
		}
		if d.Size >= 2 && d.Size <= 6 {
			tiny++
		}
		total += d.Size
		largest = max(largest, d.Size)
	}
	if tiny < 2 || tiny > 3 {
		t.Errorf("%d departments of 2–6 people, want 2–3", tiny)
	}
	if total != len(org.Employees) {
		t.Errorf("department sizes add to %d, want %d", total, len(org.Employees))
	}
	if largest < len(org.Employees)/6 {
		t.Errorf("largest department has %d people; the distribution should be long-tailed", largest)
	}
}

// checkEmployees checks ids, unique e-mails, ages 18–67, tenures 0–25 years
// skewed to recent hires, and nobody hired before eighteen.
func checkEmployees(t *testing.T, org *synth.Org) {
	t.Helper()
	emails := map[string]bool{}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	recent := 0
	for i, e := range org.Employees {
		if want := fmt.Sprintf("E%05d", i+1); e.ID != want {
			t.Fatalf("employee %d has id %q, want %q", i, e.ID, want)
		}
		if emails[e.Email] {
			t.Errorf("duplicate email %s", e.Email)
		}
		emails[e.Email] = true
		if age := years(e.DateOfBirth, today); age < 18 || age > 67 {
			t.Errorf("%s: age %d, want 18–67", e.ID, age)
		}
		tenure := years(e.StartDate, today)
		if tenure < 0 || tenure > 25 || e.StartDate.After(today) {
			t.Errorf("%s: tenure %d years, want 0–25", e.ID, tenure)
		}
		if years(e.DateOfBirth, e.StartDate) < 18 {
			t.Errorf("%s: hired before eighteen", e.ID)
		}
		if tenure < 5 {
			recent++
		}
		if i > 0 && e.StartDate.Before(org.Employees[i-1].StartDate) {
			t.Errorf("%s: ids do not follow hire date", e.ID)
		}
	}
	if recent < len(org.Employees)/2 {
		t.Errorf("%d of %d hired in the last five years; recent hires should dominate", recent, len(org.Employees))
	}
}

// checkReportingLines wants one head per department without a manager, and
// every other manager in the same department.
func checkReportingLines(t *testing.T, org *synth.Org) {
	t.Helper()
	byID := map[string]synth.Employee{}
	for _, e := range org.Employees {
		byID[e.ID] = e
	}
	for _, d := range org.Departments {
		if head := byID[d.HeadID]; head.Manager != "" || head.Department != d.Name {
			t.Errorf("%s: head %s has manager %q in %q", d.Name, d.HeadID, head.Manager, head.Department)
		}
	}
	for _, e := range org.Employees {
		if e.Manager == "" {
			continue
		}
		m, ok := byID[e.Manager]
		if !ok || m.Department != e.Department {
			t.Errorf("%s: manager %q is not in %s", e.ID, e.Manager, e.Department)
		}
		if e.Team == "" || e.Location == "" {
			t.Errorf("%s: team %q, location %q", e.ID, e.Team, e.Location)
		}
	}
}

// years returns whole years from a to b, as a birthday counts them.
func years(a, b time.Time) int {
	y := b.Year() - a.Year()
	if b.YearDay() < a.YearDay() {
		y--
	}
	return y
}

func TestPeopleCSVRoundTrips(t *testing.T) {
	org := generate(t, 1)
	var buf bytes.Buffer
	if err := synth.WritePeopleCSV(&buf, org.Employees); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHeader := []string{"employee_id", "email", "first_name", "last_name", "start_date", "date_of_birth", "department", "location", "manager", "team"}
	if diff := cmp.Diff(wantHeader, rows[0]); diff != "" {
		t.Fatalf("header (-want +got):\n%s", diff)
	}
	var got []synth.Employee
	for _, r := range rows[1:] {
		got = append(got, synth.Employee{
			ID: r[0], Email: r[1], FirstName: r[2], LastName: r[3],
			StartDate: parseDate(t, r[4]), DateOfBirth: parseDate(t, r[5]),
			Department: r[6], Location: r[7], Manager: r[8], Team: r[9],
		})
	}
	if diff := cmp.Diff(org.Employees, got); diff != "" {
		t.Errorf("employees after a CSV round trip (-want +got):\n%s", diff)
	}
}

func parseDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		t.Fatalf("date %q: %v", s, err)
	}
	return d
}

func TestEngagementQuestionnaire(t *testing.T) {
	s := generate(t, 1).Engagement()
	if n := len(s.Questions); n < 45 || n > 60 {
		t.Errorf("%d questions, want 45–60", n)
	}
	var ei []string
	perCategory := map[string]int{}
	types := map[string]int{}
	keys := map[string]bool{}
	for _, q := range s.Questions {
		if keys[q.Key] {
			t.Errorf("duplicate question_key %q", q.Key)
		}
		keys[q.Key] = true
		types[q.Type]++
		if q.InEngagementIndex {
			ei = append(ei, q.Key)
		}
		if (q.Type == synth.TypeScale || q.Type == synth.TypeENPS) && (q.ScaleMin != 0 || q.ScaleMax != 10) {
			t.Errorf("%s: scale %d–%d, want 0–10", q.Key, q.ScaleMin, q.ScaleMax)
		}
		if q.Type == synth.TypeScale && q.Category != synth.OutcomeCategory {
			perCategory[q.Category]++
		}
	}
	if diff := cmp.Diff([]string{"pride", "advocacy", "loyalty"}, ei); diff != "" {
		t.Errorf("Engagement Index items (-want +got):\n%s", diff)
	}
	if types[synth.TypeENPS] != 1 || !keys["enps"] || types[synth.TypeOption] != 1 {
		t.Errorf("question types %v, want one enps (key enps) and one option", types)
	}
	if n := len(perCategory); n < 10 || n > 12 {
		t.Errorf("%d driver categories, want 10–12", n)
	}
	for c, n := range perCategory {
		if n < 3 || n > 4 {
			t.Errorf("category %s has %d items, want 3–4", c, n)
		}
	}
	planted := synth.PlantedDriverOrder()
	slices.Sort(planted)
	var cats []string
	for c := range perCategory {
		cats = append(cats, c)
	}
	slices.Sort(cats)
	if diff := cmp.Diff(planted, cats); diff != "" {
		t.Errorf("planted drivers differ from the survey's categories (-want +got):\n%s", diff)
	}
}

// TestPlantedDrivers checks the betas are distinct and in order.
func TestPlantedDrivers(t *testing.T) {
	ds := synth.PlantedDrivers()
	for i := 1; i < len(ds); i++ {
		if ds[i].Beta >= ds[i-1].Beta {
			t.Errorf("%s beta %.3f is not below %s beta %.3f", ds[i].Category, ds[i].Beta, ds[i-1].Category, ds[i-1].Beta)
		}
	}
}

func TestPulseReusesQuestionKeys(t *testing.T) {
	org := generate(t, 1)
	eng, pulse := org.Engagement(), org.Pulse()
	if n := len(pulse.Questions); n < 8 || n > 12 {
		t.Errorf("pulse has %d questions, want about 10", n)
	}
	reused, free := 0, 0
	for _, q := range pulse.Questions {
		if slices.ContainsFunc(eng.Questions, func(e synth.Question) bool { return cmp.Equal(e, q) }) {
			reused++
		}
		if q.Type == synth.TypeFreeText {
			free++
		}
	}
	if reused < 5 || free != 1 {
		t.Errorf("pulse reuses %d questions and has %d free-text ones; want ≥5 and 1", reused, free)
	}
	if !pulse.Start.After(eng.End) || pulse.End.After(now) {
		t.Errorf("pulse %v–%v should follow the engagement survey (ending %v) and end before now", pulse.Start, pulse.End, eng.End)
	}
}

// TestResponses checks the response rate, submission times inside the
// window and after hire, answers inside their scale, a few percent skipped,
// and some people below the two-thirds rule of the Engagement Index.
func TestResponses(t *testing.T) {
	for _, seed := range []int64{1, 2, 3} {
		checkResponses(t, generate(t, seed))
	}
}

func checkResponses(t *testing.T, org *synth.Org) {
	t.Helper()
	hired := map[string]time.Time{}
	for _, e := range org.Employees {
		hired[e.ID] = e.StartDate
	}
	for _, s := range org.Surveys {
		rate := float64(len(s.Responses)) / float64(len(s.Invited))
		if rate < 0.75 || rate > 0.85 {
			t.Errorf("%s: response rate %.3f, want 0.75–0.85", s.Key, rate)
		}
		byKey := map[string]synth.Question{}
		for _, q := range s.Questions {
			byKey[q.Key] = q
		}
		var answered, possible, belowTwoThirds int
		for i, r := range s.Responses {
			if r.SubmittedAt.Before(s.Start) || !r.SubmittedAt.Before(s.End) || r.SubmittedAt.Before(hired[r.EmployeeID]) {
				t.Fatalf("%s: %s submitted at %v outside %v–%v or before hire", s.Key, r.EmployeeID, r.SubmittedAt, s.Start, s.End)
			}
			if i > 0 && r.SubmittedAt.Before(s.Responses[i-1].SubmittedAt) {
				t.Fatalf("%s: responses not in submission order", s.Key)
			}
			if len(r.Answers) == 0 {
				t.Fatalf("%s: %s submitted no answers", s.Key, r.EmployeeID)
			}
			ei := 0
			for _, a := range r.Answers {
				q := byKey[a.QuestionKey]
				checkAnswer(t, q, a)
				if q.InEngagementIndex {
					ei++
				}
				if q.Type != synth.TypeFreeText {
					answered++
				}
			}
			possible += len(s.Questions) - 1
			if ei < 2 {
				belowTwoThirds++
			}
		}
		skipped := 1 - float64(answered)/float64(possible)
		t.Logf("%s: %d invited, %d responses (%.1f %%), %.1f %% of answers skipped, %d below two thirds of EI",
			s.Key, len(s.Invited), len(s.Responses), 100*rate, 100*skipped, belowTwoThirds)
		if skipped < 0.02 || skipped > 0.08 {
			t.Errorf("%s: %.3f of answers skipped, want a few percent", s.Key, skipped)
		}
		if belowTwoThirds < 5 {
			t.Errorf("%s: only %d respondents below the two-thirds rule", s.Key, belowTwoThirds)
		}
	}
}

func checkAnswer(t *testing.T, q synth.Question, a synth.Answer) {
	t.Helper()
	switch q.Type {
	case synth.TypeScale, synth.TypeENPS:
		if a.Value < q.ScaleMin || a.Value > q.ScaleMax {
			t.Fatalf("%s: value %d outside %d–%d", q.Key, a.Value, q.ScaleMin, q.ScaleMax)
		}
	case synth.TypeOption:
		if a.Value < 0 || a.Value >= len(q.Options) || q.Options[a.Value] != a.Text {
			t.Fatalf("%s: option %d %q not among %v", q.Key, a.Value, a.Text, q.Options)
		}
	case synth.TypeFreeText:
		if a.Text == "" {
			t.Fatalf("%s: empty free-text answer", q.Key)
		}
	default:
		t.Fatalf("answer to unknown question %q", a.QuestionKey)
	}
}

// TestHeadlineMetricsArePlausible keeps the demo believable: an Engagement
// Index around 7 of 10, a modestly positive eNPS, and departments that
// differ.
func TestHeadlineMetricsArePlausible(t *testing.T) {
	org := generate(t, 1)
	s := org.Engagement()
	ei, _ := personScores(s)
	var sum float64
	var n int
	for _, v := range ei {
		if !math.IsNaN(v) {
			sum += v
			n++
		}
	}
	var promoters, detractors, respondents int
	for _, r := range s.Responses {
		for _, a := range r.Answers {
			if a.QuestionKey == synth.KeyENPS {
				respondents++
				if a.Value >= 9 {
					promoters++
				} else if a.Value <= 6 {
					detractors++
				}
			}
		}
	}
	index := sum / float64(n)
	enps := 100 * float64(promoters-detractors) / float64(respondents)
	t.Logf("Engagement Index %.2f over %d people; eNPS %.1f", index, n, enps)
	if index < 6 || index > 8 {
		t.Errorf("Engagement Index %.2f, want 6–8", index)
	}
	if enps < -30 || enps > 40 {
		t.Errorf("eNPS %.1f, want between -30 and 40", enps)
	}
}

func TestFeedback(t *testing.T) {
	org := generate(t, 1)
	hired := map[string]time.Time{}
	for _, e := range org.Employees {
		hired[e.ID] = e.StartDate
	}
	if n := len(org.OpenDoor); n < 120 || n > 180 {
		t.Errorf("%d Open Door submissions, want about 150", n)
	}
	categories := map[string]int{}
	for _, s := range org.OpenDoor {
		categories[s.Category]++
		if s.Text == "" || s.SubmittedAt.After(now) || s.SubmittedAt.Before(hired[s.EmployeeID]) {
			t.Errorf("Open Door %+v: empty, in the future or before hire", s)
		}
	}
	for _, c := range []string{"problem", "question", "suggestion", "custom"} {
		if categories[c] == 0 {
			t.Errorf("no Open Door submission of category %s", c)
		}
	}
	if n := len(org.HiveFives); n < 700 || n > 900 {
		t.Errorf("%d Hive Fives, want about 800", n)
	}
	private := 0
	for _, h := range org.HiveFives {
		if h.Private {
			private++
		}
		if h.SenderID == h.RecipientID || !slices.Contains(synth.HiveFiveValues, h.Value) || h.Text == "" {
			t.Errorf("Hive Five %+v: self-recognition, unknown value or no text", h)
		}
		if h.SentAt.Before(hired[h.SenderID]) || h.SentAt.Before(hired[h.RecipientID]) || h.SentAt.After(now) {
			t.Errorf("Hive Five %+v sent outside the people's employment", h)
		}
	}
	if share := float64(private) / float64(len(org.HiveFives)); share < 0.15 || share > 0.25 {
		t.Errorf("%.3f of Hive Fives private, want about a fifth", share)
	}
}

// TestLargeOrganisation checks that 10,000 employees work: the benchmark
// size of the analytics.
func TestLargeOrganisation(t *testing.T) {
	if testing.Short() {
		t.Skip("large organisation")
	}
	org := synth.Generate(synth.Options{Seed: 1, Employees: 10000, Now: now})
	if len(org.Employees) != 10000 || org.Employees[9999].ID != "E10000" {
		t.Fatalf("%d employees, last %s", len(org.Employees), org.Employees[len(org.Employees)-1].ID)
	}
	if n := len(org.Engagement().Responses); n < 7000 {
		t.Errorf("%d engagement responses from 10,000 employees", n)
	}
}

func BenchmarkGenerate(b *testing.B) {
	for _, n := range []int{2000, 10000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				synth.Generate(synth.Options{Seed: 1, Employees: n, Now: now})
			}
		})
	}
}
