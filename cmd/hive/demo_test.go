package main

import (
	"context"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
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
	for _, s := range secrets {
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
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("printed key %s...: status %d", s[:12], res.StatusCode)
		}
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
