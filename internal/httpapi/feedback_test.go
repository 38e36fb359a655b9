package httpapi_test

import (
	"database/sql"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/client"
)

// feedbackOrg is twelve people in Sales, all hired in 2020 and born in
// 1990, and two in Support without dates: with the default comment
// threshold of 10, Support and the "Not specified" tenure and age
// segments are too small to show.
func feedbackOrg(t *testing.T, h *harness) map[string]string {
	t.Helper()
	var b strings.Builder
	b.WriteString("employee_id,email,first_name,last_name,start_date,date_of_birth,department\n")
	for i := range 12 {
		fmt.Fprintf(&b, "emp-sales-%02d,sales%02d@example.com,Salesperson%02d,Surname%02d,2020-01-06,1990-05-01,Sales\n", i, i, i, i)
	}
	b.WriteString("emp-support-01,support01@example.com,Supporter01,Lastname01,,,Support\n")
	b.WriteString("emp-support-02,support02@example.com,Supporter02,Lastname02,,,Support\n")
	if _, err := h.admin().ImportPeople(t.Context(), strings.NewReader(b.String()), -1, false); err != nil {
		t.Fatal(err)
	}
	segs := map[string]string{}
	page, err := h.admin().ListAttributes(t.Context(), 1000, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range page.Data {
		segs[r.AttributeName+":"+r.SegmentName] = r.SegmentID
	}
	return segs
}

// identifying are strings that would point at a person.
var identifying = []string{"emp-", "@example.com", "Salesperson", "Supporter", "Surname", "Lastname"}

func (h *harness) addOpenDoor(items ...client.OpenDoorSubmission) {
	h.t.Helper()
	if n, err := h.admin().AddOpenDoor(h.t.Context(), items); err != nil || n != len(items) {
		h.t.Fatalf("add open door = %d, %v", n, err)
	}
}

func TestOpenDoorCarriesNoIdentifierAnywhere(t *testing.T) {
	h := newHarness(t)
	segs := feedbackOrg(t, h)
	h.addOpenDoor(
		client.OpenDoorSubmission{EmployeeID: "emp-sales-03", Category: "problem", Text: "The on-call rota is unfair.", SubmittedAt: "2025-06-03T15:04:05.123Z"},
		client.OpenDoorSubmission{EmployeeID: "emp-support-01", Category: "suggestion", Text: "Pilot a four-day week.", SubmittedAt: "2025-06-04T08:00:00Z"},
	)
	r := h.do("GET", "/v1/open-door", "", bearer(h.boot.Secret)...)
	if r.status != 200 {
		t.Fatalf("GET /v1/open-door: %d %s", r.status, r.body)
	}
	for _, s := range append(identifying, "15:04", "T08:00") {
		if strings.Contains(r.body, s) {
			t.Errorf("the Open Door page holds %q:\n%s", s, r.body)
		}
	}
	p := h.list(h.boot.Secret, "/v1/open-door")
	want := []string{"id", "date", "category", "text", "tenure_segment_id", "age_segment_id", "department_segment_id"}
	if d := cmp.Diff(want, p.Meta.Columns); d != "" {
		t.Errorf("columns (-want +got):\n%s", d)
	}
	sales, support := p.Data[0], p.Data[1]
	if sales["date"] != "2025-06-03" || sales["department_segment_id"] != segs["department:Sales"] || sales["tenure_segment_id"] != segs["tenure:4–6y"] {
		t.Errorf("the Sales row shows %v", sales)
	}
	// Support has two people and its author no dates: every segment of
	// that row is under the comment threshold.
	if support["department_segment_id"] != nil || support["tenure_segment_id"] != nil || support["age_segment_id"] != nil {
		t.Errorf("the Support row shows segments under the comment threshold: %v", support)
	}

	db, err := sql.Open("sqlite", "file:"+h.dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT * FROM open_door`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	if d := cmp.Diff([]string{"tenant_id", "submitted_on", "id", "category", "text", "segment_ids"}, cols); d != "" {
		t.Errorf("open_door columns (-want +got):\n%s", d)
	}
	for rows.Next() {
		cells := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range cells {
			ptrs[i] = &cells[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		line := fmt.Sprint(cells...)
		for _, s := range identifying {
			if strings.Contains(line, s) {
				t.Errorf("the open_door table holds %q: %s", s, line)
			}
		}
	}
	for _, rec := range h.seen.records() {
		if strings.Contains(string(rec.Body), "emp-") {
			t.Errorf("%s logged a response naming an employee: %s", rec.Route, rec.Body)
		}
	}
}

func TestOpenDoorSegmentAndCategoryFilters(t *testing.T) {
	h := newHarness(t)
	segs := feedbackOrg(t, h)
	h.addOpenDoor(
		client.OpenDoorSubmission{EmployeeID: "emp-sales-01", Category: "problem", Text: "one", SubmittedAt: "2025-01-01"},
		client.OpenDoorSubmission{EmployeeID: "emp-sales-02", Category: "question", Text: "two", SubmittedAt: "2025-01-02"},
		client.OpenDoorSubmission{EmployeeID: "emp-support-02", Category: "problem", Text: "three", SubmittedAt: "2025-01-03"},
	)
	texts := func(path string) []string {
		var out []string
		for _, row := range h.list(h.boot.Secret, path).Data {
			out = append(out, row["text"].(string))
		}
		return out
	}
	for path, want := range map[string][]string{
		"/v1/open-door?segment_id=" + segs["department:Sales"]: {"one", "two"},
		"/v1/open-door?category=problem":                       {"one", "three"},
		"/v1/open-door?from=2025-01-02&to=2025-01-03":          {"two"},
		"/v1/open-door?from=2025-01-01T12:00:00Z":              {"two", "three"},
	} {
		if d := cmp.Diff(want, texts(path)); d != "" {
			t.Errorf("%s (-want +got):\n%s", path, d)
		}
	}
	for _, c := range []struct{ query, field, says string }{
		{"segment_id=" + segs["department:Support"], "segment_id", "comment threshold"},
		{"segment_id=seg_nonexistent", "segment_id", "GET /v1/attributes"},
		{"category=rant", "category", "problem, question"},
		{"from=2025-02-01&to=2025-01-01", "to", "after from"},
	} {
		r := h.do("GET", "/v1/open-door?"+c.query, "", bearer(h.boot.Secret)...)
		if r.status != 400 || r.err.Error.Details["field"] != c.field || !strings.Contains(r.err.Error.Message, c.says) {
			t.Errorf("%s: %d %s", c.query, r.status, r.body)
		}
	}
}

func TestOpenDoorPostingIsValidatedWhole(t *testing.T) {
	h := newHarness(t)
	feedbackOrg(t, h)
	_, err := h.admin().AddOpenDoor(t.Context(), []client.OpenDoorSubmission{
		{EmployeeID: "emp-sales-01", Category: "problem", Text: "fine"},
		{EmployeeID: "emp-nobody", Category: "problem", Text: "unknown author"},
	})
	if ce := apiError(t, err, 400, "invalid_request", ""); ce.Details["field"] != "submissions[1].employee_id" || ce.Details["index"] != 1.0 {
		t.Errorf("unknown author: %v", ce.Details)
	}
	if p := h.list(h.boot.Secret, "/v1/open-door"); len(p.Data) != 0 {
		t.Errorf("a refused batch wrote %d rows", len(p.Data))
	}
	r := h.do("POST", "/v1/open-door", `{"employee_id":"emp-sales-01","category":"question","text":"a single one"}`, bearer(h.boot.Secret)...)
	if r.status != 201 || !strings.Contains(r.body, `"accepted":1`) {
		t.Errorf("single submission: %d %s", r.status, r.body)
	}
	reader := h.createKey(client.CreateKeyRequest{Permissions: []string{"surveys:read", "hive_fives:read"}})
	if r := h.do("GET", "/v1/open-door", "", bearer(reader.Key)...); r.status != 403 {
		t.Errorf("a key without open_door:read: %d", r.status)
	}
	if r := h.do("POST", "/v1/open-door", `{"employee_id":"emp-sales-01","category":"question","text":"x"}`, bearer(reader.Key)...); r.status != 403 {
		t.Errorf("a key without people:write posts: %d", r.status)
	}
}

func TestOpenDoorPagingCSVAndEmptyPage(t *testing.T) {
	h := newHarness(t)
	feedbackOrg(t, h)
	for i := range 5 {
		h.addOpenDoor(client.OpenDoorSubmission{EmployeeID: "emp-sales-01", Category: "custom", Text: fmt.Sprintf("day %d", i+1),
			SubmittedAt: fmt.Sprintf("2025-03-0%d", i+1)})
	}
	var got []string
	path := "/v1/open-door?limit=2"
	for page := 0; path != ""; page++ {
		p := h.list(h.boot.Secret, path)
		for _, row := range p.Data {
			got = append(got, row["text"].(string))
		}
		if page == 0 { // one lands behind the cursor, one ahead of it
			h.addOpenDoor(client.OpenDoorSubmission{EmployeeID: "emp-sales-01", Category: "custom", Text: "early", SubmittedAt: "2025-01-01"},
				client.OpenDoorSubmission{EmployeeID: "emp-sales-01", Category: "custom", Text: "late", SubmittedAt: "2025-04-01"})
		}
		path = ""
		if p.Pagination.NextPath != nil {
			path = *p.Pagination.NextPath
		}
	}
	if d := cmp.Diff([]string{"day 1", "day 2", "day 3", "day 4", "day 5", "late"}, got); d != "" {
		t.Errorf("texts over all pages (-want +got):\n%s", d)
	}

	js := h.list(h.boot.Secret, "/v1/open-door")
	r := h.do("GET", "/v1/open-door?format=csv", "", bearer(h.boot.Secret)...)
	recs, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(js.Meta.Columns, recs[0]); d != "" {
		t.Errorf("CSV header (-json +csv):\n%s", d)
	}
	if len(recs) != len(js.Data)+1 || recs[1][slices.Index(recs[0], "text")] != "early" {
		t.Errorf("CSV rows = %v", recs)
	}
	empty := h.list(h.boot.Secret, "/v1/open-door?from=2030-01-01")
	if len(empty.Data) != 0 || !slices.Equal(empty.Meta.Columns, js.Meta.Columns) {
		t.Errorf("empty page: %d rows, columns %v", len(empty.Data), empty.Meta.Columns)
	}
	r = h.do("GET", "/v1/open-door?from=2030-01-01&format=csv", "", bearer(h.boot.Secret)...)
	if first, _, _ := strings.Cut(r.body, "\r\n"); first != strings.Join(js.Meta.Columns, ",") {
		t.Errorf("empty CSV header = %q", first)
	}
}

func TestPrivateHiveFiveHidesTextAndSender(t *testing.T) {
	h := newHarness(t)
	segs := feedbackOrg(t, h)
	n, err := h.admin().AddHiveFives(t.Context(), []client.HiveFive{
		{SenderEmployeeID: "emp-support-01", RecipientEmployeeID: "emp-sales-01", Text: "Thanks for the handover!", Value: "teamwork", SentAt: "2025-05-01T10:00:00Z"},
		{SenderEmployeeID: "emp-support-02", RecipientEmployeeID: "emp-sales-02", Text: "You kept me sane this week.", Value: "kindness", Private: true, SentAt: "2025-05-02T10:00:00Z"},
	})
	if err != nil || n != 2 {
		t.Fatalf("add hive fives = %d, %v", n, err)
	}
	r := h.do("GET", "/v1/hive-fives", "", bearer(h.boot.Secret)...)
	if strings.Contains(r.body, "sane") || strings.Contains(r.body, "emp-support-02") {
		t.Errorf("the private Hive Five's text or sender shows:\n%s", r.body)
	}
	p := h.list(h.boot.Secret, "/v1/hive-fives")
	if len(p.Data) != 2 {
		t.Fatalf("%d rows, want both: a private one is still counted", len(p.Data))
	}
	public, private := p.Data[0], p.Data[1]
	senderCols := 0
	for _, col := range p.Meta.Columns {
		if strings.HasPrefix(col, "sender_") && strings.HasSuffix(col, "_segment_id") {
			senderCols++
		}
	}
	if p.Meta.NulledSegmentCells == nil || *p.Meta.NulledSegmentCells != senderCols {
		t.Errorf("meta.nulled_segment_cells = %v, want the private sender's %d", p.Meta.NulledSegmentCells, senderCols)
	}
	if public["text"] != "Thanks for the handover!" || public["sender_employee_id"] != "emp-support-01" ||
		public["sender_department_segment_id"] != segs["department:Support"] || public["recipient_department_segment_id"] != segs["department:Sales"] {
		t.Errorf("public row = %v", public)
	}
	for _, col := range p.Meta.Columns {
		if strings.HasPrefix(col, "sender_") || col == "text" {
			if private[col] != nil {
				t.Errorf("private row shows %s = %v", col, private[col])
			}
		}
	}
	if private["private"] != true || private["value"] != "kindness" || private["recipient_employee_id"] != "emp-sales-02" ||
		private["recipient_department_segment_id"] != segs["department:Sales"] || private["sent_at"] != "2025-05-02T10:00:00Z" {
		t.Errorf("private row metadata = %v", private)
	}
	// Filtering by the private sender's segment must not find the row.
	if p := h.list(h.boot.Secret, "/v1/hive-fives?segment_id="+segs["department:Support"]); len(p.Data) != 1 || p.Data[0]["private"] != false {
		t.Errorf("segment filter on the sender's side found %v", p.Data)
	}
	if p := h.list(h.boot.Secret, "/v1/hive-fives?from=2025-05-02"); len(p.Data) != 1 {
		t.Errorf("from filter found %d rows", len(p.Data))
	}
}

func TestHiveFivesPostingIsValidated(t *testing.T) {
	h := newHarness(t)
	feedbackOrg(t, h)
	for _, c := range []struct {
		item  client.HiveFive
		field string
	}{
		{client.HiveFive{SenderEmployeeID: "emp-sales-01", RecipientEmployeeID: "emp-sales-01", Text: "me", Value: "teamwork"}, "recipient_employee_id"},
		{client.HiveFive{SenderEmployeeID: "emp-nobody", RecipientEmployeeID: "emp-sales-01", Text: "x", Value: "teamwork"}, "sender_employee_id"},
		{client.HiveFive{SenderEmployeeID: "emp-sales-02", RecipientEmployeeID: "emp-sales-01", Text: "x", Value: "Team Work"}, "value"},
		{client.HiveFive{SenderEmployeeID: "emp-sales-02", RecipientEmployeeID: "emp-sales-01", Text: " ", Value: "teamwork"}, "text"},
		{client.HiveFive{SenderEmployeeID: "emp-sales-02", RecipientEmployeeID: "emp-sales-01", Text: "x", Value: "teamwork", SentAt: "2999-01-01"}, "sent_at"},
	} {
		_, err := h.admin().AddHiveFives(t.Context(), []client.HiveFive{c.item})
		if ce := apiError(t, err, 400, "invalid_request", ""); ce.Details["field"] != "hive_fives[0]."+c.field {
			t.Errorf("%+v: field %v, want %s", c.item, ce.Details["field"], c.field)
		}
	}
	reader := h.createKey(client.CreateKeyRequest{Permissions: []string{"open_door:read"}})
	if r := h.do("GET", "/v1/hive-fives", "", bearer(reader.Key)...); r.status != 403 {
		t.Errorf("a key without hive_fives:read: %d", r.status)
	}
}

func TestOpenDoorSizesDateBucketsOnTheDayOfSubmission(t *testing.T) {
	h := newHarness(t)
	// Twelve people hired seven years ago and a veteran hired nine years
	// ago: two years ago the veteran was alone in 6–10y tenure, while the
	// twelve were in 4–6y; today all thirteen are in 6–10y.
	now := h.clock.Now()
	date := func(years int) string { return now.AddDate(-years, 0, 0).Format(time.DateOnly) }
	var b strings.Builder
	b.WriteString("employee_id,email,first_name,last_name,start_date,date_of_birth,department\n")
	for i := range 12 {
		fmt.Fprintf(&b, "emp-%02d,p%02d@example.com,P,Q,%s,,Sales\n", i, i, date(7))
	}
	fmt.Fprintf(&b, "emp-veteran,veteran@example.com,V,W,%s,,Sales\n", date(9))
	if _, err := h.admin().ImportPeople(t.Context(), strings.NewReader(b.String()), -1, false); err != nil {
		t.Fatal(err)
	}
	page, err := h.admin().ListAttributes(t.Context(), 1000, "")
	if err != nil {
		t.Fatal(err)
	}
	var sixToTen string
	for _, r := range page.Data {
		if r.AttributeName == "tenure" && r.SegmentName == "6–10y" {
			sixToTen = r.SegmentID
		}
	}
	h.addOpenDoor(
		client.OpenDoorSubmission{EmployeeID: "emp-veteran", Category: "problem", Text: "then", SubmittedAt: date(2)},
		client.OpenDoorSubmission{EmployeeID: "emp-veteran", Category: "problem", Text: "now"},
	)
	p := h.list(h.boot.Secret, "/v1/open-door")
	if p.Data[0]["tenure_segment_id"] != nil || p.Data[1]["tenure_segment_id"] != sixToTen {
		t.Errorf("tenure columns = %v, %v; want null then 6–10y", p.Data[0]["tenure_segment_id"], p.Data[1]["tenure_segment_id"])
	}
	f := h.list(h.boot.Secret, "/v1/open-door?segment_id="+sixToTen)
	if len(f.Data) != 1 || f.Data[0]["text"] != "now" {
		t.Errorf("filtered by 6–10y: %v; want only the row of a day the bucket was large", f.Data)
	}
}
