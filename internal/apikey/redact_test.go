package apikey

import (
	"strings"
	"testing"
)

// containsValidKey reports whether s holds a well-formed key anywhere.
func containsValidKey(s string) bool {
	for _, prefix := range []string{PrefixSecretServiceAccount, PrefixSecretPersonal} {
		for i := 0; ; {
			j := strings.Index(s[i:], prefix)
			if j < 0 {
				break
			}
			i += j
			if i+secretLen <= len(s) {
				if _, ok := ParseSecret(s[i : i+secretLen]); ok {
					return true
				}
			}
			i++
		}
	}
	return false
}

func TestRedactSecrets(t *testing.T) {
	sk, _, _ := newSecret(KindServiceAccount)
	pk, _, _ := newSecret(KindPersonal)
	for name, in := range map[string]string{
		"json field":                        `{"key":"` + sk + `"}`,
		"two keys side by side":             sk + pk,
		"key right after prefix+16":         "hive_sk_0123456789abcdefhive_sk_" + sk[8:],
		"personal key after prefix+16":      "hive_sk_0123456789abcdef" + pk,
		"key after prefix+16 and separator": "hive_pk_0123456789abcdef" + sk,
		"key cut off":                       `"` + sk[:30],
	} {
		got := string(RedactSecrets([]byte(in)))
		if containsValidKey(got) || strings.Contains(got, sk[8:30]) || strings.Contains(got, pk[8:30]) {
			t.Errorf("%s: RedactSecrets(%q) = %q still holds a key", name, in, got)
		}
		if !strings.Contains(got, Redacted) {
			t.Errorf("%s: nothing redacted in %q", name, got)
		}
	}
	for _, keep := range []string{"hive_sk_...AbCd", "hive_sk_short", "no key here", ""} {
		if got := string(RedactSecrets([]byte(keep))); got != keep {
			t.Errorf("RedactSecrets(%q) = %q, want it unchanged", keep, got)
		}
	}
}

// FuzzRedactSecrets checks that whatever surrounds them, no well-formed key
// survives redaction, and text without a key prefix is left alone.
func FuzzRedactSecrets(f *testing.F) {
	sk, _, _ := newSecret(KindServiceAccount)
	pk, _, _ := newSecret(KindPersonal)
	for _, seed := range []string{
		sk, pk, sk + pk, `{"key":"` + sk + `"}`, "hive_sk_0123456789abcdefhive_sk_" + sk[8:],
		"hive_pk_0123456789abcdef" + sk, "hive_sk_...AbCd", "/v1/api-keys/" + sk + "?x=" + pk, "",
	} {
		f.Add(seed, 0, "")
	}
	f.Fuzz(func(t *testing.T, text string, at int, insert string) {
		// Splice a real key into the fuzzed text so that every run checks one.
		at = min(max(at, 0), len(text))
		in := text[:at] + insert + sk + text[at:]
		got := string(RedactSecrets([]byte(in)))
		if containsValidKey(got) {
			t.Fatalf("RedactSecrets(%q) = %q holds a valid key", in, got)
		}
		if !strings.Contains(text, "hive_") && !strings.Contains(insert, "hive_") {
			if got := string(RedactSecrets([]byte(text))); got != text {
				t.Fatalf("RedactSecrets(%q) = %q changed text without a key prefix", text, got)
			}
		}
		if RedactSecretsString(in) != got {
			t.Fatalf("RedactSecretsString and RedactSecrets disagree on %q", in)
		}
	})
}
