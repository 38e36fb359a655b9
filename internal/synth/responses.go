package synth

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// Survey is a closed survey with its questions, the employees invited and
// their responses.
type Survey struct {
	Key       string     `json:"key"`
	Name      string     `json:"name"`
	Type      string     `json:"type"`
	Status    string     `json:"status"`
	Start     time.Time  `json:"start"`
	End       time.Time  `json:"end"`
	Questions []Question `json:"questions"`
	// Invited lists everyone employed when the survey opened, by id.
	Invited   []string   `json:"invited"`
	Responses []Response `json:"responses"`
}

// Response is one person's submission. Answers are in question order and
// leave out the questions the person skipped.
type Response struct {
	EmployeeID  string    `json:"employee_id"`
	SubmittedAt time.Time `json:"submitted_at"`
	Answers     []Answer  `json:"answers"`
}

// Answer is one answer. Scale and eNPS answers carry Value. A free-text
// answer carries Text; an option answer carries the option's label in Text
// and its position in Question.Options in Value.
type Answer struct {
	QuestionKey string `json:"question_key"`
	Value       int    `json:"value"`
	Text        string `json:"text,omitempty"`
}

// Parameters of the latent model; the package documentation explains them.
const (
	commonLoading  = 0.35 // ρ: each driver's loading on the common factor
	deptShiftSD    = 0.10 // spread of a department's mean on each driver
	deptEffectSD   = 0.20 // spread of a department's engagement beyond its drivers
	engagementSD   = 0.40 // σ: engagement not explained by the drivers
	itemLoading    = 1.60 // λ for driver items, in scale points
	itemNoiseSD    = 0.90
	outcomeLoading = 1.70 // λ for Engagement Index items
	outcomeNoiseSD = 0.90
	enpsLoading    = 2.00
	enpsNoiseSD    = 1.10
	pulseDrift     = 0.35 // τ: how far a person moves between the surveys
	skipRate       = 0.025
	skimmerRate    = 0.04 // share of people who skip most questions
	skimmerSkip    = 0.55
	commentRate    = 0.30
)

// latent holds every person's latent scores: drivers person-major, and the
// standardized engagement built from them.
type latent struct {
	drivers    []float64
	noise      []float64
	effect     []float64 // the person's department effect on engagement
	engagement []float64
	skimmer    []bool
}

// drawLatent draws the drivers as a common factor plus a department shift
// plus a unique part, and the engagement noise.
func (b *builder) drawLatent() {
	r := b.rng(streamLatent)
	k := len(drivers)
	shift := make([]float64, len(b.deptNames)*k)
	for i := range shift {
		shift[i] = deptShiftSD * r.NormFloat64()
	}
	n := len(b.persons)
	effect := make([]float64, len(b.deptNames))
	for d := range effect {
		effect[d] = deptEffectSD * r.NormFloat64()
	}
	lat := latent{drivers: make([]float64, n*k), noise: make([]float64, n), effect: make([]float64, n), skimmer: make([]bool, n)}
	unique := math.Sqrt(1 - commonLoading*commonLoading)
	for i, p := range b.persons {
		g := r.NormFloat64()
		for j := range k {
			lat.drivers[i*k+j] = shift[p.dept*k+j] + commonLoading*g + unique*r.NormFloat64()
		}
		lat.noise[i] = r.NormFloat64()
		lat.effect[i] = effect[p.dept]
		lat.skimmer[i] = r.Float64() < skimmerRate
	}
	lat.standardize()
	b.lat = lat
}

// standardize computes engagement = Σ β_k·driver_k + department effect +
// σ·noise, scaled to
// mean zero and unit variance over the organisation.
func (l *latent) standardize() {
	k := len(drivers)
	n := len(l.noise)
	l.engagement = make([]float64, n)
	var sum, sumSq float64
	for i := range n {
		e := l.effect[i] + engagementSD*l.noise[i]
		for j, d := range drivers {
			e += d.Beta * l.drivers[i*k+j]
		}
		l.engagement[i] = e
		sum += e
		sumSq += e * e
	}
	mean := sum / float64(n)
	sd := math.Sqrt(sumSq/float64(n) - mean*mean)
	for i := range l.engagement {
		l.engagement[i] = (l.engagement[i] - mean) / sd
	}
}

// drift returns the latent scores a little later: each value keeps its
// variance but moves by τ towards fresh noise.
func (l *latent) drift(r *rand.Rand) latent {
	keep := math.Sqrt(1 - pulseDrift*pulseDrift)
	out := latent{
		drivers: make([]float64, len(l.drivers)),
		noise:   make([]float64, len(l.noise)),
		effect:  l.effect,
		skimmer: l.skimmer,
	}
	for i, v := range l.drivers {
		out.drivers[i] = keep*v + pulseDrift*r.NormFloat64()
	}
	for i, v := range l.noise {
		out.noise[i] = keep*v + pulseDrift*r.NormFloat64()
	}
	out.standardize()
	return out
}

