package synth

import (
	"math/rand/v2"
	"time"
)

// DefaultEmployees is the organisation size when Options.Employees is zero.
const DefaultEmployees = 2000

// MinEmployees is the smallest organisation Generate builds: enough people for
// eight departments, two or three of them tiny, and real teams in the rest.
// Smaller requests are raised to it.
const MinEmployees = 150

// defaultNow anchors the calendar when Options.Now is zero, so that a zero
// Options still gives the same organisation every time.
var defaultNow = time.Date(2026, time.January, 5, 9, 0, 0, 0, time.UTC)

// Options selects the organisation to generate. The same Options always give
// the same Org, byte for byte.
type Options struct {
	// Seed chooses the organisation; every random choice derives from it.
	Seed int64
	// Employees is the head count; zero means DefaultEmployees, and values
	// below MinEmployees are raised to it.
	Employees int
	// Now is the generation date: ages, tenures, survey windows and feedback
	// dates all lie before it. Zero means a fixed date in January 2026.
	Now time.Time
}

// Org is a generated organisation with its survey and feedback data. Slices
// are in a stable order: employees by id (which follows hire date), survey
// responses by submission time, feedback by date.
type Org struct {
	Now         time.Time    `json:"now"`
	Departments []Department `json:"departments"`
	Locations   []string     `json:"locations"`
	Employees   []Employee   `json:"employees"`
	// Surveys holds the engagement survey first, then the later pulse survey.
	Surveys   []Survey             `json:"surveys"`
	OpenDoor  []OpenDoorSubmission `json:"open_door"`
	HiveFives []HiveFive           `json:"hive_fives"`
}

// Department is one department and its head.
type Department struct {
	Name   string   `json:"name"`
	HeadID string   `json:"head_id"`
	Size   int      `json:"size"`
	Teams  []string `json:"teams"`
}

// Employee is one row of the people upload. Dates are midnight UTC.
type Employee struct {
	ID          string    `json:"employee_id"`
	Email       string    `json:"email"`
	FirstName   string    `json:"first_name"`
	LastName    string    `json:"last_name"`
	StartDate   time.Time `json:"start_date"`
	DateOfBirth time.Time `json:"date_of_birth"`
	Department  string    `json:"department"`
	Location    string    `json:"location"`
	// Manager is the employee id of the team lead, or of the department
	// head for team leads and members of small departments; empty for heads.
	Manager string `json:"manager"`
	Team    string `json:"team"`
}

// Engagement returns the engagement survey.
func (o *Org) Engagement() *Survey { return &o.Surveys[0] }

// Pulse returns the pulse survey that follows the engagement survey.
func (o *Org) Pulse() *Survey { return &o.Surveys[1] }

// Generate builds the organisation that opt describes. It is deterministic:
// it reads no clock and never ranges over a map, and each part draws from its
// own random stream, so the people stay the same if the survey model changes.
func Generate(opt Options) *Org {
	opt = opt.withDefaults()
	b := newBuilder(opt)
	b.people()
	org := &Org{
		Now:         opt.Now,
		Departments: b.departments(),
		Locations:   b.locNames,
		Employees:   b.employees,
	}
	eng := b.engagementSurvey()
	pulse := b.pulseSurvey()
	org.Surveys = []Survey{eng, pulse}
	org.OpenDoor = b.openDoor()
	org.HiveFives = b.hiveFives()
	return org
}

func (opt Options) withDefaults() Options {
	if opt.Employees == 0 {
		opt.Employees = DefaultEmployees
	}
	opt.Employees = max(opt.Employees, MinEmployees)
	if opt.Now.IsZero() {
		opt.Now = defaultNow
	}
	opt.Now = opt.Now.UTC().Truncate(time.Second)
	return opt
}

// Random streams: one per part of the organisation, so that each part is
// stable on its own.
const (
	streamPeople = iota + 1
	streamLatent
	streamEngagement
	streamPulse
	streamOpenDoor
	streamHiveFives
)

func (b *builder) rng(stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(b.opt.Seed), 0x9e3779b97f4a7c15^stream))
}

// day returns t's calendar date at midnight UTC.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// pick returns an index drawn with the given weights.
func pick(r *rand.Rand, weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		x -= w
		if x < 0 {
			return i
		}
	}
	return len(weights) - 1
}
