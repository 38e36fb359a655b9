package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/hive-platform/hive/api"
)

const doorKey = "hive_sk_door0123456789abcdefghijklmnopqrstuvwxyz"

// fakeDoorAPI is a Door Access API on httptest that answers in the Door
// Access API's shapes, decides swipes by its documented rules, and counts what it answered so
// that tests can hold the simulator's report against it.
type fakeDoorAPI struct {
	t        *testing.T
	base     string // the base URL, ending in /door/<token>
	doors    []api.Door
	members  []api.DoorUser
	pageSize int
	now      time.Time

	// Knobs for misbehaviour.
	usersStatus int                                // answer /users with this error status, if set
	nextPage    func(page, pages int) any          // overrides next_page
	fail        func(call int) (int, string, bool) // answers access call n with a raw status and body

	mu          sync.Mutex
	accessCalls int
	granted     map[string]int // reason → count, as answered
	denied      map[string]int
	statuses    map[int]int
	checkOnly   int
	recorded    int
	idemKeys    []string
	pages       []string // the p and updated_since of each /users request
}

// newFakeDoorAPI serves a gym with three doors and n members: every third
// member's membership has expired, every seventh is frozen, every tenth is
// an instructor, and members alternate between front-door and back-door
// memberships.
func newFakeDoorAPI(t *testing.T, n int) *fakeDoorAPI {
	f := &fakeDoorAPI{t: t, pageSize: 100, now: time.Now(),
		granted: map[string]int{}, denied: map[string]int{}, statuses: map[int]int{}}
	f.doors = []api.Door{
		{DoorID: "front", Active: true, MembershipTypeIDs: []int64{1}, AllowInstructors: true},
		{DoorID: "back", Active: true, MembershipTypeIDs: []int64{}, AllowInstructors: false},
		{DoorID: "pool", Active: false, MembershipTypeIDs: []int64{1, 2}, AllowInstructors: true},
	}
	for i := 1; i <= n; i++ {
		m := api.DoorUser{ID: int64(1000 + i), DoorAccessID: fmt.Sprintf("CARD%04d", i), BarcodeID: fmt.Sprintf("BC%04d", i),
			Status: "active", IsInstructor: i%10 == 0}
		expires := f.now.Add(24 * time.Hour).Unix()
		if i%3 == 0 {
			expires = f.now.Add(-24 * time.Hour).Unix()
		}
		if i%7 == 0 {
			m.Status = "frozen"
		}
		if i%2 == 0 {
			m.Memberships = []api.DoorMembership{{MembershipTypeID: 1, Expires: expires, DoorIDs: []string{"front"}}}
		} else {
			m.Memberships = []api.DoorMembership{{MembershipTypeID: 2, Expires: expires, DoorIDs: []string{"back"}}}
		}
		if i%11 == 0 {
			m.DoorAccessID = "" // some members only have a barcode
		}
		f.members = append(f.members, m)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /door/tok123/test", func(w http.ResponseWriter, r *http.Request) { f.reply(w, 200, nil) })
	mux.HandleFunc("GET /door/tok123/doors", f.serveDoors)
	mux.HandleFunc("GET /door/tok123/users", f.serveUsers)
	mux.HandleFunc("POST /door/tok123/access", f.serveAccess)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-DOOR-API-KEY") != doorKey {
			f.reply(w, http.StatusUnauthorized, map[string]any{"success": false, "message": "Invalid API key", "reason": "api_key_invalid"})
			return
		}
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	f.base = srv.URL + "/door/tok123"
	return f
}

