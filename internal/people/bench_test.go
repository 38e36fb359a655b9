package people_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/hive-platform/hive/internal/analytics"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/sqlite"
)

// The benchmarks run the analytics endpoints' service methods on SQLite
// through the real store: a survey of 10,000 respondents × 60 questions
// (four Engagement Index items, eNPS, eleven categories of five items)
// and a 12-department attribute.
//
//	go test -run XXX -bench . -benchtime 10x ./internal/people
//
// "cold" loads the dataset from the store and computes; "warm" is a
// request that finds the dataset cached (it still reads the survey row and
// the privacy settings). group_by is the straightforward alternative: the
// heatmap's per-segment counts, means and favourable counts from one
// GROUP BY over a normalized answers table.
const (
	benchRespondents = 10000
	benchDepartments = 12
	benchCategories  = 11
)

var bench struct {
	once    sync.Once
	svc     *people.Service
	p       *hive.Principal
	sv      *people.Survey
	dept    string
	seg     string // the first department segment
	answers *sql.DB
	store   *sqlite.Store
	dir     string
}

func benchSetup(b *testing.B) {
	b.Helper()
	bench.once.Do(func() { loadBench(b) })
	if bench.svc == nil {
		b.Fatal("setup failed")
	}
}

// loadBench generates the organisation and writes it through the service.
func loadBench(b *testing.B) {
	ctx := context.Background()
	dir, err := tempDir()
	if err != nil {
		b.Fatal(err)
	}
	st, err := sqlite.Open(ctx, filepath.Join(dir, "hive.db"))
	if err != nil {
		b.Fatal(err)
	}
	p := &hive.Principal{TenantID: "ten_bench", Permissions: hive.NewScopes(hive.ScopePeopleWrite)}
	svc := people.NewService(st.People(), people.Config{})
	var csv bytes.Buffer
	csv.WriteString("employee_id,email,first_name,last_name,start_date,date_of_birth,department\n")
	for i := range benchRespondents {
		fmt.Fprintf(&csv, "E%05d,e%d@bench.test,F,L,2020-01-01,1990-01-01,Dept %02d\n", i, i, i%benchDepartments)
	}
	if res, err := svc.ImportPeople(ctx, p, &csv, false); err != nil {
		b.Fatal(err, res.Errors)
	}
	sv, err := svc.CreateSurvey(ctx, p, people.SurveyParams{Name: "Bench", Type: people.SurveyEngagement, Status: people.StatusLive})
	if err != nil {
		b.Fatal(err)
	}
	qs := benchQuestions(b, svc, p, sv.ID)
	vals := benchAnswers(len(qs))
	writeBenchResponses(b, svc, p, sv.ID, qs, vals)
	// Read the survey again: the cold benchmarks load from this row, and a
	// request's row carries the response count that sizes the load.
	if sv, err = svc.Survey(ctx, p, sv.ID); err != nil {
		b.Fatal(err)
	}
	attrs, err := svc.Attributes(ctx, p)
	if err != nil {
		b.Fatal(err)
	}
	for _, a := range attrs {
		if a.Name == "department" {
			bench.dept, bench.seg = a.ID, a.Segments[0].ID
		}
	}
	bench.answers = answersTable(b, dir, vals)
	bench.svc, bench.p, bench.sv, bench.store = svc, p, sv, st
}

// tempDir makes one directory for every benchmark of the run, so that
// b.TempDir's per-benchmark cleanup cannot remove the data under a later
// benchmark; TestMain removes it.
func tempDir() (string, error) {
	dir, err := os.MkdirTemp("", "hive-people-bench-")
	bench.dir = dir
	return dir, err
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bench.store != nil {
		bench.store.Close()
		bench.answers.Close()
	}
	if bench.dir != "" {
		os.RemoveAll(bench.dir)
	}
	os.Exit(code)
}

