package people

import (
	"context"
	"fmt"
	"io"
	"maps"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hive-platform/hive/internal/csvimport"
	"github.com/hive-platform/hive/internal/hive"
)

// RequiredColumns must all be in an upload's header row. Any further column
// is a demographic attribute (department, location, ...). employee_id,
// email, first_name and last_name need a value on every row; start_date and
// date_of_birth may be empty, which puts the person in the Not specified
// segment of tenure or age, as an empty attribute cell does for its
// attribute.
var RequiredColumns = []string{"employee_id", "email", "first_name", "last_name", "start_date", "date_of_birth"}

// Import limits.
const (
	MaxImportRows   = 100_000
	MaxImportErrors = 100 // problems reported before the check stops
	maxTextLen      = 191
	maxEmailLen     = 254
	maxColumnLen    = 64
)

// ImportResult says what an import did, or with DryRun what it would do.
type ImportResult struct {
	DryRun            bool
	Created           int
	Updated           int
	Unchanged         int
	AttributesCreated []string // names of attributes the file introduced
	SegmentsCreated   int      // option values seen for the first time
	Errors            []ImportError
}

// ImportError is one problem with one cell, or with the whole row when
// Column is empty. Row counts the lines of the file from 1, the header.
type ImportError = csvimport.RowError

// ImportPeople creates and updates people from a CSV upload, matching them
// by employee_id; people missing from the file are left as they are. The
// whole file is checked first: if any cell is wrong nothing is written and
// the error is EINVALID, with every problem (up to MaxImportErrors) in the
// result's Errors. Otherwise the changes are written in one transaction, or
// with dryRun only counted.
func (s *Service) ImportPeople(ctx context.Context, p *hive.Principal, r io.Reader, dryRun bool) (ImportResult, error) {
	res := ImportResult{DryRun: dryRun, AttributesCreated: []string{}, Errors: []ImportError{}}
	f := readPeopleCSV(r)
	if len(f.errs) > 0 {
		res.Errors = f.errs
		return res, csvimport.Rejection(f.errs)
	}
	if dryRun {
		_, err := s.planImport(ctx, s.store, p.TenantID, f, &res)
		return res, err
	}
	err := s.store.WithinTx(ctx, func(tx Store) error {
		plan, err := s.planImport(ctx, tx, p.TenantID, f, &res)
		if err != nil {
			return err
		}
		return plan.write(ctx, tx)
	})
	if err != nil {
		return ImportResult{AttributesCreated: []string{}, Errors: []ImportError{}}, err
	}
	s.cache.invalidate(p.TenantID, "")
	return res, nil
}

// peopleFile is a checked upload.
type peopleFile struct {
	attrCols []string // attribute column names, lower case, in file order
	rows     []fileRow
	errs     []ImportError
}

// fileRow is one valid data row.
type fileRow struct {
	line   int
	person Person
	attrs  []string // values of attrCols, "" for Not specified
}

// fail notes a problem and reports whether the check may go on.
func (f *peopleFile) fail(row int, column, format string, args ...any) bool {
	f.errs = append(f.errs, ImportError{Row: row, Column: column, Message: fmt.Sprintf(format, args...)})
	return len(f.errs) < MaxImportErrors
}

// readPeopleCSV parses and checks a whole upload.
func readPeopleCSV(r io.Reader) *peopleFile {
	f := &peopleFile{}
	cr := csvimport.NewReader(r)
	header, err := cr.Header()
	if err == io.EOF {
		f.fail(1, "", "the file is empty; the first row must name the columns: %s", strings.Join(RequiredColumns, ", "))
		return f
	}
	if err != nil {
		f.fail(1, "", "%s", csvimport.Problem(err))
		return f
	}
	cols, ok := f.header(header)
	if !ok {
		return f
	}
	seen := make(map[string]int)
	for {
		rec, line, err := cr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if !f.fail(line, "", "%s", csvimport.Problem(err)) {
				return f
			}
			continue
		}
		if len(f.rows) >= MaxImportRows {
			f.fail(line, "", "a file may hold at most %d people; split it into several uploads", MaxImportRows)
			return f
		}
		if !f.row(line, cols, rec, seen) {
			return f
		}
	}
	if len(f.rows) == 0 && len(f.errs) == 0 {
		f.fail(2, "", "the file has a header but no people")
	}
	return f
}

