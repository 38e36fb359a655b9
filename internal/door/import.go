package door

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/csvimport"
	"github.com/hive-platform/hive/internal/hive"
)

// ImportColumns are the columns a member CSV may have, in any order. The
// header row is required; every column but id is optional. A row with an id
// updates that member, changing only the columns present; a row without one
// creates a member.
var ImportColumns = []string{"id", "door_access_id", "barcode_id", "first_name", "last_name",
	"email", "phone", "is_instructor", "status"}

// Import actions.
const (
	ImportCreate    = "create"
	ImportUpdate    = "update"
	ImportUnchanged = "unchanged"
)

// ImportResult says what an import did, or with DryRun what it would do.
type ImportResult struct {
	DryRun    bool
	Created   int
	Updated   int
	Unchanged int
	Rows      []ImportRow   // one per data row, in file order
	Errors    []ImportError // every problem found; nothing was written if any
}

// ImportRow is the outcome of one data row.
type ImportRow struct {
	Row      int    // the line in the file: the header is row 1
	Action   string // ImportCreate, ImportUpdate or ImportUnchanged
	MemberID int64  // 0 for a row a dry run would create
}

// ImportError is one problem with one cell (or the whole row when Column is
// empty).
type ImportError = csvimport.RowError

// ImportMembers creates and updates members from a CSV. Every row is
// validated first (types, lengths, status values, uniqueness within the file
// and against existing members); if any fails, nothing is written and the
// error is EINVALID whose details hold "errors": []ImportError, with the
// result's Errors filled too. Otherwise every row is written in one
// transaction, or with dryRun only reported.
func (s *Service) ImportMembers(ctx context.Context, p *hive.Principal, r io.Reader, dryRun bool) (ImportResult, error) {
	res := ImportResult{DryRun: dryRun, Rows: []ImportRow{}, Errors: []ImportError{}}
	existing, err := s.liveMembers(ctx, p.TenantID)
	if err != nil {
		return res, err
	}
	im := newImporter(p.TenantID, existing, s.now())
	im.read(r)
	if len(im.errs) > 0 {
		res.Errors = im.errs
		return res, csvimport.Rejection(im.errs)
	}
	for _, row := range im.rows {
		res.Rows = append(res.Rows, ImportRow{Row: row.line, Action: row.action, MemberID: row.m.ID})
		switch row.action {
		case ImportCreate:
			res.Created++
		case ImportUpdate:
			res.Updated++
		default:
			res.Unchanged++
		}
	}
	if dryRun {
		return res, nil
	}
	err = s.store.WithinTx(ctx, func(tx Store) error {
		for i, row := range im.rows {
			var err error
			switch row.action {
			case ImportCreate:
				err = tx.CreateMember(ctx, row.m)
			case ImportUpdate:
				err = tx.UpdateMember(ctx, row.m)
			}
			if err != nil {
				return fmt.Errorf("row %d: %w", row.line, err)
			}
			res.Rows[i].MemberID = row.m.ID
		}
		return nil
	})
	if err != nil {
		return ImportResult{DryRun: dryRun, Rows: []ImportRow{}, Errors: []ImportError{}}, err
	}
	return res, nil
}

// Import limits: rows in one file, and problems reported before giving up.
const (
	maxImportRows   = 100_000
	maxImportErrors = 1000
)

// liveMembers returns every live member of the tenant.
func (s *Service) liveMembers(ctx context.Context, tenantID string) ([]*Member, error) {
	f := MemberFilter{TenantID: tenantID, Page: Page{Limit: 1000}}
	var out []*Member
	for {
		page, _, err := s.store.ListMembers(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < f.Limit {
			return out, nil
		}
		f.After = page[len(page)-1].ID
	}
}

// importer validates a member CSV row by row against the tenant's live
// members and the rows before.
type importer struct {
	now       time.Time
	tenantID  string
	byID      map[int64]*Member
	byAccess  map[string]*Member
	byBarcode map[string]*Member
	seenID    map[int64]int  // member ID to the row that updates it
	seenAcc   map[string]int // door_access_id to the row that has it
	seenBar   map[string]int // barcode_id to the row that has it
	columns   []string
	rows      []importRow
	errs      []ImportError
}

type importRow struct {
	line   int
	m      *Member
	action string
}

func newImporter(tenantID string, existing []*Member, now time.Time) *importer {
	im := &importer{now: now, tenantID: tenantID, byID: map[int64]*Member{}, byAccess: map[string]*Member{},
		byBarcode: map[string]*Member{}, seenID: map[int64]int{}, seenAcc: map[string]int{}, seenBar: map[string]int{}}
	for _, m := range existing {
		im.byID[m.ID] = m
		if m.DoorAccessID != "" {
			im.byAccess[m.DoorAccessID] = m
		}
		if m.BarcodeID != "" {
			im.byBarcode[m.BarcodeID] = m
		}
	}
	return im
}

// fail notes a problem; it reports false once there are too many to go on.
func (im *importer) fail(row int, column, format string, args ...any) bool {
	im.errs = append(im.errs, ImportError{Row: row, Column: column, Message: fmt.Sprintf(format, args...)})
	return len(im.errs) < maxImportErrors
}

// read parses and checks the whole file.
func (im *importer) read(r io.Reader) {
	cr := csvimport.NewReader(r)
	header, err := cr.Header()
	if err == io.EOF {
		im.fail(1, "", "the file is empty; the first row must name the columns: %s", strings.Join(ImportColumns, ", "))
		return
	}
	if err != nil {
		im.fail(1, "", "%s", csvimport.Problem(err))
		return
	}
	if !im.header(header) {
		return
	}
	for n := 1; ; n++ {
		rec, line, err := cr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if !im.fail(line, "", "%s", csvimport.Problem(err)) {
				return
			}
			continue
		}
		if n > maxImportRows {
			im.fail(line, "", "a file may hold at most %d members; split it", maxImportRows)
			return
		}
		if !im.row(line, rec) {
			return
		}
	}
	if len(im.rows) == 0 && len(im.errs) == 0 {
		im.fail(2, "", "the file has a header but no members")
	}
}

