package httpapi

import (
	"bytes"
	"context"
	"log/slog"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// TestRequestLineMatchesTextHandler checks that the request line written
// straight to Config.RequestLog is byte for byte what slog.TextHandler
// writes for the same record, strings that need quoting included.
func TestRequestLineMatchesTextHandler(t *testing.T) {
	at := time.Date(2026, 12, 2, 15, 4, 5, 987654321, time.FixedZone("X", 3600))
	for _, l := range []requestLine{
		{at: at, requestID: "req_abc_1", method: "GET", path: "/v1/auth/verify", status: 200, bytes: 431,
			duration: 123456 * time.Nanosecond, tenantID: "ten_1", keyID: "key_2", ip: netip.MustParseAddr("127.0.0.1")},
		{at: at.Add(-987654321), requestID: "a b", method: "PO=ST", path: "/v1/\"quoted\"\t\x00é", status: 401,
			duration: 0, ip: netip.MustParseAddr("fe80::1%eth0")},
		{at: time.Date(2026, 1, 1, 0, 0, 0, 999999999, time.UTC), requestID: "ünïcode\u00a0nbsp", method: "\xff", path: "/door/{token}",
			status: 500, bytes: 1 << 40, duration: 90 * time.Second, tenantID: "back\\slash", keyID: "\u200b", ip: netip.Addr{}},
		{at: at, requestID: "x\x7f", path: "emoji🐝", ip: netip.MustParseAddr("::ffff:10.0.0.1")},
	} {
		var want bytes.Buffer
		rec := slog.NewRecord(l.at, slog.LevelInfo, "request", 0)
		rec.AddAttrs(slog.String("request_id", l.requestID), slog.String("method", l.method), slog.String("path", l.path),
			slog.Int("status", l.status), slog.Int("bytes", l.bytes), slog.Duration("duration", l.duration),
			slog.String("tenant_id", l.tenantID), slog.String("key_id", l.keyID), slog.String("ip", l.ip.String()))
		if err := slog.NewTextHandler(&want, nil).Handle(context.Background(), rec); err != nil {
			t.Fatal(err)
		}
		if got := appendRequestLine(nil, &l); string(got) != want.String() {
			t.Errorf("request line\n got %q\nwant %q", got, want.String())
		}
	}
}

// TestRequestLogGetsEveryLineTheLoggerWouldLog checks that with
// Config.RequestLog each request's line goes to that writer, and none
// when the logger leaves INFO out.
func TestRequestLogGetsEveryLineTheLoggerWouldLog(t *testing.T) {
	for _, level := range []slog.Level{slog.LevelInfo, slog.LevelWarn} {
		var lines, logged bytes.Buffer
		s := New(Config{Logger: slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: level})), RequestLog: &lines})
		r := httptest.NewRequest("GET", "/v1/auth/verify", nil)
		r.Header.Set("X-Request-Id", "req-1")
		s.ServeHTTP(httptest.NewRecorder(), r)
		want := ""
		if level == slog.LevelInfo {
			want = " level=INFO msg=request request_id=req-1 method=GET path=/v1/auth/verify status=401 "
		}
		if got := lines.String(); !strings.Contains(got, want) || want == "" && got != "" || strings.Count(got, "\n") != min(len(want), 1) {
			t.Errorf("at %v, request log = %q, want one line holding %q", level, got, want)
		}
		if strings.Contains(logged.String(), "msg=request") {
			t.Errorf("at %v, the logger got the request line too: %q", level, logged.String())
		}
	}
}
