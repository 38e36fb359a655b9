package app_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// The fault suite runs hive serve as a process on a private PostgreSQL,
// puts load on it, and injects faults: PostgreSQL stopped and restarted,
// SIGTERM, kill -9. It prints per fault the requests answered, the 5xx
// other than 503, and the API log rows lost (answered requests whose
// request id is not in the log once everything is replayed).
//
//	HIVE_TEST_FAULTS=1                 the CI mode: a 3 s outage (about 50 s in all)
//	HIVE_TEST_FAULTS_OUTAGE=60s        the full mode's outage
//	HIVE_TEST_FAULTS_PGPORT=15445      the private PostgreSQL's port
const (
	envFaults       = "HIVE_TEST_FAULTS"
	envFaultsOutage = "HIVE_TEST_FAULTS_OUTAGE"
	envFaultsPort   = "HIVE_TEST_FAULTS_PGPORT"
	pgBin           = "/usr/lib/postgresql/15/bin"
)

// privatePG is a PostgreSQL cluster of the test's own, which the test may
// stop and start.
type privatePG struct {
	tb   testing.TB
	dir  string
	port string
	as   []string // runs a command as the postgres user when the test is root
}

func startPrivatePG(tb testing.TB) *privatePG {
	tb.Helper()
	if _, err := os.Stat(filepath.Join(pgBin, "initdb")); err != nil {
		tb.Skipf("%s=1 needs PostgreSQL 15's initdb in %s", envFaults, pgBin)
	}
	p := &privatePG{tb: tb, port: cmpOr(os.Getenv(envFaultsPort), "15445")}
	dir, err := os.MkdirTemp("", "hive-faults-pg-")
	if err != nil {
		tb.Fatal(err)
	}
	p.dir = dir
	tb.Cleanup(func() { os.RemoveAll(dir) })
	if u, _ := user.Current(); u != nil && u.Uid == "0" {
		pgUser, err := user.Lookup("postgres")
		if err != nil {
			tb.Skip("running as root needs a postgres user to run PostgreSQL as")
		}
		uid, _ := strconv.Atoi(pgUser.Uid)
		gid, _ := strconv.Atoi(pgUser.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			tb.Fatal(err)
		}
		p.as = []string{"runuser", "-u", "postgres", "--"}
	}
	p.run("initdb", "-D", filepath.Join(dir, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8")
	p.start()
	tb.Cleanup(func() { p.ctl("stop", "-m", "immediate") })
	return p
}

func (p *privatePG) run(name string, args ...string) {
	p.tb.Helper()
	argv := append(append(append([]string(nil), p.as...), filepath.Join(pgBin, name)), args...)
	out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
	if err != nil {
		p.tb.Fatalf("%s: %v\n%s", name, err, out)
	}
}

func (p *privatePG) ctl(args ...string) {
	p.run("pg_ctl", append([]string{"-D", filepath.Join(p.dir, "data"), "-w", "-l", filepath.Join(p.dir, "log")}, args...)...)
}

func (p *privatePG) start() {
	p.ctl("start", "-o", fmt.Sprintf("-p %s -k %s -c listen_addresses=127.0.0.1 -c fsync=off", p.port, p.dir))
}

// stop stops PostgreSQL as an operator's restart does: fast, connections cut.
func (p *privatePG) stop() { p.ctl("stop", "-m", "fast") }

func (p *privatePG) url() string {
	return "postgres://postgres@127.0.0.1:" + p.port + "/postgres?sslmode=disable"
}

// loggedIDs returns the request ids in the API log.
func (p *privatePG) loggedIDs() map[string]bool {
	p.tb.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, p.url())
	if err != nil {
		p.tb.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, "SELECT request_id FROM api_logs")
	if err != nil {
		p.tb.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		p.tb.Fatal(err)
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out
}

// hiveProc is a running hive serve.
type hiveProc struct {
	cmd  *exec.Cmd
	url  string
	done chan error
}

func startHive(tb testing.TB, bin string, env []string) *hiveProc {
	tb.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), env...)
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	h := &hiveProc{cmd: cmd, done: make(chan error, 1)}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "hive: serving on "); ok {
			h.url = u
			break
		}
	}
	go func() { io.Copy(io.Discard, stdout); h.done <- cmd.Wait() }()
	if h.url == "" {
		tb.Fatal("hive serve did not start")
	}
	tb.Cleanup(func() { cmd.Process.Kill() })
	return h
}

func (h *hiveProc) signal(tb testing.TB, sig syscall.Signal) {
	tb.Helper()
	h.cmd.Process.Signal(sig)
	select {
	case <-h.done:
	case <-time.After(60 * time.Second):
		tb.Fatal("hive serve did not exit within 60s")
	}
}

// faultLoad sends requests to a hive until stopped: keyed verifies (served
// from the key cache during an outage), key lists (which need the
// database), unknown keys and a NUL in the path.
type faultLoad struct {
	mu       sync.Mutex
	answered map[string]bool
	status   map[int]int
	stop     chan struct{}
	wg       sync.WaitGroup
}

