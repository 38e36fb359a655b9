package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/hive-platform/hive/api"
)

// "hive door-sim" plays door controllers against a Door Access API base URL,
// speaking only its published wire contract (the reference at /docs), and reports
// the decisions and the latency it saw.
//
// Both modes first call GET /test, GET /doors and every page of GET /users;
// each swipe then presents a random member's card (or, for --unknown of
// them, a card nobody holds) at a random door.
//
//   - online: every swipe is one POST /access, and the answer is the decision.
//   - sync: like a controller that works offline, each swipe is decided
//     locally from the synced doors and members: the door's state, the
//     member's status, instructors, and memberships whose type or door list
//     opens the door and whose expires lies ahead. The tenant's grace days are
//     not part of the Door API, so a membership in its grace period reads as
//     expired here. --record-share of the swipes (default all) are then
//     recorded with POST /access without check_only, as a controller uploads
//     its entries, and a server decision that differs from the local one is
//     counted as a disagreement. --record-share 0 makes no request at all
//     after the sync.
//
// A response with "success": false is a denial whatever its HTTP status; the
// status classes are counted apart. Only a failed request or a response
// without the JSON envelope is an error.

const (
	simMaxPages        = 100_000  // a bound on /users pages, against a next_page that never ends
	simMaxBody         = 16 << 20 // a bound on one response body
	simDefaultDuration = 10 * time.Second
	simUnknownCards    = "SIM-UNKNOWN-"
)

// simOptions are the parsed flags of "hive door-sim".
type simOptions struct {
	baseURL      string
	key          string
	mode         string
	concurrency  int
	rate         float64
	duration     time.Duration
	swipes       int64
	checkOnly    bool
	idempotency  bool
	unknown      float64
	recordShare  float64
	by           string
	updatedSince string
	timeout      time.Duration
	seed         uint64
	asJSON       bool
}

// runDoorSim implements "hive door-sim".
func runDoorSim(ctx context.Context, e *env, args []string) error {
	o, err := parseDoorSimFlags(e, args)
	if err != nil {
		return err
	}
	sim := newDoorSim(o)
	if err := sim.setup(ctx); err != nil {
		return err
	}
	rep := sim.run(ctx)
	if o.asJSON {
		err = printJSON(e.stdout, rep)
	} else {
		err = printSimReport(e.stdout, rep)
	}
	if err == nil && rep.Errors > 0 {
		err = &exitError{code: 1, err: fmt.Errorf("%d of %d swipes failed: %s", rep.Errors, rep.Swipes, topCounts(rep.ErrorsBy))}
	}
	return err
}

// parseDoorSimFlags parses and checks the flags; HIVE_DOOR_URL and
// HIVE_DOOR_API_KEY stand in for --base-url and --key.
func parseDoorSimFlags(e *env, args []string) (*simOptions, error) {
	fs := newFlagSet(e, "door-sim", "--base-url URL [--mode online|sync] [--concurrency N] [--rate R] [--duration D | --swipes N] [flags]")
	o := &simOptions{}
	fs.StringVar(&o.baseURL, "base-url", "", "the Door API base `URL`, such as https://hive.example/door/TOKEN (env HIVE_DOOR_URL)")
	fs.StringVar(&o.key, "key", "", "the Door API `KEY`, sent as X-DOOR-API-KEY (env HIVE_DOOR_API_KEY, which keeps it out of ps)")
	fs.StringVar(&o.mode, "mode", "online", "`MODE` online (POST /access per swipe) or sync (sync /users, decide locally)")
	fs.IntVar(&o.concurrency, "concurrency", 8, "simulate `N` controllers swiping at once")
	fs.Float64Var(&o.rate, "rate", 0, "swipes per second across all controllers, `R` (0: as fast as they answer)")
	fs.DurationVar(&o.duration, "duration", 0, "stop after `D`, such as 30s (default 10s unless --swipes is set)")
	fs.Int64Var(&o.swipes, "swipes", 0, "stop after `N` swipes (with --duration, whichever comes first)")
	fs.BoolVar(&o.checkOnly, "check-only", false, "send check_only=true so that no entry is recorded (online mode)")
	fs.BoolVar(&o.idempotency, "idempotency", false, "send an Idempotency-Key header with each POST /access")
	fs.Float64Var(&o.unknown, "unknown", 0.05, "share `F` of swipes, 0 to 1, made with a card no member holds")
	fs.Float64Var(&o.recordShare, "record-share", 1, "share `F` of local decisions, 0 to 1, recorded with POST /access (sync mode)")
	fs.StringVar(&o.by, "by", "door_access_id", "identify members by `FIELD`: door_access_id, barcode_id, id or mixed")
	fs.StringVar(&o.updatedSince, "updated-since", "", "sync only members changed since `UNIX` seconds (passed as updated_since)")
	fs.DurationVar(&o.timeout, "timeout", 10*time.Second, "give up on a request after `D`")
	fs.Uint64Var(&o.seed, "seed", 0, "seed `N` of the random choices, to repeat a run (0: random)")
	fs.BoolVar(&o.asJSON, "json", false, "print the report as JSON")
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	o.baseURL = strings.TrimRight(cmp.Or(o.baseURL, e.getenv("HIVE_DOOR_URL")), "/")
	o.key = cmp.Or(o.key, e.getenv("HIVE_DOOR_API_KEY"))
	if err := o.check(fs); err != nil {
		return nil, err
	}
	if o.duration == 0 && o.swipes == 0 {
		o.duration = simDefaultDuration
	}
	if o.seed == 0 {
		o.seed = rand.Uint64()
	}
	return o, nil
}

