package analytics

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// genData is a generated survey together with the raw answers it was built
// from, so tests can recompute everything without the engine.
type genData struct {
	ds      *Dataset
	survey  Survey
	answers [][]int // answers[r][q], −1 unanswered
	seg     []int   // segment index per respondent; nseg is "Not specified"
	planted []float64
}

// Generated layout: 60 questions.
const (
	genCats     = 10 // categories of five 1–5 items each
	genLoose    = 3  // uncategorised 1–5 items, their own drivers
	genEIItems  = 4
	genQuestion = genEIItems + 1 + genCats*5 + genLoose + 2
)

// genSurvey generates n respondents in nseg segments (plus a few in "Not
// specified") whose engagement is planted as a weighted sum of correlated
// category factors with weights falling from the first category to the
// last, so Key Drivers has a known order to recover.
func genSurvey(tb testing.TB, n, nseg int, seed uint64) *genData {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	g := &genData{survey: genSurveyDef(nseg)}
	g.planted = []float64{0.45, 0.35, 0.28, 0.22, 0.16, 0.11, 0.07, 0.04, 0.02, 0, 0.12, 0.05, 0}
	factors := make([]float64, genCats+genLoose)
	for range n {
		general := rng.NormFloat64()
		eng := 0.0
		for k := range factors {
			factors[k] = 0.5*general + math.Sqrt(0.75)*rng.NormFloat64()
			eng += g.planted[k] * factors[k]
		}
		s := rng.IntN(nseg + 1)
		if rng.Float64() < 0.97 {
			s = rng.IntN(nseg)
		}
		eng += 0.05*float64(s%4) + 0.6*rng.NormFloat64()
		g.seg = append(g.seg, s)
		g.answers = append(g.answers, genRow(rng, eng, factors))
	}
	g.ds = g.build(tb)
	return g
}

func genSurveyDef(nseg int) Survey {
	var qs []Question
	add := func(key, cat string, typ QuestionType, lo, hi int, ei bool) {
		qs = append(qs, Question{ID: "q_" + key, Key: key, Category: cat, Type: typ, Min: lo, Max: hi, InEI: ei})
	}
	for i := range genEIItems {
		add(fmt.Sprintf("ei%d", i), "Engagement", TypeScale, 1, 5, true)
	}
	add("enps", "", TypeENPS, 0, 10, false)
	for c := range genCats {
		for i := range 5 {
			add(fmt.Sprintf("c%d_%d", c, i), fmt.Sprintf("cat%02d", c), TypeScale, 1, 5, false)
		}
	}
	for i := range genLoose {
		add(fmt.Sprintf("loose%d", i), "", TypeScale, 1, 5, false)
	}
	add("channel", "", TypeOption, 0, 3, false)
	add("comment", "", TypeFreeText, 0, 0, false)
	segs := make([]Segment, nseg)
	for i := range segs {
		segs[i] = Segment{ID: fmt.Sprintf("seg%02d", i), Name: fmt.Sprintf("Team %d", i)}
	}
	return Survey{ID: "srv_gen", Questions: qs, Attributes: []Attribute{{ID: "team", Name: "Team", Segments: segs}}}
}

// genRow draws one respondent's answers; about 4 % are left unanswered.
func genRow(rng *rand.Rand, eng float64, factors []float64) []int {
	row := make([]int, 0, genQuestion)
	item := func(lo, hi int, mid, scale, latent float64) int {
		if rng.Float64() < 0.04 {
			return -1
		}
		v := int(math.Round(mid + scale*latent + 0.7*rng.NormFloat64()))
		return min(hi, max(lo, v))
	}
	for range genEIItems {
		row = append(row, item(1, 5, 3.4, 0.9, eng))
	}
	row = append(row, item(0, 10, 7, 1.8, eng))
	for c := range genCats {
		for range 5 {
			row = append(row, item(1, 5, 3.2+0.05*float64(c), 0.9, factors[c]))
		}
	}
	for i := range genLoose {
		row = append(row, item(1, 5, 3.5, 0.9, factors[genCats+i]))
	}
	row = append(row, rng.IntN(4), -1)
	return row
}

func (g *genData) build(tb testing.TB) *Dataset {
	b, err := NewBuilder(g.survey, len(g.answers))
	must(tb, err)
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	nseg := len(g.survey.Attributes[0].Segments)
	for r, row := range g.answers {
		id := fmt.Sprintf("res%06d", r)
		var segs []string
		if g.seg[r] < nseg {
			segs = []string{g.survey.Attributes[0].Segments[g.seg[r]].ID}
		}
		must(tb, b.Respondent(id, start.Add(time.Duration(r%180)*24*time.Hour), segs...))
		for q, v := range row {
			if v >= 0 {
				must(tb, b.Answer(id, q, v))
			}
		}
	}
	return b.Build()
}
