package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

const (
	defaultMaxRetries = 3
	defaultUserAgent  = "hive-go-client"
	defaultTimeout    = 60 * time.Second

	// maxErrorBody bounds how much of an error response is read, so a broken
	// proxy streaming a huge page cannot exhaust memory.
	maxErrorBody = 64 << 10
)

// Client calls the Hive API. It is safe for concurrent use.
type Client struct {
	baseURL    string
	apiKey     string
	userID     string
	tenant     string
	email      string
	password   string
	userAgent  string
	maxRetries int
	httpClient *http.Client

	// sleep waits d between attempts or until ctx is done; tests replace it
	// to record the delays instead of waiting.
	sleep func(ctx context.Context, d time.Duration) error
	// randN returns a number in [0, n) for backoff jitter.
	randN func(n int64) int64
}

// Option configures a Client.
type Option func(*Client)

// New returns a Client for the API at baseURL (such as
// "http://127.0.0.1:8080") that authenticates with apiKey as a bearer token.
// apiKey may be empty for a client that uses WithBasicAuth.
func New(baseURL, apiKey string, opts ...Option) *Client {
	c := &Client{
		baseURL:    strings.TrimRight(baseURL, "/"),
		apiKey:     apiKey,
		userAgent:  defaultUserAgent,
		maxRetries: defaultMaxRetries,
		httpClient: &http.Client{Timeout: defaultTimeout},
		sleep:      sleepContext,
		randN:      rand.Int64N,
	}
	for _, opt := range opts {
		opt(c)
	}
	return c
}

// WithHTTPClient makes the client send requests through hc instead of a
// default client with a 60-second timeout.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.httpClient = hc
		}
	}
}

// WithUserID sends id as X-Hive-User-Id, which every request made with a
// personal key (hive_pk_...) must carry.
func WithUserID(id string) Option { return func(c *Client) { c.userID = id } }

// WithTenant sends slug as X-Hive-Tenant. The API checks that it matches the
// key's tenant, and needs it to log in with WithBasicAuth.
func WithTenant(slug string) Option { return func(c *Client) { c.tenant = slug } }

// WithBasicAuth makes the client authenticate with a user's email and
// password instead of an API key. Only GeneratePersonalKey accepts it; pair
// it with WithTenant.
func WithBasicAuth(email, password string) Option {
	return func(c *Client) { c.email, c.password = email, password }
}

// WithMaxRetries sets how many times a failed request is retried (default 3).
// Zero or less turns retries off.
func WithMaxRetries(n int) Option { return func(c *Client) { c.maxRetries = max(n, 0) } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(c *Client) { c.userAgent = ua } }

// do sends one API call, retrying as the retry policy allows, and decodes a
// 2xx response into out when out is not nil. Any other status is a *Error.
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	// The body is encoded once so that every attempt sends the same bytes.
	payload, err := encodeBody(body)
	if err != nil {
		return fmt.Errorf("hive: %s %s: %w", method, path, err)
	}
	target := c.baseURL + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	for attempt := 0; ; attempt++ {
		res := c.attempt(ctx, method, target, payload, out)
		if attempt >= c.maxRetries || !c.retryable(ctx, method, res) {
			return res.err
		}
		if err := c.sleep(ctx, c.delay(attempt, res)); err != nil {
			return fmt.Errorf("hive: %s %s: %w; last attempt: %w", method, path, err, res.err)
		}
	}
}

// result is what one attempt produced, with what the retry policy needs.
type result struct {
	err        error
	status     int           // 0 when no response arrived
	retryAfter time.Duration // from the Retry-After header; -1 when absent
	network    bool          // the request failed before a response arrived
}

// attempt sends the request once and reads its response.
func (c *Client) attempt(ctx context.Context, method, target string, payload []byte, out any) result {
	req, err := c.newRequest(ctx, method, target, payload)
	if err != nil {
		return result{err: fmt.Errorf("hive: %w", err), retryAfter: -1}
	}
	resp, err := c.httpClient.Do(req)
	if err != nil {
		return result{err: fmt.Errorf("hive: %w", err), retryAfter: -1, network: true}
	}
	defer resp.Body.Close()
	res := result{status: resp.StatusCode, retryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		res.err = c.decodeError(resp)
		return res
	}
	res.err = decodeBody(resp, out)
	return res
}