// check returns a usage error for the first flag that is wrong.
func (o *simOptions) check(fs *flag.FlagSet) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	u, urlErr := url.Parse(o.baseURL)
	switch {
	case fs.NArg() > 0:
		return usageError(fs, "unexpected argument %q", fs.Arg(0))
	case o.baseURL == "":
		return usageError(fs, "set --base-url or HIVE_DOOR_URL to the Door API base URL shown in Settings → External Door API")
	case urlErr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return usageError(fs, "--base-url %q is not an http:// or https:// URL", o.baseURL)
	case o.key == "":
		return usageError(fs, "set HIVE_DOOR_API_KEY (or --key) to the Door API key")
	case !oneOf(o.mode, "online", "sync"):
		return usageError(fs, "--mode %q: want online or sync", o.mode)
	case o.concurrency < 1 || o.concurrency > 10_000:
		return usageError(fs, "--concurrency must be from 1 to 10000")
	case o.rate < 0 || math.IsNaN(o.rate) || math.IsInf(o.rate, 0):
		return usageError(fs, "--rate must be a number of swipes per second, 0 or more")
	case o.duration < 0 || o.swipes < 0:
		return usageError(fs, "--duration and --swipes must not be negative")
	case !(o.unknown >= 0 && o.unknown <= 1):
		return usageError(fs, "--unknown must be a share from 0 to 1")
	case !(o.recordShare >= 0 && o.recordShare <= 1):
		return usageError(fs, "--record-share must be a share from 0 to 1")
	case !oneOf(o.by, "door_access_id", "barcode_id", "id", "mixed"):
		return usageError(fs, "--by %q: want door_access_id, barcode_id, id or mixed", o.by)
	case o.timeout <= 0:
		return usageError(fs, "--timeout must be positive")
	case o.mode == "sync" && o.checkOnly:
		return usageError(fs, "--check-only applies to --mode online; sync mode decides locally, and --record-share 0 records nothing")
	case o.mode == "online" && set["record-share"]:
		return usageError(fs, "--record-share applies to --mode sync; online mode sends every swipe")
	}
	if o.updatedSince != "" {
		if _, err := strconv.ParseInt(o.updatedSince, 10, 64); err != nil {
			return usageError(fs, "--updated-since %q: want unix seconds", o.updatedSince)
		}
	}
	return nil
}

// simEnvelope is api.DoorEnvelope with Success a pointer, to tell a body
// that is not the envelope at all from a refusal.
type simEnvelope struct {
	Success *bool  `json:"success"` // nil when the body is not the envelope
	Message string `json:"message"`
	Reason  string `json:"reason"` // Hive's machine-readable reason, beside message
}