// surveyPlan is what a survey needs before responses are drawn.
type surveyPlan struct {
	key, name, typ string
	start, end     time.Time
	questions      []Question
	items          []item
}

// plan schedules a survey that opened daysAgo at nine and ran for days, and
// names it after the month it opened.
func (b *builder) plan(typ, title string, daysAgo, days int, qs []Question, its []item) surveyPlan {
	start := b.today.AddDate(0, 0, -daysAgo).Add(9 * time.Hour)
	return surveyPlan{
		key: typ, typ: typ, name: title + " " + start.Format("January 2006"),
		start: start, end: start.AddDate(0, 0, days),
		questions: qs, items: its,
	}
}

// engagementSurvey opened four months ago, for three weeks.
func (b *builder) engagementSurvey() Survey {
	b.drawLatent()
	qs, its := engagementQuestionnaire()
	plan := b.plan("engagement", "Engagement Survey", 120, 21, qs, its)
	return b.respond(b.rng(streamEngagement), plan, &b.lat)
}

// pulseSurvey opened five weeks ago, for ten days.
func (b *builder) pulseSurvey() Survey {
	r := b.rng(streamPulse)
	lat := b.lat.drift(r)
	qs, its := pulseQuestionnaire()
	plan := b.plan("pulse", "Pulse Check", 35, 10, qs, its)
	return b.respond(r, plan, &lat)
}

// respond invites everyone hired before the survey opened and draws who
// responds (a rate of 74–86 % per department), when, and what they answer.
func (b *builder) respond(r *rand.Rand, plan surveyPlan, lat *latent) Survey {
	s := Survey{
		Key: plan.key, Name: plan.name, Type: plan.typ, Status: "closed",
		Start: plan.start, End: plan.end, Questions: plan.questions,
	}
	rate := make([]float64, len(b.deptNames))
	for d := range rate {
		rate[d] = 0.74 + 0.12*r.Float64()
	}
	// Ids follow hire date, so those employed at the start are a prefix.
	invited, _ := slices.BinarySearchFunc(b.employees, plan.start, func(e Employee, t time.Time) int {
		return cmp.Compare(e.StartDate.Compare(t), 0)
	})
	window := plan.end.Sub(plan.start)
	answers := make([]Answer, 0, invited*len(plan.items))
	for i := range invited {
		s.Invited = append(s.Invited, b.employees[i].ID)
		if r.Float64() >= rate[b.persons[i].dept] {
			continue
		}
		from := len(answers)
		answers = b.answer(r, answers, plan.items, plan.questions, lat, i)
		// Most people answer in the first days after the invitation.
		at := plan.start.Add(time.Duration(math.Pow(r.Float64(), 1.7) * float64(window))).Truncate(time.Second)
		s.Responses = append(s.Responses, Response{
			EmployeeID: b.employees[i].ID, SubmittedAt: at, Answers: answers[from:len(answers):len(answers)],
		})
	}
	slices.SortStableFunc(s.Responses, func(x, y Response) int { return x.SubmittedAt.Compare(y.SubmittedAt) })
	return s
}

// answer appends person i's answers to the questions, skipping a few (most,
// for the rare skimmer) and always answering at least one.
func (b *builder) answer(r *rand.Rand, out []Answer, its []item, qs []Question, lat *latent, i int) []Answer {
	skip := skipRate
	if lat.skimmer[i] {
		skip = skimmerSkip
	}
	from := len(out)
	for j, it := range its {
		if it.kind == kindText {
			if r.Float64() < commentRate*(1-skip) {
				out = append(out, Answer{QuestionKey: qs[j].Key, Text: it.texts[r.IntN(len(it.texts))]})
			}
			continue
		}
		if r.Float64() < skip {
			continue
		}
		out = append(out, b.value(r, it, qs[j], lat, i))
	}
	if len(out) == from {
		// An empty submission is no response; the first question is
		// always a scale item.
		out = append(out, b.value(r, its[0], qs[0], lat, i))
	}
	return out
}

// value draws one answer from the item's model.
func (b *builder) value(r *rand.Rand, it item, q Question, lat *latent, i int) Answer {
	var x float64
	switch it.kind {
	case kindOption:
		v := pick(r, []float64{0.3, 0.5, 0.2})
		return Answer{QuestionKey: q.Key, Value: v, Text: q.Options[v]}
	case kindDriver:
		x = it.mean + itemLoading*lat.drivers[i*len(drivers)+it.driver] + itemNoiseSD*r.NormFloat64()
	case kindEngagement:
		x = it.mean + outcomeLoading*lat.engagement[i] + outcomeNoiseSD*r.NormFloat64()
	case kindENPS:
		x = it.mean + enpsLoading*lat.engagement[i] + enpsNoiseSD*r.NormFloat64()
	default:
		panic(fmt.Sprintf("synth: no value model for item kind %d", it.kind))
	}
	v := min(max(int(math.Round(x)), q.ScaleMin), q.ScaleMax)
	return Answer{QuestionKey: q.Key, Value: v}
}
