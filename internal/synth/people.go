package synth

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// EmailDomain is the domain of every generated e-mail address; example.com
// is reserved, so the demo never mails anyone real.
const EmailDomain = "hive-demo.example.com"

// Roles in the reporting line.
const (
	roleMember = iota
	roleLead
	roleHead
)

// person is an employee while the organisation is built; indices point into
// builder.persons and are rewritten once ids are assigned by hire date.
type person struct {
	dept, team, loc int
	role            int
	manager         int // -1 for department heads
	first, last     string
	start, dob      time.Time
}

// builder holds the state shared by the parts of one generation.
type builder struct {
	opt   Options
	today time.Time

	locNames  []string
	deptNames []string
	deptHeads []int
	teamNames []string
	teamDept  []int
	teams     [][]int // member indices per team, in id order
	deptTeams [][]int // team indices per department

	persons   []person
	employees []Employee
	lat       latent
}

func newBuilder(opt Options) *builder {
	return &builder{opt: opt, today: day(opt.Now)}
}

// people draws locations, departments, teams, reporting lines, dates and
// names, then numbers everyone by hire date.
func (b *builder) people() {
	r := b.rng(streamPeople)
	b.pickLocations(r)
	sizes := b.pickDepartments(r)
	for d, size := range sizes {
		b.staffDepartment(r, d, size)
	}
	for i := range b.persons {
		b.drawDates(r, &b.persons[i])
	}
	b.drawNames(r)
	b.numberByHireDate()
}

func (b *builder) pickLocations(r *rand.Rand) {
	n := 3 + r.IntN(4)
	for _, i := range r.Perm(len(cities))[:n] {
		b.locNames = append(b.locNames, cities[i])
	}
}

// locationWeights give a head office and a long tail of smaller sites.
var locationWeights = []float64{0.42, 0.22, 0.14, 0.10, 0.07, 0.05}

func (b *builder) drawLocation(r *rand.Rand) int {
	return pick(r, locationWeights[:len(b.locNames)])
}

// pickDepartments chooses 8–15 departments and their sizes: a long tail of
// regular departments and, last, two or three tiny ones of 2–6 people that
// exercise privacy suppression.
func (b *builder) pickDepartments(r *rand.Rand) []int {
	n := 8 + r.IntN(8)
	idx := r.Perm(len(departmentNames))[:n]
	slices.Sort(idx) // departmentNames runs from typically largest to smallest
	for _, i := range idx {
		b.deptNames = append(b.deptNames, departmentNames[i])
	}
	tiny := 2 + r.IntN(2)
	sizes := make([]int, n)
	rest := b.opt.Employees
	for d := n - tiny; d < n; d++ {
		sizes[d] = 2 + r.IntN(5)
		rest -= sizes[d]
	}
	weights := make([]float64, n-tiny)
	for d := range weights {
		weights[d] = (0.75 + 0.5*r.Float64()) / float64(d+1)
	}
	copy(sizes, apportion(rest, weights, 7))
	return sizes
}

// apportion splits total into len(weights) parts of at least floor each,
// sharing the rest in proportion to weights by the largest-remainder method.
func apportion(total int, weights []float64, floor int) []int {
	parts := make([]int, len(weights))
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	spare := total - floor*len(weights)
	fracs := make([]float64, len(weights))
	given := 0
	for i, w := range weights {
		share := float64(spare) * w / sum
		parts[i] = floor + int(share)
		fracs[i] = share - math.Floor(share)
		given += int(share)
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(fracs[b], fracs[a]) })
	for _, i := range order[:spare-given] {
		parts[i]++
	}
	return parts
}

// staffDepartment creates a department's head and teams. Teams of 6–12 are
// led by a team lead who reports to the head; a department too small for
// teams reports to its head directly.
func (b *builder) staffDepartment(r *rand.Rand, d, size int) {
	name := b.deptNames[d]
	b.deptTeams = append(b.deptTeams, nil)
	lead := b.newTeam(d, name+" Leadership")
	head := b.add(person{dept: d, team: lead, loc: b.headLocation(r), role: roleHead, manager: -1})
	b.deptHeads = append(b.deptHeads, head)
	if size <= 8 {
		b.teamNames[lead] = name
		for range size - 1 {
			b.add(person{dept: d, team: lead, loc: b.persons[head].loc, manager: head})
		}
		return
	}
	left := size - 1
	for k := 0; left > 0; k++ {
		n := 6 + r.IntN(7)
		if left-n < 4 {
			n = left
		}
		left -= n
		b.staffTeam(r, d, head, teamName(name, k), n)
	}
}

