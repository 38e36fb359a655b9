package people

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzReadPeopleCSV feeds the uploader arbitrary files: it must never
// panic, must report every problem on a row of the file with a message,
// stop at MaxImportErrors, and accept a file only if it holds people with
// the required fields.
func FuzzReadPeopleCSV(f *testing.F) {
	header := "employee_id,email,first_name,last_name,start_date,date_of_birth,department\n"
	for _, seed := range []string{
		header + "e1,a@example.com,Ann,Lee,2020-01-06,1990-05-01,Sales\n",
		"\xEF\xBB\xBF" + strings.ReplaceAll(header, ",", ";") + "e1;a@example.com;Ann;Lee;;;Sales\n",
		header + "e1,a@example.com,Ann,Lee,2020-01-06,1990-05-01,\"Sales",
		header + "e1,a@example.com,\"Ann\"x,Lee,,,\n",
		header + "e1,a@example.com,Ann\n",
		header + "e1,a@example.com,Ann,Lee,2020-02-30,1990-05-01,Sales\ne1,b@example.com,Bo,Ng,,,Ops\n",
		"\"", "", "employee_id\n", header, "\n\n\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file := readPeopleCSV(bytes.NewReader(data))
		if len(file.errs) > MaxImportErrors {
			t.Fatalf("%d problems reported, more than the %d allowed", len(file.errs), MaxImportErrors)
		}
		for _, e := range file.errs {
			if e.Row < 1 || e.Message == "" {
				t.Fatalf("problem %+v has no row or message", e)
			}
		}
		if len(file.errs) == 0 {
			if len(file.rows) == 0 {
				t.Fatal("a file without problems and without people was accepted")
			}
			for _, r := range file.rows {
				p := r.person
				if r.line < 2 || p.EmployeeID == "" || p.Email == "" || p.FirstName == "" || p.LastName == "" || len(r.attrs) != len(file.attrCols) {
					t.Fatalf("accepted row %+v lacks a required field or an attribute", r)
				}
			}
		}
	})
}
