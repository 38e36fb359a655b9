package analytics

import (
	"cmp"
	"math"

	"github.com/hive-platform/hive/api"
)

// KeyDrivers returns one row per driver for the selection: the whole survey,
// or a segment (at most two segment filters and a date range). The engine
// needs max(threshold, MinDriverRespondents) listwise-complete respondents
// to fit weights; a selection with fewer borrows the organisation's
// (ImpactSource "organisation"), and when even the organisation has too few
// the weight fields stay null ("insufficient_data").
func (d *Dataset) KeyDrivers(sel Selection, threshold int) ([]DriverRow, error) {
	if err := checkThreshold(threshold); err != nil {
		return nil, err
	}
	gd, err := d.guard(sel, threshold)
	if err != nil {
		return nil, err
	}
	g := gd.g
	minN := max(threshold, MinDriverRespondents)
	org := d.drivers.fit(d.ei, group{}, minN)
	own := org
	if g.filtered() {
		own = d.drivers.fit(d.ei, g, minN)
	}
	src, model := ImpactOrganisation, org
	switch {
	case g.filtered() && own.enough:
		src, model = ImpactSegment, own
	case !org.enough:
		src, model = ImpactInsufficient, nil
	}
	k := &kdReport{d: d, org: org, own: own, model: model, src: src, filtered: g.filtered(), threshold: threshold}
	k.influence()
	groupReason, cells := gd.verdict(), k.cellReasons(gd)
	rows := make([]DriverRow, len(d.drivers.names))
	for j := range rows {
		r := groupReason
		if r == "" {
			r = cells[j]
		}
		rows[j] = k.row(j, r)
	}
	return rows, nil
}

// kdReport carries what every row of one Key Drivers answer shares.
type kdReport struct {
	d               *Dataset
	org, own, model *fit
	src             string
	filtered        bool
	threshold       int
	infl            []float64 // influence_pct per driver from model
	median          float64   // of the significant drivers' influence
	sig             []bool    // significance per driver in model
}

// influence derives influence_pct and the median that splits the actions.
func (k *kdReport) influence() {
	if k.model == nil {
		return
	}
	p := len(k.model.pair)
	k.infl, k.sig = make([]float64, p), make([]bool, p)
	var sigInfl []float64
	for j, ps := range k.model.pair {
		_, pv, _, _, ok := significance(ps.r, ps.n)
		k.sig[j] = ok && pv < 0.05
		if k.sig[j] && k.model.r2 > 0 {
			k.infl[j] = 100 * k.model.weights[j] / k.model.r2
			sigInfl = append(sigInfl, k.infl[j])
		}
	}
	if len(sigInfl) > 0 {
		k.median = median(sigInfl)
	}
}

// cellReasons applies the guard to each driver's two cells: respondents
// with a value, and those with a value and an outcome.
func (k *kdReport) cellReasons(gd *guardian) []Reason {
	dr := k.d.drivers
	pairs := func(ps []pairStat) []int {
		n := make([]int, 0, 2*len(ps))
		for _, p := range ps {
			n = append(n, p.xn, p.n)
		}
		return n
	}
	rs := gd.cells(pairs(k.own.pair), func(r int, rem []int) {
		for j, x := range dr.x {
			if !math.IsNaN(x[r]) {
				rem[2*j]++
				if k.d.ei.ok[r] {
					rem[2*j+1]++
				}
			}
		}
	})
	out := make([]Reason, len(dr.x))
	for j := range out {
		out[j] = cmp.Or(rs[2*j], rs[2*j+1])
	}
	return out
}

func (k *kdReport) row(j int, r Reason) DriverRow {
	dr := k.d.drivers
	row := DriverRow{DriverFigures: api.DriverFigures{SurveyID: k.d.survey.ID, Driver: dr.names[j], DriverType: dr.types[j]}}
	if row.Privacy = hidden(r); r != "" {
		return row
	}
	row.ImpactSource = ptr(k.src)
	ps := k.own.pair[j]
	row.N, row.Score, row.ScoreReference = ptr(ps.n), ptr(ps.score), k.reference(j)
	if t, p, lo, hi, ok := significance(ps.r, ps.n); ok {
		row.R, row.PValue, row.Significant, row.RCILow, row.RCIHigh = ptr(ps.r), ptr(p), ptr(p < 0.05), ptr(lo), ptr(hi)
		if !isInf(t) {
			row.T = ptr(t)
		}
	}
	if k.model == nil {
		return row
	}
	m := k.model
	row.RelativeWeight, row.InfluencePct, row.Coefficient = ptr(m.weights[j]), ptr(k.infl[j]), ptr(m.coefs[j])
	row.RSquared, row.ListwiseN = ptr(m.r2), ptr(m.nl)
	if row.ScoreReference != nil {
		row.Action = ptr(action(k.sig[j] && k.infl[j] >= k.median, *row.Score < *row.ScoreReference))
	}
	return row
}

// reference is the score a driver is compared with: the organisation's
// score for it when a segment is asked, else the mean of every visible
// driver's organisation score.
func (k *kdReport) reference(j int) *float64 {
	if k.filtered {
		return ptr(k.org.pair[j].score)
	}
	var sum float64
	var n int
	for _, ps := range k.org.pair {
		if unfiltered(k.threshold).cell(ps.xn) == "" {
			sum, n = sum+ps.score, n+1
		}
	}
	if n == 0 {
		return nil
	}
	return ptr(sum / float64(n))
}

func action(high, below bool) string {
	switch {
	case high && below:
		return ActionFocus
	case high:
		return ActionLeverage
	case below:
		return ActionMonitor
	}
	return ActionMaintain
}

func isInf(v float64) bool { return v > 1e308 || v < -1e308 }
