package reference

import (
	"testing"
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
			if got := string(prose(tt.in)); got != tt.want {
				t.Errorf("prose(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
