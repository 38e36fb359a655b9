package csvimport_test

import (
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hive-platform/hive/internal/csvimport"
	"github.com/hive-platform/hive/internal/hive"
)

// row is what a test sees of one record: its line and fields, or the
// problem Reader reported for it.
type row struct {
	Line    int
	Fields  []string
	Problem string
}

// readAll reads a whole file the way the importers do.
func readAll(t *testing.T, file string) ([]string, []row) {
	t.Helper()
	r := csvimport.NewReader(strings.NewReader(file))
	header, err := r.Header()
	if err != nil {
		t.Fatalf("header: %v", err)
	}
	var rows []row
	for {
		rec, line, err := r.Next()
		if err == io.EOF {
			return header, rows
		}
		if err != nil {
			rows = append(rows, row{Line: line, Problem: csvimport.Problem(err)})
			continue
		}
		rows = append(rows, row{Line: line, Fields: append([]string(nil), rec...)})
	}
}

func TestReader(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		header []string
		rows   []row
	}{
		{"plain commas", "id,name\n1,Ann\n2,Bo\n", []string{"id", "name"},
			[]row{{Line: 2, Fields: []string{"1", "Ann"}}, {Line: 3, Fields: []string{"2", "Bo"}}}},
		{"byte-order mark is dropped", "\uFEFFid,name\n1,Ann\n", []string{"id", "name"},
			[]row{{Line: 2, Fields: []string{"1", "Ann"}}}},
		{"header is trimmed and lower case", " ID ,Name\t\n1,Ann\n", []string{"id", "name"},
			[]row{{Line: 2, Fields: []string{"1", "Ann"}}}},
		{"semicolons from a decimal-comma locale", "\uFEFFid;name;score\n1;Lee, Ann;3,5\n", []string{"id", "name", "score"},
			[]row{{Line: 2, Fields: []string{"1", "Lee, Ann", "3,5"}}}},
		{"quoted semicolons in a comma file do not switch", "id,\"a;b;c\"\n1,x\n", []string{"id", "a;b;c"},
			[]row{{Line: 2, Fields: []string{"1", "x"}}}},
		{"CRLF line ends", "id,name\r\n1,Ann\r\n2,Bo\r\n", []string{"id", "name"},
			[]row{{Line: 2, Fields: []string{"1", "Ann"}}, {Line: 3, Fields: []string{"2", "Bo"}}}},
		{"quoted cells keep separators, quotes and line breaks", "id,note\n1,\"a, \"\"b\"\"\nc\"\n2,d\n", []string{"id", "note"},
			[]row{{Line: 2, Fields: []string{"1", "a, \"b\"\nc"}}, {Line: 4, Fields: []string{"2", "d"}}}},
		{"blank lines keep the numbering of the file", "id,name\n\n1,Ann\n", []string{"id", "name"},
			[]row{{Line: 3, Fields: []string{"1", "Ann"}}}},
		{"short row is reported on its line and reading goes on", "id,name\n1\n2,Bo\n", []string{"id", "name"},
			[]row{{Line: 2, Problem: "wrong number of fields: the row does not have as many cells as the header; check for a missing or extra separator"},
				{Line: 3, Fields: []string{"2", "Bo"}}}},
		{"stray quote is reported on the line its record starts", "id,name\n1,Ann\n2,B\"o\n", []string{"id", "name"},
			[]row{{Line: 2, Fields: []string{"1", "Ann"}},
				{Line: 3, Problem: `bare " in non-quoted-field; quote cells that hold the separator, and double quotes inside quoted cells`}}},
		{"unclosed quote after a multi-line cell", "id,name\n1,\"A\nnn\"\n2,\"Bo\n", []string{"id", "name"},
			[]row{{Line: 2, Fields: []string{"1", "A\nnn"}},
				{Line: 4, Problem: `extraneous or missing " in quoted-field; quote cells that hold the separator, and double quotes inside quoted cells`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header, rows := readAll(t, tt.file)
			if d := cmp.Diff(tt.header, header); d != "" {
				t.Errorf("header (-want +got):\n%s", d)
			}
			if d := cmp.Diff(tt.rows, rows); d != "" {
				t.Errorf("rows (-want +got):\n%s", d)
			}
		})
	}
}

func TestReaderEmptyFile(t *testing.T) {
	for _, file := range []string{"", "\uFEFF", "\n\n"} {
		if _, err := csvimport.NewReader(strings.NewReader(file)).Header(); err != io.EOF {
			t.Errorf("Header of %q = %v, want io.EOF", file, err)
		}
	}
}

func TestRejectionNamesFirstProblemAndListsAll(t *testing.T) {
	err := csvimport.Rejection([]csvimport.RowError{
		{Row: 3, Column: "email", Message: "is not an email address"},
		{Row: 5, Message: "wrong number of fields"},
	})
	if hive.ErrorCode(err) != hive.EINVALID {
		t.Fatalf("code %q, want %q", hive.ErrorCode(err), hive.EINVALID)
	}
	want := "The CSV has 2 problem(s) and nothing was imported. First, row 3, column email: is not an email address"
	if got := hive.ErrorMessage(err); got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	wantList := []map[string]any{
		{"row": 3, "column": "email", "message": "is not an email address"},
		{"row": 5, "column": "", "message": "wrong number of fields"},
	}
	if d := cmp.Diff(wantList, hive.ErrorDetails(err)["errors"]); d != "" {
		t.Errorf("details (-want +got):\n%s", d)
	}
}
