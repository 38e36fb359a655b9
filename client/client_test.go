package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const testKey = "hive_sk_0123456789abcdefghijklmnopqrstuvwxyzABCD"

// recorder serves canned responses in order (repeating the last) and
// records what each request carried.
type recorder struct {
	mu        sync.Mutex
	responses []response
	requests  []recorded
}

// response is one canned reply.
type response struct {
	status int
	header map[string]string
	body   string
}

// recorded is what the server saw of one request.
type recorded struct {
	method string
	path   string // escaped
	query  url.Values
	header http.Header
	body   string
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec.mu.Lock()
	rec.requests = append(rec.requests, recorded{r.Method, r.URL.EscapedPath(), r.URL.Query(), r.Header.Clone(), string(body)})
	resp := rec.responses[min(len(rec.requests), len(rec.responses))-1]
	rec.mu.Unlock()
	for k, v := range resp.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(resp.status)
	io.WriteString(w, resp.body)
}

// count returns how many requests the server has seen.
func (rec *recorder) count() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.requests)
}

// sleeps records the delays the client asked for instead of waiting.
type sleeps struct{ got []time.Duration }

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.got = append(s.got, d)
	return ctx.Err()
}

// newTestClient starts a server answering with responses and returns a
// client for it that records its sleeps and draws the largest jitter.
func newTestClient(tb testing.TB, responses []response, opts ...Option) (*Client, *recorder, *sleeps) {
	tb.Helper()
	rec := &recorder{responses: responses}
	srv := httptest.NewServer(rec)
	tb.Cleanup(srv.Close)
	c := New(srv.URL, testKey, opts...)
	s := &sleeps{}
	c.sleep = s.sleep
	c.randN = func(n int64) int64 { return n - 1 }
	return c, rec, s
}

func jsonError(status int, code, message string, details string, header map[string]string) response {
	body := fmt.Sprintf(`{"error":{"code":%q,"message":%q,"details":%s}}`, code, message, details)
	return response{status: status, header: header, body: body}
}

var ok = response{status: http.StatusOK, body: `{"valid":true,"key_id":"key_1"}`}

