package synth

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// Open Door categories, as the API names them.
var openDoorCategories = []string{"problem", "question", "suggestion", "custom"}

var openDoorWeights = []float64{0.35, 0.25, 0.35, 0.05}

// HiveFiveValues are the value tags a Hive Five carries.
var HiveFiveValues = []string{"teamwork", "ownership", "customer-focus", "innovation", "kindness", "craft"}

// privateShare is the share of Hive Fives sent privately.
const privateShare = 0.2

// feedbackDays is how far back Open Door and Hive Five activity reaches.
const feedbackDays = 365

// OpenDoorSubmission is one piece of Open Door feedback. EmployeeID names the
// submitter only so that an importer can snapshot their segments; the API
// must never store or return it.
type OpenDoorSubmission struct {
	EmployeeID  string    `json:"employee_id"`
	Category    string    `json:"category"`
	Text        string    `json:"text"`
	SubmittedAt time.Time `json:"submitted_at"`
}

// HiveFive is one peer recognition.
type HiveFive struct {
	SenderID    string    `json:"sender_id"`
	RecipientID string    `json:"recipient_id"`
	Text        string    `json:"text"`
	Value       string    `json:"value"`
	Private     bool      `json:"private"`
	SentAt      time.Time `json:"sent_at"`
}

// openDoor draws about 150 submissions per 2,000 employees over the last year.
func (b *builder) openDoor() []OpenDoorSubmission {
	r := b.rng(streamOpenDoor)
	out := make([]OpenDoorSubmission, len(b.persons)*3/40)
	for i := range out {
		at := b.feedbackTime(r)
		c := pick(r, openDoorWeights)
		topic := openDoorTopics[r.IntN(len(openDoorTopics))]
		tmpl := openDoorTemplates[c][r.IntN(len(openDoorTemplates[c]))]
		out[i] = OpenDoorSubmission{
			EmployeeID:  b.employees[b.employedAt(r, at)].ID,
			Category:    openDoorCategories[c],
			Text:        fmt.Sprintf(tmpl, topic),
			SubmittedAt: at,
		}
	}
	slices.SortStableFunc(out, func(x, y OpenDoorSubmission) int { return x.SubmittedAt.Compare(y.SubmittedAt) })
	return out
}

// hiveFives draws about 800 recognitions per 2,000 employees over the last
// year, mostly between teammates, a fifth of them private.
func (b *builder) hiveFives() []HiveFive {
	r := b.rng(streamHiveFives)
	out := make([]HiveFive, len(b.persons)*2/5)
	for i := range out {
		at := b.feedbackTime(r)
		sender := b.employedAt(r, at)
		recipient := b.colleague(r, sender, at)
		v := r.IntN(len(HiveFiveValues))
		tmpl := hiveFiveTemplates[v][r.IntN(len(hiveFiveTemplates[v]))]
		out[i] = HiveFive{
			SenderID:    b.employees[sender].ID,
			RecipientID: b.employees[recipient].ID,
			Text:        fmt.Sprintf(tmpl, b.persons[recipient].first),
			Value:       HiveFiveValues[v],
			Private:     r.Float64() < privateShare,
			SentAt:      at,
		}
	}
	slices.SortStableFunc(out, func(x, y HiveFive) int { return x.SentAt.Compare(y.SentAt) })
	return out
}

// feedbackTime draws a moment in the last year, during office hours.
func (b *builder) feedbackTime(r *rand.Rand) time.Time {
	d := b.today.AddDate(0, 0, -1-r.IntN(feedbackDays))
	return d.Add(8*time.Hour + time.Duration(r.IntN(10*3600))*time.Second)
}

// employedAt draws someone hired on or before t. Ids follow hire date, so
// they are a prefix of the employees.
func (b *builder) employedAt(r *rand.Rand, t time.Time) int {
	n, _ := slices.BinarySearchFunc(b.employees, t, func(e Employee, t time.Time) int {
		return cmp.Compare(e.StartDate.Compare(t), 1)
	})
	return r.IntN(max(n, 2))
}

// colleague draws whom sender recognises: a teammate more often than not,
// else someone in the department, else anyone employed at t.
func (b *builder) colleague(r *rand.Rand, sender int, t time.Time) int {
	p := b.persons[sender]
	for range 8 {
		var c int
		switch x := r.Float64(); {
		case x < 0.55:
			team := b.teams[p.team]
			c = team[r.IntN(len(team))]
		case x < 0.8:
			teams := b.deptTeams[p.dept]
			team := b.teams[teams[r.IntN(len(teams))]]
			c = team[r.IntN(len(team))]
		default:
			c = b.employedAt(r, t)
		}
		if c != sender && !b.employees[c].StartDate.After(t) {
			return c
		}
	}
	// A new starter's only employed colleague may be far away.
	for {
		if c := b.employedAt(r, t); c != sender {
			return c
		}
	}
}

var openDoorTopics = []string{
	"the parking situation", "our hybrid working days", "the new expense tool",
	"onboarding for new starters", "the number of meetings", "career paths",
	"the office temperature", "lunch options", "team offsites", "the on-call rota",
	"updates from leadership", "the training budget", "desk booking",
	"the performance review cycle", "cross-team handovers",
}

// openDoorTemplates are indexed like openDoorCategories; %s is a topic.
var openDoorTemplates = [][]string{
	{
		"I keep running into problems with %s. It slows the whole team down.",
		"Honestly, %s has been frustrating for months and nobody seems to own it.",
		"There is a real issue with %s that I don't think leadership sees.",
	},
	{
		"Could someone explain the plan for %s?",
		"Is there an update on %s? We have heard different things in different teams.",
		"Who should I talk to about %s?",
	},
	{
		"It would help a lot if we rethought %s, maybe with a small working group.",
		"Suggestion: pilot a new approach to %s in one location first.",
		"Could we ask a few teams what works for them about %s and share it?",
	},
	{
		"Just wanted to say thanks for listening about %s.",
		"A small thing, but %s made my week better.",
	},
}

// hiveFiveTemplates are indexed like HiveFiveValues; %s is the recipient's
// first name.
var hiveFiveTemplates = [][]string{
	{"Thanks %s for jumping in on the release weekend. Real teamwork.", "%s pulled three teams together to get this over the line."},
	{"%s took the customer escalation from start to finish without being asked.", "Huge thanks to %s for owning the migration end to end."},
	{"%s stayed late to make sure a customer's launch went smoothly.", "Thank you %s for turning a complaint into a happy customer."},
	{"%s's prototype saved us weeks of work.", "Loved the new idea %s brought to the planning session."},
	{"Thanks %s for checking in on me during a tough week.", "%s made our new starter feel at home from day one."},
	{"The care %s put into the documentation shows.", "%s's review caught a problem nobody else spotted."},
}

var improvementComments = []string{
	"Clearer career paths and more honest conversations about promotion.",
	"Fewer meetings, so there is time to actually do the work.",
	"Better tools. Half my day goes on working around our systems.",
	"More recognition for the people who keep things running quietly.",
	"More flexibility about which days we come into the office.",
	"Hearing more often from leadership about where we are heading.",
	"A realistic workload. We are always short of people.",
	"Training budget that we are actually encouraged to use.",
}

var pulseComments = []string{
	"Things have improved since the last survey, thank you.",
	"My manager has been much more available lately.",
	"Workload has crept up again this quarter.",
	"Still waiting to hear what happened with the survey results.",
	"Good quarter overall, the team is in a good place.",
	"The reorganisation has left a lot of uncertainty.",
}
