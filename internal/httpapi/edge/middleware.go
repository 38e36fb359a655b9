package edge

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/ratelimit"
)

// HandlerFunc is an endpoint that returns its error instead of writing it.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// reqInfo collects what the access log reports about a request as the
// handlers learn it.
type reqInfo struct {
	tenantID  string
	keyID     string
	userID    string
	rateLimit ratelimit.Result // set once the request is counted
	errCode   string           // of an error response
	reason    string           // details.reason of an error response
	// secretBody is set by DeclareSecrets: the response holds the one-time
	// secrets listed in secrets, which the API log must not keep.
	secretBody bool
	secrets    []string
	badInput   *hive.Error // the request body held a NUL or invalid UTF-8
	authVia    string      // "query" when the key came as ?api_key=
	// ctx is the request's context, whose principal serveAs sets in place;
	// nil for a handler run without accessLog.
	ctx *hive.RequestContext
	// rateLimitValues holds the values of the rate-limit headers.
	rateLimitValues [5]string
	record          hive.RequestRecord // what observe reports
}

// reqContext is the context accessLog gives a request: the caller's
// address and principal (hive.RequestContext) and the log fields, in the
// one allocation that holds the request's state.
type reqContext struct {
	hive.RequestContext
	info *reqInfo
}

func (c *reqContext) Value(key any) any {
	if _, ok := key.(reqInfoKey); ok {
		return c.info
	}
	return c.RequestContext.Value(key)
}

// DeclareSecrets is how a handler whose response holds a one-time secret
// (an API key on create or rotate, a personal key, a webhook signing
// secret, the Door API token) says so, before it writes. The API log then
// keeps the body with each declared value blanked, or no body if a value is
// too short to blank safely, and the response is marked not to be cached.
// Finding keys by their prefix (apikey.RedactSecrets) is only the second net
// behind this declaration.
func DeclareSecrets(w http.ResponseWriter, r *http.Request, secrets ...string) {
	w.Header().Set("Cache-Control", "no-store")
	info := infoFrom(r.Context())
	info.secretBody = true
	info.secrets = append(info.secrets, secrets...)
}

// noteError records what the API log reports about an error response: its
// code, its reason and, for a refused key, which key it was.
func noteError(r *http.Request, err error) {
	info := infoFrom(r.Context())
	info.errCode = hive.ErrorCode(err)
	info.reason, _ = hive.ErrorDetails(err)["reason"].(string)
	var ref *hive.KeyRef
	if info.keyID == "" && errors.As(err, &ref) {
		info.tenantID, info.keyID = ref.TenantID, ref.KeyID
	}
}

type reqInfoKey struct{}

func infoFrom(ctx context.Context) *reqInfo {
	i, _ := ctx.Value(reqInfoKey{}).(*reqInfo)
	if i == nil {
		return &reqInfo{}
	}
	return i
}

// SecurityHeaders sets the headers every response of the server carries,
// whoever writes it (the API, the Door API, the console, the docs, an error
// or a 404, /metrics): X-Content-Type-Options: nosniff, so no browser reads
// a JSON body, a CSV export or a stored log body as HTML or script. The
// composition root puts it outermost; pages add their own CSP and frame
// denial.
func SecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["X-Content-Type-Options"] = nosniff
		next.ServeHTTP(w, r)
	})
}

// nosniff is the value of X-Content-Type-Options, shared as contentTypeJSON
// is: net/http only reads header values.
var nosniff = []string{"nosniff"}

// RequestID gives every request an id, echoed in X-Request-Id. A caller's own
// id is kept if it is short and printable. Generated ids are a random
// per-process prefix and a counter: unique without a random read per request.
func (s *Edge) RequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := headerValue(r.Header, "X-Request-Id")
		if id == "" || len(id) > 128 || strings.ContainsFunc(id, func(c rune) bool { return c < 0x21 || c > 0x7e }) {
			w.Header()["X-Request-Id"] = s.nextRequestID()
		} else {
			w.Header()["X-Request-Id"] = []string{id}
		}
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status and size of a response and, when the
// API has observers, the start of its body.
type statusWriter struct {
	http.ResponseWriter
	status    int
	bytes     int
	capture   bool
	body      []byte
	truncated bool
	pooled    *[]byte // where body came from, to put it back without an allocation
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	if w.capture {
		room := hive.MaxLoggedBody - len(w.body)
		if n > room {
			w.truncated = true
		}
		w.body = append(w.body, b[:min(n, max(room, 0))]...)
	}
	return n, err
}

