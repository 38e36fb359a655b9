package csvsafe_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/csvsafe"
)

func TestFormulasAreWrittenAsText(t *testing.T) {
	var b bytes.Buffer
	w := csvsafe.NewWriter(&b)
	w.SetCRLF(true)
	w.Write([]string{"text", "n"})
	rows := [][]csvsafe.Cell{
		{{Value: `=HYPERLINK("http://evil.example","click")`}, {Value: "-3.5", Number: true}},
		{{Value: "+cmd|' /C calc'!A0"}, {Value: "12", Number: true}},
		{{Value: "@SUM(A1:A9)"}, {Value: "1e-7", Number: true}},
		{{Value: "-1+1"}, {Value: "-1+1", Number: true}},
		{{Value: "\t=1+1"}, {Value: "=1+1", Number: true}},
		{{Value: "\r=1+1"}, {Value: "", Number: true}},
		{{Value: "＝1+1"}, {Value: "0x10", Number: true}},
		{{Value: "plain, with comma"}, {Value: "-0", Number: true}},
	}
	for _, r := range rows {
		w.WriteCells(r)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	got, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"text", "n"},
		{`'=HYPERLINK("http://evil.example","click")`, "-3.5"},
		{"'+cmd|' /C calc'!A0", "12"},
		{"'@SUM(A1:A9)", "1e-7"},
		{"'-1+1", "'-1+1"},
		{"'\t=1+1", "'=1+1"},
		{"'=1+1", ""}, // encoding/csv drops the CR when reading back
		{"'＝1+1", "0x10"},
		{"plain, with comma", "-0"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("CSV read back (-want +got):\n%s", diff)
	}
}

// FuzzNeutralize checks that no cell a Writer writes starts like a
// formula, except a plain number in a numeric cell, and that text is kept
// but for the added quote.
func FuzzNeutralize(f *testing.F) {
	for _, s := range []string{"=1+1", "-2", "+x", "@a", "\t=1", "\r", "", "plain", "1e5", "-1.5e-3", "＠x", "'=1", "-1+1"} {
		f.Add(s, true)
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, number bool) {
		var b bytes.Buffer
		w := csvsafe.NewWriter(&b)
		w.WriteCells([]csvsafe.Cell{{Value: s, Number: number}})
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if number && csvsafe.IsPlainNumber(s) {
			if strings.ContainsAny(strings.TrimPrefix(s, "-"), "=@\t\r") || (strings.ContainsAny(s[1:], "+-") && !strings.ContainsAny(s, "eE")) {
				t.Fatalf("IsPlainNumber(%q) but it holds an operator", s)
			}
			return
		}
		got := csvsafe.Neutralize(s)
		if got != s && got != "'"+s {
			t.Fatalf("Neutralize(%q) = %q, want the text kept", s, got)
		}
		if got != "" && strings.ContainsRune("=+-@\t\r", rune(got[0])) {
			t.Fatalf("Neutralize(%q) = %q starts like a formula", s, got)
		}
	})
}