// doorSim is one run of the simulator: what the setup learned and the
// counters the controllers share.
type doorSim struct {
	o      *simOptions
	client *http.Client
	doors  []api.Door
	users  []api.DoorUser
	synced simSetup

	doorByID map[string]*api.Door
	byCard   map[string]map[string]*api.DoorUser // identifier field → value → user
	maxID    int64

	start    time.Time
	deadline time.Time // zero without --duration
	next     atomic.Int64
}

func newDoorSim(o *simOptions) *doorSim {
	tr := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: o.timeout, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:   true,
		MaxIdleConns:        o.concurrency * 2,
		MaxIdleConnsPerHost: o.concurrency * 2, // one kept-alive connection per controller, so none is reopened
		IdleConnTimeout:     90 * time.Second,
	}
	return &doorSim{o: o, client: &http.Client{
		Transport: tr,
		Timeout:   o.timeout,
		// The simulator talks to the URL it was given and nowhere else.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// simResponse is what one request brought back.
type simResponse struct {
	status  int
	env     simEnvelope
	latency time.Duration
	err     error  // no response, or not the envelope
	kind    string // the error's class, for the report
}

// do sends one request to the Door API and decodes the envelope and the
// rest of the body into out, which may be nil.
func (s *doorSim) do(ctx context.Context, method, path string, form url.Values, header http.Header, out any) simResponse {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, s.o.baseURL+path, body)
	if err != nil {
		return simResponse{err: err, kind: "request"}
	}
	maps.Copy(req.Header, header)
	req.Header.Set("X-DOOR-API-KEY", s.o.key)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "hive-door-sim")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	began := time.Now()
	resp, err := s.client.Do(req)
	if err != nil {
		return simResponse{err: err, kind: networkKind(err)}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, simMaxBody))
	r := simResponse{status: resp.StatusCode, latency: time.Since(began)}
	if err != nil {
		r.err, r.kind = err, networkKind(err)
		return r
	}
	if json.Unmarshal(raw, &r.env) != nil || r.env.Success == nil {
		r.err = fmt.Errorf("HTTP %d without the JSON envelope: %.100q", resp.StatusCode, raw)
		r.kind = fmt.Sprintf("HTTP %d without the JSON envelope", resp.StatusCode)
		return r
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			r.err, r.kind = fmt.Errorf("HTTP %d: decoding the body: %w", resp.StatusCode, err), "undecodable body"
		}
	}
	return r
}

// networkKind names the class of a failed request.
func networkKind(err error) string {
	var ne net.Error
	if errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout()) {
		return "timeout"
	}
	return "connection"
}

// simSetup reports the sync that precedes the swipes.
type simSetup struct {
	Users   int     `json:"users"`
	Doors   int     `json:"doors"`
	Pages   int     `json:"pages"`
	Seconds float64 `json:"seconds"`
}

// setup checks the key with GET /test, then loads every door and member.
func (s *doorSim) setup(ctx context.Context) error {
	began := time.Now()
	if r := s.do(ctx, http.MethodGet, "/test", nil, nil, nil); r.err != nil || !*r.env.Success {
		return refused("GET /test", r)
	}
	var doors api.DoorDoors
	if r := s.do(ctx, http.MethodGet, "/doors", nil, nil, &doors); r.err != nil || !*r.env.Success {
		return refused("GET /doors", r)
	}
	s.doors = doors.Doors
	if err := s.syncUsers(ctx); err != nil {
		return err
	}
	s.synced = simSetup{Users: len(s.users), Doors: len(s.doors), Pages: s.synced.Pages, Seconds: time.Since(began).Seconds()}
	s.index()
	switch {
	case len(s.doors) == 0:
		return errors.New("GET /doors lists no doors; create one first (POST /v1/doors)")
	case len(s.users) == 0 && s.o.unknown < 1:
		return errors.New("GET /users lists no members with access to a door; add some, or run with --unknown 1")
	}
	return nil
}