// Flush lets streaming handlers push what they wrote.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// AccessLog stores the caller's address and the request's log fields in the
// context, then writes one record per request to the process log and reports
// it to the API's observers (the API log, usage, alerts, metrics). The
// process log never holds headers or query strings; the observers get the
// query with secrets redacted. A handler that panics is answered 500 in the
// error envelope here, inside the logging, so the failure is logged,
// counted and kept in the API log like any other.
func (s *Edge) AccessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		// One allocation holds both, as they live exactly as long.
		state := &struct {
			info reqInfo
			sw   statusWriter
			ctx  reqContext
		}{sw: statusWriter{ResponseWriter: w, capture: len(s.observers) > 0}}
		info, sw := &state.info, &state.sw
		state.ctx = reqContext{RequestContext: hive.RequestContext{Context: r.Context(), ClientIP: s.trusted.Client(r)}, info: info}
		info.ctx = &state.ctx.RequestContext
		if sw.capture {
			if buf, ok := bodyPool.Get().(*[]byte); ok {
				sw.body, sw.pooled = (*buf)[:0], buf
			}
		}
		r = r.WithContext(&state.ctx)
		defer func() {
			v := recover()
			if v != nil && v != http.ErrAbortHandler && sw.status == 0 {
				s.WriteError(sw, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
				v = nil
			} else if v != nil && v != http.ErrAbortHandler {
				// Part of the response is out: log the panic, and abort the
				// connection so the client sees the body is cut short.
				s.log.ErrorContext(r.Context(), "request failed after writing", "err", fmt.Errorf("panic: %v\n%s", v, debug.Stack()),
					"method", r.Method, "path", LoggedPath(r.URL.Path), "request_id", w.Header().Get("X-Request-Id"))
				info.errCode = hive.EINTERNAL
				v = http.ErrAbortHandler
			}
			s.observe(w, sw, r, info, start)
			if v != nil {
				panic(v)
			}
		}()
		next.ServeHTTP(sw, r)
	})
}

// observe writes the process log's line for a finished request and reports
// its record to the observers.
func (s *Edge) observe(w http.ResponseWriter, sw *statusWriter, r *http.Request, info *reqInfo, start time.Time) {
	latency := time.Since(start)
	path := LoggedPath(r.URL.Path)
	if sw.status == 0 {
		sw.status = http.StatusOK
	}
	reqID := apikey.RedactSecretsString(headerValue(w.Header(), "X-Request-Id"))
	if s.requestLog != nil {
		if s.log.Enabled(r.Context(), slog.LevelInfo) {
			s.writeRequestLine(&requestLine{at: start.Add(latency), requestID: reqID, method: r.Method, path: path, status: sw.status,
				bytes: sw.bytes, duration: latency, tenantID: info.tenantID, keyID: info.keyID, ip: hive.ClientIP(r.Context())})
		}
	} else {
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", reqID),
			slog.String("method", r.Method),
			slog.String("path", path),
			slog.Int("status", sw.status),
			slog.Int("bytes", sw.bytes),
			slog.Duration("duration", latency),
			slog.String("tenant_id", info.tenantID),
			slog.String("key_id", info.keyID),
			slog.String("ip", hive.ClientIP(r.Context()).String()))
	}
	if !sw.capture {
		return
	}
	rec := &info.record // in the request's state: passed to the observers, it would escape
	*rec = hive.RequestRecord{
		Time:          start.UTC(),
		RequestID:     reqID,
		TenantID:      info.tenantID,
		KeyID:         info.keyID,
		UserID:        info.userID,
		Method:        r.Method,
		Route:         LoggedPath(r.Pattern),
		Path:          path,
		Query:         redactQuery(r.URL.RawQuery),
		Status:        sw.status,
		ErrorCode:     info.errCode,
		Reason:        info.reason,
		RateLimited:   info.errCode == hive.ERATELIMITED && info.rateLimit.Limit > 0 && !info.rateLimit.Allowed,
		AuthVia:       info.authVia,
		Latency:       latency,
		ClientIP:      hive.ClientIP(r.Context()),
		UserAgent:     apikey.RedactSecretsString(headerValue(r.Header, "User-Agent")),
		ResponseBytes: sw.bytes,
		ContentType:   headerValue(w.Header(), "Content-Type"),
		Body:          storedBody(sw.body, info),
		BodyTruncated: sw.truncated,
	}
	for _, o := range s.observers {
		o.ObserveRequest(rec)
	}
	if cap(sw.body) <= hive.MaxLoggedBody && sw.pooled != nil {
		*sw.pooled = sw.body[:0]
		bodyPool.Put(sw.pooled)
	}
}

