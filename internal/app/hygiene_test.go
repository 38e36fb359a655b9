package app_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
)

// TestBadBytesAre400OnEachBackend sends NUL characters and invalid UTF-8
// in paths, queries, forms, JSON and CSV bodies to the endpoints where
// they used to be stored on SQLite and a 500 on PostgreSQL: each is one
// 400 invalid_request that says where, the same on both stores, in the
// Door envelope on Door API routes.
func TestBadBytesAre400OnEachBackend(t *testing.T) {
	for name, dbURL := range backends {
		t.Run(name, func(t *testing.T) {
			cfg := app.DefaultConfig()
			cfg.DatabaseURL = dbURL(t)
			n := startNode(t, cfg)
			boot, err := n.app.Keys.Bootstrap(t.Context(), apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
			if err != nil {
				t.Fatal(err)
			}
			checkBadBytes(t, n, boot.Secret)
		})
	}
}

func checkBadBytes(t *testing.T, n node, secret string) {
	jsonCT, csvCT, formCT := "application/json", "text/csv", "application/x-www-form-urlencoded"
	resp := call(t, http.MethodPost, n.url+"/v1/surveys", secret, strings.NewReader(`{"name": "Pulse", "type": "pulse"}`), jsonCT)
	var survey struct{ ID string }
	if err := json.Unmarshal(resp.Body, &survey); err != nil || survey.ID == "" {
		t.Fatalf("creating a survey: %d %s", resp.StatusCode, resp.Body)
	}
	resp = call(t, http.MethodPut, n.url+"/v1/door-api/settings", secret, strings.NewReader(`{"enabled": true}`), jsonCT)
	var set struct {
		BaseURL string `json:"base_url"`
	}
	if err := json.Unmarshal(resp.Body, &set); err != nil || set.BaseURL == "" {
		t.Fatalf("enabling the Door API: %d %s", resp.StatusCode, resp.Body)
	}
	doorBase := n.url + set.BaseURL[strings.Index(set.BaseURL, "/door/"):]
	people := "employee_id,email,first_name,last_name,start_date,date_of_birth\n"

	tests := []struct {
		name, method, target, body, contentType string
		where, field                            string
		door                                    bool
	}{
		{"NUL in a service account name", "POST", n.url + "/v1/service-accounts", `{"name": "etl\u0000"}`, jsonCT, "body", "name", false},
		{"NUL in a key name", "POST", n.url + "/v1/api-keys", `{"name": "a\u0000b", "permissions": ["surveys:read"]}`, jsonCT, "body", "name", false},
		{"NUL in a survey name", "POST", n.url + "/v1/surveys", `{"name": "\u0000", "type": "pulse"}`, jsonCT, "body", "name", false},
		{"NUL in a question", "POST", n.url + "/v1/surveys/" + survey.ID + "/questions", `{"question_key": "q\u0000", "text": "How?", "type": "scale"}`, jsonCT, "body", "question_key", false},
		{"NUL in a custom metric's question keys", "POST", n.url + "/v1/custom-metrics", `{"name": "m", "question_keys": ["a", "b\u0000"]}`, jsonCT, "body", "question_keys[1]", false},
		{"invalid UTF-8 in a JSON body", "POST", n.url + "/v1/service-accounts", "{\"name\": \"etl\xff\"}", jsonCT, "body", "", false},
		{"NUL in a people CSV", "POST", n.url + "/v1/people/import", people + "e1,a@b.c,A\x00,B,,\n", csvCT, "body", "", false},
		{"invalid UTF-8 in a people CSV", "POST", n.url + "/v1/people/import", people + "e1,a@b.c,A\xc3,B,,\n", csvCT, "body", "", false},
		{"NUL in an api-logs route filter", "GET", n.url + "/v1/api-logs?route=%00", "", "", "query", "route", false},
		{"NUL in a key list cursor", "GET", n.url + "/v1/api-keys?starting_after=key_%00", "", "", "query", "starting_after", false},
		{"invalid UTF-8 in a query", "GET", n.url + "/v1/surveys?status=%ff", "", "", "query", "status", false},
		{"NUL in a path", "GET", n.url + "/v1/api-keys/key_%00", "", "", "path", "", false},
		{"invalid UTF-8 in a path", "GET", n.url + "/v1/service-accounts/sa_%c3%28", "", "", "path", "", false},
		{"NUL in a Door access form", "POST", doorBase + "/access", "door_id=front&id=%00", formCT, "form", "id", true},
		{"invalid UTF-8 in a Door access form", "POST", doorBase + "/access", "door_id=%e2%82&id=1", formCT, "form", "door_id", true},
		{"NUL in a Door path", "GET", doorBase + "%00/doors", "", "", "path", "", true},
	}
	for _, tt := range tests {
		resp := call(t, tt.method, tt.target, secret, strings.NewReader(tt.body), tt.contentType)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d %s, want 400", tt.name, resp.StatusCode, resp.Body)
			continue
		}
		if tt.door {
			var env struct {
				Success *bool  `json:"success"`
				Message string `json:"message"`
				Reason  string `json:"reason"`
			}
			if err := json.Unmarshal(resp.Body, &env); err != nil || env.Success == nil || *env.Success ||
				env.Reason != "invalid_request" || !strings.Contains(strings.ToLower(env.Message), tt.where) {
				t.Errorf("%s: %s, want the Door envelope naming the %s", tt.name, resp.Body, tt.where)
			}
			continue
		}
		var body struct {
			Error struct {
				Code    string         `json:"code"`
				Message string         `json:"message"`
				Details map[string]any `json:"details"`
			} `json:"error"`
		}
		if err := json.Unmarshal(resp.Body, &body); err != nil || body.Error.Code != "invalid_request" ||
			body.Error.Details["where"] != tt.where || tt.field != "" && body.Error.Details["field"] != tt.field {
			t.Errorf("%s: %s, want invalid_request with where %q and field %q", tt.name, resp.Body, tt.where, tt.field)
		}
	}
	// Clean text, including U+FFFD and other non-ASCII, still goes through.
	resp = call(t, http.MethodPost, n.url+"/v1/service-accounts", secret, strings.NewReader(`{"name": "Zoë \ufffd ✓"}`), jsonCT)
	if resp.StatusCode != http.StatusCreated {
		t.Errorf("a clean non-ASCII name: %d %s, want 201", resp.StatusCode, resp.Body)
	}
}