func startLoad(url, secret string, workers int) *faultLoad {
	l := &faultLoad{answered: map[string]bool{}, status: map[int]int{}, stop: make(chan struct{})}
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	for w := range workers {
		l.wg.Go(func() {
			for i := w; ; i++ {
				select {
				case <-l.stop:
					return
				default:
				}
				target, key := url+"/v1/auth/verify", secret
				switch i % 8 {
				case 3:
					target = url + "/v1/api-keys?limit=1"
				case 5:
					target, key = url+"/v1/api-keys/key_%00", ""
				case 7:
					key = "hive_sk_unknownunknownunknownunknownunknown0000000"
				}
				req, _ := http.NewRequest(http.MethodGet, target, nil)
				if key != "" {
					req.Header.Set("Authorization", "Bearer "+key)
				}
				res, err := hc.Do(req)
				if err != nil {
					time.Sleep(20 * time.Millisecond) // the server is gone or restarting
					continue
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				l.mu.Lock()
				l.answered[res.Header.Get("X-Request-Id")] = true
				l.status[res.StatusCode]++
				l.mu.Unlock()
			}
		})
	}
	return l
}

func (l *faultLoad) finish() {
	close(l.stop)
	l.wg.Wait()
}

// faultResult is one fault's line of the report.
type faultResult struct {
	name                     string
	answered, bad5xx, got503 int
	lost                     int
	lostAllowed              bool // kill -9: rows in memory may be lost
	queuedAtKill             int  // hive_api_log_queue_rows just before a kill -9: the rows it can lose
}

func (l *faultLoad) result(name string, logged map[string]bool) faultResult {
	r := faultResult{name: name, answered: len(l.answered), got503: l.status[503]}
	for code, n := range l.status {
		if code >= 500 && code != 503 {
			r.bad5xx += n
		}
	}
	for id := range l.answered {
		if !logged[id] {
			r.lost++
		}
	}
	return r
}

// TestFaultSuite is the API log's fault suite; see the constants above.
func TestFaultSuite(t *testing.T) {
	if os.Getenv(envFaults) == "" {
		t.Skip("set " + envFaults + "=1 (and " + envFaultsOutage + "=60s for the full mode) to run the fault suite on a private PostgreSQL")
	}
	outage := 3 * time.Second
	if v := os.Getenv(envFaultsOutage); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			t.Fatalf("%s: %v", envFaultsOutage, err)
		}
		outage = d
	}
	began := time.Now()
	pg := startPrivatePG(t)
	t.Logf("private PostgreSQL up in %v", time.Since(began).Round(time.Millisecond))
	bin := filepath.Join(t.TempDir(), "hive")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/hive-platform/hive/cmd/hive").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "bootstrap", "--tenant", "acme", "--admin-email", "o@acme.test", "--database", pg.url(), "--json").Output()
	if err != nil {
		t.Fatalf("hive bootstrap: %v", err)
	}
	var boot struct {
		APIKey string `json:"api_key"`
	}
	if err := json.Unmarshal(out, &boot); err != nil {
		t.Fatal(err)
	}
	spool := t.TempDir()
	env := []string{"HIVE_DATABASE_URL=" + pg.url(), "HIVE_API_LOG_SPOOL_DIR=" + spool, "HIVE_DEFAULT_RATE_LIMIT=100000000",
		"HIVE_API_LOG_SAMPLED_PER_MINUTE=all"} // every response must have its own row to be found
	const workers = 4
	warm := time.Second

	var results []faultResult
	queuedAtKill := 0
	kill := func(h *hiveProc) {
		queuedAtKill = queuedRows(t, h.url)
		h.signal(t, syscall.SIGKILL)
	}
	run := func(name string, lostAllowed bool, fault func(h *hiveProc, l *faultLoad) *hiveProc) {
		start := time.Now()
		defer func() { t.Logf("%s: took %v", name, time.Since(start).Round(time.Millisecond)) }()
		h := startHive(t, bin, env)
		t.Logf("%s: started in %v", name, time.Since(start).Round(time.Millisecond))
		l := startLoad(h.url, boot.APIKey, workers)
		time.Sleep(warm)
		h = fault(h, l)
		l.finish()
		t.Logf("%s: fault done at %v", name, time.Since(start).Round(time.Millisecond))
		h.signal(t, syscall.SIGTERM)
		r := l.result(name, pg.loggedIDs())
		r.lostAllowed, r.queuedAtKill = lostAllowed, queuedAtKill
		queuedAtKill = 0
		results = append(results, r)
	}

	run(fmt.Sprintf("PostgreSQL stopped %v", outage), false, func(h *hiveProc, l *faultLoad) *hiveProc {
		pg.stop()
		time.Sleep(outage)
		pg.start()
		time.Sleep(2 * time.Second)
		return h
	})
	run("SIGTERM under load", false, func(h *hiveProc, l *faultLoad) *hiveProc {
		h.signal(t, syscall.SIGTERM) // the load meets a closed port until finish
		return startHive(t, bin, env)
	})
	run("kill -9 under load", true, func(h *hiveProc, l *faultLoad) *hiveProc {
		kill(h)
		return startHive(t, bin, env)
	})
	run("kill -9 during a PostgreSQL outage", true, func(h *hiveProc, l *faultLoad) *hiveProc {
		pg.stop()
		time.Sleep(2 * time.Second)
		kill(h)
		pg.start()
		return startHive(t, bin, env) // replays the spool the killed one left
	})

	for _, r := range results {
		t.Logf("%-40s answered %6d  5xx other than 503: %d  503: %5d  log rows lost: %d", r.name, r.answered, r.bad5xx, r.got503, r.lost)
		if r.lostAllowed {
			t.Logf("%-40s rows queued in memory just before the kill: %d (the bound: what was queued since the last flush or spool write)", "", r.queuedAtKill)
		}
		if r.bad5xx != 0 {
			t.Errorf("%s: %d responses were a 5xx other than 503", r.name, r.bad5xx)
		}
		if r.lost != 0 && !r.lostAllowed {
			t.Errorf("%s: %d API log rows lost", r.name, r.lost)
		}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// queuedRows reads hive_api_log_queue_rows from a hive's /metrics.
func queuedRows(tb testing.TB, url string) int {
	tb.Helper()
	res, err := http.Get(url + "/metrics")
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "hive_api_log_queue_rows "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return int(f)
		}
	}
	return -1
}