func benchQuestions(b *testing.B, svc *people.Service, p *hive.Principal, surveyID string) []*people.Question {
	var in []people.QuestionParams
	for i := range 4 {
		in = append(in, people.QuestionParams{Key: fmt.Sprintf("ei_%d", i), Text: "EI", Type: people.QuestionScale, InEngagementIndex: true})
	}
	in = append(in, people.QuestionParams{Key: "enps", Text: "eNPS", Type: people.QuestionENPS})
	for c := range benchCategories {
		for j := range 5 {
			in = append(in, people.QuestionParams{Key: fmt.Sprintf("c%02d_%d", c, j), Text: "Driver", Type: people.QuestionScale, Category: fmt.Sprintf("Category %02d", c)})
		}
	}
	out := make([]*people.Question, len(in))
	for i, q := range in {
		var err error
		if out[i], err = svc.AddQuestion(context.Background(), p, surveyID, q); err != nil {
			b.Fatal(err)
		}
	}
	return out
}

// benchAnswers draws answers on 0–10 from a latent model: each category
// moves engagement with a weight falling by category; 3 % skipped.
func benchAnswers(nq int) [][]int8 {
	rng := rand.New(rand.NewPCG(42, 7))
	out := make([][]int8, benchRespondents)
	for r := range out {
		row := make([]int8, nq)
		cat := make([]float64, benchCategories)
		engage := 0.0
		for c := range cat {
			cat[c] = rng.NormFloat64()
			engage += cat[c] * float64(benchCategories-c) / benchCategories
		}
		for q := range row {
			latent := engage / 2
			if q >= 5 {
				latent = cat[(q-5)/5]
			}
			v := int8(min(max(7+1.5*latent+rng.NormFloat64(), 0), 10))
			if rng.Float64() < 0.03 {
				v = analytics.Missing
			}
			row[q] = v
		}
		out[r] = row
	}
	return out
}

func writeBenchResponses(b *testing.B, svc *people.Service, p *hive.Principal, surveyID string, qs []*people.Question, vals [][]int8) {
	at := time.Now().Add(-24 * time.Hour)
	for start := 0; start < len(vals); start += people.MaxBatch {
		var batch []people.ResponseParams
		for r := start; r < min(start+people.MaxBatch, len(vals)); r++ {
			rp := people.ResponseParams{EmployeeID: fmt.Sprintf("E%05d", r), SubmittedAt: &at}
			for q, v := range vals[r] {
				if v != analytics.Missing {
					rp.Answers = append(rp.Answers, people.AnswerParams{QuestionID: qs[q].ID, Value: float64(v)})
				}
			}
			batch = append(batch, rp)
		}
		if _, err := svc.AddResponses(context.Background(), p, surveyID, batch); err != nil {
			b.Fatal(err)
		}
	}
}

