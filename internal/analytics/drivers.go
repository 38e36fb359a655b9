package analytics

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/hive-platform/hive/api"
)

// MinDriverRespondents is the least number of listwise-complete respondents
// relative weights are fitted on, whatever the confidentiality threshold.
const MinDriverRespondents = 30

// Impact sources of a Key Drivers row.
const (
	ImpactSegment      = "segment"
	ImpactOrganisation = "organisation"
	ImpactInsufficient = "insufficient_data"
)

// Actions of a Key Drivers row.
const (
	ActionFocus    = "focus"
	ActionLeverage = "leverage"
	ActionMonitor  = "monitor"
	ActionMaintain = "maintain"
)

// DriverRow is one Key Driver with every statistic, flat for BI tools. R, N,
// T, PValue, Significant and the interval come from the respondents who
// answered both the driver and enough Engagement Index items (pairwise);
// the weights, Coefficient and RSquared from those who answered every driver
// (listwise), taken from the organisation when ImpactSource says so.
type DriverRow struct {
	api.DriverFigures
	Privacy
}

// drivers groups the numeric non-EI scale questions into Key Drivers: one per
// category, and one per question without a category. x[j][r] is respondent
// r's mean of driver j's answered items on 0–100, NaN when none.
type drivers struct {
	names, types []string
	x            [][]float64
}

// buildDrivers computes every respondent's driver values. The Engagement
// Index items are the outcome, so they are never drivers themselves.
func (d *Dataset) buildDrivers() *drivers {
	dr := &drivers{}
	var items [][]int
	byCat := map[string]int{}
	for qi, q := range d.survey.Questions {
		if q.Type != TypeScale || q.InEI {
			continue
		}
		j, ok := byCat[q.Category]
		if !ok || q.Category == "" {
			j = len(dr.names)
			name, typ := q.Category, "category"
			if name == "" {
				name, typ = q.Key, "question"
			} else {
				byCat[q.Category] = j
			}
			dr.names, dr.types, items = append(dr.names, name), append(dr.types, typ), append(items, nil)
		}
		items[j] = append(items[j], qi)
	}
	// A driver's value is the person's mean of the items answered, as
	// personValues with anyAnswer would give, summed in buffers shared by
	// every driver so that a load allocates one column per driver.
	n := len(d.ids)
	sum, cnt := make([]float64, n), make([]int32, n)
	for _, its := range items {
		clear(sum)
		clear(cnt)
		for _, qi := range its {
			d.addScores(qi, sum, nil, cnt)
		}
		x := make([]float64, n)
		for r := range x {
			x[r] = math.NaN()
			if cnt[r] > 0 {
				x[r] = sum[r] / float64(cnt[r])
			}
		}
		dr.x = append(dr.x, x)
	}
	return dr
}

// pairStat is one driver's pairwise statistics.
type pairStat struct {
	xn    int     // respondents with a driver value
	score float64 // their mean driver value
	n     int     // respondents with a driver value and an outcome
	r     float64 // NaN when either side has no variance
}

// fit is the Key Drivers model of one group.
type fit struct {
	pair    []pairStat
	nl      int // listwise-complete respondents
	enough  bool
	weights []float64 // raw relative weights, summing to r2
	coefs   []float64 // standardized regression coefficients
	r2      float64
}

// fit computes the pairwise statistics and, with enough listwise-complete
// respondents, the regression of the outcome on every driver.
func (dr *drivers) fit(y *personIndex, g group, minN int) *fit {
	f := &fit{pair: make([]pairStat, len(dr.x))}
	for j, x := range dr.x {
		f.pair[j] = pairwise(x, y, g)
	}
	rows := dr.listwise(y, g)
	f.nl = len(rows)
	if f.nl < minN || len(dr.x) == 0 {
		return f
	}
	rxx, rxy := dr.correlations(rows, y)
	f.weights, f.coefs, f.r2 = relativeWeights(rxx, rxy)
	f.enough = true
	return f
}

func pairwise(x []float64, y *personIndex, g group) pairStat {
	var s pairStat
	var sx, sy, sxx, syy, sxy, all float64
	for r, v := range x {
		if math.IsNaN(v) || !g.has(r) {
			continue
		}
		s.xn++
		all += v
		if !y.ok[r] {
			continue
		}
		w := y.val[r]
		s.n++
		sx, sy, sxx, syy, sxy = sx+v, sy+w, sxx+v*v, syy+w*w, sxy+v*w
	}
	s.score, s.r = all/float64(max(s.xn, 1)), math.NaN()
	n := float64(s.n)
	cov, vx, vy := sxy-sx*sy/n, sxx-sx*sx/n, syy-sy*sy/n
	if s.n >= 2 && vx > 1e-9*n && vy > 1e-9*n {
		s.r = max(-1, min(1, cov/math.Sqrt(vx*vy)))
	}
	return s
}