func TestErrorDecoding(t *testing.T) {
	tests := []struct {
		name string
		resp response
		want *Error
	}{
		{
			name: "401 carries code, reason and request id",
			resp: jsonError(401, "unauthorized", "Invalid API key", `{"reason":"api_key_invalid"}`,
				map[string]string{"X-Request-Id": "req_123", "Content-Type": "application/json"}),
			want: &Error{StatusCode: 401, Code: "unauthorized", Message: "Invalid API key",
				Details: map[string]any{"reason": "api_key_invalid"}, RequestID: "req_123"},
		},
		{
			name: "403 carries the required permission",
			resp: jsonError(403, "forbidden", "Insufficient permissions",
				`{"required_permission":"api_keys:write","provided_permissions":["api_keys:read"]}`, nil),
			want: &Error{StatusCode: 403, Code: "forbidden", Message: "Insufficient permissions",
				Details: map[string]any{"required_permission": "api_keys:write", "provided_permissions": []any{"api_keys:read"}}},
		},
		{
			name: "plain-text body becomes the message after the status text",
			resp: response{status: 502, header: map[string]string{"X-Request-Id": "req_9"}, body: "upstream connect error\nmore"},
			want: &Error{StatusCode: 502, Code: "internal", Message: "Bad Gateway: upstream connect error", RequestID: "req_9"},
		},
		{
			name: "HTML body is left out of the message",
			resp: response{status: 404, body: "<html><body>nope</body></html>"},
			want: &Error{StatusCode: 404, Code: "not_found", Message: "Not Found"},
		},
		{
			name: "Door API envelope yields its message",
			resp: response{status: 403, body: `{"success":false,"message":"Door is closed"}`},
			want: &Error{StatusCode: 403, Code: "forbidden", Message: "Door is closed"},
		},
		{
			name: "JSON without the error envelope falls back to the status",
			resp: response{status: 429, body: `{"success":false}`},
			want: &Error{StatusCode: 429, Code: "rate_limited", Message: "Too Many Requests"},
		},
		{
			name: "echoed secret is redacted",
			resp: response{status: 400, body: "bad header Bearer " + testKey},
			want: &Error{StatusCode: 400, Code: "invalid_request", Message: "Bad Request: bad header Bearer [redacted]"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := newTestClient(t, []response{tt.resp}, WithMaxRetries(0))
			_, err := c.Verify(t.Context())
			got, isAPIError := errors.AsType[*Error](err)
			if !isAPIError {
				t.Fatalf("Verify error = %v, want *Error", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("error mismatch (-want +got):\n%s", diff)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("error string %q contains the secret", err)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	c, _, _ := newTestClient(t, []response{
		jsonError(401, "unauthorized", "API key has expired", `{"reason":"api_key_expired"}`, nil),
	})
	_, err := c.Verify(t.Context())
	want := "hive: 401 unauthorized (api_key_expired): API key has expired"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
}

func TestRetryAfter(t *testing.T) {
	tooMany := func(retryAfter string) response {
		return jsonError(429, "rate_limited", "Rate limit exceeded", `{}`, map[string]string{"Retry-After": retryAfter})
	}
	tests := []struct {
		name      string
		responses []response
		want      []time.Duration
	}{
		{
			name:      "Retry-After seconds are honoured",
			responses: []response{tooMany("2"), tooMany("1"), ok},
			want:      []time.Duration{2 * time.Second, time.Second},
		},
		{
			name:      "Retry-After above the maximum waits the maximum",
			responses: []response{tooMany("3600"), ok},
			want:      []time.Duration{maxRetryAfter},
		},
		{
			name:      "Retry-After date in the past retries at once",
			responses: []response{tooMany("Mon, 02 Jan 2006 15:04:05 GMT"), ok},
			want:      []time.Duration{0},
		},
		{
			name: "missing or malformed Retry-After backs off exponentially",
			responses: []response{
				jsonError(429, "rate_limited", "slow down", `{}`, nil), tooMany("soon"), ok,
			},
			want: []time.Duration{500 * time.Millisecond, time.Second},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rec, s := newTestClient(t, tt.responses)
			if _, err := c.Verify(t.Context()); err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if diff := cmp.Diff(tt.want, s.got); diff != "" {
				t.Errorf("sleeps mismatch (-want +got):\n%s", diff)
			}
			if got, want := rec.count(), len(tt.want)+1; got != want {
				t.Errorf("server saw %d requests, want %d", got, want)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		name     string
		attempt  int
		min, max time.Duration
	}{
		{"first retry waits up to the base", 0, 250 * time.Millisecond, 500 * time.Millisecond},
		{"second retry doubles", 1, 500 * time.Millisecond, time.Second},
		{"sixth retry is just under the cap", 5, 8 * time.Second, 16 * time.Second},
		{"seventh retry is capped", 6, 15 * time.Second, 30 * time.Second},
		{"huge attempt stays capped without overflow", 200, 15 * time.Second, 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lowest := backoff(tt.attempt, func(int64) int64 { return 0 })
			highest := backoff(tt.attempt, func(n int64) int64 { return n - 1 })
			if diff := cmp.Diff([]time.Duration{tt.min, tt.max}, []time.Duration{lowest, highest}); diff != "" {
				t.Errorf("backoff range mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestGivesUpAfterMaxRetries(t *testing.T) {
	var n int
	var mu sync.Mutex
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		w.Header().Set("X-Request-Id", fmt.Sprintf("req_%d", n))
		mu.Unlock()
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"error":{"code":"rate_limited","message":"Rate limit exceeded"}}`)
	}))
	t.Cleanup(srv.Close)
	c := New(srv.URL, testKey, WithMaxRetries(2))
	s := &sleeps{}
	c.sleep, c.randN = s.sleep, func(n int64) int64 { return n - 1 }

	_, err := c.Verify(t.Context())

	want := &Error{StatusCode: 429, Code: "rate_limited", Message: "Rate limit exceeded", RequestID: "req_3"}
	got, _ := errors.AsType[*Error](err)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("error mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]time.Duration{500 * time.Millisecond, time.Second}, s.got); diff != "" {
		t.Errorf("sleeps mismatch (-want +got):\n%s", diff)
	}
}

func TestContextCancelledDuringBackoff(t *testing.T) {
	c, rec, _ := newTestClient(t, []response{
		jsonError(429, "rate_limited", "Rate limit exceeded", `{}`, map[string]string{"Retry-After": "30"}),
	})
	ctx, cancel := context.WithCancel(t.Context())
	// Cancel as the wait begins, then wait for real: the wait must end at once.
	c.sleep = func(ctx context.Context, d time.Duration) error {
		cancel()
		return sleepContext(ctx, d)
	}
	start := time.Now()

	_, err := c.Verify(ctx)

	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if apiErr, isAPIError := errors.AsType[*Error](err); !isAPIError || apiErr.StatusCode != 429 {
		t.Errorf("error = %v, want it to wrap the last 429", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("Verify took %v after cancellation", elapsed)
	}
	if got := rec.count(); got != 1 {
		t.Errorf("server saw %d requests, want 1", got)
	}
}

func TestRetryPolicyByStatus(t *testing.T) {
	tests := []struct {
		name         string
		method       string
		status       int
		wantRequests int
	}{
		{"GET is retried after 503", http.MethodGet, 503, 2},
		{"DELETE is retried after 504", http.MethodDelete, 504, 2},
		{"PUT is retried after 502", http.MethodPut, 502, 2},
		{"POST is retried after 429", http.MethodPost, 429, 2},
		{"POST is not retried after 503", http.MethodPost, 503, 1},
		{"PATCH is not retried after 502", http.MethodPatch, 502, 1},
		{"GET is not retried after 500", http.MethodGet, 500, 1},
		{"GET is not retried after 404", http.MethodGet, 404, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rec, _ := newTestClient(t, []response{{status: tt.status}, {status: 200, body: `{}`}})
			err := c.do(t.Context(), tt.method, "/v1/thing", nil, map[string]string{"name": "x"}, nil)
			if got := rec.count(); got != tt.wantRequests {
				t.Errorf("server saw %d requests, want %d (err %v)", got, tt.wantRequests, err)
			}
			for i, r := range rec.requests {
				if r.body != `{"name":"x"}` {
					t.Errorf("request %d body = %q, want it resent unchanged", i, r.body)
				}
			}
		})
	}
}

// roundTripFunc is an http.RoundTripper made of a function.
type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestConnectionErrors(t *testing.T) {
	tests := []struct {
		name         string
		call         func(context.Context, *Client) error
		wantAttempts int
	}{
		{
			name:         "GET is retried on connection error",
			call:         func(ctx context.Context, c *Client) error { _, err := c.GetKey(ctx, "key_1"); return err },
			wantAttempts: 4,
		},
		{
			name:         "DELETE is retried on connection error",
			call:         func(ctx context.Context, c *Client) error { _, err := c.RevokeKey(ctx, "key_1"); return err },
			wantAttempts: 4,
		},
		{
			name: "POST is never retried on connection error",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.CreateKey(ctx, CreateKeyRequest{Name: "n", ServiceAccountID: "sa_1"})
				return err
			},
			wantAttempts: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var attempts int
			broken := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
				attempts++
				return nil, errors.New("connection reset by peer")
			})}
			c := New("http://hive.invalid", testKey, WithHTTPClient(broken))
			s := &sleeps{}
			c.sleep = s.sleep

			err := tt.call(t.Context(), c)

			if err == nil || !strings.Contains(err.Error(), "connection reset by peer") {
				t.Errorf("error = %v, want the connection error", err)
			}
			if strings.Contains(err.Error(), testKey) {
				t.Errorf("error string %q contains the secret", err)
			}
			if attempts != tt.wantAttempts {
				t.Errorf("attempts = %d, want %d", attempts, tt.wantAttempts)
			}
		})
	}
}

func TestHeaders(t *testing.T) {
	tests := []struct {
		name string
		key  string
		opts []Option
		want map[string]string
	}{
		{
			name: "service key is sent as a bearer token",
			key:  testKey,
			want: map[string]string{
				"Authorization": "Bearer " + testKey, "X-Hive-User-Id": "", "X-Hive-Tenant": "",
				"User-Agent": "hive-go-client", "Accept": "application/json",
			},
		},
		{
			name: "personal key carries the user id",
			key:  "hive_pk_abc",
			opts: []Option{WithUserID("usr_42"), WithUserAgent("hive-cli/1.0")},
			want: map[string]string{
				"Authorization": "Bearer hive_pk_abc", "X-Hive-User-Id": "usr_42", "X-Hive-Tenant": "",
				"User-Agent": "hive-cli/1.0", "Accept": "application/json",
			},
		},
		{
			name: "basic auth is sent with the tenant instead of a key",
			key:  "",
			opts: []Option{WithBasicAuth("ada@example.com", "s3cret"), WithTenant("acme")},
			want: map[string]string{
				"Authorization": "Basic YWRhQGV4YW1wbGUuY29tOnMzY3JldA==", "X-Hive-User-Id": "", "X-Hive-Tenant": "acme",
				"User-Agent": "hive-go-client", "Accept": "application/json",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{responses: []response{{status: 201, body: `{"id":"key_1","key":"hive_pk_new"}`}}}
			srv := httptest.NewServer(rec)
			t.Cleanup(srv.Close)
			c := New(srv.URL, tt.key, tt.opts...)

			if _, err := c.GeneratePersonalKey(t.Context(), PersonalKeyRequest{Name: "mine"}); err != nil {
				t.Fatalf("GeneratePersonalKey: %v", err)
			}

			got := map[string]string{}
			for k := range tt.want {
				got[k] = rec.requests[0].header.Get(k)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("headers mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestListQueries(t *testing.T) {
	list := response{status: 200, body: `{"object":"list","data":[],"has_more":false,"next_cursor":null}`}
	tests := []struct {
		name      string
		call      func(context.Context, *Client) error
		wantPath  string
		wantQuery url.Values
	}{
		{
			name: "key filters and paging are sent",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ListKeys(ctx, ListKeysParams{ServiceAccountID: "sa_1", Status: "active", Kind: "personal",
					ListParams: ListParams{Limit: 50, StartingAfter: "key_9"}})
				return err
			},
			wantPath: "/v1/api-keys",
			wantQuery: url.Values{"service_account_id": {"sa_1"}, "status": {"active"}, "kind": {"personal"},
				"limit": {"50"}, "starting_after": {"key_9"}},
		},
		{
			name: "zero params send no query",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ListKeys(ctx, ListKeysParams{})
				return err
			},
			wantPath:  "/v1/api-keys",
			wantQuery: url.Values{},
		},
		{
			name: "service accounts page with a cursor",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ListServiceAccounts(ctx, ListParams{StartingAfter: "sa_5"})
				return err
			},
			wantPath:  "/v1/service-accounts",
			wantQuery: url.Values{"starting_after": {"sa_5"}},
		},
		{
			name: "audit events filter by target and action",
			call: func(ctx context.Context, c *Client) error {
				_, err := c.ListAuditEvents(ctx, AuditParams{TargetID: "key_1", Action: "api_key.rotated",
					ListParams: ListParams{Limit: 10}})
				return err
			},
			wantPath:  "/v1/audit-events",
			wantQuery: url.Values{"target_id": {"key_1"}, "action": {"api_key.rotated"}, "limit": {"10"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rec, _ := newTestClient(t, []response{list})
			if err := tt.call(t.Context(), c); err != nil {
				t.Fatalf("call: %v", err)
			}
			got := rec.requests[0]
			if got.method != http.MethodGet || got.path != tt.wantPath {
				t.Errorf("request = %s %s, want GET %s", got.method, got.path, tt.wantPath)
			}
			if diff := cmp.Diff(tt.wantQuery, got.query); diff != "" {
				t.Errorf("query mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEndpoints(t *testing.T) {
	grace, days := 3600, 30
	tests := []struct {
		name       string
		status     int
		respBody   string
		call       func(context.Context, *Client) (any, error)
		wantMethod string
		wantPath   string
		wantBody   string
		want       any
	}{
		{
			name: "create key posts the request and decodes the secret", status: 201,
			respBody: `{"id":"key_1","name":"bi","key":"hive_sk_new"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateKey(ctx, CreateKeyRequest{Name: "bi", ServiceAccountID: "sa_1", Preset: "read_only", ExpiresInDays: &days})
			},
			wantMethod: "POST", wantPath: "/v1/api-keys",
			wantBody: `{"name":"bi","service_account_id":"sa_1","preset":"read_only","expires_in_days":30}`,
			want:     &CreatedAPIKey{APIKey: APIKey{ID: "key_1", Name: "bi"}, Key: "hive_sk_new"},
		},
		{
			name: "rotate posts the grace period to the escaped id", status: 201,
			respBody: `{"id":"key_2","key":"hive_sk_rot","previous_key":{"id":"key/1"}}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RotateKey(ctx, "key/1", RotateKeyRequest{GracePeriodSeconds: &grace})
			},
			wantMethod: "POST", wantPath: "/v1/api-keys/key%2F1/rotate", wantBody: `{"grace_period_seconds":3600}`,
			want: &CreatedAPIKey{APIKey: APIKey{ID: "key_2"}, Key: "hive_sk_rot", PreviousKey: &APIKey{ID: "key/1"}},
		},
		{
			name: "revoke deletes and decodes the revoked key", status: 200,
			respBody: `{"id":"key_1","status":"revoked"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.RevokeKey(ctx, "key_1")
			},
			wantMethod: "DELETE", wantPath: "/v1/api-keys/key_1",
			want: &APIKey{ID: "key_1", Status: "revoked"},
		},
		{
			name: "update key patches only the set fields", status: 200,
			respBody: `{"id":"key_1","name":"renamed"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				name := "renamed"
				return c.UpdateKey(ctx, "key_1", UpdateKeyRequest{Name: &name})
			},
			wantMethod: "PATCH", wantPath: "/v1/api-keys/key_1", wantBody: `{"name":"renamed"}`,
			want: &APIKey{ID: "key_1", Name: "renamed"},
		},
		{
			name: "create service account leaves out an empty description", status: 201,
			respBody: `{"id":"sa_1","name":"etl"}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateServiceAccount(ctx, "etl", "")
			},
			wantMethod: "POST", wantPath: "/v1/service-accounts", wantBody: `{"name":"etl"}`,
			want: &ServiceAccount{ID: "sa_1", Name: "etl"},
		},
		{
			name: "delete service account accepts 204", status: 204,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.DeleteServiceAccount(ctx, "sa_1")
			},
			wantMethod: "DELETE", wantPath: "/v1/service-accounts/sa_1",
		},
		{
			name: "permissions decodes the catalogue", status: 200,
			respBody: `{"permissions":[{"scope":"surveys:read","group":"open_api"}],"presets":[{"name":"read_only","permissions":["surveys:read"]}]}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Permissions(ctx)
			},
			wantMethod: "GET", wantPath: "/v1/permissions",
			want: &Permissions{
				Permissions: []Permission{{Scope: "surveys:read", Group: "open_api"}},
				Presets:     []Preset{{Name: "read_only", Permissions: []string{"surveys:read"}}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, rec, _ := newTestClient(t, []response{{status: tt.status, body: tt.respBody}})
			got, err := tt.call(t.Context(), c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			r := rec.requests[0]
			if diff := cmp.Diff([]string{tt.wantMethod, tt.wantPath, tt.wantBody}, []string{r.method, r.path, r.body}); diff != "" {
				t.Errorf("request mismatch (-want +got):\n%s", diff)
			}
			if tt.wantBody != "" && r.header.Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", r.header.Get("Content-Type"))
			}
			if tt.want != nil {
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("response mismatch (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestMalformedSuccessBody(t *testing.T) {
	c, rec, _ := newTestClient(t, []response{{status: 200, body: `{"valid":x}`}})
	_, err := c.Verify(t.Context())
	if err == nil || !strings.Contains(err.Error(), "decode 200 response") {
		t.Errorf("error = %v, want a decode error", err)
	}
	if got := rec.count(); got != 1 {
		t.Errorf("server saw %d requests, want 1: a bad body is not retried", got)
	}
	var syntax *json.SyntaxError
	if !errors.As(err, &syntax) {
		t.Errorf("error = %v, want it to wrap the *json.SyntaxError", err)
	}
}