// header checks the column names and returns them in lower case.
func (f *peopleFile) header(cols []string) ([]string, bool) {
	ok := true
	bad := func(col, format string, args ...any) { f.fail(1, col, format, args...); ok = false }
	for i, c := range cols {
		switch {
		case c == "":
			bad(fmt.Sprintf("#%d", i+1), "the column has no name; name it or delete it")
		case slices.Index(cols[:i], c) >= 0:
			bad(c, "the column appears twice; keep one")
		case c == AttributeTenure:
			bad(c, "tenure is computed from start_date; remove the column")
		case c == AttributeAge:
			bad(c, "age is computed from date_of_birth; remove the column")
		case len(c) > maxColumnLen || !utf8.ValidString(c):
			bad(c, "a column name must be UTF-8 and at most %d characters", maxColumnLen)
		case !slices.Contains(RequiredColumns, c):
			f.attrCols = append(f.attrCols, c)
		}
	}
	for _, req := range RequiredColumns {
		if !slices.Contains(cols, req) {
			bad(req, "the column is missing; the header must name %s, then any attribute columns", strings.Join(RequiredColumns, ", "))
		}
	}
	return cols, ok
}

// row checks one data row and keeps it if it is valid.
func (f *peopleFile) row(line int, cols, rec []string, seen map[string]int) bool {
	before := len(f.errs)
	fr := fileRow{line: line, attrs: make([]string, 0, len(f.attrCols))}
	for i, col := range cols {
		v := strings.TrimSpace(rec[i])
		if !utf8.ValidString(v) {
			if !f.fail(line, col, "the cell is not UTF-8 text; save the file as \"CSV UTF-8\"") {
				return false
			}
			continue
		}
		msg := fr.set(col, v)
		if msg != "" && !f.fail(line, col, "%s", msg) {
			return false
		}
	}
	if id := fr.person.EmployeeID; id != "" {
		if prev, dup := seen[id]; dup {
			if !f.fail(line, "employee_id", "%q is also in row %d; each person must appear once", id, prev) {
				return false
			}
		} else {
			seen[id] = line
		}
	}
	if len(f.errs) == before {
		f.rows = append(f.rows, fr)
	}
	return true
}

// set checks one cell and stores it; it returns what is wrong, or "".
func (fr *fileRow) set(col, v string) string {
	p := &fr.person
	switch col {
	case "employee_id":
		return text(&p.EmployeeID, v, true, "the HR system's id for the person")
	case "email":
		if v == "" {
			return "is empty; every person needs an email address"
		}
		if a, err := mail.ParseAddress(v); err != nil || a.Address != v || len(v) > maxEmailLen {
			return fmt.Sprintf("%q is not an email address such as ann@example.com", v)
		}
		p.Email = v
	case "first_name":
		return text(&p.FirstName, v, true, "the person's first name")
	case "last_name":
		return text(&p.LastName, v, true, "the person's last name")
	case "start_date":
		return date(&p.StartDate, v, "the first day of employment")
	case "date_of_birth":
		return date(&p.DateOfBirth, v, "the person's birthday")
	default:
		if len(v) > maxTextLen {
			return fmt.Sprintf("is longer than %d characters", maxTextLen)
		}
		fr.attrs = append(fr.attrs, v)
	}
	return ""
}

func text(dst *string, v string, required bool, what string) string {
	switch {
	case v == "" && required:
		return "is empty; give " + what
	case len(v) > maxTextLen:
		return fmt.Sprintf("is longer than %d characters", maxTextLen)
	}
	*dst = v
	return ""
}

// earliestDate is the first date accepted in a date column: anything before
// it is a typo.
var earliestDate = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)

func date(dst **time.Time, v, what string) string {
	if v == "" {
		return ""
	}
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return fmt.Sprintf("%q is not a date; write %s as YYYY-MM-DD, e.g. 2021-03-31, or leave it empty", v, what)
	}
	if d.Before(earliestDate) {
		return fmt.Sprintf("%q is before 1900; check the year", v)
	}
	*dst = &d
	return ""
}

