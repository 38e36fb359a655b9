package edge

import (
	"path"
	"strings"
	"testing"
)

// TestCutDoorTokenMatchesTheCleanedPath checks CutDoorToken's shortcut for
// paths without "/door" against the cleaning it skips: a path that cleans
// to a Door API path is always cut.
func TestCutDoorTokenMatchesTheCleanedPath(t *testing.T) {
	for _, p := range []string{
		"/door/tok/x", "/door/tok", "/door/", "/door", "//door/tok", "/./door/tok", "/x/../door/tok/y",
		"/v1/../door/tok", "door/tok", "/doors/tok", "/v1/door/tok", "/v1/auth/verify", "", "/",
		"/x/./../door//tok", "/a/b/../../door/t",
	} {
		after, want := strings.CutPrefix(path.Clean(p), "/door/")
		if p == "" {
			want = false
		}
		tok, _, got := CutDoorToken(p)
		if got != want || got && !strings.HasPrefix(after, tok) {
			t.Errorf("CutDoorToken(%q) = %q, %v; the cleaned path is %q", p, tok, got, path.Clean(p))
		}
	}
}