// syncUsers follows GET /users?p=N from page 1 until next_page is false.
func (s *doorSim) syncUsers(ctx context.Context) error {
	for p := 1; ; {
		q := url.Values{"p": {strconv.Itoa(p)}}
		if s.o.updatedSince != "" {
			q.Set("updated_since", s.o.updatedSince)
		}
		var page struct {
			Users    []api.DoorUser  `json:"users"`
			NextPage json.RawMessage `json:"next_page"`
		}
		r := s.do(ctx, http.MethodGet, "/users?"+q.Encode(), nil, nil, &page)
		if r.err != nil || !*r.env.Success {
			return refused("GET /users?p="+strconv.Itoa(p), r)
		}
		s.users = append(s.users, page.Users...)
		s.synced.Pages++
		next, err := nextPage(page.NextPage)
		switch {
		case err != nil:
			return fmt.Errorf("GET /users?p=%d: %w", p, err)
		case next == 0:
			return nil
		case next <= p || s.synced.Pages >= simMaxPages:
			return fmt.Errorf("GET /users?p=%d: next_page %d does not move forward", p, next)
		}
		p = next
	}
}

// nextPage reads next_page: a page number, or false (or null) on the last
// page, returned as 0.
func nextPage(raw json.RawMessage) (int, error) {
	switch s := strings.TrimSpace(string(raw)); s {
	case "false", "null", "":
		return 0, nil
	default:
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return 0, fmt.Errorf("next_page is %s; want a page number or false", s)
		}
		return n, nil
	}
}

// refused explains why a setup request failed.
func refused(what string, r simResponse) error {
	switch {
	case r.err != nil:
		return fmt.Errorf("%s: %w", what, r.err)
	case r.env.Message != "":
		return fmt.Errorf("%s: the Door API answered HTTP %d: %s", what, r.status, r.env.Message)
	}
	return fmt.Errorf("%s: the Door API answered HTTP %d with success false", what, r.status)
}

// index builds the lookups that cards and local decisions use.
func (s *doorSim) index() {
	s.doorByID = make(map[string]*api.Door, len(s.doors))
	for i := range s.doors {
		s.doorByID[s.doors[i].DoorID] = &s.doors[i]
	}
	s.byCard = map[string]map[string]*api.DoorUser{"id": {}, "door_access_id": {}, "barcode_id": {}}
	for i := range s.users {
		u := &s.users[i]
		s.maxID = max(s.maxID, u.ID)
		s.byCard["id"][strconv.FormatInt(u.ID, 10)] = u
		if u.DoorAccessID != "" {
			s.byCard["door_access_id"][u.DoorAccessID] = u
		}
		if u.BarcodeID != "" {
			s.byCard["barcode_id"][u.BarcodeID] = u
		}
	}
}

// run lets the controllers swipe until the swipes or the time run out, or
// ctx ends, and returns the report.
func (s *doorSim) run(ctx context.Context) *simReport {
	s.start = time.Now()
	if s.o.duration > 0 {
		s.deadline = s.start.Add(s.o.duration)
	}
	stats := make([]*simStats, s.o.concurrency)
	var wg sync.WaitGroup
	for i := range stats {
		stats[i] = newSimStats()
		c := &controller{sim: s, stats: stats[i], rng: rand.New(rand.NewPCG(s.o.seed, uint64(i)))}
		wg.Go(func() { c.loop(ctx) })
	}
	wg.Wait()
	return s.report(stats, time.Since(s.start))
}

// controller is one simulated door controller, with counters of its own so
// that the swipe path takes no lock.
type controller struct {
	sim   *doorSim
	stats *simStats
	rng   *rand.Rand
}

// loop swipes until the run's bound is reached.
func (c *controller) loop(ctx context.Context) {
	s := c.sim
	for {
		n := s.next.Add(1) - 1
		if s.o.swipes > 0 && n >= s.o.swipes {
			return
		}
		if s.o.rate > 0 && !c.wait(ctx, s.due(n)) {
			return
		}
		if ctx.Err() != nil || (!s.deadline.IsZero() && !time.Now().Before(s.deadline)) {
			return
		}
		c.swipe(ctx)
	}
}

// due is when swipe n is to start at the --rate pace: swipes are spread
// evenly from the start, whichever controller makes them, and a controller
// that falls behind swipes at once.
func (s *doorSim) due(n int64) time.Time {
	return s.start.Add(time.Duration(float64(n) / s.o.rate * float64(time.Second)))
}

