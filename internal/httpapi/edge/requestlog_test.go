package edge

import (
	"bytes"
	"context"
	"log/slog"
	"net/netip"
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
