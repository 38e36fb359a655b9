package httpapi_test

import (
	"strings"
	"testing"
)

func TestDocsPageShowsNoRawBackticks(t *testing.T) {
	h := newHarness(t)
	_, body := getDocs(t, h, "/docs")
	if !strings.Contains(body, "<code>") {
		t.Fatal("the docs page has no <code> at all")
	}
	// Outside <pre> examples and the script, prose must not carry backticks.
	for _, line := range strings.Split(body, "\n") {
		if (strings.Contains(line, `class="description"`) || strings.Contains(line, "<small>")) && strings.Contains(line, "`") {
			t.Errorf("raw backtick in a description: %s", line)
		}
	}
}
