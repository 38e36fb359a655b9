package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/client"
)

const (
	cliKey    = "hive_sk_cli0123456789abcdefghijklmnopqrstuvwxyz"
	newSecret = "hive_sk_NEW0123456789abcdefghijklmnopqrstuvwxyz"
)

// fakeAPI is an httptest server that routes like the real API, insists on
// the CLI's credentials, and records every request it serves.
type fakeAPI struct {
	url      string
	mu       sync.Mutex
	requests []string // "METHOD /path?query"
	bodies   []string
	headers  []http.Header
}

// newFakeAPI serves routes, keyed by ServeMux pattern such as
// "GET /v1/auth/verify".
func newFakeAPI(tb testing.TB, routes map[string]http.HandlerFunc) *fakeAPI {
	tb.Helper()
	f := &fakeAPI{}
	mux := http.NewServeMux()
	for pattern, h := range routes {
		mux.HandleFunc(pattern, h)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		f.mu.Lock()
		f.requests = append(f.requests, r.Method+" "+r.URL.RequestURI())
		f.bodies = append(f.bodies, string(body))
		f.headers = append(f.headers, r.Header.Clone())
		f.mu.Unlock()
		if got := r.Header.Get("Authorization"); got != "Bearer "+cliKey && !strings.HasPrefix(got, "Bearer hive_pk_") {
			tb.Errorf("%s %s: Authorization = %q, want the key from HIVE_API_KEY", r.Method, r.URL, got)
		}
		mux.ServeHTTP(w, r)
	}))
	tb.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

// env returns the environment of a CLI run against f.
func (f *fakeAPI) env() map[string]string {
	return map[string]string{"HIVE_URL": f.url, "HIVE_API_KEY": cliKey}
}

func (f *fakeAPI) seen() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

