package analytics

import (
	"math"
	"slices"
	"sort"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// reference recomputes Key Drivers from the raw answers with plain loops and
// an eigen-decomposition, sharing no code with the engine.
type reference struct {
	names            []string
	r                []float64
	n                []int
	p                []float64
	weights, coefs   []float64
	r2, eigenWeightR []float64
	score            []float64
}

func independentDrivers(t *testing.T, g *genData) reference {
	t.Helper()
	qs := g.survey.Questions
	rescale := func(q Question, v int) float64 { return float64(v-q.Min) / float64(q.Max-q.Min) * 100 }
	// Driver membership by category, uncategorised questions alone.
	var names []string
	var members [][]int
	for qi, q := range qs {
		if q.Type != TypeScale || q.InEI {
			continue
		}
		name := q.Category
		if name == "" {
			name = q.Key
		}
		j := slices.Index(names, name)
		if j < 0 || q.Category == "" {
			names, members, j = append(names, name), append(members, nil), len(names)
		}
		members[j] = append(members[j], qi)
	}
	personMean := func(row []int, items []int, need int) (float64, bool) {
		sum, cnt := 0.0, 0
		for _, qi := range items {
			if row[qi] >= 0 {
				sum, cnt = sum+rescale(qs[qi], row[qi]), cnt+1
			}
		}
		return sum / float64(cnt), cnt >= need && cnt > 0
	}
	var eiItems []int
	for qi, q := range qs {
		if q.InEI {
			eiItems = append(eiItems, qi)
		}
	}
	need := int(math.Ceil(float64(len(eiItems)) * 2 / 3))
	n := len(g.answers)
	y, yok := make([]float64, n), make([]bool, n)
	x, xok := make([][]float64, len(names)), make([][]bool, len(names))
	for j := range names {
		x[j], xok[j] = make([]float64, n), make([]bool, n)
	}
	for r, row := range g.answers {
		y[r], yok[r] = personMean(row, eiItems, need)
		for j := range names {
			x[j][r], xok[j][r] = personMean(row, members[j], 1)
		}
	}
	ref := reference{names: names}
	for j := range names {
		var xs, ys, all []float64
		for r := range n {
			if xok[j][r] {
				all = append(all, x[j][r])
				if yok[r] {
					xs, ys = append(xs, x[j][r]), append(ys, y[r])
				}
			}
		}
		rr := pearson(xs, ys)
		ref.r, ref.n, ref.score = append(ref.r, rr), append(ref.n, len(xs)), append(ref.score, mean(all))
		tt := rr * math.Sqrt(float64(len(xs)-2)/(1-rr*rr))
		ref.p = append(ref.p, 2*distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(xs) - 2)}.CDF(-math.Abs(tt)))
	}
	// Listwise: outcome and every driver present.
	var cols [][]float64
	for range len(names) + 1 {
		cols = append(cols, nil)
	}
	for r := range n {
		ok := yok[r]
		for j := range names {
			ok = ok && xok[j][r]
		}
		if !ok {
			continue
		}
		for j := range names {
			cols[j] = append(cols[j], x[j][r])
		}
		cols[len(names)] = append(cols[len(names)], y[r])
	}
	p := len(names)
	rxx := mat.NewSymDense(p, nil)
	rxy := mat.NewVecDense(p, nil)
	for a := range p {
		for b := a; b < p; b++ {
			rxx.SetSym(a, b, pearson(cols[a], cols[b]))
		}
		rxy.SetVec(a, pearson(cols[a], cols[p]))
	}
	var eig mat.EigenSym
	if !eig.Factorize(rxx, true) {
		t.Fatal("eigen-decomposition failed")
	}
	var v mat.Dense
	eig.VectorsTo(&v)
	vals := eig.Values(nil)
	sqrtL := mat.NewDense(p, p, nil) // V·diag(√λ)·Vᵀ
	invSqrtL := mat.NewDense(p, p, nil)
	for a := range p {
		for b := range p {
			var s1, s2 float64
			for k := range p {
				s1 += v.At(a, k) * math.Sqrt(vals[k]) * v.At(b, k)
				s2 += v.At(a, k) / math.Sqrt(vals[k]) * v.At(b, k)
			}
			sqrtL.Set(a, b, s1)
			invSqrtL.Set(a, b, s2)
		}
	}
	var beta mat.VecDense
	beta.MulVec(invSqrtL, rxy)
	ref.weights = make([]float64, p)
	for j := range p {
		for k := range p {
			ref.weights[j] += sqrtL.At(j, k) * sqrtL.At(j, k) * beta.AtVec(k) * beta.AtVec(k)
		}
	}
	var coef mat.VecDense
	if err := coef.SolveVec(rxx, rxy); err != nil {
		t.Fatal(err)
	}
	ref.coefs = coef.RawVector().Data
	ref.r2 = []float64{mat.Dot(rxy, &coef)}
	return ref
}

