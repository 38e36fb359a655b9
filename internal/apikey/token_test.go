package apikey

import (
	"crypto/sha256"
	"strings"
	"testing"
)

func TestNewSecretFormat(t *testing.T) {
	for _, kind := range []KeyKind{KindServiceAccount, KindPersonal} {
		secret, hash, hint := newSecret(kind)
		if len(secret) != secretLen {
			t.Errorf("%s secret has %d characters, want %d", kind, len(secret), secretLen)
		}
		if !strings.HasPrefix(secret, secretPrefix(kind)) {
			t.Errorf("%s secret %q lacks prefix %q", kind, secret[:8], secretPrefix(kind))
		}
		if got, ok := ParseSecret(secret); !ok || got != kind {
			t.Errorf("ParseSecret(new %s secret) = %q, %v", kind, got, ok)
		}
		if hash != sha256.Sum256([]byte(secret)) {
			t.Errorf("%s hash is not the SHA-256 of the secret", kind)
		}
		if want := secret[:8] + "..." + secret[len(secret)-4:]; hint != want {
			t.Errorf("hint = %q, want %q", hint, want)
		}
	}
	a, _, _ := newSecret(KindServiceAccount)
	b, _, _ := newSecret(KindServiceAccount)
	if a == b {
		t.Error("two secrets were equal")
	}
}

func TestParseSecretRefusesNoise(t *testing.T) {
	good, _, _ := newSecret(KindServiceAccount)
	flip := func(i int) string {
		b := []byte(good)
		if b[i] == 'a' {
			b[i] = 'b'
		} else {
			b[i] = 'a'
		}
		return string(b)
	}
	tests := map[string]string{
		"empty":                 "",
		"short":                 good[:len(good)-1],
		"long":                  good + "a",
		"unknown prefix":        "hive_xk_" + good[8:],
		"body changed":          flip(20),
		"checksum changed":      flip(len(good) - 1),
		"non-base62 character":  good[:20] + "-" + good[21:],
		"github token":          "ghp_" + strings.Repeat("a", 53),
		"right length, garbage": strings.Repeat("x", secretLen),
	}
	for name, s := range tests {
		t.Run(name, func(t *testing.T) {
			if _, ok := ParseSecret(s); ok {
				t.Errorf("ParseSecret(%q) accepted noise", s)
			}
		})
	}
}

func TestParseSecretDoesNotAllocate(t *testing.T) {
	secret, _, _ := newSecret(KindPersonal)
	if n := testing.AllocsPerRun(100, func() { ParseSecret(secret); HashSecret(secret) }); n != 0 {
		t.Errorf("ParseSecret+HashSecret allocate %v times per call, want 0", n)
	}
}

// TestDigitIsThePlaceInTheAlphabet holds digit, which parsing every
// presented secret uses, to the alphabet secrets are written in, for every
// byte.
func TestDigitIsThePlaceInTheAlphabet(t *testing.T) {
	for c := range 256 {
		if got, want := digit(byte(c)), strings.IndexByte(alphabet, byte(c)); got != want {
			t.Errorf("digit(%q) = %d, want %d", byte(c), got, want)
		}
	}
}
