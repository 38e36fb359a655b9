package hive

import (
	"context"
	"net/netip"
	"testing"
)

// TestRequestContextAnswersLikeWithValues checks that a RequestContext's
// fields read as WithClientIP and WithPrincipal values do, that a
// principal set later is seen through contexts derived before, and that
// values set on a derived context win.
func TestRequestContextAnswersLikeWithValues(t *testing.T) {
	type other struct{}
	parent := context.WithValue(context.Background(), other{}, "kept")
	ip := netip.MustParseAddr("192.0.2.7")
	rc := &RequestContext{Context: parent, ClientIP: ip}
	derived := context.WithValue(rc, other{}, "derived")
	if got := ClientIP(derived); got != ip {
		t.Errorf("ClientIP = %v, want %v", got, ip)
	}
	if p := PrincipalFrom(derived); p != nil {
		t.Errorf("PrincipalFrom before authentication = %+v, want nil", p)
	}
	if rc.Value(other{}) != "kept" {
		t.Error("other values of the parent are lost")
	}
	p := &Principal{KeyID: "key_1"}
	rc.Principal = p
	if got := PrincipalFrom(derived); got != p {
		t.Errorf("PrincipalFrom after it was set = %+v, want %+v", got, p)
	}
	inner := &Principal{KeyID: "key_2"}
	if got := PrincipalFrom(WithPrincipal(derived, inner)); got != inner {
		t.Errorf("PrincipalFrom of a derived WithPrincipal = %+v, want it", got)
	}
	other6 := netip.MustParseAddr("2001:db8::1")
	if got := ClientIP(WithClientIP(derived, other6)); got != other6 {
		t.Errorf("ClientIP of a derived WithClientIP = %v, want %v", got, other6)
	}
	if got := ClientIP(context.Background()); got.IsValid() {
		t.Errorf("ClientIP of a bare context = %v, want the zero Addr", got)
	}
}