// newRequest builds one attempt's request with the client's credentials.
func (c *Client) newRequest(ctx context.Context, method, target string, payload []byte) (*http.Request, error) {
	var body io.Reader
	if payload != nil {
		body = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	// A request carries one credential; basic auth, when configured, is the
	// identity the caller chose for this client.
	switch {
	case c.email != "" || c.password != "":
		req.SetBasicAuth(c.email, c.password)
	case c.apiKey != "":
		req.Header.Set("Authorization", "Bearer "+c.apiKey)
	}
	if c.userID != "" {
		req.Header.Set("X-Hive-User-Id", c.userID)
	}
	if c.tenant != "" {
		req.Header.Set("X-Hive-Tenant", c.tenant)
	}
	return req, nil
}

// encodeBody returns the JSON encoding of body, or nil for no body.
func encodeBody(body any) ([]byte, error) {
	if body == nil {
		return nil, nil
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encode request body: %w", err)
	}
	return b, nil
}

// decodeBody decodes a successful response into out, draining the rest so
// the connection can be reused.
func decodeBody(resp *http.Response, out any) error {
	defer io.Copy(io.Discard, resp.Body)
	if out == nil || resp.StatusCode == http.StatusNoContent {
		return nil
	}
	if raw, ok := out.(*rawBody); ok {
		raw.contentType = resp.Header.Get("Content-Type")
		var err error
		raw.body, err = io.ReadAll(resp.Body)
		return err
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("hive: %s %s: decode %d response: %w",
			resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, err)
	}
	return nil
}

// decodeError turns a non-2xx response into a *Error. A body that is not the
// API's JSON envelope, such as a proxy's HTML page, still yields a code and a
// message derived from the status.
func (c *Client) decodeError(resp *http.Response) *Error {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	io.Copy(io.Discard, resp.Body)
	e := &Error{StatusCode: resp.StatusCode, RequestID: resp.Header.Get("X-Request-Id")}
	var body ErrorBody
	if json.Unmarshal(raw, &body) == nil && (body.Error.Code != "" || body.Error.Message != "") {
		e.Code, e.Message, e.Details = body.Error.Code, body.Error.Message, body.Error.Details
	} else {
		// The Door API's envelope, {"success": false, "message": "..."}.
		var flat struct{ Message string }
		if json.Unmarshal(raw, &flat) == nil {
			e.Message = flat.Message
		}
	}
	if e.Code == "" {
		e.Code = codeForStatus(resp.StatusCode)
	}
	if e.Message == "" {
		e.Message = fallbackMessage(resp.StatusCode, raw)
	}
	e.Message = c.redact(e.Message)
	return e
}

// codeForStatus returns the API's error code for a status, for error
// responses that did not carry one.
func codeForStatus(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "invalid_request"
	case http.StatusUnauthorized:
		return "unauthorized"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusNotFound:
		return "not_found"
	case http.StatusConflict:
		return "conflict"
	case http.StatusTooManyRequests:
		return "rate_limited"
	}
	if status >= 500 {
		return "internal"
	}
	return "http_error"
}

// fallbackMessage is the status text, followed by the first line of a
// plain-text body; HTML, JSON and binary bodies are left out as noise.
func fallbackMessage(status int, raw []byte) string {
	msg := http.StatusText(status)
	if msg == "" {
		msg = fmt.Sprintf("HTTP %d", status)
	}
	text := strings.TrimSpace(string(raw))
	if text == "" || strings.ContainsAny(text[:1], "<{[") || !utf8.ValidString(text) {
		return msg
	}
	line, _, _ := strings.Cut(text, "\n")
	const maxLine = 200
	if len(line) > maxLine {
		line = strings.ToValidUTF8(line[:maxLine], "") + "…"
	}
	return msg + ": " + line
}

// redact removes the client's secrets from s. A server or proxy that echoes
// the request back must not put a key into logs through an error string.
func (c *Client) redact(s string) string {
	for _, secret := range []string{c.apiKey, c.password} {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}
