package door

import (
	"strings"
	"testing"
	"time"
)

// FuzzImportMembers feeds the member importer arbitrary files against a
// tenant with one member: it must never panic, must report each problem on
// a row with a message and stop at maxImportErrors, and accept a file only
// with valid rows, each created or matched to a member.
func FuzzImportMembers(f *testing.F) {
	header := strings.Join(ImportColumns, ",") + "\n"
	for _, seed := range []string{
		header + "1,CARD-ANN,BAR-ANN,Ann,Lee,ann@example.com,(415) 555-0123,,\n",
		header + ",CARD-NEW,BAR-NEW,Cy,Ng,cy@example.com,+44 20 7946 0958,no,active\n",
		header + ",,,Di,,,,,\n" + ",,,Di,,,,yes,frozen\n",
		header + ",CARD,\"BAR", header + "\"", header + "x,y\n", "", "\"", "id\n", header,
		header + "99,CARD-X,,Ed,,,,maybe,gone\n", header + "1,CARD-ANN,,Ann,,,,,\n1,CARD-ANN,,Ann,,,,,\n",
	} {
		f.Add([]byte(seed))
	}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		ann := &Member{ID: 1, TenantID: "ten_x", DoorAccessID: "CARD-ANN", BarcodeID: "BAR-ANN", FirstName: "Ann", Status: StatusActive}
		im := newImporter("ten_x", []*Member{ann}, now)
		im.read(strings.NewReader(string(data)))
		if len(im.errs) > maxImportErrors {
			t.Fatalf("%d problems, more than %d", len(im.errs), maxImportErrors)
		}
		for _, e := range im.errs {
			if e.Row < 1 || e.Message == "" {
				t.Fatalf("problem %+v has no row or message", e)
			}
		}
		if len(im.errs) == 0 {
			if len(im.rows) == 0 {
				t.Fatal("a file without problems and without members was accepted")
			}
			for _, r := range im.rows {
				if r.m == nil || r.m.TenantID != "ten_x" || (r.action != ImportCreate && r.m.ID != ann.ID) {
					t.Fatalf("accepted row %+v is not a member of the tenant", r)
				}
			}
		}
	})
}