// importPlan is what an import writes.
type importPlan struct {
	attrs   []*Attribute // new attributes, with their new segments
	segs    []*Segment   // new segments of existing attributes
	changed []*Person
}

// planImport works out, against the tenant's data as st sees it, which
// people and segments an import creates or changes, counting them into res.
func (s *Service) planImport(ctx context.Context, st Store, tenantID string, f *peopleFile, res *ImportResult) (*importPlan, error) {
	existing, err := st.People(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	// A real import makes tenure and age first, so that they lead the
	// attribute list; a dry run writes nothing.
	load := s.attributes
	if res.DryRun {
		load = func(ctx context.Context, st Store, tenantID string) ([]*Attribute, error) {
			return st.Attributes(ctx, tenantID)
		}
	}
	attrs, err := load(ctx, st, tenantID)
	if err != nil {
		return nil, err
	}
	now := s.clock()
	plan := &importPlan{}
	byName := make(map[string]*Attribute, len(attrs))
	for _, a := range attrs {
		byName[a.Name] = a
	}
	cols := make([]*Attribute, len(f.attrCols))
	for i, name := range f.attrCols {
		if cols[i] = byName[name]; cols[i] == nil {
			cols[i] = newAttribute(tenantID, name, AttributeOption, now)
			plan.attrs = append(plan.attrs, cols[i])
			res.AttributesCreated = append(res.AttributesCreated, name)
		}
	}
	old := make(map[string]*Person, len(existing))
	for _, p := range existing {
		old[p.EmployeeID] = p
	}
	for i := range f.rows {
		o := old[f.rows[i].person.EmployeeID]
		switch p := plan.person(&f.rows[i], cols, o, tenantID, now); {
		case p == nil:
			res.Unchanged++
		case o == nil:
			res.Created++
		default:
			res.Updated++
		}
	}
	for _, a := range plan.attrs {
		res.SegmentsCreated += len(a.Segments) - 1
	}
	res.SegmentsCreated += len(plan.segs)
	return plan, nil
}

// person returns the person a row makes, or nil if it leaves old as it is.
func (plan *importPlan) person(fr *fileRow, cols []*Attribute, old *Person, tenantID string, now time.Time) *Person {
	p := fr.person
	p.TenantID, p.CreatedAt, p.UpdatedAt = tenantID, now, now
	p.Segments = map[string]string{}
	if old != nil {
		p.CreatedAt = old.CreatedAt
		maps.Copy(p.Segments, old.Segments)
	}
	for i, a := range cols {
		v := fr.attrs[i]
		if v == "" {
			delete(p.Segments, a.ID)
			continue
		}
		seg := segmentByValue(a, v)
		if seg == nil {
			seg = newSegment(a, v, v, now)
			if !slices.Contains(plan.attrs, a) {
				plan.segs = append(plan.segs, seg)
			}
		}
		p.Segments[a.ID] = seg.ID
	}
	if old != nil && samePerson(old, &p) {
		return nil
	}
	plan.changed = append(plan.changed, &p)
	return &p
}

// write saves the plan.
func (plan *importPlan) write(ctx context.Context, tx Store) error {
	for _, a := range plan.attrs {
		if err := tx.CreateAttribute(ctx, a); err != nil {
			return err
		}
		if err := tx.CreateSegments(ctx, a.Segments); err != nil {
			return err
		}
	}
	if len(plan.segs) > 0 {
		if err := tx.CreateSegments(ctx, plan.segs); err != nil {
			return err
		}
	}
	if len(plan.changed) == 0 {
		return nil
	}
	return tx.UpsertPeople(ctx, plan.changed)
}

// samePerson reports whether an import leaves a person as they were.
func samePerson(a, b *Person) bool {
	return a.Email == b.Email && a.FirstName == b.FirstName && a.LastName == b.LastName &&
		sameDate(a.StartDate, b.StartDate) && sameDate(a.DateOfBirth, b.DateOfBirth) && maps.Equal(a.Segments, b.Segments)
}

func sameDate(a, b *time.Time) bool {
	return (a == nil) == (b == nil) && (a == nil || a.Equal(*b))
}
