package edge

import (
	"net/netip"
	"strconv"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// The process log's line for every request is the most frequent log record
// by far. Through slog it costs a record of nine attributes and the text
// handler's generic formatting; when Config.RequestLog is set, the line is
// appended to a pooled buffer and written in one call, in the very bytes
// slog.TextHandler writes (TestRequestLineMatchesTextHandler holds the two
// together), so a reader of the log cannot tell which path wrote it.

// requestLine is what the process log reports about a finished request.
type requestLine struct {
	at              time.Time
	requestID       string
	method, path    string
	status, bytes   int
	duration        time.Duration
	tenantID, keyID string
	ip              netip.Addr
}

var lineBufPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// writeRequestLine writes l to s.requestLog.
func (s *Edge) writeRequestLine(l *requestLine) {
	bp := lineBufPool.Get().(*[]byte)
	b := appendRequestLine((*bp)[:0], l)
	s.requestLog.Write(b)
	if cap(b) <= 64<<10 {
		*bp = b[:0]
		lineBufPool.Put(bp)
	}
}

// appendRequestLine appends l as slog.TextHandler writes an INFO record
// "request" with these attributes.
func appendRequestLine(b []byte, l *requestLine) []byte {
	b = append(b, "time="...)
	b = appendRFC3339Millis(b, l.at)
	b = append(b, " level=INFO msg=request request_id="...)
	b = appendLogString(b, l.requestID)
	b = append(b, " method="...)
	b = appendLogString(b, l.method)
	b = append(b, " path="...)
	b = appendLogString(b, l.path)
	b = append(b, " status="...)
	b = strconv.AppendInt(b, int64(l.status), 10)
	b = append(b, " bytes="...)
	b = strconv.AppendInt(b, int64(l.bytes), 10)
	b = append(b, " duration="...)
	b = append(b, l.duration.String()...)
	b = append(b, " tenant_id="...)
	b = appendLogString(b, l.tenantID)
	b = append(b, " key_id="...)
	b = appendLogString(b, l.keyID)
	b = append(b, " ip="...)
	if l.ip.IsValid() {
		b = l.ip.AppendTo(b) // digits, dots, colons, hex and a zone: never quoted
	} else {
		b = appendLogString(b, l.ip.String())
	}
	return append(b, '\n')
}

// appendRFC3339Millis appends t as slog's handlers do: RFC 3339 with
// exactly three digits of milliseconds.
func appendRFC3339Millis(b []byte, t time.Time) []byte {
	const prefixLen = len("2006-01-02T15:04:05.000")
	n := len(b)
	t = t.Truncate(time.Millisecond).Add(time.Millisecond / 10)
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b[:n+prefixLen], b[n+prefixLen+1:]...)
}

// appendLogString appends s as slog.TextHandler does: as it is, or quoted
// when it is empty or holds a space, '=', '"', a control character or a
// rune that does not print.
func appendLogString(b []byte, s string) []byte {
	if needsLogQuoting(s) {
		return strconv.AppendQuote(b, s)
	}
	return append(b, s...)
}

func needsLogQuoting(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == ' ' || c == '=' || c == '"' {
				return true
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return true
		}
		i += size
	}
	return false
}
