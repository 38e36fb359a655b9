package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/synth"
)

// lockedBuffer is written by the demo's goroutine and read by the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var (
	urlPattern    = regexp.MustCompile(`running at (http://[0-9.:]+)`)
	secretPattern = regexp.MustCompile(`hive_[sp]k_[0-9A-Za-z]{49}`)
)

// startDemo runs "hive demo" on a free port until the test ends and returns
// its URL and output.
func startDemo(t *testing.T, db string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &lockedBuffer{}
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"demo", "--addr", "127.0.0.1:0", "--database", db},
			&env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: out, stderr: &lockedBuffer{}})
	}()
	deadline := time.Now().Add(20 * time.Second)
	for !urlPattern.MatchString(out.String()) {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("demo printed no URL:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("demo exited %d after shutdown", code)
		}
	})
	return urlPattern.FindStringSubmatch(out.String())[1], out.String()
}

func TestDemoPrintsWorkingKeys(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hive.db")
	url, out := startDemo(t, db)
	secrets := secretPattern.FindAllString(out, -1)
	if len(secrets) < 4 {
		t.Fatalf("demo printed %d keys, want the three service keys and a personal key:\n%s", len(secrets), out)
	}
	dataKeys, logReaders := 0, 0
	slices.Sort(secrets)
	for _, s := range slices.Compact(secrets) {
		req, _ := http.NewRequest("GET", url+"/v1/auth/verify", nil)
		req.Header.Set("Authorization", "Bearer "+s)
		if strings.HasPrefix(s, "hive_pk_") {
			id := regexp.MustCompile(`X-Hive-User-Id: (usr_\w+)`).FindStringSubmatch(out)
			if id == nil {
				t.Fatal("demo does not print the personal key's user id")
			}
			req.Header.Set("X-Hive-User-Id", id[1])
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var v struct{ Permissions []string }
		json.NewDecoder(res.Body).Decode(&v)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("printed key %s...: status %d", s[:12], res.StatusCode)
		}
		if strings.Join(v.Permissions, " ") == "surveys:read responses:read open_door:read hive_fives:read" {
			dataKeys++
		}
		if slices.Contains(v.Permissions, "logs:read") {
			logReaders++
		}
	}
	// The Power BI key holds the Data preset, and only the admin automation
	// key reads the API log.
	if dataKeys < 1 || logReaders != 1 {
		t.Errorf("%d printed keys hold the Data preset (want the Power BI key and the member's), %d read logs (want 1)", dataKeys, logReaders)
	}
	for _, want := range []string{"owner@demo.hive.test", "analyst@demo.hive.test"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks the sign-in %s", want)
		}
	}
}

func TestDemoSeedsAWorkingGym(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hive.db")
	_, out := startDemo(t, db)
	m := regexp.MustCompile(`base URL  (\S+)\n  key       (\S+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("demo prints no door base URL and key:\n%s", out)
	}
	base, key := strings.TrimSuffix(m[1], "/"), m[2]
	get := func(path string) *http.Response {
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("X-DOOR-API-KEY", key)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	for _, path := range []string{"/test", "/doors", "/users?p=2"} {
		res := get(path)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("GET %s with the printed key: %d", path, res.StatusCode)
		}
	}
	form := strings.NewReader("door_access_id=FOB01000&door_id=front-door&check_only=1")
	req, _ := http.NewRequest("POST", base+"/access", form)
	req.Header.Set("X-DOOR-API-KEY", key)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("POST /access for a seeded card: %d", res.StatusCode)
	}
}

// demoGet fetches a JSON list page with key.
func demoGet(t *testing.T, url, key string, out any) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d", url, res.StatusCode)
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}

// demoCounts is what the demo's people analytics hold, read through the
// API with the printed key and from the database.
type demoCounts struct {
	People    int
	Surveys   map[string]int // name to response count
	OpenDoor  int
	HiveFives int
	Private   int
}

func countDemo(t *testing.T, db string) demoCounts {
	t.Helper()
	url, out := startDemo(t, db)
	m := regexp.MustCompile(`Bearer (\S+)' \S+/v1/surveys`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("demo prints no /v1/surveys example:\n%s", out)
	}
	key := m[1]
	c := demoCounts{Surveys: map[string]int{}}
	var surveys struct {
		Data []struct {
			Name          string `json:"name"`
			ResponseCount int    `json:"response_count"`
		} `json:"data"`
	}
	demoGet(t, url+"/v1/surveys", key, &surveys)
	for _, s := range surveys.Data {
		c.Surveys[s.Name] = s.ResponseCount
		if !strings.Contains(out, s.Name) {
			t.Errorf("the banner does not name survey %q", s.Name)
		}
	}
	var od, hf struct {
		Data []map[string]any `json:"data"`
	}
	demoGet(t, url+"/v1/open-door?limit=1000", key, &od)
	demoGet(t, url+"/v1/hive-fives?limit=1000", key, &hf)
	c.OpenDoor, c.HiveFives = len(od.Data), len(hf.Data)
	for _, row := range hf.Data {
		if row["private"] == true {
			c.Private++
			if row["text"] != nil || row["sender_employee_id"] != nil {
				t.Errorf("a private Hive Five shows %v", row)
			}
		}
	}
	sqlDB, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer sqlDB.Close()
	if err := sqlDB.QueryRow(`SELECT count(*) FROM people`).Scan(&c.People); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDemoSeedsThePeopleAnalyticsOrganisation(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hive.db")
	org := synth.Generate(synth.Options{Seed: demoPeopleSeed, Now: people.Civil(time.Now())})
	want := demoCounts{People: len(org.Employees), Surveys: map[string]int{}, OpenDoor: len(org.OpenDoor), HiveFives: len(org.HiveFives)}
	for _, s := range org.Surveys {
		want.Surveys[s.Name] = len(s.Responses)
	}
	var first demoCounts
	t.Run("first start seeds", func(t *testing.T) { first = countDemo(t, db) })
	if first.Private == 0 || first.Private > first.HiveFives/2 {
		t.Errorf("%d of %d Hive Fives are private, want about a fifth", first.Private, first.HiveFives)
	}
	want.Private = first.Private
	if d := cmp.Diff(want, first); d != "" {
		t.Errorf("seeded organisation (-want +got):\n%s", d)
	}
	var again demoCounts
	t.Run("a restart adds nothing", func(t *testing.T) { again = countDemo(t, db) })
	if d := cmp.Diff(first, again); d != "" {
		t.Errorf("after a restart (-first +again):\n%s", d)
	}
}

// TestDemoOnABusyPortChangesNothing: a second hive demo on the port of a
// running one must fail before it touches the database, where it would
// revoke the running demo's keys.
func TestDemoOnABusyPortChangesNothing(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	db := filepath.Join(t.TempDir(), "hive.db")
	stderr := &lockedBuffer{}
	code := run(t.Context(), []string{"demo", "--addr", busy.Addr().String(), "--database", db},
		&env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: &lockedBuffer{}, stderr: stderr})
	if code == 0 || !strings.Contains(stderr.String(), busy.Addr().String()) {
		t.Errorf("demo on a busy port: exit %d, stderr %q; want a failure naming the address", code, stderr.String())
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("demo on a busy port opened the database (%v): it must check the port first", err)
	}
}
