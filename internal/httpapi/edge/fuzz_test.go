package edge

import (
	"net/url"
	"strings"
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
)

// testKey is a well-formed key the fuzz targets splice into their input.
const testKey = "hive_sk_00000000000000000000000000000000000000000013ONBZC"

func init() {
	if _, ok := apikey.ParseSecret(testKey); !ok {
		panic("testKey is not a well-formed key")
	}
}

// holdsKey reports whether s holds a well-formed key.
func holdsKey(s string) bool {
	for i := range len(s) {
		if strings.HasPrefix(s[i:], "hive_") && i+len(testKey) <= len(s) {
			if _, ok := apikey.ParseSecret(s[i : i+len(testKey)]); ok {
				return true
			}
		}
	}
	return false
}

// FuzzLoggedURL checks what the logs keep of a request URL: no key in the
// path or anywhere in the query, whatever surrounds it, and no Door API
// token of a door path.
func FuzzLoggedURL(f *testing.F) {
	for _, seed := range [][2]string{
		{"/v1/api-keys/" + testKey, "api_key=" + testKey},
		{"//door/AczCafzfA7Ee2WW3EfHPgCk63xYoKGjJ/test", "q=hive_sk_0123456789abcdefhive_sk_x"},
		{"/./door/tok/users", "x=" + strings.ReplaceAll(testKey, "_", "%5F")},
		{"/door", "a=1&a=2&b"}, {"", ";"}, {"/v1/x", "%zz"},
	} {
		f.Add(seed[0], seed[1], 0)
	}
	f.Fuzz(func(t *testing.T, path, query string, at int) {
		at = min(max(at, 0), len(query))
		for _, q := range []string{query, query[:at] + testKey + query[at:], query[:at] + url.QueryEscape(testKey) + query[at:]} {
			if got := redactQuery(q); holdsKey(got) {
				t.Fatalf("redactQuery(%q) = %q holds a key", q, got)
			} else if u, err := url.QueryUnescape(got); err == nil && holdsKey(u) {
				t.Fatalf("redactQuery(%q) = %q holds a key once decoded", q, got)
			}
		}
		p := path + testKey
		if got := LoggedPath(p); holdsKey(got) {
			t.Fatalf("LoggedPath(%q) = %q holds a key", p, got)
		}
		if tok, _, ok := CutDoorToken(path); ok && len(tok) >= 16 && strings.Contains(LoggedPath(path), tok) && !strings.Contains("/door/{token}", tok) {
			t.Fatalf("LoggedPath(%q) = %q keeps the door token %q", path, LoggedPath(path), tok)
		}
	})
}