// header checks the column names.
func (im *importer) header(cols []string) bool {
	ok := true
	for i, c := range cols {
		switch {
		case !slices.Contains(ImportColumns, c):
			im.fail(1, c, "unknown column %q; the columns are %s", c, strings.Join(ImportColumns, ", "))
			ok = false
		case slices.Index(cols, c) < i:
			im.fail(1, c, "column %q appears twice", c)
			ok = false
		}
	}
	im.columns = cols
	return ok
}

// row checks one data row and, if it is valid, keeps the member it makes.
func (im *importer) row(line int, rec []string) bool {
	before := len(im.errs)
	m := &Member{TenantID: im.tenantID, Status: StatusActive, CreatedAt: im.now, UpdatedAt: im.now}
	var old *Member
	if i := slices.Index(im.columns, "id"); i >= 0 && strings.TrimSpace(rec[i]) != "" {
		if old = im.existing(line, strings.TrimSpace(rec[i])); old == nil {
			return len(im.errs) < maxImportErrors
		}
		cp := *old
		m = &cp
	}
	for i, col := range im.columns {
		if !im.cell(line, col, rec[i], m) {
			return false
		}
	}
	if len(im.errs) > before {
		return true
	}
	if !im.unique(line, m) {
		return false
	}
	if len(im.errs) > before {
		return true
	}
	action := ImportCreate
	if old != nil {
		action = ImportUnchanged
		if !sameMember(old, m) {
			action, m.UpdatedAt = ImportUpdate, im.now
		}
	}
	im.rows = append(im.rows, importRow{line: line, m: m, action: action})
	return true
}

// existing returns the live member a row's id names, noting a problem if
// there is none or another row names it too.
func (im *importer) existing(line int, v string) *Member {
	id, err := strconv.ParseInt(v, 10, 64)
	switch {
	case err != nil || id <= 0:
		im.fail(line, "id", "%q is not a member id; leave it empty to create a member", v)
	case im.byID[id] == nil:
		im.fail(line, "id", "no member has id %d; leave it empty to create a member", id)
	case im.seenID[id] != 0:
		im.fail(line, "id", "member %d is also updated in row %d", id, im.seenID[id])
	default:
		im.seenID[id] = line
		return im.byID[id]
	}
	return nil
}

// cell checks one cell and sets its field on m.
func (im *importer) cell(line int, col, v string, m *Member) bool {
	var err error
	switch col {
	case "id":
		return true
	case "door_access_id":
		m.DoorAccessID, err = strings.TrimSpace(v), validIdentifier(col, strings.TrimSpace(v))
	case "barcode_id":
		m.BarcodeID, err = strings.TrimSpace(v), validIdentifier(col, strings.TrimSpace(v))
	case "first_name":
		m.FirstName, err = validText(col, v, MaxIDLen, false)
	case "last_name":
		m.LastName, err = validText(col, v, MaxIDLen, false)
	case "email":
		m.Email, err = validEmail(col, v)
	case "phone":
		m.Phone, err = validText(col, v, maxPhoneLen, false)
	case "is_instructor":
		if strings.TrimSpace(v) == "" {
			return true // keep
		}
		b, ok := ParseFlag(v)
		if !ok {
			return im.fail(line, col, "%q is not true or false", v)
		}
		m.IsInstructor = b
	case "status":
		if strings.TrimSpace(v) == "" {
			return true // keep
		}
		m.Status, err = validStatus(col, Status(strings.ToLower(strings.TrimSpace(v))), StatusActive)
	}
	if err != nil {
		problem, _ := hive.ErrorDetails(err)["problem"].(string)
		return im.fail(line, col, "%s", problem)
	}
	return true
}

// unique checks m's identifiers against the tenant's other live members and
// the rows before.
func (im *importer) unique(line int, m *Member) bool {
	checks := []struct {
		col      string
		v        string
		existing map[string]*Member
		seen     map[string]int
	}{
		{"door_access_id", m.DoorAccessID, im.byAccess, im.seenAcc},
		{"barcode_id", m.BarcodeID, im.byBarcode, im.seenBar},
	}
	for _, c := range checks {
		if c.v == "" {
			continue
		}
		if other, ok := c.existing[c.v]; ok && other.ID != m.ID {
			if !im.fail(line, c.col, "%q is already used by member %d", c.v, other.ID) {
				return false
			}
		} else if row, ok := c.seen[c.v]; ok {
			if !im.fail(line, c.col, "%q is also in row %d", c.v, row) {
				return false
			}
		} else {
			c.seen[c.v] = line
		}
	}
	return true
}

// sameMember reports whether an import leaves a member as it was.
func sameMember(a, b *Member) bool {
	return a.DoorAccessID == b.DoorAccessID && a.BarcodeID == b.BarcodeID && a.FirstName == b.FirstName &&
		a.LastName == b.LastName && a.Email == b.Email && a.Phone == b.Phone &&
		a.IsInstructor == b.IsInstructor && a.Status == b.Status
}
