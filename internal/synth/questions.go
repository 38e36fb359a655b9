package synth

import (
	"cmp"
	"slices"
)

// Question types, as the survey API names them.
const (
	TypeScale    = "scale"
	TypeENPS     = "enps"
	TypeOption   = "option"
	TypeFreeText = "free_text"
)

// OutcomeCategory is the category of the Engagement Index items and the eNPS
// item: the outcome the drivers explain, never a driver itself.
const OutcomeCategory = "Engagement"

// Question is one survey question. Key is the stable question_key that
// recurs across surveys. Scale questions and the eNPS item run from ScaleMin
// to ScaleMax (0–10); option and free-text questions leave both at zero.
type Question struct {
	Key               string   `json:"question_key"`
	Text              string   `json:"text"`
	Type              string   `json:"type"`
	ScaleMin          int      `json:"scale_min"`
	ScaleMax          int      `json:"scale_max"`
	Category          string   `json:"category"`
	InEngagementIndex bool     `json:"in_engagement_index"`
	Options           []string `json:"options,omitempty"`
}

// Driver is a planted driver: a question category and its weight Beta in the
// latent engagement model (see the package documentation).
type Driver struct {
	Category string  `json:"category"`
	Beta     float64 `json:"beta"`
}

// driverSpec is a driver category in questionnaire order, with the key
// prefix of its items, their mean on 0–10 and their texts.
type driverSpec struct {
	Driver
	key   string
	mean  float64
	items []string
}

// drivers lists the categories in the order the questionnaire asks them,
// which deliberately differs from the order of influence. The betas fall
// steeply at the top, where a reader of Key Drivers looks, and the means
// differ so that strong drivers with low scores become "focus" areas.
var drivers = []driverSpec{
	{Driver{"Strategy", 0.3}, "strategy", 6.1, []string{
		"I understand the company's strategy.",
		"I believe the company is heading in the right direction.",
		"Leadership has communicated a vision that motivates me.",
	}},
	{Driver{"Manager", 0.72}, "manager", 7.3, []string{
		"My manager gives me useful feedback on my work.",
		"My manager cares about me as a person.",
		"My manager keeps me informed about what matters to my work.",
		"I trust my manager to support me when things go wrong.",
	}},
	{Driver{"Growth", 1.0}, "growth", 6.2, []string{
		"I have good opportunities to learn and grow here.",
		"I can see a path to develop my career at this company.",
		"I have had a meaningful conversation about my development in the last six months.",
		"I get the training I need to do my job well.",
	}},
	{Driver{"Recognition", 0.5}, "recognition", 6.4, []string{
		"I receive appropriate recognition when I do good work.",
		"The contributions of my team are noticed outside it.",
		"I feel appreciated for the work I do.",
		"Good work is celebrated in my team.",
	}},
	{Driver{"Autonomy", 0.21}, "autonomy", 7.3, []string{
		"I have the freedom to decide how to do my work.",
		"I am trusted to make decisions in my area.",
		"I can influence decisions that affect my work.",
	}},
	{Driver{"Workload", 0.07}, "workload", 5.5, []string{
		"My workload is manageable.",
		"I have enough time to do my work to a good standard.",
		"Deadlines in my team are realistic.",
		"Work is distributed fairly in my team.",
	}},
	{Driver{"Peer relationships", 0.13}, "peers", 7.9, []string{
		"I can rely on my colleagues to help when needed.",
		"My team works well together.",
		"I have good relationships with the people I work with.",
	}},
	{Driver{"Communication", 0.17}, "communication", 6.3, []string{
		"Information is shared openly across the company.",
		"I know what is happening in other teams that affects mine.",
		"Leadership communicates honestly about challenges.",
		"I get the information I need to do my job without chasing it.",
	}},
	{Driver{"Wellbeing", 0.25}, "wellbeing", 6.6, []string{
		"I can maintain a healthy balance between work and personal life.",
		"I rarely feel stressed or overwhelmed by my work.",
		"The company genuinely cares about employee wellbeing.",
	}},
	{Driver{"Inclusion", 0.1}, "inclusion", 7.5, []string{
		"People here are treated fairly regardless of background.",
		"I feel I can be myself at work.",
		"Different perspectives are valued in my team.",
		"I feel I belong at this company.",
	}},
	{Driver{"Reward", 0.04}, "reward", 5.6, []string{
		"I am paid fairly for the work I do.",
		"Our benefits meet my needs.",
		"I understand how pay and promotion decisions are made.",
	}},
	{Driver{"Tools", 0.01}, "tools", 6.8, []string{
		"I have the tools and equipment I need to do my job.",
		"Our internal systems make my work easier, not harder.",
		"I can get technical help quickly when I need it.",
	}},
}

