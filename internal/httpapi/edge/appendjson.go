package edge

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hive-platform/hive/api"
)

// The answer of GET /v1/auth/verify is the most frequent response of the
// API, so it is encoded by appending to a pooled buffer instead of by
// reflection. The bytes are the same as WriteJSON's (json.Encoder with
// SetEscapeHTML(false)): TestAppendVerificationMatchesEncodingJSON holds
// the two together.

// jsonBufPool recycles the buffers of appended responses.
var jsonBufPool = sync.Pool{New: func() any { b := make([]byte, 0, 1024); return &b }}

// ContentTypeJSON is the Content-Type of JSON responses, shared so setting
// it allocates nothing; net/http only reads header values.
var ContentTypeJSON = []string{"application/json; charset=utf-8"}

// WriteVerification writes v as WriteJSON would.
func WriteVerification(w http.ResponseWriter, status int, v *api.Verification) error {
	if t := v.ExpiresAt; t != nil && (t.Year() < 0 || t.Year() > 9999) {
		// WriteJSON fails on such a time before it writes a byte of the
		// body, whatever the other fields: given only a copy of the time, it
		// answers as it would for v, and v's contents never escape, so a
		// caller's response values can live on its stack.
		at := *t
		return WriteJSON(w, status, &api.Verification{ExpiresAt: &at})
	}
	bp := jsonBufPool.Get().(*[]byte)
	return writeAppended(w, status, bp, appendVerification((*bp)[:0], v))
}

// writeAppended writes the JSON body b, appended to the pooled buffer bp,
// and puts the buffer back unless b grew it too large to keep.
func writeAppended(w http.ResponseWriter, status int, bp *[]byte, b []byte) error {
	w.Header()["Content-Type"] = ContentTypeJSON
	w.WriteHeader(status)
	_, err := w.Write(b)
	if cap(b) <= 64<<10 {
		*bp = b[:0]
		jsonBufPool.Put(bp)
	}
	return err
}

// appendVerification appends v as JSON and a newline.
func appendVerification(b []byte, v *api.Verification) []byte {
	return appendRateLimit(appendVerificationHead(b, v), v.RateLimit)
}

// appendVerificationHead appends v as JSON up to the value of its
// rate_limit field.
func appendVerificationHead(b []byte, v *api.Verification) []byte {
	b = append(b, `{"valid":`...)
	b = strconv.AppendBool(b, v.Valid)
	b = append(b, `,"key_id":`...)
	b = appendJSONString(b, v.KeyID)
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, v.Kind)
	b = append(b, `,"tenant_slug":`...)
	b = appendJSONString(b, v.TenantSlug)
	b = append(b, `,"service_account_id":`...)
	b = appendOptString(b, v.ServiceAccountID)
	b = append(b, `,"user_id":`...)
	b = appendOptString(b, v.UserID)
	b = append(b, `,"permissions":`...)
	b = appendStrings(b, v.Permissions)
	b = append(b, `,"resources":{"surveys":`...)
	b = appendStrings(b, v.Resources.Surveys)
	b = append(b, `,"doors":`...)
	b = appendStrings(b, v.Resources.Doors)
	b = append(b, `},"expires_at":`...)
	b = appendTime(b, v.ExpiresAt)
	return append(b, `,"rate_limit":`...)
}

// appendRateLimit appends the rate_limit object of a verify answer and
// what closes the answer.
func appendRateLimit(b []byte, rl api.RateLimit) []byte {
	b = append(b, `{"limit":`...)
	b = strconv.AppendInt(b, int64(rl.Limit), 10)
	b = append(b, `,"remaining":`...)
	b = strconv.AppendInt(b, int64(rl.Remaining), 10)
	b = append(b, `,"reset":`...)
	b = strconv.AppendInt(b, rl.Reset, 10)
	return append(b, "}}\n"...)
}

// appendJSONString appends s as a JSON string. Printable ASCII other than
// the quote and the backslash is copied; anything else takes
// encoding/json's escaping, so the result is always the same as its.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			// A copy goes to the encoder, so s never escapes: the
			// response's values can stay on the caller's stack.
			return appendMarshalled(b, strings.Clone(s))
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendOptString(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendJSONString(b, *s)
}

func appendStrings(b []byte, list []string) []byte {
	if list == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// appendTime appends t as time.Time.MarshalJSON does for the years 0 to
// 9999, the only ones it encodes: RFC 3339 with nanoseconds.
func appendTime(b []byte, t *time.Time) []byte {
	if t == nil {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// appendMarshalled appends v as encoding/json writes it without HTML
// escaping, or null if it cannot be encoded.
func appendMarshalled(b []byte, v any) []byte {
	var buf jsonAppender
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return append(b, "null"...)
	}
	return append(b, buf[:len(buf)-1]...) // without Encode's newline
}

// jsonAppender is an io.Writer onto a byte slice.
type jsonAppender []byte

func (a *jsonAppender) Write(p []byte) (int, error) {
	*a = append(*a, p...)
	return len(p), nil
}
