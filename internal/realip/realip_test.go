package realip

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClient(t *testing.T) {
	proxies := Proxies{netip.MustParsePrefix("10.0.0.0/8")}
	for _, tc := range []struct {
		name, peer, xff, want string
	}{
		{"no proxy", "203.0.113.7:5000", "", "203.0.113.7"},
		{"spoofed header from an untrusted peer", "203.0.113.7:5000", "1.2.3.4", "203.0.113.7"},
		{"through one trusted proxy", "10.0.0.2:5000", "198.51.100.9", "198.51.100.9"},
		{"a client-sent hop before the real one is ignored", "10.0.0.2:5000", "1.2.3.4, 198.51.100.9", "198.51.100.9"},
		{"through two trusted proxies", "10.0.0.2:5000", "198.51.100.9, 10.0.0.3", "198.51.100.9"},
		{"garbage stops the walk", "10.0.0.2:5000", "nonsense", "10.0.0.2"},
		{"IPv4-mapped peer", "[::ffff:203.0.113.7]:5000", "", "203.0.113.7"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.peer
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		if got := proxies.Client(r); got != netip.MustParseAddr(tc.want) {
			t.Errorf("%s: client = %v, want %s", tc.name, got, tc.want)
		}
	}
}