func (b *builder) staffTeam(r *rand.Rand, d, head int, name string, n int) {
	t := b.newTeam(d, name)
	home := b.drawLocation(r)
	lead := b.add(person{dept: d, team: t, loc: home, role: roleLead, manager: head})
	for range n - 1 {
		loc := home
		if r.Float64() < 0.15 {
			loc = b.drawLocation(r)
		}
		b.add(person{dept: d, team: t, loc: loc, manager: lead})
	}
}

func (b *builder) headLocation(r *rand.Rand) int {
	if r.Float64() < 0.7 {
		return 0
	}
	return b.drawLocation(r)
}

func (b *builder) newTeam(d int, name string) int {
	b.teamNames = append(b.teamNames, name)
	b.teamDept = append(b.teamDept, d)
	b.deptTeams[d] = append(b.deptTeams[d], len(b.teamNames)-1)
	return len(b.teamNames) - 1
}

func (b *builder) add(p person) int {
	b.persons = append(b.persons, p)
	return len(b.persons) - 1
}

func teamName(dept string, k int) string {
	name := teamCodenames[k%len(teamCodenames)]
	if round := k / len(teamCodenames); round > 0 {
		name = fmt.Sprintf("%s %d", name, round+1)
	}
	return dept + " " + name
}

// drawDates draws an age of 18–67 and a tenure of 0–25 years that favours
// recent hires; leads and heads are older and have been there longer, and
// nobody was hired before eighteen.
func (b *builder) drawDates(r *rand.Rand, p *person) {
	age := 39 + 10.5*r.NormFloat64()
	tenure := 3.8 * r.ExpFloat64()
	switch p.role {
	case roleLead:
		age += 4
		tenure = 1.5 + 4*r.ExpFloat64()
	case roleHead:
		age += 9
		tenure = 3 + 5*r.ExpFloat64()
	}
	// The margins keep whole calendar years inside 18–67 on both sides.
	age = min(max(age, 18.02), 67.97)
	tenure = min(tenure, 25, age-18.01)
	p.dob = b.today.AddDate(0, 0, -int(age*365.2425))
	p.start = b.today.AddDate(0, 0, -int(tenure*365.2425))
}

func (b *builder) drawNames(r *rand.Rand) {
	for i := range b.persons {
		b.persons[i].first = firstNames[r.IntN(len(firstNames))]
		b.persons[i].last = lastNames[r.IntN(len(lastNames))]
	}
}

// numberByHireDate gives ids in hire order, the way HR systems number staff,
// and builds the employee rows.
func (b *builder) numberByHireDate() {
	order := make([]int, len(b.persons))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(x, y int) int {
		return b.persons[x].start.Compare(b.persons[y].start)
	})
	rank := make([]int, len(order))
	sorted := make([]person, len(order))
	for newIdx, old := range order {
		rank[old] = newIdx
		sorted[newIdx] = b.persons[old]
	}
	for i := range sorted {
		if m := sorted[i].manager; m >= 0 {
			sorted[i].manager = rank[m]
		}
	}
	for d, h := range b.deptHeads {
		b.deptHeads[d] = rank[h]
	}
	b.persons = sorted
	b.teams = make([][]int, len(b.teamNames))
	for i, p := range b.persons {
		b.teams[p.team] = append(b.teams[p.team], i)
	}
	b.buildEmployees()
}

func (b *builder) buildEmployees() {
	seen := make(map[string]int, len(b.persons))
	b.employees = make([]Employee, len(b.persons))
	for i, p := range b.persons {
		local := strings.ToLower(p.first + "." + p.last)
		seen[local]++
		if n := seen[local]; n > 1 {
			local = fmt.Sprintf("%s%d", local, n)
		}
		manager := ""
		if p.manager >= 0 {
			manager = employeeID(p.manager)
		}
		b.employees[i] = Employee{
			ID: employeeID(i), Email: local + "@" + EmailDomain,
			FirstName: p.first, LastName: p.last,
			StartDate: p.start, DateOfBirth: p.dob,
			Department: b.deptNames[p.dept], Location: b.locNames[p.loc],
			Manager: manager, Team: b.teamNames[p.team],
		}
	}
}

// employeeID formats the i-th hire (from zero) as E00001, E00002, ...
func employeeID(i int) string { return fmt.Sprintf("E%05d", i+1) }

func (b *builder) departments() []Department {
	out := make([]Department, len(b.deptNames))
	for d, name := range b.deptNames {
		out[d] = Department{Name: name, HeadID: employeeID(b.deptHeads[d])}
		for _, t := range b.deptTeams[d] {
			out[d].Teams = append(out[d].Teams, b.teamNames[t])
			out[d].Size += len(b.teams[t])
		}
	}
	return out
}
