package apikey

import (
	"math/big"
	"strings"
	"testing"
)

// FuzzParseSecret checks the key parser on arbitrary strings (no panic; it
// accepts only the exact format) and the format/parse round trip: every
// random part yields a secret that parses as its kind, keeps its random
// part, and stops parsing when any one character changes.
func FuzzParseSecret(f *testing.F) {
	sk, _, _ := newSecret(KindServiceAccount)
	pk, _, _ := newSecret(KindPersonal)
	for _, s := range []string{sk, pk, sk[:len(sk)-1], sk + "x", "hive_sk_", "", strings.Repeat("z", secretLen), "hive_xx_" + sk[8:]} {
		f.Add(s, []byte("0123456789abcdef0123456789abcdef"), false)
	}
	f.Add(pk, make([]byte, 32), true)
	f.Add(sk, []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, true)
	f.Fuzz(func(t *testing.T, s string, raw []byte, personal bool) {
		if kind, ok := ParseSecret(s); ok {
			if len(s) != secretLen || !strings.HasPrefix(s, secretPrefix(kind)) {
				t.Fatalf("ParseSecret accepted %q as %s", s, kind)
			}
			for i := prefixLen; i < secretLen; i++ {
				if digit(s[i]) < 0 {
					t.Fatalf("ParseSecret accepted %q with a non-base62 character", s)
				}
			}
		}

		var r [32]byte
		copy(r[:], raw)
		kind := KindServiceAccount
		if personal {
			kind = KindPersonal
		}
		secret := formatSecret(kind, r)
		if got, ok := ParseSecret(secret); !ok || got != kind {
			t.Fatalf("ParseSecret(formatSecret(%s, %x)) = %q, %v", kind, r, got, ok)
		}
		n := new(big.Int)
		for _, c := range secret[prefixLen : prefixLen+bodyLen] {
			n.Mul(n, big.NewInt(62)).Add(n, big.NewInt(int64(digit(byte(c)))))
		}
		if back := n.FillBytes(make([]byte, 32)); string(back) != string(r[:]) {
			t.Fatalf("the random part does not round-trip: %x, want %x", back, r)
		}
		i := prefixLen + len(raw)%(bodyLen+checksumLen)
		b := []byte(secret)
		b[i] = alphabet[(digit(b[i])+1+len(s)%61)%62]
		if _, ok := ParseSecret(string(b)); ok {
			t.Fatalf("ParseSecret accepted %q, %q with character %d changed", b, secret, i)
		}
		if RedactSecretsString(s+secret) == s+secret {
			t.Fatalf("RedactSecrets kept %q", secret)
		}
	})
}