// bodyPool recycles the buffers that hold response bodies for observers.
var bodyPool = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

// minDeclaredSecret is the shortest declared secret storedBody blanks; a
// shorter one could match ordinary text, so its body is not kept at all.
const minDeclaredSecret = 16

// storedBody is the response body as the API log keeps it: the secrets the
// handler declared blanked (or no body, if one cannot be blanked safely),
// then any API key the body still holds.
func storedBody(body []byte, info *reqInfo) []byte {
	if info.secretBody {
		for _, sec := range info.secrets {
			if len(sec) < minDeclaredSecret {
				return nil
			}
			body = bytes.ReplaceAll(body, []byte(sec), []byte(apikey.Redacted))
		}
	}
	return apikey.RedactSecrets(body)
}

// redactQuery returns the raw query with the values of parameters whose names
// look like credentials replaced, and any API key under any other name (or
// in a name) blanked, so API logs never store a secret someone put in a URL.
func redactQuery(raw string) string {
	if raw == "" {
		return ""
	}
	values, err := url.ParseQuery(raw)
	if err != nil {
		return "[unparseable query]"
	}
	changed := false
	out := make(url.Values, len(values))
	for name, vs := range values {
		clean := apikey.RedactSecretsString(name)
		for _, v := range vs {
			if isSecretParam(name) {
				v = apikey.Redacted
			} else {
				v = redactValue(v)
			}
			out[clean] = append(out[clean], v)
		}
		changed = changed || clean != name || isSecretParam(name) || !slices.Equal(out[clean], vs)
	}
	if !changed {
		return raw
	}
	return out.Encode()
}

// redactValue blanks API keys in a query value, and the whole value if it
// holds a key once more percent-decoded.
func redactValue(v string) string {
	v = apikey.RedactSecretsString(v)
	if u, err := url.PathUnescape(v); err == nil && u != v && apikey.RedactSecretsString(u) != u {
		return apikey.Redacted
	}
	return v
}

// isSecretParam reports whether a query parameter's name suggests it carries
// a credential.
func isSecretParam(name string) bool {
	n := strings.ToLower(name)
	for _, s := range []string{"key", "token", "secret", "password", "passwd", "signature", "auth", "credential", "session"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// LoggedPath is a request path as the logs keep it: any API key in it
// blanked, and the secret token of a Door API base URL, which names a tenant
// to anyone holding a door key, replaced by {token}.
func LoggedPath(p string) string {
	p = apikey.RedactSecretsString(p)
	tok, rest, ok := CutDoorToken(p)
	if !ok {
		return p
	}
	if tok == "" {
		return "/door/"
	}
	return "/door/{token}" + rest
}

// CutDoorToken splits a Door API path into its token and what follows it.
// The prefix is matched on the cleaned path, so "//door/..." or
// "/./door/..." (which the router redirects) do not slip the token through.
func CutDoorToken(p string) (token, rest string, ok bool) {
	if !strings.Contains(p, "/door") {
		// Cleaning keeps or drops whole elements: without "/door" in p,
		// its clean form cannot start with "/door/". Most paths are not
		// Door API paths, and this is on every request, several times.
		return "", "", false
	}
	after, ok := strings.CutPrefix(path.Clean(p), "/door/")
	if !ok {
		return "", "", false
	}
	if i := strings.IndexByte(after, '/'); i >= 0 {
		return after[:i], after[i:], true
	}
	return after, "", true
}

// headerValue returns the first value of h's header key, which must be in
// canonical form, as net/http gives the keys of the requests it reads.
// h.Get would canonicalise key again, on every call.
func headerValue(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// RateLimitResult is the rate-limit count of r's key, once the edge has
// counted the request.
func RateLimitResult(r *http.Request) ratelimit.Result { return infoFrom(r.Context()).rateLimit }
