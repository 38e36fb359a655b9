package door_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
)

// TestImportMembers checks a good file: rows with an id update, rows
// without create, unchanged rows are reported, and a dry run writes nothing.
func TestImportMembers(t *testing.T) {
	h := newHarness(t)
	g := h.seed()
	file := "\uFEFFid,door_access_id,barcode_id,first_name,last_name,email,phone,is_instructor,status\n" +
		fmt.Sprintf("%d,CARD-ANN,BAR-ANN,Ann,Lee,ann@example.com,(415) 555-0123,,\n", g.ann.ID) +
		fmt.Sprintf("%d,CARD-BO,,Bob,,,,yes,frozen\n", g.bo.ID) +
		",CARD-NEW,BAR-NEW,Cy,Ng,cy@example.com,+44 20 7946 0958,no,active\n" +
		",,,Di,,,,,\n"
	want := door.ImportResult{Created: 2, Updated: 1, Unchanged: 1, Errors: []door.ImportError{}}

	dry, err := h.svc.ImportMembers(h.ctx, h.p, strings.NewReader(file), true)
	checkCode(t, err, "")
	wantDry := want
	wantDry.DryRun = true
	wantDry.Rows = []door.ImportRow{{2, door.ImportUnchanged, g.ann.ID}, {3, door.ImportUpdate, g.bo.ID},
		{4, door.ImportCreate, 0}, {5, door.ImportCreate, 0}}
	check(t, "dry run", wantDry, dry)
	_, total, _ := h.svc.ListMembers(h.ctx, h.p, door.MemberFilter{})
	check(t, "members after a dry run", 6, total)

	res, err := h.svc.ImportMembers(h.ctx, h.p, strings.NewReader(file), false)
	checkCode(t, err, "")
	check(t, "created", 2, res.Created)
	check(t, "updated", 1, res.Updated)
	bo, err := h.svc.Member(h.ctx, h.p, g.bo.ID)
	checkCode(t, err, "")
	check(t, "updated member", []any{"Bob", true, door.StatusFrozen, ""}, []any{bo.FirstName, bo.IsInstructor, bo.Status, bo.BarcodeID})
	cy, err := h.svc.Member(h.ctx, h.p, res.Rows[2].MemberID)
	checkCode(t, err, "")
	check(t, "created member", []any{"CARD-NEW", "BAR-NEW", "Cy", "Ng", "cy@example.com", "+44 20 7946 0958", false, door.StatusActive},
		[]any{cy.DoorAccessID, cy.BarcodeID, cy.FirstName, cy.LastName, cy.Email, cy.Phone, cy.IsInstructor, cy.Status})
	_, total, _ = h.svc.ListMembers(h.ctx, h.p, door.MemberFilter{})
	check(t, "members after the import", 8, total)
}

