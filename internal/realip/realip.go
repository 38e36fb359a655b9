// Package realip finds the address of the client behind a request, for
// both the API and the console: X-Forwarded-For is believed only from
// trusted proxies, so a client cannot spoof its way past an IP allowlist,
// a lockout or a rate limit.
package realip

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies are the address ranges whose forwarding headers are believed.
type Proxies []netip.Prefix

// Trusts reports whether ip is one of the proxies.
func (p Proxies) Trusts(ip netip.Addr) bool {
	for _, prefix := range p {
		if prefix.Contains(ip) {
			return true
		}
	}
	return false
}

// Client returns the address of the client behind r: the peer, or, when
// the peer is a trusted proxy, the X-Forwarded-For hops read right to left
// up to the first address that is not a trusted proxy.
func (p Proxies) Client(r *http.Request) netip.Addr {
	ip := Peer(r)
	if len(p) == 0 || !p.Trusts(ip) {
		return ip
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if ip = hop.Unmap(); !p.Trusts(ip) {
			break
		}
	}
	return ip
}

// Peer returns the address of the connection's other end.
func Peer(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, _ := netip.ParseAddr(host)
	return ip.Unmap()
}
