package httpapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/ratelimit"
)

// handlerFunc is an endpoint that returns its error instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// reqInfo collects what the access log reports about a request as the
// handlers learn it.
type reqInfo struct {
	tenantID  string
	keyID     string
	userID    string
	rateLimit ratelimit.Result // set once the request is counted
	errCode   string           // of an error response
	reason    string           // details.reason of an error response
	secrets   []string         // values in the response body the API log must not keep
	badInput  *hive.Error      // the request body held a NUL or invalid UTF-8
}

// markSecret asks the API log to blank secret wherever the response body
// holds it. Keys are found without this; it is for other secrets, such as
// the Door API token in a base URL.
func markSecret(r *http.Request, secret string) {
	if secret != "" {
		info := infoFrom(r.Context())
		info.secrets = append(info.secrets, secret)
	}
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

// recoverPanics turns a panic into a 500 so one bad request cannot take the
// process down.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil && v != http.ErrAbortHandler {
				s.writeError(w, r, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// requestID gives every request an id, echoed in X-Request-Id. A caller's own
// id is kept if it is short and printable. Generated ids are a random
// per-process prefix and a counter: unique without a random read per request.
func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if id == "" || len(id) > 128 || strings.ContainsFunc(id, func(c rune) bool { return c < 0x21 || c > 0x7e }) {
			id = s.newRequestID()
		}
		w.Header()["X-Request-Id"] = []string{id}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) newRequestID() string {
	var buf [48]byte
	b := append(append(buf[:0], "req_"...), s.idPrefix...)
	return string(strconv.AppendUint(b, s.idSeq.Add(1), 36))
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

// accessLog stores the caller's address and the request's log fields in the
// context, then writes one record per request to the process log and reports
// it to the API's observers (the API log, usage, alerts, metrics). The
// process log never holds headers or query strings; the observers get the
// query with secrets redacted.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &reqInfo{}
		sw := &statusWriter{ResponseWriter: w, capture: len(s.observers) > 0}
		if sw.capture {
			if buf, ok := bodyPool.Get().(*[]byte); ok {
				sw.body = (*buf)[:0]
			}
		}
		ctx := context.WithValue(hive.WithClientIP(r.Context(), s.trusted.Client(r)), reqInfoKey{}, info)
		r = r.WithContext(ctx)
		next.ServeHTTP(sw, r)
		latency := time.Since(start)
		path := loggedPath(r.URL.Path)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("request_id", w.Header().Get("X-Request-Id")),
			slog.String("method", r.Method),
			slog.String("path", path),
			slog.Int("status", sw.status),
			slog.Int("bytes", sw.bytes),
			slog.Duration("duration", latency),
			slog.String("tenant_id", info.tenantID),
			slog.String("key_id", info.keyID),
			slog.String("ip", hive.ClientIP(r.Context()).String()))
		if !sw.capture {
			return
		}
		rec := hive.RequestRecord{
			Time:          start.UTC(),
			RequestID:     w.Header().Get("X-Request-Id"),
			TenantID:      info.tenantID,
			KeyID:         info.keyID,
			UserID:        info.userID,
			Method:        r.Method,
			Route:         loggedPath(r.Pattern),
			Path:          path,
			Query:         redactQuery(r.URL.RawQuery),
			Status:        sw.status,
			ErrorCode:     info.errCode,
			Reason:        info.reason,
			RateLimited:   info.errCode == hive.ERATELIMITED && info.rateLimit.Limit > 0 && !info.rateLimit.Allowed,
			Latency:       latency,
			ClientIP:      hive.ClientIP(r.Context()),
			UserAgent:     r.UserAgent(),
			ResponseBytes: sw.bytes,
			ContentType:   w.Header().Get("Content-Type"),
			Body:          redactBody(sw.body, info.secrets),
			BodyTruncated: sw.truncated,
		}
		for _, o := range s.observers {
			o.ObserveRequest(&rec)
		}
		if cap(sw.body) <= hive.MaxLoggedBody {
			buf := sw.body[:0]
			bodyPool.Put(&buf)
		}
	})
}

// bodyPool recycles the buffers that hold response bodies for observers.
var bodyPool = sync.Pool{New: func() any { b := make([]byte, 0, 4<<10); return &b }}

// redactBody blanks API-key secrets and the given secrets in body, so the
// create, rotate and personal-key responses can be logged without the one
// copy of the secret the caller was meant to get.
func redactBody(body []byte, secrets []string) []byte {
	for _, sec := range secrets {
		body = bytes.ReplaceAll(body, []byte(sec), []byte(redacted))
	}
	for _, prefix := range [...]string{"hive_sk_", "hive_pk_"} {
		for from := 0; ; {
			i := bytes.Index(body[from:], []byte(prefix))
			if i < 0 {
				break
			}
			start := from + i + len(prefix)
			end := start
			for end < len(body) && isBase62(body[end]) {
				end++
			}
			if end-start >= 16 {
				body = append(body[:start], append([]byte(redacted), body[end:]...)...)
				end = start + len(redacted)
			}
			from = end
		}
	}
	return body
}

const redacted = "[REDACTED]"

func isBase62(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// redactQuery returns the raw query with the values of parameters whose names
// look like credentials replaced, so API logs never store a secret someone
// put in a URL.
func redactQuery(raw string) string {
	if raw == "" {
		return ""
	}
	values, err := url.ParseQuery(raw)
	if err != nil {
		return "[unparseable query]"
	}
	changed := false
	for name, vs := range values {
		if isSecretParam(name) {
			for i := range vs {
				vs[i] = redacted
			}
			changed = true
		}
	}
	if !changed {
		return raw
	}
	return values.Encode()
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

// loggedPath hides the secret token of a Door API base URL, which names a
// tenant to anyone holding a door key.
func loggedPath(path string) string {
	rest, ok := strings.CutPrefix(path, "/door/")
	if !ok {
		return path
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		return "/door/{token}" + rest[i:]
	}
	return "/door/{token}"
}