// PlantedDrivers returns the driver categories and their betas, from the
// most to the least influential.
func PlantedDrivers() []Driver {
	out := make([]Driver, len(drivers))
	for i, d := range drivers {
		out[i] = d.Driver
	}
	slices.SortStableFunc(out, func(a, b Driver) int { return cmp.Compare(b.Beta, a.Beta) })
	return out
}

// PlantedDriverOrder returns the driver categories from the most to the least
// influential: the order a correct Key Drivers analysis recovers.
func PlantedDriverOrder() []string {
	var out []string
	for _, d := range PlantedDrivers() {
		out = append(out, d.Category)
	}
	return out
}

// Keys and texts of the outcome items and the questions outside the drivers.
const (
	KeyPride    = "pride"
	KeyAdvocacy = "advocacy"
	KeyLoyalty  = "loyalty"
	KeyENPS     = "enps"
	KeyWorkMode = "work_mode"
)

var engagementItems = []struct {
	key, text string
	mean      float64
}{
	{KeyPride, "I am proud to work for this company.", 7.2},
	{KeyAdvocacy, "I would recommend this company as a great place to work.", 6.9},
	{KeyLoyalty, "I see myself still working here in two years' time.", 6.6},
}

const enpsText = "How likely are you to recommend this company as a place to work to a friend or family member?"

var workModes = []string{"Mostly in the office", "Hybrid", "Mostly remote"}

// itemKind says which latent value drives an item's answers.
type itemKind int

const (
	kindDriver itemKind = iota
	kindEngagement
	kindENPS
	kindOption
	kindText
)

// item pairs a question with the parameters of its answer model.
type item struct {
	kind   itemKind
	driver int     // index into drivers, for kindDriver
	mean   float64 // mean answer on the scale before the latent term
	texts  []string
}

func scaleQuestion(key, text, category string) Question {
	return Question{Key: key, Text: text, Type: TypeScale, ScaleMin: 0, ScaleMax: 10, Category: category}
}

// engagementQuestionnaire returns the engagement survey's questions: the
// Engagement Index, eNPS, every driver item, a work-mode option question and
// a free-text question.
func engagementQuestionnaire() ([]Question, []item) {
	var qs []Question
	var its []item
	for _, e := range engagementItems {
		q := scaleQuestion(e.key, e.text, OutcomeCategory)
		q.InEngagementIndex = true
		qs, its = append(qs, q), append(its, item{kind: kindEngagement, mean: e.mean})
	}
	qs = append(qs, enpsQuestion())
	its = append(its, item{kind: kindENPS, mean: 7.8})
	for k, d := range drivers {
		for j, text := range d.items {
			// Items within a category differ a little, as real ones do.
			offset := 0.3 * float64(j%3-1)
			qs = append(qs, scaleQuestion(itemKey(d.key, j), text, d.Category))
			its = append(its, item{kind: kindDriver, driver: k, mean: d.mean + offset})
		}
	}
	qs = append(qs, Question{Key: KeyWorkMode, Text: "Where do you do most of your work?", Type: TypeOption, Options: workModes})
	its = append(its, item{kind: kindOption})
	qs = append(qs, Question{Key: "improve_one_thing", Text: "What one thing would most improve your experience at work?", Type: TypeFreeText})
	its = append(its, item{kind: kindText, texts: improvementComments})
	return qs, its
}

func enpsQuestion() Question {
	return Question{Key: KeyENPS, Text: enpsText, Type: TypeENPS, ScaleMin: 0, ScaleMax: 10, Category: OutcomeCategory}
}

func itemKey(prefix string, j int) string {
	return prefix + "_" + string(rune('1'+j))
}

// pulseItems are the driver items the pulse repeats, with the change in
// their mean since the engagement survey: the kind of movement a pulse is
// run to see.
var pulseItems = []struct {
	key   string
	shift float64
}{
	{"growth_1", 0.1}, {"manager_1", 0.4}, {"recognition_1", 0.2},
	{"wellbeing_1", -0.3}, {"workload_1", -0.4},
}

// pulseQuestionnaire returns the pulse survey's questions: the Engagement
// Index and eNPS again, five driver items reusing their keys, and a comment.
func pulseQuestionnaire() ([]Question, []item) {
	engQs, engIts := engagementQuestionnaire()
	var qs []Question
	var its []item
	for i, q := range engQs {
		if q.Category == OutcomeCategory {
			qs, its = append(qs, q), append(its, engIts[i])
		}
	}
	for _, p := range pulseItems {
		i := slices.IndexFunc(engQs, func(q Question) bool { return q.Key == p.key })
		it := engIts[i]
		it.mean += p.shift
		qs, its = append(qs, engQs[i]), append(its, it)
	}
	qs = append(qs, Question{Key: "pulse_comment", Text: "Is there anything else you would like to share?", Type: TypeFreeText})
	its = append(its, item{kind: kindText, texts: pulseComments})
	return qs, its
}
