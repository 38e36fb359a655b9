package insights

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/csvsafe"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// biTestRow has every kind of field a BI row holds.
type biTestRow struct {
	ID       string     `json:"id"`
	Label    *string    `json:"label" bi:"nullempty"`
	Note     string     `json:"note" bi:"nullempty"`
	Kind     biTestKind `json:"kind"`
	Count    *int       `json:"count"`
	Score    *float64   `json:"score"`
	Flag     *bool      `json:"flag"`
	Keys     []string   `json:"keys"`
	At       time.Time  `json:"at"`
	internal string
	Skipped  string `json:"-"`
	biTestTail
}

type biTestKind string

type biTestTail struct {
	Hidden bool `json:"hidden"`
}

// TestBIColumnsFollowTheRowType: the columns are the json names in field
// order, embedded structs flattened, and each writes what a hand-written
// column would: pointers dereferenced, nil as null and an empty cell,
// nullempty text as null, named strings as strings, times in UTC.
func TestBIColumnsFollowTheRowType(t *testing.T) {
	cols := biColumnsOf[*biTestRow]()
	if d := cmp.Diff([]string{"id", "label", "note", "kind", "count", "score", "flag", "keys", "at", "hidden"}, columnNames(cols)); d != "" {
		t.Errorf("columns (-want +got):\n%s", d)
	}
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.FixedZone("CET", 3600))
	rows := []*biTestRow{
		{ID: "a", Label: edge.Ptr("Sales"), Note: "n", Kind: "k", Count: edge.Ptr(3), Score: edge.Ptr(0.3), Flag: edge.Ptr(true), Keys: []string{"x", "y"}, At: at, biTestTail: biTestTail{true}},
		{ID: "=b", Label: edge.Ptr(""), At: at},
	}
	var b bytes.Buffer
	for _, r := range rows {
		if err := appendRow(&b, cols, r); err != nil {
			t.Fatal(err)
		}
		b.WriteByte('\n')
	}
	wantJSON := `{"id":"a","label":"Sales","note":"n","kind":"k","count":3,"score":0.3,"flag":true,"keys":["x","y"],"at":"2026-03-02T09:00:00Z","hidden":true}` + "\n" +
		`{"id":"=b","label":null,"note":null,"kind":"","count":null,"score":null,"flag":null,"keys":null,"at":"2026-03-02T09:00:00Z","hidden":false}` + "\n"
	if d := cmp.Diff(wantJSON, b.String()); d != "" {
		t.Errorf("JSON (-want +got):\n%s", d)
	}
	var c strings.Builder
	w := csvsafe.NewWriter(&c)
	writeCSVRows(w, cols, rows)
	w.Flush()
	wantCSV := "id,label,note,kind,count,score,flag,keys,at,hidden\n" +
		"a,Sales,n,k,3,0.3,true,\"x,y\",2026-03-02T09:00:00Z,true\n" +
		"'=b,,,,,,,,2026-03-02T09:00:00Z,false\n"
	if d := cmp.Diff(wantCSV, c.String()); d != "" {
		t.Errorf("CSV (-want +got):\n%s", d)
	}
	if &biColumnsOf[*biTestRow]()[0] != &cols[0] {
		t.Error("the columns of a type are built again on every call")
	}
}
