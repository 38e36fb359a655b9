package analytics

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// The benchmarks run on 10,000 respondents × 60 questions with a 12-segment
// attribute:
//
//	go test -run XXX -bench . -benchtime 20x ./internal/analytics
var bench struct {
	once sync.Once
	g    *genData
}

func benchData(b *testing.B) *genData {
	b.Helper()
	bench.once.Do(func() { bench.g = genSurvey(b, 10000, 12, 42) })
	return bench.g
}

func BenchmarkHeatmap(b *testing.B) {
	d := benchData(b).ds
	for b.Loop() {
		if _, err := d.Heatmap("team", 5); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkKeyDrivers(b *testing.B) {
	d := benchData(b).ds
	b.Run("organisation", func(b *testing.B) {
		for b.Loop() {
			if _, err := d.KeyDrivers(Selection{}, 5); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("segment", func(b *testing.B) {
		for b.Loop() {
			if _, err := d.KeyDrivers(Selection{SegmentIDs: []string{"seg03"}}, 5); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkStatistics(b *testing.B) {
	d := benchData(b).ds
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			if _, err := d.Statistics(Selection{}, 5); err != nil {
				b.Fatal(err)
			}
			for _, k := range []MetricKind{MetricEI, MetricENPS, MetricAverage} {
				if _, err := d.Metrics(MetricsRequest{Metric: Metric{Kind: k}, Threshold: 5}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("filtered", func(b *testing.B) {
		sel := Selection{SegmentIDs: []string{"seg03"}, From: time.Date(2025, 2, 1, 0, 0, 0, 0, time.UTC)}
		for b.Loop() {
			if _, err := d.Statistics(sel, 5); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("metrics_by_month_and_segment", func(b *testing.B) {
		for b.Loop() {
			if _, err := d.Metrics(MetricsRequest{Metric: Metric{Kind: MetricEI}, Interval: Month, AttributeID: "team", Threshold: 5}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkHeatmapSQLite is the straightforward baseline: the same answers in
// a SQLite table, the heatmap's per-segment counts and means from one
// GROUP BY; and, for the ratio, loading those rows into a Dataset and
// computing the heatmap from it.
func BenchmarkHeatmapSQLite(b *testing.B) {
	g := benchData(b)
	db := answersTable(b, g)
	b.Run("group_by", func(b *testing.B) {
		for b.Loop() {
			rows, err := db.Query(`SELECT question, segment, COUNT(*), AVG(value) FROM answers GROUP BY question, segment`)
			if err != nil {
				b.Fatal(err)
			}
			cells := 0
			for rows.Next() {
				var q, s, n int
				var avg float64
				if err := rows.Scan(&q, &s, &n, &avg); err != nil {
					b.Fatal(err)
				}
				cells++
			}
			if err := rows.Err(); err != nil || cells == 0 {
				b.Fatal(err, cells)
			}
		}
	})
	b.Run("load_blobs_and_heatmap", func(b *testing.B) {
		for b.Loop() {
			d := loadBlobs(b, db, g.survey)
			if _, err := d.Heatmap("team", 5); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("load_and_heatmap", func(b *testing.B) {
		for b.Loop() {
			d := loadFromSQLite(b, db, g.survey)
			if _, err := d.Heatmap("team", 5); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// answersTable writes the generated answers to answers(respondent,
// question, segment, value) in a temporary SQLite file.
func answersTable(b *testing.B, g *genData) *sql.DB {
	b.Helper()
	db, err := sql.Open("sqlite", filepath.Join(b.TempDir(), "bench.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE answers (respondent INTEGER NOT NULL, question INTEGER NOT NULL, segment INTEGER NOT NULL, value INTEGER NOT NULL)`); err != nil {
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
	for r, row := range g.answers {
		for q, v := range row {
			if v >= 0 {
				if _, err := stmt.Exec(r, q, g.seg[r], v); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	// The same answers one row per response, values in a 60-byte blob.
	if _, err := tx.Exec(`CREATE TABLE responses (respondent INTEGER PRIMARY KEY, segment INTEGER NOT NULL, answers BLOB NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	for r, row := range g.answers {
		blob := make([]byte, len(row))
		for q, v := range row {
			blob[q] = 0x80 // Missing as a byte
			if v >= 0 {
				blob[q] = byte(v)
			}
		}
		if _, err := tx.Exec(`INSERT INTO responses VALUES (?, ?, ?)`, r, g.seg[r], blob); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return db
}

// loadBlobs fills a Builder from one row per response.
func loadBlobs(b *testing.B, db *sql.DB, s Survey) *Dataset {
	rows, err := db.Query(`SELECT respondent, segment, answers FROM responses ORDER BY respondent`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	bl, err := NewBuilder(s, 10000)
	if err != nil {
		b.Fatal(err)
	}
	segs := s.Attributes[0].Segments
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	values := make([]int8, len(s.Questions))
	for rows.Next() {
		var r, seg int
		var blob []byte
		if err := rows.Scan(&r, &seg, &blob); err != nil {
			b.Fatal(err)
		}
		id := fmt.Sprintf("res%06d", r)
		var ids []string
		if seg < len(segs) {
			ids = []string{segs[seg].ID}
		}
		for q, c := range blob {
			values[q] = int8(c)
		}
		if err := bl.Respondent(id, at, ids...); err != nil {
			b.Fatal(err)
		}
		if err := bl.AnswerRow(id, values); err != nil {
			b.Fatal(err)
		}
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return bl.Build()
}

// loadFromSQLite fills a Builder from one ordered query, as the storage
// layer will.
func loadFromSQLite(b *testing.B, db *sql.DB, s Survey) *Dataset {
	rows, err := db.Query(`SELECT respondent, question, segment, value FROM answers ORDER BY respondent`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	bl, err := NewBuilder(s, 10000)
	if err != nil {
		b.Fatal(err)
	}
	segs := s.Attributes[0].Segments
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	last, id := -1, ""
	for rows.Next() {
		var r, q, seg, v int
		if err := rows.Scan(&r, &q, &seg, &v); err != nil {
			b.Fatal(err)
		}
		if r != last {
			last, id = r, fmt.Sprintf("res%06d", r)
			var ids []string
			if seg < len(segs) {
				ids = []string{segs[seg].ID}
			}
			if err := bl.Respondent(id, at, ids...); err != nil {
				b.Fatal(err)
			}
		}
		if err := bl.Answer(id, q, v); err != nil {
			b.Fatal(err)
		}
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return bl.Build()
}
