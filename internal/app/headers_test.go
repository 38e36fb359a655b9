package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
	"github.com/hive-platform/hive/internal/console"
)

// lockedBuffer is a process log the server and the test share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
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

// TestEveryResponseIsNosniff requests one route of every family the server
// answers, successes and failures, and checks each response carries
// X-Content-Type-Options: nosniff, while the console and the docs keep
// their CSP and frame denial. It also signs in to the console and checks
// the session id reaches neither log.
func TestEveryResponseIsNosniff(t *testing.T) {
	ctx := context.Background()
	cfg := app.DefaultConfig()
	cfg.DatabaseURL = filepath.Join(t.TempDir(), "hive.db")
	logs := &lockedBuffer{}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	b, err := a.Keys.Bootstrap(ctx, apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test", AdminPassword: "correct horse battery"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.API)
	defer srv.Close()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(method, path string, auth bool) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, nil)
		if auth {
			req.Header.Set("Authorization", "Bearer "+b.Secret)
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	login, err := c.PostForm(srv.URL+"/console/login", url.Values{"tenant": {"acme"}, "email": {"o@acme.test"}, "password": {"correct horse battery"}})
	if err != nil {
		t.Fatal(err)
	}
	login.Body.Close()
	var session string
	for _, ck := range jar.Cookies(&url.URL{Scheme: "http", Host: strings.TrimPrefix(srv.URL, "http://"), Path: "/console/"}) {
		if ck.Name == console.CookieName {
			session = ck.Value
		}
	}
	if len(session) < 16 {
		t.Fatalf("no console session after signing in (%d)", login.StatusCode)
	}

	checks := []struct {
		method, path string
		auth         bool
		page         bool // a console or docs page, with its CSP and frame denial
	}{
		{"GET", "/v1/auth/verify", true, false},
		{"GET", "/v1/auth/verify", false, false},                  // 401
		{"GET", "/v1/api-keys/key_nope", true, false},             // 404 from a handler
		{"GET", "/v1/api-keys?format=csv&limit=abc", true, false}, // 400
		{"GET", "/no/such/path", false, false},                    // 404 from the router
		{"DELETE", "/healthz", false, false},                      // 405
		{"GET", "/healthz", false, false},
		{"GET", "/readyz", false, false},
		{"GET", "/metrics", false, false},
		{"GET", "/openapi.json", false, false},
		{"GET", "/door/nosuchtoken0123456789abcdefghijkl/test", false, false},
		{"GET", "//door/nosuchtoken0123456789abcdefghijkl/test", false, false}, // the router's redirect
		{"GET", "/docs", false, true},
		{"GET", "/docs/static/docs.css", false, true},
		{"GET", "/console/login", false, true},
		{"GET", "/console/", false, true},
		{"GET", "/console/api-keys", false, true},
		{"GET", "/console/static/console.css", false, true},
		{"GET", "/console/no-such-page", false, true},
		{"GET", "/console", false, false}, // redirect to /console/
	}
	for _, ck := range checks {
		res := get(ck.method, ck.path, ck.auth)
		h := res.Header
		if h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s (%d): X-Content-Type-Options = %q, want nosniff", ck.method, ck.path, res.StatusCode, h.Get("X-Content-Type-Options"))
		}
		if ck.page && !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s %s (%d): CSP = %q, want frame-ancestors 'none'", ck.method, ck.path, res.StatusCode, h.Get("Content-Security-Policy"))
		}
		if ck.page && strings.HasPrefix(ck.path, "/console") && h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s %s: X-Frame-Options = %q, want DENY", ck.method, ck.path, h.Get("X-Frame-Options"))
		}
	}

	// A stored body is served back with nosniff too, and no stored row or
	// body holds the console session id, a secret of its own.
	a.Recorder.Flush(ctx)
	req, _ := http.NewRequest("GET", srv.URL+"/v1/api-logs?limit=100", nil)
	req.Header.Set("Authorization", "Bearer "+b.Secret)
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var logList struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	json.Unmarshal(raw, &logList)
	if len(logList.Data) < 3 { // the requests made with the tenant's key
		t.Fatalf("the API log has %d rows", len(logList.Data))
	}
	stored := string(raw)
	for _, l := range logList.Data {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/api-logs/"+l.ID+"/response", nil)
		req.Header.Set("Authorization", "Bearer "+b.Secret)
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		stored += string(body)
		if res.StatusCode == 200 && res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("stored body %s is served without nosniff", l.ID)
		}
	}
	if strings.Contains(logs.String(), session) || strings.Contains(stored, session) {
		t.Error("the console session id is in the process log or the API log")
	}
}
