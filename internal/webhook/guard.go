package webhook

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"syscall"
)

// refusedNetworks are the addresses a delivery never connects to unless the
// operator allows them (Config.AllowNetworks): this host, private and
// link-local networks (where cloud metadata services listen), shared
// carrier-grade NAT, multicast, and reserved or translated ranges that can
// embed one of those. IPv4-mapped IPv6 addresses are checked as the IPv4
// address they map.
var refusedNetworks = prefixes(
	"0.0.0.0/8",                                     // "this network", the unspecified address
	"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", // private (RFC 1918)
	"100.64.0.0/10",                                     // carrier-grade NAT (RFC 6598)
	"127.0.0.0/8",                                       // loopback
	"169.254.0.0/16",                                    // link-local, with cloud metadata at 169.254.169.254
	"192.0.0.0/24",                                      // IETF protocol assignments
	"192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", // documentation
	"198.18.0.0/15",                  // benchmarking
	"224.0.0.0/4",                    // multicast
	"240.0.0.0/4",                    // reserved, and the broadcast address
	"::/96",                          // unspecified, loopback and IPv4-compatible addresses
	"64:ff9b::/96", "64:ff9b:1::/48", // NAT64, which can embed any IPv4 address
	"100::/64",      // discard
	"2001::/32",     // Teredo, which embeds an IPv4 address
	"2001:db8::/32", // documentation
	"2002::/16",     // 6to4, which embeds an IPv4 address
	"fc00::/7",      // unique local
	"fe80::/10",     // link-local
	"fec0::/10",     // site-local (deprecated)
	"ff00::/8",      // multicast
)

func prefixes(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

// addressPolicy decides which addresses deliveries may reach: any public
// address, and the ranges the operator allowed.
type addressPolicy struct {
	allow []netip.Prefix
}

// permits reports whether a delivery may connect to addr.
func (p addressPolicy) permits(addr netip.Addr) bool {
	addr = addr.WithZone("").Unmap()
	if !addr.IsValid() {
		return false
	}
	for _, a := range p.allow {
		if a.Contains(addr) {
			return true
		}
	}
	for _, r := range refusedNetworks {
		if r.Contains(addr) {
			return false
		}
	}
	return true
}

// RefusedAddressError is the error of a connection the policy refused. It
// goes to the operator's log; tenants see a generic failure.
type RefusedAddressError struct {
	Addr netip.Addr
}

func (e *RefusedAddressError) Error() string {
	return fmt.Sprintf("webhook: %s is not a public address; deliveries there are refused unless HIVE_WEBHOOK_ALLOW_CIDRS allows it", e.Addr)
}

// control is the dialer's hook, run after name resolution for every address
// a connection is attempted to, so a name that resolves to a refused address
// (or is rebound to one after the endpoint was registered) is refused too.
func (p addressPolicy) control(_ context.Context, network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("webhook: refusing to connect to %q over %s: not an IP address", address, network)
	}
	if !p.permits(ap.Addr()) {
		return &RefusedAddressError{Addr: ap.Addr().WithZone("")}
	}
	return nil
}

// checkHost refuses, when an endpoint is registered, a URL whose host is an
// address (or a name reserved for this host) that deliveries could never
// reach. Other names are resolved, and checked, at each delivery.
func (p addressPolicy) checkHost(host string) error {
	addrs := hostAddrs(host)
	if len(addrs) > 0 && !slices.ContainsFunc(addrs, p.permits) {
		return fmt.Errorf("%s is not a public address: webhooks cannot reach this host, private or link-local networks or metadata services", host)
	}
	return nil
}

// allowsPlainHTTP reports whether host is an address (or localhost) in a
// range the operator allowed, the only place plain http is accepted.
func (p addressPolicy) allowsPlainHTTP(host string) bool {
	return slices.ContainsFunc(hostAddrs(host), func(a netip.Addr) bool {
		return slices.ContainsFunc(p.allow, func(al netip.Prefix) bool { return al.Contains(a.WithZone("").Unmap()) })
	})
}

// hostAddrs returns the addresses a URL's host names without a lookup: the
// address itself, or both loopback addresses for localhost and names under
// .localhost (RFC 6761). It returns nil for other names.
func hostAddrs(host string) []netip.Addr {
	h := strings.ToLower(strings.TrimSuffix(host, "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.IPv6Loopback()}
	}
	if a, err := netip.ParseAddr(h); err == nil {
		return []netip.Addr{a}
	}
	return nil
}
