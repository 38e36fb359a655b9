package httpapi

import (
	"bytes"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
)

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
