package httpapi_test

import (
	"path"
	"strings"
	"testing"

	"github.com/hive-platform/hive/internal/httpapi"
)

// TestIsCleanPathMatchesPathClean checks IsCleanPath's shortcut against
// what it stands for: p is its cleaned form, or that and a trailing slash.
func TestIsCleanPathMatchesPathClean(t *testing.T) {
	for _, p := range []string{
		"/", "//", "/v1/auth/verify", "/v1/surveys/", "/v1//x", "/v1/./x", "/v1/../x", "/v1/x/.", "/v1/x/..",
		"/v1/x/./", "/.well-known/x", "/v1/.hidden", "/v1/x..y", "/v1/...", "/v1/x//", "", "v1/x", "/..", "/.",
	} {
		want := false
		if p != "" && p[0] == '/' {
			c := path.Clean(p)
			want = c == p || p[len(p)-1] == '/' && len(c) == len(p)-1 && strings.HasPrefix(p, c)
		}
		if got := httpapi.IsCleanPath(p); got != want {
			t.Errorf("IsCleanPath(%q) = %v, want %v", p, got, want)
		}
	}
}
