package analytics

import "github.com/hive-platform/hive/api"

// Heatmap row types.
const (
	RowQuestion = "question"
	RowEI       = "engagement_index"
	RowENPS     = "enps"
)

// HeatmapRow is one question or metric × one segment of an attribute, with
// the survey-wide values and the deltas on the same row so a BI tool needs no
// lookups. Score is average_score_100 for a question, the 0–100 index for
// the Engagement Index and −100..100 for eNPS; Mean is the question's mean on
// its native scale. A delta is null when either side is.
type HeatmapRow struct {
	api.HeatmapFigures
	Privacy
}

// heatCell is the part of a row that differs between a segment and overall.
type heatCell struct {
	n                 *int
	score, mean, favo *float64
}

// Heatmap returns one row per numeric question, plus Engagement Index and
// eNPS rows when the survey has them, for every segment of the attribute
// (its "Not specified" segment included). Each row's segments form one
// breakdown for complementary suppression.
func (d *Dataset) Heatmap(attributeID string, threshold int) ([]HeatmapRow, error) {
	if err := checkThreshold(threshold); err != nil {
		return nil, err
	}
	attr, keys, err := d.attribute(attributeID, false)
	if err != nil {
		return nil, err
	}
	nseg := len(attr.Segments)
	rows := make([]HeatmapRow, 0, (len(d.survey.Questions)+2)*nseg)
	for _, kind := range []MetricKind{MetricEI, MetricENPS} {
		if p, err := d.plan(Metric{Kind: kind}); err == nil {
			rows = d.metricHeatRows(rows, p, attr, keys, threshold)
		}
	}
	for qi := range d.survey.Questions {
		if d.survey.Questions[qi].numeric() {
			rows = d.questionHeatRows(rows, qi, attr, keys, threshold)
		}
	}
	return rows, nil
}

// questionHeatRows appends one question's row per segment.
func (d *Dataset) questionHeatRows(rows []HeatmapRow, qi int, attr *Attribute, keys []uint16, threshold int) []HeatmapRow {
	q := &d.survey.Questions[qi]
	nseg, nvals := len(attr.Segments), q.Max-q.Min+1
	dist := tally(d.cols[qi], keys, nseg, group{}, q.Min, nvals)
	total := make([]int32, nvals)
	aggs, counts := make([]agg, nseg), make([]int, nseg)
	for s := range nseg {
		for v, c := range dist[s*nvals : (s+1)*nvals] {
			total[v] += c
		}
		aggs[s] = q.summarize(dist[s*nvals : (s+1)*nvals])
		counts[s] = aggs[s].n
	}
	all := q.summarize(total)
	cell := func(a agg, r Reason) heatCell {
		st := q.stats(d.survey.ID, a, r)
		return heatCell{st.ResponseCount, st.AverageScore100, st.Mean, st.FavourablePct}
	}
	overall := cell(all, unfiltered(threshold).cell(all.n))
	reasons := breakdown(counts, threshold)
	base := HeatmapRow{HeatmapFigures: api.HeatmapFigures{RowType: RowQuestion, QuestionID: ptr(q.ID), QuestionKey: ptr(q.Key), Category: ptr(q.Category)}}
	for s := range nseg {
		rows = append(rows, heatRow(base, attr, s, cell(aggs[s], reasons[s]), overall, reasons[s]))
	}
	return rows
}

// metricHeatRows appends one metric's row per segment.
func (d *Dataset) metricHeatRows(rows []HeatmapRow, p *plan, attr *Attribute, keys []uint16, threshold int) []HeatmapRow {
	nseg := len(attr.Segments)
	aggs := d.compute(p, keys, nseg, group{})
	var all magg
	counts := make([]int, nseg)
	for s, a := range aggs {
		all.n, all.sum, all.a, all.b, all.c = all.n+a.n, all.sum+a.sum, all.a+a.a, all.b+a.b, all.c+a.c
		counts[s] = a.n
	}
	cell := func(a magg, r Reason) heatCell {
		v := p.value(a, r)
		return heatCell{n: v.ResponseCount, score: v.Score, favo: v.FavourablePct}
	}
	overall := cell(all, unfiltered(threshold).cell(all.n))
	reasons := breakdown(counts, threshold)
	base := HeatmapRow{HeatmapFigures: api.HeatmapFigures{RowType: string(p.metric.Kind)}}
	for s := range nseg {
		rows = append(rows, heatRow(base, attr, s, cell(aggs[s], reasons[s]), overall, reasons[s]))
	}
	return rows
}

// breakdown applies the unfiltered guard and complementary suppression to
// the cells of one breakdown (the segments of an attribute, or periods).
func breakdown(counts []int, threshold int) []Reason {
	reasons := unfiltered(threshold).cells(counts, nil)
	complement(counts, reasons, threshold)
	return reasons
}

func heatRow(row HeatmapRow, attr *Attribute, s int, seg, overall heatCell, r Reason) HeatmapRow {
	row.AttributeID, row.SegmentID, row.SegmentName = attr.ID, attr.Segments[s].ID, attr.Segments[s].Name
	row.ResponseCount, row.Score, row.Mean, row.FavourablePct = seg.n, seg.score, seg.mean, seg.favo
	row.OverallResponseCount, row.OverallScore, row.OverallMean, row.OverallFavourablePct = overall.n, overall.score, overall.mean, overall.favo
	row.DeltaScore, row.DeltaMean, row.DeltaFavourablePct = delta(seg.score, overall.score), delta(seg.mean, overall.mean), delta(seg.favo, overall.favo)
	row.Privacy = hidden(r)
	return row
}

func delta(seg, overall *float64) *float64 {
	if seg == nil || overall == nil {
		return nil
	}
	return ptr(*seg - *overall)
}