// wait sleeps until t and reports whether the run goes on.
func (c *controller) wait(ctx context.Context, t time.Time) bool {
	if !c.sim.deadline.IsZero() && !t.Before(c.sim.deadline) {
		return false
	}
	d := time.Until(t)
	if d <= 0 {
		return true
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}

// card is what a controller reads from a badge: one identifier field and
// its value.
type card struct {
	field, value string
	user         *api.DoorUser // nil for an unknown card
}

// pickCard returns a random member's card, or an unknown one.
func (c *controller) pickCard() card {
	s := c.sim
	field := s.o.by
	if field == "mixed" {
		field = []string{"door_access_id", "barcode_id", "id"}[c.rng.IntN(3)]
	}
	if len(s.users) == 0 || c.rng.Float64() < s.o.unknown {
		if field == "id" {
			return card{field: field, value: strconv.FormatInt(s.maxID+1+c.rng.Int64N(1_000_000), 10)}
		}
		return card{field: field, value: simUnknownCards + strconv.FormatUint(c.rng.Uint64(), 36)}
	}
	u := &s.users[c.rng.IntN(len(s.users))]
	// A member without the chosen identifier shows another one.
	switch {
	case field == "door_access_id" && u.DoorAccessID != "":
		return card{field, u.DoorAccessID, u}
	case field != "id" && u.BarcodeID != "":
		return card{"barcode_id", u.BarcodeID, u}
	case field == "barcode_id" && u.DoorAccessID != "":
		return card{"door_access_id", u.DoorAccessID, u}
	}
	return card{"id", strconv.FormatInt(u.ID, 10), u}
}

// swipe makes one swipe at a random door. An online swipe cut short by the
// end of ctx is not counted.
func (c *controller) swipe(ctx context.Context) {
	s := c.sim
	cd := c.pickCard()
	d := &s.doors[c.rng.IntN(len(s.doors))]
	if s.o.mode == "online" {
		r, done := c.access(ctx, cd, d.DoorID, s.o.checkOnly)
		if !done {
			return
		}
		c.stats.swiped(cd)
		if r != nil {
			c.stats.decided(*r.env.Success, r.env.Reason, r.env.Message)
		}
		return
	}
	c.stats.swiped(cd)
	granted, reason := s.decide(cd, d.DoorID, time.Now())
	c.stats.decided(granted, reason, "")
	if s.o.recordShare > 0 && c.rng.Float64() < s.o.recordShare {
		if r, _ := c.access(ctx, cd, d.DoorID, false); r != nil && *r.env.Success != granted {
			c.stats.disagreements++
		}
	}
}

// access sends POST /access and counts the request. It returns the response
// when it holds a decision, and false when ctx ended during the request,
// which then counts for nothing.
func (c *controller) access(ctx context.Context, cd card, doorID string, checkOnly bool) (*simResponse, bool) {
	form := url.Values{cd.field: {cd.value}, "door_id": {doorID}}
	if checkOnly {
		form.Set("check_only", "true")
	}
	var h http.Header
	if c.sim.o.idempotency {
		h = http.Header{"Idempotency-Key": {strconv.FormatUint(c.rng.Uint64(), 36) + strconv.FormatUint(c.rng.Uint64(), 36)}}
	}
	r := c.sim.do(ctx, http.MethodPost, "/access", form, h, nil)
	if ctx.Err() != nil {
		return nil, false
	}
	c.stats.request(r)
	if r.err != nil {
		return nil, true
	}
	return &r, true
}

// decide is sync mode's local decision, in the order the server decides.
func (s *doorSim) decide(cd card, doorID string, now time.Time) (bool, string) {
	d, u := s.doorByID[doorID], s.byCard[cd.field][cd.value]
	switch {
	case u == nil:
		return false, "member_not_found"
	case d == nil:
		return false, "door_not_found"
	case !d.Active:
		return false, "door_inactive"
	case u.Removed || u.Status == "cancelled" || u.Status == "deleted":
		return false, "member_cancelled"
	case u.Status == "frozen":
		return false, "member_frozen"
	case u.IsInstructor && d.AllowInstructors:
		return true, "instructor"
	}
	reason := "no_membership_for_door"
	for _, m := range u.Memberships {
		if !slices.Contains(d.MembershipTypeIDs, m.MembershipTypeID) && !slices.Contains(m.DoorIDs, doorID) {
			continue
		}
		if now.Unix() < m.Expires {
			return true, "membership"
		}
		reason = "membership_expired"
	}
	return false, reason
}

// simStats counts what one controller saw.
type simStats struct {
	swipes, granted, denied, errors, requests, unknown, disagreements int
	grantedBy, deniedBy, errorsBy, statusClasses                      map[string]int
	latencies                                                         []time.Duration
}

func newSimStats() *simStats {
	return &simStats{grantedBy: map[string]int{}, deniedBy: map[string]int{}, errorsBy: map[string]int{},
		statusClasses: map[string]int{}}
}

// swiped counts a swipe of cd.
func (st *simStats) swiped(cd card) {
	st.swipes++
	if cd.user == nil {
		st.unknown++
	}
}

// decided counts a decision by its reason, or its message without one.
func (st *simStats) decided(granted bool, reason, message string) {
	why := cmp.Or(reason, message, "unspecified")
	if granted {
		st.granted++
		st.grantedBy[why]++
	} else {
		st.denied++
		st.deniedBy[why]++
	}
}

// request counts one request: its status class and latency when a response
// came, and the error when it was unusable.
func (st *simStats) request(r simResponse) {
	st.requests++
	if r.status != 0 {
		st.statusClasses[fmt.Sprintf("%dxx", r.status/100)]++
		st.latencies = append(st.latencies, r.latency)
	}
	if r.err != nil {
		st.errors++
		st.errorsBy[r.kind]++
	}
}

// simReport is the outcome of a run; --json prints it as it is.
type simReport struct {
	Mode              string         `json:"mode"`
	Controllers       int            `json:"controllers"`
	TargetRate        float64        `json:"target_rate"` // swipes per second; 0 is as fast as possible
	CheckOnly         bool           `json:"check_only"`
	Seed              uint64         `json:"seed"`
	Setup             simSetup       `json:"setup"`
	Seconds           float64        `json:"seconds"`
	Swipes            int            `json:"swipes"`
	UnknownCards      int            `json:"unknown_cards"`
	Granted           int            `json:"granted"`
	GrantedBy         map[string]int `json:"granted_by"`
	Denied            int            `json:"denied"`
	DeniedBy          map[string]int `json:"denied_by"`
	Errors            int            `json:"errors"`
	ErrorsBy          map[string]int `json:"errors_by"`
	Disagreements     int            `json:"disagreements"` // sync mode: server decisions unlike the local ones
	Requests          int            `json:"requests"`      // POST /access only
	StatusClasses     map[string]int `json:"status_classes"`
	SwipesPerSecond   float64        `json:"swipes_per_second"`
	RequestsPerSecond float64        `json:"requests_per_second"`
	Latency           simLatency     `json:"latency_ms"`
}

// simLatency summarises POST /access latencies in milliseconds.
type simLatency struct {
	Samples int     `json:"samples"`
	P50     float64 `json:"p50"`
	P90     float64 `json:"p90"`
	P99     float64 `json:"p99"`
	Max     float64 `json:"max"`
	Mean    float64 `json:"mean"`
}

// report merges the controllers' counters.
func (s *doorSim) report(stats []*simStats, elapsed time.Duration) *simReport {
	all := newSimStats()
	for _, st := range stats {
		all.swipes += st.swipes
		all.granted += st.granted
		all.denied += st.denied
		all.errors += st.errors
		all.requests += st.requests
		all.unknown += st.unknown
		all.disagreements += st.disagreements
		for _, m := range [][2]map[string]int{{all.grantedBy, st.grantedBy}, {all.deniedBy, st.deniedBy},
			{all.errorsBy, st.errorsBy}, {all.statusClasses, st.statusClasses}} {
			for k, v := range m[1] {
				m[0][k] += v
			}
		}
		all.latencies = append(all.latencies, st.latencies...)
	}
	secs := elapsed.Seconds()
	return &simReport{
		Mode: s.o.mode, Controllers: s.o.concurrency, TargetRate: s.o.rate, CheckOnly: s.o.checkOnly, Seed: s.o.seed,
		Setup: s.synced, Seconds: secs, Swipes: all.swipes, UnknownCards: all.unknown,
		Granted: all.granted, GrantedBy: all.grantedBy, Denied: all.denied, DeniedBy: all.deniedBy,
		Errors: all.errors, ErrorsBy: all.errorsBy, Disagreements: all.disagreements,
		Requests: all.requests, StatusClasses: all.statusClasses,
		SwipesPerSecond: perSecond(all.swipes, secs), RequestsPerSecond: perSecond(all.requests, secs),
		Latency: summarize(all.latencies),
	}
}

func perSecond(n int, secs float64) float64 {
	if secs <= 0 {
		return 0
	}
	return float64(n) / secs
}

// summarize sorts the samples and reads the percentiles off them.
func summarize(samples []time.Duration) simLatency {
	if len(samples) == 0 {
		return simLatency{}
	}
	slices.Sort(samples)
	var sum time.Duration
	for _, d := range samples {
		sum += d
	}
	return simLatency{Samples: len(samples), P50: ms(percentile(samples, 50)), P90: ms(percentile(samples, 90)),
		P99: ms(percentile(samples, 99)), Max: ms(samples[len(samples)-1]), Mean: ms(sum / time.Duration(len(samples)))}
}

// percentile returns the nearest-rank p-th percentile of sorted samples: the
// smallest sample that at least p percent of the samples do not exceed.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/float64(time.Millisecond)*1000) / 1000 }

// printSimReport prints the report for people.
func printSimReport(w io.Writer, r *simReport) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	pace := "as fast as possible"
	if r.TargetRate > 0 {
		pace = fmt.Sprintf("%g swipes/s", r.TargetRate)
	}
	fmt.Fprintf(tw, "mode:\t%s, %d controllers, %s, check_only %t, seed %d\n", r.Mode, r.Controllers, pace, r.CheckOnly, r.Seed)
	fmt.Fprintf(tw, "setup:\t%d doors, %d members in %d pages of /users, %.2fs\n", r.Setup.Doors, r.Setup.Users, r.Setup.Pages, r.Setup.Seconds)
	fmt.Fprintf(tw, "swipes:\t%d in %.2fs (%.1f/s), %d with unknown cards\n", r.Swipes, r.Seconds, r.SwipesPerSecond, r.UnknownCards)
	fmt.Fprintf(tw, "granted:\t%d\t%s\n", r.Granted, cell(topCounts(r.GrantedBy)))
	fmt.Fprintf(tw, "denied:\t%d\t%s\n", r.Denied, cell(topCounts(r.DeniedBy)))
	fmt.Fprintf(tw, "errors:\t%d\t%s\n", r.Errors, cell(topCounts(r.ErrorsBy)))
	if r.Mode == "sync" {
		fmt.Fprintf(tw, "disagreements:\t%d\tserver decisions unlike the local ones\n", r.Disagreements)
	}
	fmt.Fprintf(tw, "requests:\t%d POST /access (%.1f/s)\t%s\n", r.Requests, r.RequestsPerSecond, cell(byName(r.StatusClasses)))
	l := r.Latency
	fmt.Fprintf(tw, "latency:\tp50 %.3fms  p90 %.3fms  p99 %.3fms  max %.3fms  mean %.3fms (%d samples)\n",
		l.P50, l.P90, l.P99, l.Max, l.Mean, l.Samples)
	return tw.Flush()
}

// byName lists counts in name order: "2xx 5, 4xx 1".
func byName(m map[string]int) string {
	parts := []string{}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}

// topCounts lists counts largest first, ties by name: "a 3, b 1".
func topCounts(m map[string]int) string {
	keys := slices.Collect(maps.Keys(m))
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(m[b], m[a]), cmp.Compare(a, b)) })
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", k, m[k])
	}
	return strings.Join(parts, ", ")
}
