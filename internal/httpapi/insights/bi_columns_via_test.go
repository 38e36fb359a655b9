package insights

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// biViaInner is what an engine computes; biViaRow adds request context and
// moves inner's id ahead of its own label by hiding it.
type biViaInner struct {
	Value int    `json:"value"`
	ID    string `json:"id"`
}

type biViaRow struct {
	Survey string `json:"survey"`
	ID     string `json:"id"`
	Label  string `json:"label"`
	biViaInner
}

// TestBIColumnsViaWrapperRow: a column of the wrapper hides the embedded
// one of the same name, wherever the embedded struct puts it, and the
// columns read the handler's own value through the row function.
func TestBIColumnsViaWrapperRow(t *testing.T) {
	cols := biColumnsVia(func(in biViaInner) biViaRow { return biViaRow{"srv_1", "outer-" + in.ID, "L", in} })
	if d := cmp.Diff([]string{"survey", "id", "label", "value"}, columnNames(cols)); d != "" {
		t.Errorf("columns (-want +got):\n%s", d)
	}
	var b bytes.Buffer
	if err := appendRow(&b, cols, biViaInner{Value: 7, ID: "x"}); err != nil {
		t.Fatal(err)
	}
	if want := `{"survey":"srv_1","id":"outer-x","label":"L","value":7}`; b.String() != want {
		t.Errorf("row = %s, want %s", b.String(), want)
	}
}
