package httpapi_test

import (
	"strings"
	"testing"

	"github.com/hive-platform/hive/internal/httpapi"
)

func TestDocsProseRendersInlineCode(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain text is escaped", `a <b> & "c"`, `a &lt;b&gt; &amp; &#34;c&#34;`},
		{"a pair of backticks is code", "send `Authorization: Bearer` first", "send <code>Authorization: Bearer</code> first"},
		{"markup inside code is escaped", "use `<script>`", "use <code>&lt;script&gt;</code>"},
		{"two spans", "`a` or `b`", "<code>a</code> or <code>b</code>"},
		{"an unpaired backtick stays literal", "a ` b", "a ` b"},
		{"an unpaired backtick after a pair", "`a` then ` <x>", "<code>a</code> then ` &lt;x&gt;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := httpapi.Prose(tt.in); got != tt.want {
				t.Errorf("prose(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

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