// listwise returns the respondents of g with an outcome and every driver.
func (dr *drivers) listwise(y *personIndex, g group) []int {
	var rows []int
	for r, ok := range y.ok {
		if !ok || !g.has(r) {
			continue
		}
		complete := true
		for _, x := range dr.x {
			complete = complete && !math.IsNaN(x[r])
		}
		if complete {
			rows = append(rows, r)
		}
	}
	return rows
}

// correlations returns the drivers' correlation matrix and their correlations
// with the outcome over rows, from mean-centred cross-products. A driver
// without variance correlates 0 with everything but itself.
func (dr *drivers) correlations(rows []int, y *personIndex) (*mat.SymDense, *mat.VecDense) {
	p := len(dr.x)
	cols := make([][]float64, p+1)
	for j := range cols {
		c := make([]float64, len(rows))
		for i, r := range rows {
			if j < p {
				c[i] = dr.x[j][r]
			} else {
				c[i] = y.val[r]
			}
		}
		centre(c)
		cols[j] = c
	}
	cp := mat.NewSymDense(p+1, nil)
	for a := range cols {
		for b := a; b < len(cols); b++ {
			cp.SetSym(a, b, dot(cols[a], cols[b]))
		}
	}
	corr := func(a, b int) float64 {
		if den := math.Sqrt(cp.At(a, a) * cp.At(b, b)); den > 1e-12 {
			return cp.At(a, b) / den
		}
		return 0
	}
	rxx, rxy := mat.NewSymDense(p, nil), mat.NewVecDense(p, nil)
	for a := range p {
		rxx.SetSym(a, a, 1)
		for b := a + 1; b < p; b++ {
			rxx.SetSym(a, b, corr(a, b))
		}
		rxy.SetVec(a, corr(a, p))
	}
	return rxx, rxy
}

func centre(c []float64) {
	var m float64
	for _, v := range c {
		m += v
	}
	m /= float64(len(c))
	for i := range c {
		c[i] -= m
	}
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// relativeWeights computes Johnson's (2000) relative weights. With the SVD
// Rxx = U·S·Uᵀ (Rxx is symmetric positive semi-definite), Λ = U·S^½·Uᵀ is the
// symmetric square root, whose columns are the orthogonal variables closest
// to the drivers; β* = Λ⁻¹·rxy regresses the outcome on them, and driver j's
// raw weight is Σₖ Λⱼₖ²·β*ₖ². The weights sum to R² = rxyᵀ·Rxx⁻¹·rxy. The
// standardized coefficients are Rxx⁻¹·rxy. Directions with a singular value
// near zero (collinear drivers) are dropped, as a pseudo-inverse does.
func relativeWeights(rxx *mat.SymDense, rxy *mat.VecDense) (weights, coefs []float64, r2 float64) {
	p := rxy.Len()
	var svd mat.SVD
	if !svd.Factorize(rxx, mat.SVDFull) {
		return make([]float64, p), make([]float64, p), 0
	}
	var u mat.Dense
	svd.UTo(&u)
	s := svd.Values(nil)
	lambda, half, inv := mat.NewDense(p, p, nil), mat.NewDense(p, p, nil), mat.NewDense(p, p, nil)
	for k, sv := range s {
		if sv <= 1e-10*s[0] {
			continue
		}
		for a := range p {
			for b := range p {
				uu := u.At(a, k) * u.At(b, k)
				lambda.Set(a, b, lambda.At(a, b)+uu*math.Sqrt(sv))
				half.Set(a, b, half.At(a, b)+uu/math.Sqrt(sv))
				inv.Set(a, b, inv.At(a, b)+uu/sv)
			}
		}
	}
	var beta, coef mat.VecDense
	beta.MulVec(half, rxy)
	coef.MulVec(inv, rxy)
	weights, coefs = make([]float64, p), make([]float64, p)
	for j := range p {
		for k := range p {
			weights[j] += lambda.At(j, k) * lambda.At(j, k) * beta.AtVec(k) * beta.AtVec(k)
		}
		coefs[j] = coef.AtVec(j)
	}
	return weights, coefs, mat.Dot(rxy, &coef)
}

// significance returns t, the two-sided p-value from Student's t with n−2
// degrees of freedom, and the Fisher-z 95 % interval of r; ok is false when
// n is too small for them.
func significance(r float64, n int) (t, p, lo, hi float64, ok bool) {
	if n < 4 || math.IsNaN(r) {
		return 0, 0, 0, 0, false
	}
	df := float64(n - 2)
	if math.Abs(r) >= 1 {
		t, p = math.Inf(int(math.Copysign(1, r))), 0
	} else {
		t = r * math.Sqrt(df/(1-r*r))
		p = 2 * distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Survival(math.Abs(t))
	}
	z, se := math.Atanh(max(-1+1e-15, min(1-1e-15, r))), 1/math.Sqrt(float64(n-3))
	const z975 = 1.959963984540054
	return t, p, math.Tanh(z - z975*se), math.Tanh(z + z975*se), true
}

// median returns the median of v, which must not be empty.
func median(v []float64) float64 {
	s := slices.Sorted(slices.Values(v))
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