func pearson(a, b []float64) float64 {
	ma, mb := mean(a), mean(b)
	var sab, saa, sbb float64
	for i := range a {
		sab += (a[i] - ma) * (b[i] - mb)
		saa += (a[i] - ma) * (a[i] - ma)
		sbb += (b[i] - mb) * (b[i] - mb)
	}
	return sab / math.Sqrt(saa*sbb)
}

func mean(v []float64) float64 {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func TestKeyDriversMatchIndependentComputation(t *testing.T) {
	g := genSurvey(t, 3000, 12, 7)
	ref := independentDrivers(t, g)
	rows, err := g.ds.KeyDrivers(Selection{}, 5)
	must(t, err)
	if len(rows) != len(ref.names) {
		t.Fatalf("got %d drivers, want %d", len(rows), len(ref.names))
	}
	close := func(what string, j int, got *float64, want float64) {
		t.Helper()
		if got == nil || math.Abs(*got-want) > 1e-9*max(1, math.Abs(want)) {
			t.Errorf("%s %s = %v, want %v", ref.names[j], what, deref(got), want)
		}
	}
	var sumW float64
	var sigInfl []float64
	for j, row := range rows {
		if row.Driver != ref.names[j] {
			t.Fatalf("driver %d = %q, want %q", j, row.Driver, ref.names[j])
		}
		if *row.N != ref.n[j] {
			t.Errorf("%s n = %d, want %d", row.Driver, *row.N, ref.n[j])
		}
		close("r", j, row.R, ref.r[j])
		close("p", j, row.PValue, ref.p[j])
		close("relative_weight", j, row.RelativeWeight, ref.weights[j])
		close("coefficient", j, row.Coefficient, ref.coefs[j])
		close("r_squared", j, row.RSquared, ref.r2[0])
		close("score", j, row.Score, ref.score[j])
		sumW += *row.RelativeWeight
		if *row.Significant != (ref.p[j] < 0.05) {
			t.Errorf("%s significant = %v with p %v", row.Driver, *row.Significant, ref.p[j])
		}
		if *row.Significant {
			close("influence_pct", j, row.InfluencePct, 100*ref.weights[j]/ref.r2[0])
			sigInfl = append(sigInfl, *row.InfluencePct)
		} else if *row.InfluencePct != 0 {
			t.Errorf("%s is not significant but has influence %v", row.Driver, *row.InfluencePct)
		}
		if lo, hi := *row.RCILow, *row.RCIHigh; !(lo < *row.R && *row.R < hi) {
			t.Errorf("%s interval [%v, %v] does not hold r %v", row.Driver, lo, hi, *row.R)
		}
		if *row.ImpactSource != ImpactOrganisation {
			t.Errorf("%s impact_source = %q", row.Driver, *row.ImpactSource)
		}
	}
	if math.Abs(sumW-ref.r2[0]) > 1e-9 {
		t.Errorf("weights sum to %v, R² is %v", sumW, ref.r2[0])
	}
	// Labels, from the rules: median influence of the significant drivers,
	// reference = mean of all drivers' scores.
	sort.Float64s(sigInfl)
	med := sigInfl[len(sigInfl)/2]
	if len(sigInfl)%2 == 0 {
		med = (sigInfl[len(sigInfl)/2-1] + sigInfl[len(sigInfl)/2]) / 2
	}
	refScore := mean(ref.score)
	for _, row := range rows {
		high := *row.Significant && *row.InfluencePct >= med
		below := *row.Score < refScore
		want := map[[2]bool]string{{true, true}: "focus", {true, false}: "leverage", {false, true}: "monitor", {false, false}: "maintain"}[[2]bool{high, below}]
		if *row.Action != want || math.Abs(*row.ScoreReference-refScore) > 1e-9 {
			t.Errorf("%s action = %s (ref %v), want %s (ref %v)", row.Driver, *row.Action, *row.ScoreReference, want, refScore)
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestKeyDriversRecoverPlantedOrder(t *testing.T) {
	g := genSurvey(t, 10000, 12, 11)
	rows, err := g.ds.KeyDrivers(Selection{}, 5)
	must(t, err)
	type pair struct {
		name    string
		infl    float64
		planted float64
	}
	var got []pair
	for j, row := range rows {
		got = append(got, pair{row.Driver, *row.InfluencePct, g.planted[j]})
	}
	sort.Slice(got, func(a, b int) bool { return got[a].infl > got[b].infl })
	// The five strongest planted drivers come out first, in planted order.
	want := []string{"cat00", "cat01", "cat02", "cat03", "cat04"}
	for i, w := range want {
		if got[i].name != w {
			t.Fatalf("influence order %v, want %v first", got, want)
		}
	}
	// Drivers planted at zero rank below every driver planted at 0.1 or
	// more. (Correlated factors share variance, so they keep a little.)
	for i, p := range got {
		for _, q := range got[i+1:] {
			if p.planted == 0 && q.planted >= 0.1 {
				t.Errorf("%s planted at 0 outranks %s planted at %v: %v", p.name, q.name, q.planted, got)
			}
		}
	}
}

func TestKeyDriversImpactSource(t *testing.T) {
	g := genSurvey(t, 600, 40, 3) // about 15 respondents a segment
	rows, err := g.ds.KeyDrivers(Selection{SegmentIDs: []string{"seg05"}}, 5)
	must(t, err)
	org, err := g.ds.KeyDrivers(Selection{}, 5)
	must(t, err)
	for j, row := range rows {
		if row.Suppressed {
			t.Fatalf("%s suppressed: %s", row.Driver, row.SuppressionReason)
		}
		if *row.ImpactSource != ImpactOrganisation || *row.RelativeWeight != *org[j].RelativeWeight {
			t.Errorf("%s: source %s weight %v, want the organisation's %v", row.Driver, *row.ImpactSource, *row.RelativeWeight, *org[j].RelativeWeight)
		}
		if *row.ScoreReference != *org[j].Score {
			t.Errorf("%s score_reference = %v, want the organisation's score %v", row.Driver, *row.ScoreReference, *org[j].Score)
		}
	}
	big := genSurvey(t, 3000, 4, 3)
	rows, err = big.ds.KeyDrivers(Selection{SegmentIDs: []string{"seg01"}}, 5)
	must(t, err)
	if *rows[0].ImpactSource != ImpactSegment || *rows[0].ListwiseN < MinDriverRespondents {
		t.Errorf("large segment: source %s on %d", *rows[0].ImpactSource, *rows[0].ListwiseN)
	}
	small := genSurvey(t, 25, 2, 3)
	rows, err = small.ds.KeyDrivers(Selection{}, 5)
	must(t, err)
	for _, row := range rows {
		if *row.ImpactSource != ImpactInsufficient || row.RelativeWeight != nil || row.InfluencePct != nil || row.Action != nil || row.R == nil {
			t.Errorf("25 respondents: %+v, want r but null influence and insufficient_data", row)
		}
	}
}