// TestImportRejectsBadFileWhole checks that one bad cell stops the whole
// file, naming its row and column, with nothing written.
func TestImportRejectsBadFileWhole(t *testing.T) {
	good := ",CARD-1,,Al,,,,,\n"
	tests := []struct {
		name   string
		file   string
		errors []door.ImportError // Message is checked to contain the want's
	}{
		{"bad status", good + ",CARD-2,,Bo,,,,,paused\n", []door.ImportError{{Row: 3, Column: "status", Message: "active, frozen, cancelled"}}},
		{"bad flag", good + ",CARD-2,,Bo,,,,maybe,\n", []door.ImportError{{Row: 3, Column: "is_instructor", Message: "not true or false"}}},
		{"bad email and long name in one row", good + ",CARD-2,,," + strings.Repeat("x", 192) + ",bo@,,,\n",
			[]door.ImportError{{Row: 3, Column: "last_name", Message: "191"}, {Row: 3, Column: "email", Message: "not an email"}}},
		{"space in a card", good + ",CARD 2,,Bo,,,,,\n", []door.ImportError{{Row: 3, Column: "door_access_id", Message: "printable"}}},
		{"card twice in the file", good + ",CARD-1,,Bo,,,,,\n", []door.ImportError{{Row: 3, Column: "door_access_id", Message: "also in row 2"}}},
		{"card of an existing member", good + ",CARD-ANN,,Bo,,,,,\n", []door.ImportError{{Row: 3, Column: "door_access_id", Message: "already used by member"}}},
		{"unknown id", good + "999999,CARD-2,,Bo,,,,,\n", []door.ImportError{{Row: 3, Column: "id", Message: "no member has id 999999"}}},
		{"id that is not a number", good + "x1,CARD-2,,Bo,,,,,\n", []door.ImportError{{Row: 3, Column: "id", Message: "not a member id"}}},
		{"short row", good + ",CARD-2\n", []door.ImportError{{Row: 3, Column: "", Message: "wrong number of fields"}}},
		{"problems in several rows are all reported", ",CARD-1,,,,,,,nope\n,CARD-2,,,,,,,nope\n",
			[]door.ImportError{{Row: 2, Column: "status", Message: ""}, {Row: 3, Column: "status", Message: ""}}},
	}
	header := "id,door_access_id,barcode_id,first_name,last_name,email,phone,is_instructor,status\n"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			h.member(door.MemberParams{DoorAccessID: "CARD-ANN"})
			res, err := h.svc.ImportMembers(h.ctx, h.p, strings.NewReader(header+tt.file), false)
			checkCode(t, err, hive.EINVALID)
			checkImportErrors(t, tt.errors, res.Errors)
			first := tt.errors[0]
			if msg := hive.ErrorMessage(err); !strings.Contains(msg, fmt.Sprintf("row %d", first.Row)) || !strings.Contains(msg, first.Column) {
				t.Errorf("message %q does not name row %d column %q", msg, first.Row, first.Column)
			}
			if list, _ := hive.ErrorDetails(err)["errors"].([]map[string]any); len(list) != len(tt.errors) {
				t.Errorf("details list %d errors, want %d", len(list), len(tt.errors))
			}
			_, total, _ := h.svc.ListMembers(h.ctx, h.p, door.MemberFilter{})
			check(t, "members: nothing written", 1, total)
		})
	}
}

func checkImportErrors(t *testing.T, want, got []door.ImportError) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("errors = %+v, want %d like %+v", got, len(want), want)
	}
	for i := range want {
		if got[i].Row != want[i].Row || got[i].Column != want[i].Column || !strings.Contains(got[i].Message, want[i].Message) {
			t.Errorf("error %d = %+v, want row %d column %q containing %q", i, got[i], want[i].Row, want[i].Column, want[i].Message)
		}
	}
}

func TestImportRejectsBadHeader(t *testing.T) {
	tests := []struct {
		name, file string
		want       door.ImportError
	}{
		{"empty file", "", door.ImportError{Row: 1, Column: "", Message: "empty"}},
		{"unknown column", "door_access_id,nickname\nC1,x\n", door.ImportError{Row: 1, Column: "nickname", Message: "unknown column"}},
		{"column twice", "first_name,First_Name\na,b\n", door.ImportError{Row: 1, Column: "first_name", Message: "twice"}},
		{"header only", "first_name\n", door.ImportError{Row: 2, Column: "", Message: "no members"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			res, err := h.svc.ImportMembers(h.ctx, h.p, strings.NewReader(tt.file), false)
			checkCode(t, err, hive.EINVALID)
			checkImportErrors(t, []door.ImportError{tt.want}, res.Errors)
		})
	}
}

// TestImportReadsSpreadsheetCSV checks that a member file saved by a
// spreadsheet in a decimal-comma locale (byte-order mark, semicolons, a
// quoted cell holding one) imports, and that rows after a blank line are
// numbered by their line in the file, as the people importer numbers them.
func TestImportReadsSpreadsheetCSV(t *testing.T) {
	h := newHarness(t)
	file := "\uFEFFdoor_access_id;first_name;last_name\r\nCARD-1;Al;\"Smith; Jr\"\r\n\r\nCARD-2;Bo;Ng\r\n"
	res, err := h.svc.ImportMembers(h.ctx, h.p, strings.NewReader(file), true)
	checkCode(t, err, "")
	check(t, "rows", []door.ImportRow{{2, door.ImportCreate, 0}, {4, door.ImportCreate, 0}}, res.Rows)

	res, err = h.svc.ImportMembers(h.ctx, h.p, strings.NewReader(file+"CARD 3;Cy;\r\n"), true)
	checkCode(t, err, hive.EINVALID)
	checkImportErrors(t, []door.ImportError{{Row: 5, Column: "door_access_id", Message: "printable"}}, res.Errors)
}
