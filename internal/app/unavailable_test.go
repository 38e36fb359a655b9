package app_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
	"github.com/hive-platform/hive/internal/postgres/pgtest"
)

// call sends one request with secret as X-Api-Key and X-DOOR-API-KEY and
// returns the response with its body read.
func call(tb testing.TB, method, target, secret string, body io.Reader, contentType string) response {
	tb.Helper()
	req, err := http.NewRequestWithContext(tb.Context(), method, target, body)
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("X-Api-Key", secret)
	req.Header.Set("X-DOOR-API-KEY", secret)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, b}
}

// postgresBehindProxy starts a node on a new schema of the test database,
// reached through a proxy the test can cut, with a bootstrapped tenant
// whose Door API is enabled. It returns the node, the proxy, the admin
// secret and the Door API base URL.
func postgresBehindProxy(t *testing.T) (node, *proxy, string, string) {
	t.Helper()
	dbURL := pgtest.NewSchema(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	px := newProxy(t, u.Host)
	u.Host = px.addr
	cfg := app.DefaultConfig()
	cfg.DatabaseURL = u.String()
	n := startNode(t, cfg)
	boot, err := n.app.Keys.Bootstrap(t.Context(), apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	resp := call(t, http.MethodPut, n.url+"/v1/door-api/settings", boot.Secret, strings.NewReader(`{"enabled": true}`), "application/json")
	var set struct {
		BaseURL string `json:"base_url"`
	}
	if err := json.Unmarshal(resp.Body, &set); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("enabling the Door API: %d %s", resp.StatusCode, resp.Body)
	}
	base := set.BaseURL[strings.Index(set.BaseURL, "/door/"):]
	return n, px, boot.Secret, n.url + base
}

// TestDatabaseDownAnswers503 cuts the node's connection to PostgreSQL:
// requests that need the database answer 503 with Retry-After in the /v1
// envelope and in the Door API's, never 500; /readyz says so too; and all
// of it recovers when the database is back.
func TestDatabaseDownAnswers503(t *testing.T) {
	n, px, secret, doorBase := postgresBehindProxy(t)
	form := "application/x-www-form-urlencoded"
	requests := []struct {
		name, method, target, body, contentType string
		door                                    bool
	}{
		{"list keys", http.MethodGet, n.url + "/v1/api-keys", "", "", false},
		{"create service account", http.MethodPost, n.url + "/v1/service-accounts", `{"name": "etl"}`, "application/json", false},
		{"door users", http.MethodGet, doorBase + "/doors", "", "", true},
		{"door access", http.MethodPost, doorBase + "/access", "door_id=front&id=1", form, true},
	}
	for _, rq := range requests {
		if resp := call(t, rq.method, rq.target, secret, strings.NewReader(rq.body), rq.contentType); resp.StatusCode >= 500 {
			t.Fatalf("%s before the outage: %d %s", rq.name, resp.StatusCode, resp.Body)
		}
	}

	px.cut()
	for _, rq := range requests {
		resp := call(t, rq.method, rq.target, secret, strings.NewReader(rq.body), rq.contentType)
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
			t.Errorf("%s with the database down: %d Retry-After %q %s, want 503 with Retry-After",
				rq.name, resp.StatusCode, resp.Header.Get("Retry-After"), resp.Body)
			continue
		}
		var v1 struct {
			Error struct{ Code string } `json:"error"`
		}
		var door struct {
			Success *bool  `json:"success"`
			Message string `json:"message"`
			Reason  string `json:"reason"`
		}
		switch {
		case rq.door:
			if err := json.Unmarshal(resp.Body, &door); err != nil || door.Success == nil || *door.Success || door.Reason != "unavailable" || door.Message == "" {
				t.Errorf("%s: body %s, want the Door envelope with reason unavailable", rq.name, resp.Body)
			}
		default:
			if err := json.Unmarshal(resp.Body, &v1); err != nil || v1.Error.Code != "unavailable" {
				t.Errorf("%s: body %s, want error code unavailable", rq.name, resp.Body)
			}
		}
	}
	if resp := call(t, http.MethodGet, n.url+"/readyz", "", nil, ""); resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("/readyz with the database down: %d Retry-After %q, want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}

	px.restore()
	if resp := call(t, http.MethodGet, n.url+"/readyz", "", nil, ""); resp.StatusCode != http.StatusOK {
		t.Errorf("/readyz after the outage: %d", resp.StatusCode)
	}
	if resp := call(t, http.MethodGet, n.url+"/v1/api-keys", secret, bytes.NewReader(nil), ""); resp.StatusCode != http.StatusOK {
		t.Errorf("list keys after the outage: %d %s", resp.StatusCode, resp.Body)
	}
}
