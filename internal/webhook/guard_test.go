package webhook

import (
	"net/netip"
	"testing"
)

func TestPolicyRefusesNonPublicAddresses(t *testing.T) {
	var p addressPolicy
	for _, a := range []string{
		"127.0.0.1", "127.1.2.3", "::1", "0.0.0.0", "::", "10.0.0.1", "172.16.5.4", "172.31.255.255", "192.168.1.1",
		"100.64.0.1", "100.127.255.254", "169.254.169.254", "169.254.0.1", "fe80::1", "fe80::1%eth0", "fc00::1", "fd12:3456::1",
		"224.0.0.1", "239.255.255.250", "ff02::1", "255.255.255.255", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
		"::ffff:10.0.0.1", "::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "198.18.0.1",
	} {
		if p.permits(netip.MustParseAddr(a)) {
			t.Errorf("%s is permitted, want refused", a)
		}
	}
	for _, a := range []string{"8.8.8.8", "1.1.1.1", "100.128.0.1", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"} {
		if !p.permits(netip.MustParseAddr(a)) {
			t.Errorf("%s is refused, want permitted", a)
		}
	}
	allowed := addressPolicy{allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.1.0.0/16")}}
	for _, a := range []string{"127.0.0.1", "::ffff:127.0.0.1", "10.1.2.3"} {
		if !allowed.permits(netip.MustParseAddr(a)) {
			t.Errorf("%s is refused although allowed", a)
		}
	}
	for _, a := range []string{"10.2.0.1", "169.254.169.254", "::1"} {
		if allowed.permits(netip.MustParseAddr(a)) {
			t.Errorf("%s is permitted, but only 127.0.0.0/8 and 10.1.0.0/16 are allowed", a)
		}
	}
}
