package analytics

import (
	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/hive"
)

// QuestionStats are one question's statistics over the respondents who
// answered it. Every pointer is nil when the cell is suppressed, or when the
// figure does not apply (no mean for an option question).
type QuestionStats struct {
	api.QuestionFigures
	Privacy
}

// DistributionRow is how many respondents gave one value to one question, a
// flat row of its own for BI tools. A suppressed question's rows are all
// suppressed.
type DistributionRow struct {
	api.DistributionFigures
	Privacy
}

// Statistics is the result for a whole survey.
type Statistics struct {
	Questions    []QuestionStats   `json:"questions"`
	Distribution []DistributionRow `json:"distribution"`
}

// agg sums one cell of one question's answers.
type agg struct {
	n             int
	sum           float64
	fav, neu, unf int
}

// summarize folds a per-value count vector (index v − Min) into an agg.
func (q *Question) summarize(dist []int32) agg {
	var a agg
	b := q.bands()
	for i, c := range dist {
		v, n := q.Min+i, int(c)
		a.n += n
		a.sum += float64(v * n)
		switch {
		case v >= b.FavourableMin:
			a.fav += n
		case v <= b.UnfavourableMax:
			a.unf += n
		default:
			a.neu += n
		}
	}
	return a
}

// tally counts, for the column col, each value per key over the respondents of
// g: out[k*nvals + v−min]. keys nil puts everyone under key 0.
func tally(col []int8, keys []uint16, nkeys int, g group, min, nvals int) []int32 {
	out := make([]int32, nkeys*nvals)
	for r, v := range col {
		if v == Missing || !g.has(r) {
			continue
		}
		k := 0
		if keys != nil {
			k = int(keys[r])
		}
		out[k*nvals+int(v)-min]++
	}
	return out
}

// Statistics returns every question's statistics for the selection, with the
// distributions as flat rows. Free-text questions are left out.
func (d *Dataset) Statistics(sel Selection, threshold int) (*Statistics, error) {
	if err := checkThreshold(threshold); err != nil {
		return nil, err
	}
	gd, err := d.guard(sel, threshold)
	if err != nil {
		return nil, err
	}
	out := &Statistics{}
	for qi := range d.survey.Questions {
		if d.survey.Questions[qi].Type == TypeFreeText {
			continue
		}
		qs, dist := d.questionStats(qi, gd)
		out.Questions = append(out.Questions, qs)
		out.Distribution = append(out.Distribution, dist...)
	}
	return out, nil
}

// QuestionStatistics returns one question's statistics and distribution.
func (d *Dataset) QuestionStatistics(idOrKey string, sel Selection, threshold int) (QuestionStats, []DistributionRow, error) {
	qi, ok := d.qIndex[idOrKey]
	if !ok {
		return QuestionStats{}, nil, hive.Errorf(hive.ENOTFOUND, "question %q is not in survey %q", idOrKey, d.survey.ID)
	}
	if d.survey.Questions[qi].Type == TypeFreeText {
		return QuestionStats{}, nil, hive.FieldError("question_id", "question %q is free text and has no statistics", idOrKey)
	}
	if err := checkThreshold(threshold); err != nil {
		return QuestionStats{}, nil, err
	}
	gd, err := d.guard(sel, threshold)
	if err != nil {
		return QuestionStats{}, nil, err
	}
	qs, dist := d.questionStats(qi, gd)
	return qs, dist, nil
}

func checkThreshold(t int) error {
	if t < 1 {
		return hive.FieldError("threshold", "the confidentiality threshold must be at least 1, got %d", t)
	}
	return nil
}

// questionStats tallies one question for the guarded selection and applies
// the guard to its respondents.
func (d *Dataset) questionStats(qi int, gd *guardian) (QuestionStats, []DistributionRow) {
	q := &d.survey.Questions[qi]
	nvals := q.Max - q.Min + 1
	dist := tally(d.cols[qi], nil, 1, gd.g, q.Min, nvals)
	a := q.summarize(dist)
	col := d.cols[qi]
	reason := gd.cells([]int{a.n}, func(r int, rem []int) {
		if col[r] != Missing {
			rem[0]++
		}
	})[0]
	return q.stats(d.survey.ID, a, reason), q.distribution(d.survey.ID, dist, a.n, reason)
}

// stats turns an agg into reported statistics, or nulls when suppressed.
func (q *Question) stats(surveyID string, a agg, reason Reason) QuestionStats {
	s := QuestionStats{api.QuestionFigures{SurveyID: surveyID, QuestionID: q.ID, QuestionKey: q.Key, QuestionType: string(q.Type)}, hidden(reason)}
	if reason != "" {
		return s
	}
	s.ResponseCount = ptr(a.n)
	if !q.numeric() || a.n == 0 {
		return s
	}
	mean := a.sum / float64(a.n)
	s.Mean, s.AverageScore100 = ptr(mean), ptr(q.score100(mean))
	s.FavourablePct, s.NeutralPct, s.UnfavourablePct = pct(a.fav, a.n), pct(a.neu, a.n), pct(a.unf, a.n)
	return s
}

// distribution returns one row per value of the scale.
func (q *Question) distribution(surveyID string, dist []int32, n int, reason Reason) []DistributionRow {
	rows := make([]DistributionRow, len(dist))
	for i, c := range dist {
		rows[i] = DistributionRow{api.DistributionFigures{SurveyID: surveyID, QuestionID: q.ID, QuestionKey: q.Key, Value: q.Min + i}, hidden(reason)}
		if reason == "" {
			rows[i].Count, rows[i].Pct = ptr(int(c)), pct(int(c), n)
		}
	}
	return rows
}

func ptr[T any](v T) *T { return &v }

// pct returns 100·part/whole, or nil when whole is 0.
func pct(part, whole int) *float64 {
	if whole == 0 {
		return nil
	}
	return ptr(100 * float64(part) / float64(whole))
}
