package analytics

import (
	"fmt"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// MetricKind names a headline metric.
type MetricKind string

// Metric kinds, as the API's metric parameter spells them.
const (
	MetricEI      MetricKind = "engagement_index"
	MetricENPS    MetricKind = "enps"
	MetricAverage MetricKind = "average_score"
	MetricCustom  MetricKind = "custom"
)

// Metric selects a headline metric. A custom metric is a tenant-defined index
// over QuestionKeys, computed person-first like the Engagement Index.
type Metric struct {
	Kind         MetricKind
	ID           string   // custom metrics only
	QuestionKeys []string // custom metrics only
}

// Name is the metric as the API reports it: "engagement_index" or "custom:{id}".
func (m Metric) Name() string {
	if m.Kind == MetricCustom {
		return "custom:" + m.ID
	}
	return string(m.Kind)
}

// MetricValue is one cell of a headline metric. Score is 0–100 for the
// person-first indexes and −100..100 for eNPS. Figures that do not apply to
// the metric are null too; Suppressed tells the two apart.
type MetricValue struct {
	ResponseCount *int     `json:"response_count"`
	Score         *float64 `json:"score"`
	FavourablePct *float64 `json:"favourable_pct"`
	PromotersPct  *float64 `json:"promoters_pct"`
	PassivesPct   *float64 `json:"passives_pct"`
	DetractorsPct *float64 `json:"detractors_pct"`
	Privacy
}

// coverage is the share of a metric's items a person must answer to count.
type coverage struct{ num, den int }

var (
	twoThirds = coverage{2, 3} // the Engagement Index and custom metrics
	anyAnswer = coverage{0, 1} // average_score: one answer is enough
)

// need returns how many of k items a person must answer, rounded up.
func (c coverage) need(k int) int { return max(1, (k*c.num+c.den-1)/c.den) }

// personIndex holds each respondent's value of a person-first index.
type personIndex struct {
	val []float64 // the person's mean of answered items, rescaled to 0–100
	fav []bool    // the person's mean is at or above the favourable band
	ok  []bool    // the person answered enough items to count
}

// personValues computes a person-first index over items: per respondent the
// mean of the answered items on 0–100, counted when at least cov of the items
// were answered. A person is favourable when that mean reaches the mean of the
// answered items' favourable bounds on the same 0–100 scale, which is the
// band itself when the items share a scale.
func (d *Dataset) personValues(items []int, cov coverage) *personIndex {
	n := len(d.ids)
	sum, bound := make([]float64, n), make([]float64, n)
	cnt := make([]int32, n)
	for _, qi := range items {
		d.addScores(qi, sum, bound, cnt)
	}
	p := &personIndex{val: make([]float64, n), fav: make([]bool, n), ok: make([]bool, n)}
	need := int32(cov.need(len(items)))
	for r := range n {
		if len(items) > 0 && cnt[r] >= need {
			p.ok[r], p.val[r], p.fav[r] = true, sum[r]/float64(cnt[r]), sum[r] >= bound[r]-1e-9
		}
	}
	return p
}

// addScores adds each respondent's answer to question qi, rescaled to
// 0–100, to sum, the question's favourable bound to bound (when not nil),
// and one to cnt.
func (d *Dataset) addScores(qi int, sum, bound []float64, cnt []int32) {
	q := &d.survey.Questions[qi]
	var lut [101]float64
	for v := q.Min; v <= q.Max; v++ {
		lut[v] = q.score100(float64(v))
	}
	for r, v := range d.cols[qi] {
		if v != Missing {
			sum[r] += lut[v]
			cnt[r]++
		}
	}
	if bound == nil {
		return
	}
	fb := q.score100(float64(q.bands().FavourableMin))
	for r, v := range d.cols[qi] {
		if v != Missing {
			bound[r] += fb
		}
	}
}

// plan is a metric resolved against a dataset.
type plan struct {
	metric Metric
	pv     *personIndex // person-first metrics
	enps   int          // eNPS question index
}

// plan resolves m, naming the field at fault when it cannot be computed.
func (d *Dataset) plan(m Metric) (*plan, error) {
	p := &plan{metric: m}
	switch m.Kind {
	case MetricEI:
		if len(d.eiItems()) == 0 {
			return nil, hive.FieldError("metric", "survey %q has no Engagement Index questions", d.survey.ID)
		}
		p.pv = d.ei
	case MetricENPS:
		p.enps = -1
		for i, q := range d.survey.Questions {
			if q.Type == TypeENPS && p.enps < 0 {
				p.enps = i
			}
		}
		if p.enps < 0 {
			return nil, hive.FieldError("metric", "survey %q has no eNPS question", d.survey.ID)
		}
	case MetricAverage:
		var items []int
		for i, q := range d.survey.Questions {
			if q.Type == TypeScale {
				items = append(items, i)
			}
		}
		p.pv = d.personValues(items, anyAnswer)
	case MetricCustom:
		items, err := d.customItems(m.QuestionKeys)
		if err != nil {
			return nil, err
		}
		p.pv = d.personValues(items, twoThirds)
	default:
		return nil, hive.FieldError("metric", "%q is not one of engagement_index, enps, average_score, custom:{id}", m.Kind)
	}
	return p, nil
}

// customItems resolves a custom metric's question keys to numeric questions.
func (d *Dataset) customItems(keys []string) ([]int, error) {
	if len(keys) == 0 {
		return nil, hive.FieldError("question_keys", "a custom metric needs at least one question key")
	}
	items := make([]int, 0, len(keys))
	for _, k := range keys {
		qi, ok := d.qIndex[k]
		if !ok || !d.survey.Questions[qi].numeric() {
			return nil, hive.FieldError("question_keys", "%q is not a scale or enps question of survey %q", k, d.survey.ID)
		}
		items = append(items, qi)
	}
	return items, nil
}

// magg sums one cell of a metric: n persons (or eNPS respondents), the sum of
// their values, and counts a, b, c (favourable persons, or promoters, passives
// and detractors).
type magg struct {
	n       int
	sum     float64
	a, b, c int
}

// compute sums the metric per key over the respondents of g.
func (d *Dataset) compute(p *plan, keys []uint16, nkeys int, g group) []magg {
	out := make([]magg, nkeys)
	if p.pv == nil {
		dist := tally(d.cols[p.enps], keys, nkeys, g, 0, 11)
		for k := range out {
			c := dist[k*11 : (k+1)*11]
			for v, x := range c {
				o := &out[k]
				o.n += int(x)
				switch {
				case v >= 9:
					o.a += int(x)
				case v >= 7:
					o.b += int(x)
				default:
					o.c += int(x)
				}
			}
		}
		return out
	}
	pv := p.pv
	for r, ok := range pv.ok {
		if !ok || !g.has(r) {
			continue
		}
		k := 0
		if keys != nil {
			k = int(keys[r])
		}
		o := &out[k]
		o.n++
		o.sum += pv.val[r]
		if pv.fav[r] {
			o.a++
		}
	}
	return out
}

// value reports a cell, or its nulls when suppressed.
func (p *plan) value(a magg, reason Reason) MetricValue {
	v := MetricValue{Privacy: hidden(reason)}
	if reason != "" || a.n == 0 {
		return v
	}
	v.ResponseCount = ptr(a.n)
	if p.pv == nil {
		v.Score = ptr(100 * float64(a.a-a.c) / float64(a.n))
		v.PromotersPct, v.PassivesPct, v.DetractorsPct = pct(a.a, a.n), pct(a.b, a.n), pct(a.c, a.n)
		return v
	}
	v.Score, v.FavourablePct = ptr(a.sum/float64(a.n)), pct(a.a, a.n)
	return v
}

// cells computes a metric per key for the guarded selection and applies the
// guard to each cell.
func (d *Dataset) cells(p *plan, keys []uint16, nkeys int, gd *guardian) ([]magg, []Reason) {
	nf := d.compute(p, keys, nkeys, gd.g)
	n := make([]int, nkeys)
	for k, a := range nf {
		n[k] = a.n
	}
	reasons := gd.cells(n, func(r int, rem []int) {
		if p.pv == nil && d.cols[p.enps][r] == Missing || p.pv != nil && !p.pv.ok[r] {
			return
		}
		k := 0
		if keys != nil {
			k = int(keys[r])
		}
		rem[k]++
	})
	return nf, reasons
}

// Interval buckets responses by submission time, in UTC.
type Interval string

// Intervals.
const (
	Month   Interval = "month"
	Quarter Interval = "quarter"
)

// MetricsRequest asks for one metric, optionally by period and by segment.
type MetricsRequest struct {
	Metric      Metric
	Selection   Selection
	Interval    Interval // "" for the whole survey
	AttributeID string   // "" for no segment breakdown
	Threshold   int
}

// MetricRow is one metric × survey or period × segment, flat for BI tools.
type MetricRow struct {
	Metric      string     `json:"metric"`
	SurveyID    string     `json:"survey_id"`
	Period      *string    `json:"period"` // "2025-01" or "2025-Q1"
	PeriodStart *time.Time `json:"period_start"`
	AttributeID *string    `json:"attribute_id"`
	SegmentID   *string    `json:"segment_id"`
	SegmentName *string    `json:"segment_name"`
	MetricValue
}

// Metrics computes req.Metric per period × segment. Within the table,
// complementary suppression runs along both the periods and the segments, so
// neither the survey total nor a segment's total gives a hidden cell away.
func (d *Dataset) Metrics(req MetricsRequest) ([]MetricRow, error) {
	if err := checkThreshold(req.Threshold); err != nil {
		return nil, err
	}
	p, err := d.plan(req.Metric)
	if err != nil {
		return nil, err
	}
	gd, err := d.guard(req.Selection, req.Threshold)
	if err != nil {
		return nil, err
	}
	periods, pkeys, shown, err := d.periods(req.Interval, req.Selection)
	if err != nil {
		return nil, err
	}
	attr, skeys, err := d.attribute(req.AttributeID, true)
	if err != nil {
		return nil, err
	}
	nseg := 1
	if attr != nil {
		nseg = len(attr.Segments)
	}
	keys := combineKeys(pkeys, skeys, nseg, len(d.ids))
	aggs, reasons := d.cells(p, keys, len(periods)*nseg, gd)
	counts, rs := grid(aggs, reasons, len(periods), nseg)
	complement2D(counts, rs, req.Threshold)
	rows := make([]MetricRow, 0, len(aggs))
	for i, per := range periods {
		if i < shown[0] || i > shown[1] {
			continue
		}
		for s := range nseg {
			row := MetricRow{Metric: req.Metric.Name(), SurveyID: d.survey.ID, MetricValue: p.value(aggs[i*nseg+s], rs[i][s])}
			if per.label != "" {
				row.Period, row.PeriodStart = ptr(per.label), ptr(per.start)
			}
			if attr != nil {
				row.AttributeID, row.SegmentID, row.SegmentName = ptr(attr.ID), ptr(attr.Segments[s].ID), ptr(attr.Segments[s].Name)
			}
			rows = append(rows, row)
		}
	}
	return rows, nil
}

// combineKeys merges period and segment keys into one key per respondent.
func combineKeys(pkeys, skeys []uint16, nseg, n int) []uint16 {
	if pkeys == nil && skeys == nil {
		return nil
	}
	keys := make([]uint16, n)
	for r := range keys {
		var k uint16
		if pkeys != nil {
			k = pkeys[r] * uint16(nseg)
		}
		if skeys != nil {
			k += skeys[r]
		}
		keys[r] = k
	}
	return keys
}

// grid reshapes per-key counts and reasons into periods × segments.
func grid(aggs []magg, reasons []Reason, rows, cols int) ([][]int, [][]Reason) {
	counts, rs := make([][]int, rows), make([][]Reason, rows)
	for i := range rows {
		counts[i], rs[i] = make([]int, cols), reasons[i*cols:(i+1)*cols]
		for j := range cols {
			counts[i][j] = aggs[i*cols+j].n
		}
	}
	return counts, rs
}

// attribute returns the attribute with the given id and its segment keys;
// "" is no breakdown when optional.
func (d *Dataset) attribute(id string, optional bool) (*Attribute, []uint16, error) {
	if id == "" && optional {
		return nil, nil, nil
	}
	for a := range d.survey.Attributes {
		if d.survey.Attributes[a].ID == id {
			return &d.survey.Attributes[a], d.segs[a], nil
		}
	}
	return nil, nil, hive.FieldError("attribute_id", "unknown attribute %q; list attributes with the facets endpoint", id)
}

// period is one date bucket.
type period struct {
	label string
	start time.Time
}

// periods buckets every respondent by interval: the buckets run from the
// first to the last submission of the whole survey, so a date filter that cuts
// a bucket in two is caught by the remainder rule. shown is the range of
// buckets that overlap the selection's dates. Interval "" is a single
// unlabelled bucket.
func (d *Dataset) periods(iv Interval, sel Selection) (out []period, keys []uint16, shown [2]int, err error) {
	if iv == "" {
		return []period{{}}, nil, [2]int{0, 0}, nil
	}
	if iv != Month && iv != Quarter {
		return nil, nil, shown, hive.FieldError("interval", "%q is not month or quarter", iv)
	}
	lo, hi := 1<<30, -1
	for _, t := range d.submitted {
		k := bucket(t, iv)
		lo, hi = min(lo, k), max(hi, k)
	}
	if hi < 0 {
		return nil, nil, [2]int{0, -1}, nil
	}
	if hi-lo >= 1<<12 {
		return nil, nil, shown, hive.FieldError("interval", "too many %s buckets; ask for quarters or narrow the date range", iv)
	}
	keys = make([]uint16, len(d.submitted))
	for r, t := range d.submitted {
		keys[r] = uint16(bucket(t, iv) - lo)
	}
	out = make([]period, hi-lo+1)
	for i := range out {
		out[i] = bucketPeriod(lo+i, iv)
	}
	shown = [2]int{0, hi - lo}
	from, to := sel.Window()
	if !from.IsZero() {
		shown[0] = max(0, bucket(from.Unix(), iv)-lo)
	}
	if !to.IsZero() {
		shown[1] = min(hi, bucket(to.Unix()-1, iv)) - lo
	}
	return out, keys, shown, nil
}

// bucket numbers months (year·12 + month−1) or quarters (year·4 + quarter−1).
func bucket(unix int64, iv Interval) int {
	t := time.Unix(unix, 0).UTC()
	m := t.Year()*12 + int(t.Month()) - 1
	if iv == Quarter {
		return m / 3
	}
	return m
}

func bucketPeriod(k int, iv Interval) period {
	if iv == Quarter {
		y, q := k/4, k%4
		return period{fmt.Sprintf("%04d-Q%d", y, q+1), time.Date(y, time.Month(3*q+1), 1, 0, 0, 0, 0, time.UTC)}
	}
	y, m := k/12, k%12
	return period{fmt.Sprintf("%04d-%02d", y, m+1), time.Date(y, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)}
}