// reply writes body as JSON with status; a nil body is the bare success
// envelope.
func (f *fakeDoorAPI) reply(w http.ResponseWriter, status int, body any) {
	if body == nil {
		body = map[string]any{"success": true, "message": ""}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

func (f *fakeDoorAPI) serveDoors(w http.ResponseWriter, r *http.Request) {
	f.reply(w, 200, map[string]any{"success": true, "message": "", "doors": f.doors})
}

func (f *fakeDoorAPI) serveUsers(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.pages = append(f.pages, r.URL.Query().Get("p")+"|"+r.URL.Query().Get("updated_since"))
	f.mu.Unlock()
	if f.usersStatus != 0 {
		f.reply(w, f.usersStatus, map[string]any{"success": false, "message": "The users endpoint is disabled for this Hive."})
		return
	}
	p, _ := strconv.Atoi(r.URL.Query().Get("p"))
	pages := max((len(f.members)+f.pageSize-1)/f.pageSize, 1)
	lo, hi := min((p-1)*f.pageSize, len(f.members)), min(p*f.pageSize, len(f.members))
	var next any = false
	if p < pages {
		next = p + 1
	}
	if f.nextPage != nil {
		next = f.nextPage(p, pages)
	}
	f.reply(w, 200, map[string]any{"success": true, "message": "", "users": f.members[lo:hi], "page": p, "next_page": next})
}

func (f *fakeDoorAPI) serveAccess(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		f.t.Errorf("POST /access is not form-encoded: %v, %q", err, r.Header.Get("Content-Type"))
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.accessCalls++
	if key := r.Header.Get("Idempotency-Key"); key != "" {
		f.idemKeys = append(f.idemKeys, key)
	}
	if f.fail != nil {
		if status, body, ok := f.fail(f.accessCalls); ok {
			f.statuses[status]++
			w.WriteHeader(status)
			io.WriteString(w, body)
			return
		}
	}
	checkOnly := r.Form.Get("check_only") == "true"
	if checkOnly {
		f.checkOnly++
	} else {
		f.recorded++
	}
	granted, reason := f.decide(r.Form)
	if granted {
		f.granted[reason]++
	} else {
		f.denied[reason]++
	}
	f.statuses[200]++
	f.reply(w, 200, map[string]any{"success": granted, "message": "Access: " + reason, "reason": reason})
}

// decide applies the Door Access API's rules, written apart from the simulator's.
func (f *fakeDoorAPI) decide(form url.Values) (bool, string) {
	var m *api.DoorUser
	for i := range f.members {
		c := &f.members[i]
		if strconv.FormatInt(c.ID, 10) == form.Get("id") || (c.DoorAccessID != "" && c.DoorAccessID == form.Get("door_access_id")) ||
			(c.BarcodeID != "" && c.BarcodeID == form.Get("barcode_id")) {
			m = c
		}
	}
	i := slices.IndexFunc(f.doors, func(d api.Door) bool { return d.DoorID == form.Get("door_id") })
	switch {
	case m == nil:
		return false, "member_not_found"
	case i < 0:
		return false, "door_not_found"
	case !f.doors[i].Active:
		return false, "door_inactive"
	case m.Status == "frozen":
		return false, "member_frozen"
	case m.IsInstructor && f.doors[i].AllowInstructors:
		return true, "instructor"
	}
	for _, ms := range m.Memberships {
		if slices.Contains(ms.DoorIDs, f.doors[i].DoorID) || slices.Contains(f.doors[i].MembershipTypeIDs, ms.MembershipTypeID) {
			if time.Now().Unix() < ms.Expires {
				return true, "membership"
			}
			return false, "membership_expired"
		}
	}
	return false, "no_membership_for_door"
}

func (f *fakeDoorAPI) env() map[string]string {
	return map[string]string{"HIVE_DOOR_URL": f.base, "HIVE_DOOR_API_KEY": doorKey}
}

// runSim runs "hive door-sim" with --json and decodes the report.
func runSim(t *testing.T, f *fakeDoorAPI, wantCode int, args ...string) *simReport {
	t.Helper()
	code, stdout, stderr := runCLI(t, f.env(), append([]string{"door-sim", "--json"}, args...)...)
	if code != wantCode {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", code, wantCode, stderr)
	}
	var rep simReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatalf("stdout is not a JSON report: %v\n%s", err, stdout)
	}
	if strings.Contains(stdout+stderr, doorKey) {
		t.Error("the output shows the door key")
	}
	return &rep
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func TestDoorSimOnlineCountsWhatTheServerAnswered(t *testing.T) {
	f := newFakeDoorAPI(t, 250)
	rep := runSim(t, f, 0, "--swipes", "300", "--concurrency", "4", "--unknown", "0.1", "--seed", "7", "--by", "mixed")

	if rep.Swipes != 300 || rep.Granted+rep.Denied+rep.Errors != 300 || rep.Errors != 0 {
		t.Errorf("swipes %d = granted %d + denied %d + errors %d, want 300 without errors", rep.Swipes, rep.Granted, rep.Denied, rep.Errors)
	}
	if d := cmp.Diff(f.granted, rep.GrantedBy); d != "" {
		t.Errorf("granted by reason (-server +report):\n%s", d)
	}
	if d := cmp.Diff(f.denied, rep.DeniedBy); d != "" {
		t.Errorf("denied by reason (-server +report):\n%s", d)
	}
	if rep.Granted != sum(f.granted) || f.accessCalls != 300 || f.recorded != 300 || f.checkOnly != 0 {
		t.Errorf("server answered %d access calls, recorded %d; report granted %d, server %d", f.accessCalls, f.recorded, rep.Granted, sum(f.granted))
	}
	if rep.UnknownCards == 0 || rep.DeniedBy["member_not_found"] != rep.UnknownCards {
		t.Errorf("%d unknown cards, %d denied as member_not_found; want equal and above 0", rep.UnknownCards, rep.DeniedBy["member_not_found"])
	}
	if d := cmp.Diff([]string{"1|", "2|", "3|"}, f.pages); d != "" {
		t.Errorf("/users pages requested (-want +got):\n%s", d)
	}
	if rep.Setup != (simSetup{Users: 250, Doors: 3, Pages: 3, Seconds: rep.Setup.Seconds}) {
		t.Errorf("setup = %+v", rep.Setup)
	}
	if d := cmp.Diff(map[string]int{"2xx": 300}, rep.StatusClasses); d != "" {
		t.Errorf("status classes (-want +got):\n%s", d)
	}
	l := rep.Latency
	if rep.Requests != 300 || l.Samples != 300 || !(l.P50 > 0 && l.P50 <= l.P90 && l.P90 <= l.P99 && l.P99 <= l.Max) {
		t.Errorf("requests %d, latency %+v", rep.Requests, l)
	}
	if rep.Mode != "online" || rep.Controllers != 4 || rep.Seed != 7 || rep.RequestsPerSecond <= 0 {
		t.Errorf("report header = %+v", rep)
	}
}

func TestDoorSimCheckOnlyAndIdempotencyKeys(t *testing.T) {
	f := newFakeDoorAPI(t, 20)
	rep := runSim(t, f, 0, "--swipes", "50", "--check-only", "--idempotency", "--unknown", "0")
	if f.checkOnly != 50 || f.recorded != 0 {
		t.Errorf("server saw %d check_only swipes and recorded %d; want 50 and 0", f.checkOnly, f.recorded)
	}
	keys := slices.Compact(slices.Sorted(slices.Values(f.idemKeys)))
	if len(f.idemKeys) != 50 || len(keys) != 50 {
		t.Errorf("%d Idempotency-Key headers, %d distinct; want 50 of 50", len(f.idemKeys), len(keys))
	}
	if !rep.CheckOnly || rep.UnknownCards != 0 {
		t.Errorf("report = %+v", rep)
	}
}

func TestDoorSimSyncDecidesLocally(t *testing.T) {
	t.Run("every swipe recorded, decisions agree", func(t *testing.T) {
		f := newFakeDoorAPI(t, 150)
		rep := runSim(t, f, 0, "--mode", "sync", "--swipes", "200", "--concurrency", "3", "--unknown", "0.1", "--by", "barcode_id")
		if f.accessCalls != 200 || f.recorded != 200 || rep.Requests != 200 {
			t.Errorf("server got %d access calls (%d recorded), report %d requests; want 200", f.accessCalls, f.recorded, rep.Requests)
		}
		if rep.Disagreements != 0 {
			t.Errorf("%d disagreements with the server", rep.Disagreements)
		}
		if d := cmp.Diff(f.denied, rep.DeniedBy); d != "" {
			t.Errorf("local denials by reason (-server +report):\n%s", d)
		}
		if rep.Granted != sum(f.granted) || rep.Swipes != 200 {
			t.Errorf("granted %d locally, %d by the server", rep.Granted, sum(f.granted))
		}
	})
	t.Run("record share 0 sends nothing after the sync", func(t *testing.T) {
		f := newFakeDoorAPI(t, 150)
		rep := runSim(t, f, 0, "--mode", "sync", "--swipes", "100", "--record-share", "0")
		if f.accessCalls != 0 || rep.Requests != 0 || rep.Latency.Samples != 0 {
			t.Errorf("server got %d access calls, report %d requests, %d samples; want none", f.accessCalls, rep.Requests, rep.Latency.Samples)
		}
		if rep.Swipes != 100 || rep.Granted+rep.Denied != 100 {
			t.Errorf("swipes %d, granted %d, denied %d", rep.Swipes, rep.Granted, rep.Denied)
		}
	})
	t.Run("updated_since is passed on", func(t *testing.T) {
		f := newFakeDoorAPI(t, 10)
		runSim(t, f, 0, "--mode", "sync", "--swipes", "1", "--updated-since", "1762369732")
		if d := cmp.Diff([]string{"1|1762369732"}, f.pages); d != "" {
			t.Errorf("/users requests (-want +got):\n%s", d)
		}
	})
}

func TestDoorSimCountsStatusClassesAndErrors(t *testing.T) {
	f := newFakeDoorAPI(t, 30)
	f.fail = func(call int) (int, string, bool) {
		switch {
		case call%5 == 0:
			return http.StatusTooManyRequests, `{"success": false, "message": "Too many requests", "reason": "rate_limited"}`, true
		case call%4 == 0:
			return http.StatusInternalServerError, "upstream exploded", true
		case call%9 == 0:
			return http.StatusServiceUnavailable, `{"success": false, "message": "Try again"}`, true
		}
		return 0, "", false
	}
	rep := runSim(t, f, 1, "--swipes", "90", "--concurrency", "2")
	want500, want429, want503 := f.statuses[500], f.statuses[429], f.statuses[503]
	if rep.Errors != want500 || rep.ErrorsBy["HTTP 500 without the JSON envelope"] != want500 {
		t.Errorf("errors %d %v, want the %d plain-text 500s", rep.Errors, rep.ErrorsBy, want500)
	}
	if rep.DeniedBy["rate_limited"] != want429 || rep.DeniedBy["Try again"] != want503 {
		t.Errorf("denied by %v; want %d rate_limited and %d by message", rep.DeniedBy, want429, want503)
	}
	wantClasses := map[string]int{"2xx": f.statuses[200], "4xx": want429, "5xx": want500 + want503}
	if d := cmp.Diff(wantClasses, rep.StatusClasses); d != "" {
		t.Errorf("status classes (-want +got):\n%s", d)
	}
	if rep.Swipes != 90 || rep.Granted+rep.Denied+rep.Errors != 90 {
		t.Errorf("swipes %d = granted %d + denied %d + errors %d", rep.Swipes, rep.Granted, rep.Denied, rep.Errors)
	}
}

func TestDoorSimFailsOnUnreachableServer(t *testing.T) {
	f := newFakeDoorAPI(t, 5)
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	f.base = srv.URL + "/door/tok123"
	code, _, stderr := runCLI(t, f.env(), "door-sim", "--swipes", "1")
	if code != 1 || !strings.Contains(stderr, "GET /test") {
		t.Errorf("exit %d, stderr %q; want 1 naming GET /test", code, stderr)
	}
}

func TestDoorSimSetupErrors(t *testing.T) {
	tests := []struct {
		name   string
		setup  func(f *fakeDoorAPI)
		vars   func(f *fakeDoorAPI) map[string]string
		stderr string
	}{
		{"wrong key shows the server's message", nil,
			func(f *fakeDoorAPI) map[string]string {
				return map[string]string{"HIVE_DOOR_URL": f.base, "HIVE_DOOR_API_KEY": "hive_sk_wrong"}
			}, "GET /test: the Door API answered HTTP 401: Invalid API key"},
		{"disabled users endpoint is explained", func(f *fakeDoorAPI) { f.usersStatus = http.StatusForbidden }, nil,
			"GET /users?p=1: the Door API answered HTTP 403: The users endpoint is disabled"},
		{"no doors", func(f *fakeDoorAPI) { f.doors = nil }, nil, "lists no doors"},
		{"no members", func(f *fakeDoorAPI) { f.members = nil }, nil, "lists no members"},
		{"next_page that does not advance", func(f *fakeDoorAPI) { f.nextPage = func(p, _ int) any { return p } }, nil,
			"next_page 1 does not move forward"},
		{"next_page that is not a number", func(f *fakeDoorAPI) { f.nextPage = func(int, int) any { return "two" } }, nil,
			`next_page is "two"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeDoorAPI(t, 5)
			if tt.setup != nil {
				tt.setup(f)
			}
			vars := f.env()
			if tt.vars != nil {
				vars = tt.vars(f)
			}
			code, stdout, stderr := runCLI(t, vars, "door-sim", "--swipes", "5")
			if code != 1 || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want 1 and %q", code, stderr, tt.stderr)
			}
			if stdout != "" || f.accessCalls != 0 {
				t.Errorf("swiped after a failed setup: %d calls, stdout %q", f.accessCalls, stdout)
			}
		})
	}
}

func TestDoorSimFlagValidation(t *testing.T) {
	f := newFakeDoorAPI(t, 1)
	tests := []struct {
		name   string
		vars   map[string]string
		args   []string
		stderr string
	}{
		{"no base URL", map[string]string{"HIVE_DOOR_API_KEY": doorKey}, nil, "set --base-url or HIVE_DOOR_URL"},
		{"no key", map[string]string{"HIVE_DOOR_URL": f.base}, nil, "set HIVE_DOOR_API_KEY"},
		{"base URL not http", nil, []string{"--base-url", "ftp://x/door/t"}, "is not an http:// or https:// URL"},
		{"unknown mode", nil, []string{"--mode", "offline"}, `--mode "offline": want online or sync`},
		{"no controllers", nil, []string{"--concurrency", "0"}, "--concurrency must be from 1 to 10000"},
		{"negative rate", nil, []string{"--rate", "-1"}, "--rate must be"},
		{"negative swipes", nil, []string{"--swipes", "-3"}, "must not be negative"},
		{"unknown share above 1", nil, []string{"--unknown", "1.5"}, "--unknown must be a share from 0 to 1"},
		{"record share in online mode", nil, []string{"--record-share", "0.5"}, "--record-share applies to --mode sync"},
		{"record share above 1", nil, []string{"--mode", "sync", "--record-share", "2"}, "--record-share must be"},
		{"check-only in sync mode", nil, []string{"--mode", "sync", "--check-only"}, "--check-only applies to --mode online"},
		{"unknown identifier", nil, []string{"--by", "email"}, `--by "email"`},
		{"bad updated_since", nil, []string{"--updated-since", "yesterday"}, "want unix seconds"},
		{"zero timeout", nil, []string{"--timeout", "0s"}, "--timeout must be positive"},
		{"stray argument", nil, []string{"now"}, `unexpected argument "now"`},
		{"unknown flag", nil, []string{"--speed", "9"}, "flag provided but not defined: -speed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			vars := tt.vars
			if vars == nil {
				vars = f.env()
			}
			code, _, stderr := runCLI(t, vars, append([]string{"door-sim"}, tt.args...)...)
			if code != 2 || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.stderr)
			}
		})
	}
	if f.accessCalls != 0 || len(f.pages) != 0 {
		t.Error("a refused command called the Door API")
	}
}

func TestDoorSimTextReportAndDuration(t *testing.T) {
	f := newFakeDoorAPI(t, 40)
	code, stdout, stderr := runCLI(t, f.env(), "door-sim", "--duration", "150ms", "--concurrency", "2")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"mode:", "online, 2 controllers, as fast as possible", "setup:", "3 doors, 40 members in 1 pages",
		"swipes:", "granted:", "denied:", "errors:", "requests:", "latency:", "p99"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("report lacks %q:\n%s", want, stdout)
		}
	}
	if f.accessCalls == 0 {
		t.Error("no swipes in 150ms")
	}
}

func TestDoorSimRateSpreadsSwipes(t *testing.T) {
	start := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	s := &doorSim{o: &simOptions{rate: 4}, start: start}
	for n, want := range map[int64]time.Duration{0: 0, 1: 250 * time.Millisecond, 4: time.Second, 10: 2500 * time.Millisecond} {
		if got := s.due(n).Sub(start); got != want {
			t.Errorf("swipe %d due after %s, want %s", n, got, want)
		}
	}
	// A real run at 40 swipes/s: 6 swipes take 125ms at least.
	f := newFakeDoorAPI(t, 5)
	began := time.Now()
	rep := runSim(t, f, 0, "--swipes", "6", "--rate", "40", "--concurrency", "3")
	if took := time.Since(began); took < 125*time.Millisecond || rep.Swipes != 6 {
		t.Errorf("6 swipes at 40/s took %s (%d swipes)", took, rep.Swipes)
	}
}

func TestPercentile(t *testing.T) {
	var samples []time.Duration
	for i := 1; i <= 100; i++ {
		samples = append(samples, time.Duration(i)*time.Millisecond)
	}
	tests := []struct {
		samples []time.Duration
		p       float64
		want    time.Duration
	}{
		{samples, 50, 50 * time.Millisecond},
		{samples, 90, 90 * time.Millisecond},
		{samples, 99, 99 * time.Millisecond},
		{samples, 100, 100 * time.Millisecond},
		{samples, 0, time.Millisecond},
		{[]time.Duration{7}, 99, 7},
		{[]time.Duration{1, 2, 3}, 50, 2},
		{[]time.Duration{1, 2}, 50, 1},
		{nil, 50, 0},
	}
	for _, tt := range tests {
		if got := percentile(tt.samples, tt.p); got != tt.want {
			t.Errorf("percentile(%d samples, %g) = %s, want %s", len(tt.samples), tt.p, got, tt.want)
		}
	}
	got := summarize([]time.Duration{3 * time.Millisecond, time.Millisecond, 2 * time.Millisecond})
	want := simLatency{Samples: 3, P50: 2, P90: 3, P99: 3, Max: 3, Mean: 2}
	if got != want {
		t.Errorf("summarize = %+v, want %+v", got, want)
	}
}

func TestNextPage(t *testing.T) {
	for raw, want := range map[string]int{"false": 0, "null": 0, "": 0, "2": 2, " 17 ": 17} {
		if got, err := nextPage(json.RawMessage(raw)); err != nil || got != want {
			t.Errorf("nextPage(%q) = %d, %v; want %d", raw, got, err, want)
		}
	}
	for _, raw := range []string{"0", "-1", "true", `"3"`, "1.5"} {
		if _, err := nextPage(json.RawMessage(raw)); err == nil {
			t.Errorf("nextPage(%q) succeeded", raw)
		}
	}
}

func TestDoorSimDecide(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	s := &doorSim{doors: []api.Door{
		{DoorID: "front", Active: true, MembershipTypeIDs: []int64{1}, AllowInstructors: true},
		{DoorID: "studio", Active: true},
		{DoorID: "pool", Active: false, MembershipTypeIDs: []int64{1}},
	}, users: []api.DoorUser{
		{ID: 1, DoorAccessID: "A", Status: "active", Memberships: []api.DoorMembership{{MembershipTypeID: 1, Expires: now.Unix() + 1}}},
		{ID: 2, DoorAccessID: "B", Status: "active", Memberships: []api.DoorMembership{{MembershipTypeID: 1, Expires: now.Unix()}}},
		{ID: 3, DoorAccessID: "C", Status: "active", Memberships: []api.DoorMembership{{MembershipTypeID: 9, Expires: now.Unix() + 99, DoorIDs: []string{"studio"}}}},
		{ID: 4, DoorAccessID: "D", Status: "frozen", Memberships: []api.DoorMembership{{MembershipTypeID: 1, Expires: now.Unix() + 99}}},
		{ID: 5, DoorAccessID: "E", Status: "cancelled"},
		{ID: 6, DoorAccessID: "F", Status: "active", IsInstructor: true},
		{ID: 7, DoorAccessID: "G", Removed: true, Memberships: []api.DoorMembership{{MembershipTypeID: 1, Expires: now.Unix() + 99}}},
	}}
	s.index()
	tests := []struct {
		card, door string
		granted    bool
		reason     string
	}{
		{"A", "front", true, "membership"},
		{"B", "front", false, "membership_expired"}, // expires is the first second it no longer opens
		{"C", "studio", true, "membership"},         // the membership lists the door
		{"C", "front", false, "no_membership_for_door"},
		{"A", "pool", false, "door_inactive"},
		{"A", "garage", false, "door_not_found"},
		{"D", "front", false, "member_frozen"},
		{"E", "front", false, "member_cancelled"},
		{"G", "front", false, "member_cancelled"},
		{"F", "front", true, "instructor"},
		{"F", "studio", false, "no_membership_for_door"},
		{"Z", "front", false, "member_not_found"},
	}
	for _, tt := range tests {
		granted, reason := s.decide(card{field: "door_access_id", value: tt.card}, tt.door, now)
		if granted != tt.granted || reason != tt.reason {
			t.Errorf("card %s at %s: %t %s, want %t %s", tt.card, tt.door, granted, reason, tt.granted, tt.reason)
		}
	}
}
