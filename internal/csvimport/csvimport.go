// Package csvimport reads the CSV files people export from spreadsheets,
// so every importer accepts the same files and reports problems the same
// way. Reader drops a UTF-8 byte-order mark (Excel's "CSV UTF-8" writes
// one), takes ';' as the separator when the header has more semicolons than
// commas (spreadsheets in locales with a decimal comma write those),
// normalises the header's column names, and gives each record the line of
// the file it starts on, counting the header as line 1, so a problem names
// the row a text editor shows even when a quoted cell spans several lines.
package csvimport

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/hive-platform/hive/internal/hive"
)

// Reader reads a CSV upload record by record.
type Reader struct {
	cr *csv.Reader
}

// sniffLen is how much of the file the separator is guessed from: the
// header line, unless it is longer than this.
const sniffLen = 64 << 10

// NewReader returns a Reader of r. Every record must have as many fields as
// the header; records are reused between calls to Next.
func NewReader(r io.Reader) *Reader {
	br := bufio.NewReaderSize(r, sniffLen)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xEF\xBB\xBF")) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comma = sniffSeparator(br)
	cr.ReuseRecord = true
	return &Reader{cr: cr}
}

// Header reads the first record and returns its column names trimmed of
// spaces and in lower case. It returns io.EOF if the file is empty, and for
// a refused header an error Problem describes.
func (r *Reader) Header() ([]string, error) {
	rec, err := r.cr.Read()
	if err != nil {
		return nil, err
	}
	cols := make([]string, len(rec))
	for i, c := range rec {
		cols[i] = strings.ToLower(strings.TrimSpace(c))
	}
	return cols, nil
}

// Next returns the next record and the line of the file it starts on. At
// the end of the file it returns io.EOF. A record the csv package refuses
// (a stray quote, the wrong number of fields) returns its line with an error
// Problem describes; reading may go on after it.
func (r *Reader) Next() (rec []string, line int, err error) {
	rec, err = r.cr.Read()
	if err != nil {
		// A refused record has no fields, so its line comes from the error;
		// FieldPos would panic.
		if pe, ok := errors.AsType[*csv.ParseError](err); ok {
			return nil, max(pe.StartLine, 2), err
		}
		return nil, 0, err
	}
	line, _ = r.cr.FieldPos(0)
	return rec, line, nil
}

// sniffSeparator picks ';' when the header line has more semicolons than
// commas outside quotes, and ',' otherwise.
func sniffSeparator(br *bufio.Reader) rune {
	head, _ := br.Peek(br.Size())
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	commas, semis, quoted := 0, 0, false
	for _, c := range head {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ',':
			commas++
		case c == ';':
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

// Problem says what is wrong with a record Reader refused, without the
// position the csv package prefixes: the row is reported beside it.
func Problem(err error) string {
	if errors.Is(err, csv.ErrFieldCount) {
		return "wrong number of fields: the row does not have as many cells as the header; check for a missing or extra separator"
	}
	if pe, ok := errors.AsType[*csv.ParseError](err); ok {
		return pe.Err.Error() + "; quote cells that hold the separator, and double quotes inside quoted cells"
	}
	return err.Error()
}

// RowError is one problem with one cell of an upload, or with the whole row
// when Column is empty. Row is the line of the file the record starts on,
// the header being row 1.
type RowError struct {
	Row     int
	Column  string
	Message string
}

// Rejection is the EINVALID error for an upload with problems: its message
// names the first, and its details hold every one under "errors". errs must
// not be empty.
func Rejection(errs []RowError) error {
	first := errs[0]
	where := fmt.Sprintf("row %d", first.Row)
	if first.Column != "" {
		where += ", column " + first.Column
	}
	list := make([]map[string]any, len(errs))
	for i, e := range errs {
		list[i] = map[string]any{"row": e.Row, "column": e.Column, "message": e.Message}
	}
	return hive.Errorf(hive.EINVALID, "The CSV has %d problem(s) and nothing was imported. First, %s: %s",
		len(errs), where, first.Message).WithDetails("errors", list)
}