// answersTable writes the same answers one row per answer, the normalized
// layout a GROUP BY reads.
func answersTable(b *testing.B, dir string, vals [][]int8) *sql.DB {
	db, err := sql.Open("sqlite", filepath.Join(dir, "answers.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE answers (respondent INTEGER NOT NULL, question INTEGER NOT NULL,
		segment INTEGER NOT NULL, value INTEGER NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		b.Fatal(err)
	}
	stmt, err := tx.Prepare(`INSERT INTO answers VALUES (?, ?, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	for r, row := range vals {
		for q, v := range row {
			if v != analytics.Missing {
				if _, err := stmt.Exec(r, q, r%benchDepartments, v); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return db
}

func BenchmarkHeatmap(b *testing.B) {
	benchSetup(b)
	benchColdWarm(b, func(ds *analytics.Dataset) error {
		_, err := ds.Heatmap(bench.dept, 5)
		return err
	}, func(ctx context.Context) error {
		_, err := bench.svc.Heatmap(ctx, bench.p, bench.sv.ID, people.HeatmapQuery{AttributeID: bench.dept})
		return err
	})
	b.Run("group_by", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			groupBy(b)
		}
	})
}

// benchColdWarm runs a report twice: "cold" loads the survey's dataset from
// the store on every iteration and computes on it; "warm" asks the service,
// whose cached dataset is loaded before the loop.
func benchColdWarm(b *testing.B, compute func(*analytics.Dataset) error, report func(context.Context) error) {
	ctx := context.Background()
	b.Run("cold", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			ds, err := bench.svc.LoadDataset(ctx, bench.sv)
			if err != nil {
				b.Fatal(err)
			}
			if err := compute(ds); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("warm", func(b *testing.B) {
		warmUp(b)
		defer reportCPU(b)()
		for b.Loop() {
			if err := report(ctx); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// warmUp caches the survey's dataset before a warm benchmark's loop.
func warmUp(b *testing.B) {
	if _, err := bench.svc.Facets(context.Background(), bench.p, bench.sv.ID); err != nil {
		b.Fatal(err)
	}
}

// reportCPU reports the CPU time per operation from now until the
// returned function runs, after the benchmark's loop.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
		}
	}
}

// groupBy computes the heatmap's cells the straightforward way: count,
// mean and favourable count per question and segment.
func groupBy(b *testing.B) {
	rows, err := bench.answers.Query(`SELECT question, segment, COUNT(*), AVG(value), SUM(value >= 7)
		FROM answers GROUP BY question, segment`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	cells := 0
	for rows.Next() {
		var q, s, n, fav int
		var avg float64
		if err := rows.Scan(&q, &s, &n, &avg, &fav); err != nil {
			b.Fatal(err)
		}
		cells++
	}
	if err := rows.Err(); err != nil || cells != 60*benchDepartments {
		b.Fatal(err, cells)
	}
}

func BenchmarkKeyDrivers(b *testing.B) {
	benchSetup(b)
	benchColdWarm(b, func(ds *analytics.Dataset) error {
		_, err := ds.KeyDrivers(analytics.Selection{}, 5)
		return err
	}, func(ctx context.Context) error {
		_, err := bench.svc.KeyDrivers(ctx, bench.p, bench.sv.ID, people.Filter{})
		return err
	})
}

func BenchmarkStatistics(b *testing.B) {
	benchSetup(b)
	ctx := context.Background()
	benchColdWarm(b, func(ds *analytics.Dataset) error {
		_, err := ds.Statistics(analytics.Selection{}, 5)
		return err
	}, func(ctx context.Context) error {
		_, err := bench.svc.Statistics(ctx, bench.p, bench.sv.ID, people.Filter{})
		return err
	})
	b.Run("load_only", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			if _, err := bench.svc.LoadDataset(ctx, bench.sv); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkFilteredStatistics asks for one department's statistics in a
// date window, the request the privacy guard compares with the groups one
// filter away.
func BenchmarkFilteredStatistics(b *testing.B) {
	benchSetup(b)
	f := people.Filter{SegmentIDs: []string{bench.seg}, From: time.Now().Add(-72 * time.Hour)}
	benchColdWarm(b, func(ds *analytics.Dataset) error {
		_, err := ds.Statistics(analytics.Selection{SegmentIDs: f.SegmentIDs, From: f.From}, 5)
		return err
	}, func(ctx context.Context) error {
		_, err := bench.svc.Statistics(ctx, bench.p, bench.sv.ID, f)
		return err
	})
}

// BenchmarkReadAnswers compares the two ways to read a survey's answers
// from SQLite: SurveyResponses, which decodes every response into a
// Response with a Score per answer (what the loader used first), and
// ScanSurveyAnswers, four raw columns a row.
func BenchmarkReadAnswers(b *testing.B) {
	benchSetup(b)
	ctx := context.Background()
	st := bench.store.People()
	b.Run("survey_responses", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			if _, err := st.SurveyResponses(ctx, bench.p.TenantID, bench.sv.ID); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("scan_answers", func(b *testing.B) {
		defer reportCPU(b)()
		for b.Loop() {
			n := 0
			err := st.ScanSurveyAnswers(ctx, bench.p.TenantID, bench.sv.ID, func(r *people.AnswerRow) error { n += len(r.Scores); return nil })
			if err != nil || n == 0 {
				b.Fatal(err, n)
			}
		}
	})
}
