package sqlite

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/usage"
)

func TestPackedFieldsRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 123456000, time.UTC)
	want := usage.Entry{Time: at, UserID: "usr_1", Method: "GET", Path: "/v1/x", Query: "a=1&b=%00",
		ErrorCode: "rate_limited", Reason: "", RateLimited: true, Latency: 1234 * time.Microsecond,
		ClientIP: "2001:db8::1", UserAgent: "ua\x00with\nodd bytes", RequestID: "req_1", ResponseBytes: 70000,
		ContentType: "application/json", BodyTruncated: true, AuthVia: "query", SuppressedCount: 3}
	var got usage.Entry
	if err := unpackFields(&got, appendFields(nil, &want)); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("unpacked entry (-want +got):\n%s", d)
	}
}

func TestDamagedPackedFieldsAreAnError(t *testing.T) {
	b := appendFields(nil, &usage.Entry{Time: time.Now(), UserAgent: "bi-tool/1.0", RequestID: "req_1"})
	for name, bad := range map[string][]byte{
		"empty":           nil,
		"unknown version": append([]byte{9}, b[1:]...),
		"cut short":       b[:len(b)-1],
		"trailing bytes":  append(append([]byte(nil), b...), 0),
	} {
		var e usage.Entry
		if err := unpackFields(&e, bad); err == nil {
			t.Errorf("%s: unpacked without an error: %+v", name, e)
		}
	}
}