// respond returns a handler that writes body as JSON with status.
func respond(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req_test")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// runCLI runs the hive command in-process and returns its exit code and
// output.
func runCLI(t *testing.T, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{
		getenv: func(k string) string { return vars[k] },
		stdin:  strings.NewReader(""),
		stdout: &out,
		stderr: &errOut,
	}
	code = run(t.Context(), args, e)
	return code, out.String(), errOut.String()
}

func TestClientCommandsNeedConfiguration(t *testing.T) {
	commands := [][]string{
		{"verify"},
		{"keys", "list"},
		{"keys", "create", "--name", "bi", "--service-account", "sa_1"},
		{"keys", "revoke", "key_1"},
		{"keys", "rotate", "key_1", "--grace", "1h"},
	}
	tests := []struct {
		name       string
		vars       map[string]string
		wantStderr string
	}{
		{
			name:       "missing HIVE_API_KEY is named",
			vars:       map[string]string{},
			wantStderr: "HIVE_API_KEY is not set",
		},
		{
			name:       "personal key without HIVE_USER_ID is named",
			vars:       map[string]string{"HIVE_API_KEY": "hive_pk_abc"},
			wantStderr: "set HIVE_USER_ID",
		},
		{
			name:       "HIVE_URL without a scheme is refused",
			vars:       map[string]string{"HIVE_API_KEY": cliKey, "HIVE_URL": "127.0.0.1:8080"},
			wantStderr: `HIVE_URL "127.0.0.1:8080" is not an http:// or https:// URL`,
		},
	}
	for _, tt := range tests {
		for _, args := range commands {
			t.Run(tt.name+"/"+strings.Join(args[:min(2, len(args))], " "), func(t *testing.T) {
				code, stdout, stderr := runCLI(t, tt.vars, args...)
				if code != 1 {
					t.Errorf("exit code = %d, want 1", code)
				}
				if !strings.Contains(stderr, tt.wantStderr) {
					t.Errorf("stderr = %q, want it to contain %q", stderr, tt.wantStderr)
				}
				if stdout != "" {
					t.Errorf("stdout = %q, want nothing", stdout)
				}
			})
		}
	}
}

func TestAPIErrorsPrintMessageAndReason(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		route      string
		status     int
		body       string
		wantStderr string
	}{
		{
			name:       "revoked key on verify shows the reason",
			args:       []string{"verify"},
			route:      "GET /v1/auth/verify",
			status:     401,
			body:       `{"error":{"code":"unauthorized","message":"API key has been revoked","details":{"reason":"api_key_revoked"}}}`,
			wantStderr: "hive verify: API key has been revoked (reason: api_key_revoked, request id req_test)\n",
		},
		{
			name:   "missing permission on list shows the scope needed",
			args:   []string{"keys", "list"},
			route:  "GET /v1/api-keys",
			status: 403,
			body: `{"error":{"code":"forbidden","message":"Insufficient permissions",` +
				`"details":{"required_permission":"api_keys:read","provided_permissions":["surveys:read"]}}}`,
			wantStderr: "hive keys: Insufficient permissions (requires api_keys:read, request id req_test)\n",
		},
		{
			name:       "unknown key on revoke shows the message",
			args:       []string{"keys", "revoke", "key_nope"},
			route:      "DELETE /v1/api-keys/{id}",
			status:     404,
			body:       `{"error":{"code":"not_found","message":"API key key_nope not found"}}`,
			wantStderr: "hive keys: API key key_nope not found (request id req_test)\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, map[string]http.HandlerFunc{tt.route: respond(tt.status, tt.body)})
			code, stdout, stderr := runCLI(t, api.env(), tt.args...)
			if code != 1 {
				t.Errorf("exit code = %d, want 1", code)
			}
			if diff := cmp.Diff(tt.wantStderr, stderr); diff != "" {
				t.Errorf("stderr mismatch (-want +got):\n%s", diff)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
}

const verification = `{"valid":true,"key_id":"key_1","kind":"personal","tenant_slug":"acme",` +
	`"service_account_id":null,"user_id":"usr_7","permissions":["surveys:read","doors:read"],` +
	`"resources":{"surveys":null,"doors":["door_1"]},"expires_at":"2026-06-30T12:00:00Z",` +
	`"rate_limit":{"limit":200,"remaining":199,"reset":1767225600}}`

func TestVerify(t *testing.T) {
	api := newFakeAPI(t, map[string]http.HandlerFunc{"GET /v1/auth/verify": respond(200, verification)})
	vars := map[string]string{"HIVE_URL": api.url, "HIVE_API_KEY": "hive_pk_personal", "HIVE_USER_ID": "usr_7"}

	code, stdout, stderr := runCLI(t, vars, "verify")

	if code != 0 {
		t.Fatalf("exit code = %d, stderr %q", code, stderr)
	}
	want := `valid:        yes
key:          key_1 (personal)
tenant:       acme
owner:        user usr_7
permissions:  surveys:read, doors:read
surveys:      all
doors:        door_1
expires:      2026-06-30T12:00:00Z
rate limit:   199 of 200 requests left this minute, resets 2026-01-01T00:00:00Z
`
	if diff := cmp.Diff(want, stdout); diff != "" {
		t.Errorf("stdout mismatch (-want +got):\n%s", diff)
	}
	h := api.headers[0]
	if diff := cmp.Diff([]string{"Bearer hive_pk_personal", "usr_7"},
		[]string{h.Get("Authorization"), h.Get("X-Hive-User-Id")}); diff != "" {
		t.Errorf("credentials mismatch (-want +got):\n%s", diff)
	}
}

func TestVerifyJSON(t *testing.T) {
	api := newFakeAPI(t, map[string]http.HandlerFunc{"GET /v1/auth/verify": respond(200, verification)})

	code, stdout, stderr := runCLI(t, api.env(), "verify", "--json")

	if code != 0 {
		t.Fatalf("exit code = %d, stderr %q", code, stderr)
	}
	var got client.Verification
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	if got.KeyID != "key_1" || got.RateLimit.Remaining != 199 {
		t.Errorf("decoded %+v, want key_1 with 199 requests left", got)
	}
}

// createdKey is a create response carrying newSecret.
const createdKey = `{"id":"key_new","object":"api_key","name":"power-bi","kind":"service_account",` +
	`"service_account_id":"sa_1","hint":"hive_sk_NEW…wxyz","status":"active",` +
	`"permissions":["surveys:read","responses:read"],"expires_at":"2026-06-30T12:00:00Z","key":"` + newSecret + `"}`

func TestKeysCreate(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantBody string
	}{
		{
			name:     "preset key sends the preset",
			args:     []string{"--name", "power-bi", "--service-account", "sa_1", "--preset", "read_only"},
			wantBody: `{"name":"power-bi","service_account_id":"sa_1","preset":"read_only"}`,
		},
		{
			name:     "a key for Power BI's Web API credential opts in to ?api_key=",
			args:     []string{"--name", "power-bi", "--service-account", "sa_1", "--preset", "data", "--allow-query-key"},
			wantBody: `{"name":"power-bi","service_account_id":"sa_1","preset":"data","allow_query_key":true}`,
		},
		{
			name: "restricted key sends permissions, resources and limits",
			args: []string{"--name", "power-bi", "--service-account", "sa_1",
				"--permission", "surveys:read", "--permission", "responses:read,open_door:read",
				"--survey", "srv_1", "--ip", "203.0.113.0/24", "--ip", "198.51.100.7",
				"--expires-in-days", "30", "--rate-limit", "60"},
			wantBody: `{"name":"power-bi","service_account_id":"sa_1",` +
				`"permissions":["surveys:read","responses:read","open_door:read"],` +
				`"resources":{"surveys":["srv_1"],"doors":null},"expires_in_days":30,` +
				`"ip_allowlist":["203.0.113.0/24","198.51.100.7"],"rate_limit_per_minute":60}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, map[string]http.HandlerFunc{"POST /v1/api-keys": respond(201, createdKey)})

			code, stdout, stderr := runCLI(t, api.env(), append([]string{"keys", "create"}, tt.args...)...)

			if code != 0 {
				t.Fatalf("exit code = %d, stderr %q", code, stderr)
			}
			if diff := cmp.Diff(tt.wantBody, api.bodies[0]); diff != "" {
				t.Errorf("request body mismatch (-want +got):\n%s", diff)
			}
			if n := strings.Count(stdout, newSecret); n != 1 {
				t.Errorf("secret printed %d times, want once:\n%s", n, stdout)
			}
			if !strings.Contains(stdout, "it will not be shown again") {
				t.Errorf("stdout lacks the shown-once warning:\n%s", stdout)
			}
			if !strings.Contains(stdout, "Created key key_new") {
				t.Errorf("stdout lacks the key id:\n%s", stdout)
			}
			if strings.Contains(stderr, newSecret) {
				t.Errorf("stderr carries the secret: %q", stderr)
			}
		})
	}
}

func TestKeysCreateJSON(t *testing.T) {
	api := newFakeAPI(t, map[string]http.HandlerFunc{"POST /v1/api-keys": respond(201, createdKey)})

	code, stdout, stderr := runCLI(t, api.env(), "keys", "create", "--name", "power-bi", "--service-account", "sa_1", "--json")

	if code != 0 {
		t.Fatalf("exit code = %d, stderr %q", code, stderr)
	}
	var got client.CreatedAPIKey
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	if diff := cmp.Diff([]string{"key_new", newSecret}, []string{got.ID, got.Key}); diff != "" {
		t.Errorf("created key mismatch (-want +got):\n%s", diff)
	}
	if n := strings.Count(stdout, newSecret); n != 1 {
		t.Errorf("secret printed %d times, want once", n)
	}
}

func TestKeysCreateUsageErrors(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{"missing name is exit 2", []string{"--service-account", "sa_1"}, "--name is required"},
		{"missing service account is exit 2", []string{"--name", "bi"}, "--service-account is required"},
		{"preset with permissions is exit 2",
			[]string{"--name", "bi", "--service-account", "sa_1", "--preset", "read_only", "--permission", "surveys:read"},
			"give --preset or --permission, not both"},
		{"bad IP is exit 2", []string{"--name", "bi", "--service-account", "sa_1", "--ip", "10.0.0.0/33"},
			`--ip "10.0.0.0/33": want a CIDR`},
		{"negative expiry is exit 2", []string{"--name", "bi", "--service-account", "sa_1", "--expires-in-days", "-1"},
			"--expires-in-days must not be negative"},
		{"unknown flag is exit 2", []string{"--colour", "blue"}, "flag provided but not defined: -colour"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, nil)
			code, stdout, stderr := runCLI(t, api.env(), append([]string{"keys", "create"}, tt.args...)...)
			if code != 2 {
				t.Errorf("exit code = %d, want 2", code)
			}
			if !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.wantStderr)
			}
			if stdout != "" || len(api.seen()) != 0 {
				t.Errorf("stdout %q and requests %v, want neither", stdout, api.seen())
			}
		})
	}
}

// rotatedKey is a rotate response: the new key and the old one with its
// grace expiry.
const rotatedKey = `{"id":"key_2","name":"power-bi","status":"active","expires_at":"2026-06-30T12:00:00Z",` +
	`"key":"` + newSecret + `","previous_key":{"id":"key_1","status":"active","expires_at":"2026-04-01T13:00:00Z"}}`

func TestKeysRotateGrace(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantBody string
	}{
		{"default grace ends the old key now", []string{"key_1"}, `{"grace_period_seconds":0}`},
		{"hours are converted to seconds", []string{"key_1", "--grace", "1h"}, `{"grace_period_seconds":3600}`},
		{"flags may come before the ID", []string{"--grace", "24h", "key_1"}, `{"grace_period_seconds":86400}`},
		{"days are accepted", []string{"key_1", "--grace", "7d"}, `{"grace_period_seconds":604800}`},
		{"plain seconds are accepted", []string{"key_1", "--grace=90"}, `{"grace_period_seconds":90}`},
		{"new lifetime is sent", []string{"key_1", "--grace", "now", "--expires-in-days", "30"},
			`{"grace_period_seconds":0,"expires_in_days":30}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, map[string]http.HandlerFunc{"POST /v1/api-keys/{id}/rotate": respond(201, rotatedKey)})

			code, stdout, stderr := runCLI(t, api.env(), append([]string{"keys", "rotate"}, tt.args...)...)

			if code != 0 {
				t.Fatalf("exit code = %d, stderr %q", code, stderr)
			}
			if diff := cmp.Diff([]string{"POST /v1/api-keys/key_1/rotate"}, api.seen()); diff != "" {
				t.Errorf("requests mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantBody, api.bodies[0]); diff != "" {
				t.Errorf("request body mismatch (-want +got):\n%s", diff)
			}
			if n := strings.Count(stdout, newSecret); n != 1 {
				t.Errorf("secret printed %d times, want once:\n%s", n, stdout)
			}
			if want := "Old key key_1 keeps working until 2026-04-01T13:00:00Z."; !strings.Contains(stdout, want) {
				t.Errorf("stdout lacks %q:\n%s", want, stdout)
			}
		})
	}
}

func TestKeysRotateRejectsBadGrace(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{"longer than 7 days is refused", []string{"key_1", "--grace", "8d"}, `--grace "8d" is longer than the 7-day maximum`},
		{"169 hours is refused", []string{"key_1", "--grace", "169h"}, "longer than the 7-day maximum"},
		{"seconds past 7 days are refused", []string{"key_1", "--grace", "604801"}, "longer than the 7-day maximum"},
		{"negative is refused", []string{"key_1", "--grace", "-1h"}, "must not be negative"},
		{"fractional seconds are refused", []string{"key_1", "--grace", "1.5s"}, "use whole seconds"},
		{"nonsense is refused", []string{"key_1", "--grace", "soon"}, "want now, a duration"},
		{"missing ID is refused", []string{"--grace", "1h"}, "missing key ID"},
		{"extra argument is refused", []string{"key_1", "key_2"}, `unexpected argument "key_2"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, nil)
			code, _, stderr := runCLI(t, api.env(), append([]string{"keys", "rotate"}, tt.args...)...)
			if code != 2 {
				t.Errorf("exit code = %d, want 2", code)
			}
			if !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.wantStderr)
			}
			if len(api.seen()) != 0 {
				t.Errorf("requests %v, want none", api.seen())
			}
		})
	}
}

func TestParseGrace(t *testing.T) {
	tests := []struct {
		in      string
		want    int
		wantErr bool
	}{
		{"now", 0, false},
		{"0", 0, false},
		{"0s", 0, false},
		{"1h", 3600, false},
		{"24h", 86400, false},
		{"7d", 604800, false},
		{"168h", 604800, false},
		{"604800", 604800, false},
		{"90m", 5400, false},
		{"604801", 0, true},
		{"99999999999999999d", 0, true},
		{"-99999999999999999d", 0, true},
		{"9223372036854775807", 0, true},
		{"d", 0, true},
		{"1.5d", 0, true},
		{"", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseGrace(tt.in)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("parseGrace(%q) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

// keyPage returns a list page of keys with the given ids, pointing at next.
func keyPage(next string, ids ...string) string {
	var data []string
	for _, id := range ids {
		data = append(data, fmt.Sprintf(`{"id":%q,"name":"name %s","hint":"hive_sk_ab…%s","status":"active",`+
			`"permissions":["surveys:read"],"expires_at":"2026-06-30T12:00:00Z","last_used_at":null}`, id, id, id[len(id)-1:]))
	}
	cursor := "null"
	if next != "" {
		cursor = fmt.Sprintf("%q", next)
	}
	return fmt.Sprintf(`{"object":"list","data":[%s],"has_more":%t,"next_cursor":%s,"total":5}`,
		strings.Join(data, ","), next != "", cursor)
}

func TestKeysListFollowsNextCursor(t *testing.T) {
	pages := map[string]string{
		"":      keyPage("key_2", "key_1", "key_2"),
		"key_2": keyPage("key_4", "key_3", "key_4"),
		"key_4": keyPage("", "key_5"),
	}
	api := newFakeAPI(t, map[string]http.HandlerFunc{"GET /v1/api-keys": func(w http.ResponseWriter, r *http.Request) {
		respond(200, pages[r.URL.Query().Get("starting_after")])(w, r)
	}})

	code, stdout, stderr := runCLI(t, api.env(), "keys", "list", "--service-account", "sa_1", "--status", "active")

	if code != 0 {
		t.Fatalf("exit code = %d, stderr %q", code, stderr)
	}
	wantRequests := []string{
		"GET /v1/api-keys?service_account_id=sa_1&status=active",
		"GET /v1/api-keys?service_account_id=sa_1&starting_after=key_2&status=active",
		"GET /v1/api-keys?service_account_id=sa_1&starting_after=key_4&status=active",
	}
	if diff := cmp.Diff(wantRequests, api.seen()); diff != "" {
		t.Errorf("requests mismatch (-want +got):\n%s", diff)
	}
	want := `ID     NAME        HINT          STATUS  PERMISSIONS   EXPIRES               LAST USED
key_1  name key_1  hive_sk_ab…1  active  surveys:read  2026-06-30T12:00:00Z  never
key_2  name key_2  hive_sk_ab…2  active  surveys:read  2026-06-30T12:00:00Z  never
key_3  name key_3  hive_sk_ab…3  active  surveys:read  2026-06-30T12:00:00Z  never
key_4  name key_4  hive_sk_ab…4  active  surveys:read  2026-06-30T12:00:00Z  never
key_5  name key_5  hive_sk_ab…5  active  surveys:read  2026-06-30T12:00:00Z  never
`
	if diff := cmp.Diff(want, stdout); diff != "" {
		t.Errorf("stdout mismatch (-want +got):\n%s", diff)
	}
}

func TestKeysListJSON(t *testing.T) {
	pages := map[string]string{"": keyPage("key_2", "key_1", "key_2"), "key_2": keyPage("", "key_3")}
	api := newFakeAPI(t, map[string]http.HandlerFunc{"GET /v1/api-keys": func(w http.ResponseWriter, r *http.Request) {
		respond(200, pages[r.URL.Query().Get("starting_after")])(w, r)
	}})

	code, stdout, stderr := runCLI(t, api.env(), "keys", "list", "--json")

	if code != 0 {
		t.Fatalf("exit code = %d, stderr %q", code, stderr)
	}
	var keys []client.APIKey
	if err := json.Unmarshal([]byte(stdout), &keys); err != nil {
		t.Fatalf("stdout is not a JSON array: %v\n%s", err, stdout)
	}
	var ids []string
	for _, k := range keys {
		ids = append(ids, k.ID)
	}
	if diff := cmp.Diff([]string{"key_1", "key_2", "key_3"}, ids); diff != "" {
		t.Errorf("ids mismatch (-want +got):\n%s", diff)
	}
}

func TestKeysListStopsOnRepeatedCursor(t *testing.T) {
	api := newFakeAPI(t, map[string]http.HandlerFunc{"GET /v1/api-keys": respond(200, keyPage("key_1", "key_1"))})

	code, _, stderr := runCLI(t, api.env(), "keys", "list")

	if code != 1 || !strings.Contains(stderr, `returned cursor "key_1" twice`) {
		t.Errorf("exit %d, stderr %q; want 1 and the repeated cursor named", code, stderr)
	}
	if n := len(api.seen()); n != 2 {
		t.Errorf("server saw %d requests, want 2", n)
	}
}

func TestPermissionSummary(t *testing.T) {
	tests := []struct {
		name  string
		perms []string
		want  string
	}{
		{"no permissions", nil, "none"},
		{"three are listed", []string{"a:read", "b:read", "c:read"}, "a:read,b:read,c:read"},
		{"more than three are counted", []string{"a:read", "b:read", "c:read", "d:read", "e:read"}, "a:read,b:read +3 more"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := permissionSummary(tt.perms); got != tt.want {
				t.Errorf("permissionSummary = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestKeysRevoke(t *testing.T) {
	api := newFakeAPI(t, map[string]http.HandlerFunc{"DELETE /v1/api-keys/{id}": respond(200,
		`{"id":"key_1","name":"power-bi","status":"revoked","revoked_at":"2026-04-01T12:00:00Z"}`)})

	code, stdout, stderr := runCLI(t, api.env(), "keys", "revoke", "key_1")

	if code != 0 {
		t.Fatalf("exit code = %d, stderr %q", code, stderr)
	}
	if diff := cmp.Diff([]string{"DELETE /v1/api-keys/key_1"}, api.seen()); diff != "" {
		t.Errorf("requests mismatch (-want +got):\n%s", diff)
	}
	want := "Revoked key key_1 (\"power-bi\") at 2026-04-01T12:00:00Z. It stops working on the next request.\n"
	if diff := cmp.Diff(want, stdout); diff != "" {
		t.Errorf("stdout mismatch (-want +got):\n%s", diff)
	}
}

func TestKeysUsage(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{"no subcommand lists the subcommands", []string{"keys"}, "Usage: hive keys <subcommand>"},
		{"help lists the subcommands", []string{"keys", "-h"}, "rotate   replace a key"},
		{"unknown subcommand is named", []string{"keys", "delete"}, `unknown subcommand "delete"`},
		{"subcommand help shows its flags", []string{"keys", "rotate", "-h"}, "-grace PERIOD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, map[string]string{}, tt.args...)
			if code != 2 {
				t.Errorf("exit code = %d, want 2", code)
			}
			if !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.wantStderr)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
}

func TestKeysDisableAndEnable(t *testing.T) {
	tests := []struct {
		name, verb, route, body, wantStdout string
	}{
		{"disable", "disable", "POST /v1/api-keys/{id}/disable",
			`{"id":"key_1","name":"power-bi","status":"disabled","disabled_at":"2026-04-01T12:00:00Z","disabled_reason":"manual"}`,
			"Disabled key key_1 (\"power-bi\") at 2026-04-01T12:00:00Z. Every server refuses it until 'hive keys enable key_1'.\n"},
		{"enable", "enable", "POST /v1/api-keys/{id}/enable",
			`{"id":"key_1","name":"power-bi","status":"active"}`,
			"Enabled key key_1 (\"power-bi\"); its status is active.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI(t, map[string]http.HandlerFunc{tt.route: respond(200, tt.body)})
			code, stdout, stderr := runCLI(t, api.env(), "keys", tt.verb, "key_1")
			if code != 0 {
				t.Fatalf("exit code = %d, stderr %q", code, stderr)
			}
			if diff := cmp.Diff([]string{"POST /v1/api-keys/key_1/" + tt.verb}, api.seen()); diff != "" {
				t.Errorf("requests mismatch (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantStdout, stdout); diff != "" {
				t.Errorf("stdout mismatch (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("a leaked key is never enabled", func(t *testing.T) {
		api := newFakeAPI(t, map[string]http.HandlerFunc{"POST /v1/api-keys/{id}/enable": respond(409,
			`{"error":{"code":"conflict","message":"API key \"key_1\" was found in public and revoked; a leaked key can never be enabled again","details":{"reason":"key_leaked"}}}`)})
		code, _, stderr := runCLI(t, api.env(), "keys", "enable", "key_1")
		if code != 1 || !strings.Contains(stderr, "a leaked key can never be enabled again") {
			t.Errorf("exit %d, stderr %q; want 1 and the server's reason", code, stderr)
		}
	})
}
