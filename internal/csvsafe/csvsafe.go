// Package csvsafe writes CSV that a spreadsheet opens as data. Excel,
// LibreOffice and Google Sheets evaluate a cell that starts with =, +, -
// or @ (and, after their own trimming, a tab or carriage return) as a
// formula, so a text field such as "=HYPERLINK(...)" in an export would run
// on the reader's machine. Following OWASP's rule, every text cell that
// starts with one of those characters is written with a leading single
// quote, which spreadsheets show as text; cells declared numeric keep their
// sign, so -3.5 stays a number. Every CSV Hive writes goes through Writer.
package csvsafe

import (
	"encoding/csv"
	"io"
	"strings"
)

// Cell is one value of a record: text, or a number written as digits.
type Cell struct {
	Value string
	// Number marks a numeric column's value. It is written as is when it
	// is a plain decimal number and neutralised like text otherwise.
	Number bool
}

// Writer writes neutralised records as RFC 4180 CSV.
type Writer struct {
	cw  *csv.Writer
	rec []string
}

// NewWriter returns a Writer to w. Lines end in LF unless SetCRLF is called.
func NewWriter(w io.Writer) *Writer { return &Writer{cw: csv.NewWriter(w)} }

// SetCRLF makes lines end in CRLF, as RFC 4180 asks.
func (w *Writer) SetCRLF(crlf bool) { w.cw.UseCRLF = crlf }

// Write writes a record of text cells.
func (w *Writer) Write(record []string) error {
	w.rec = w.rec[:0]
	for _, v := range record {
		w.rec = append(w.rec, Neutralize(v))
	}
	return w.cw.Write(w.rec)
}

// WriteCells writes a record of text and numeric cells.
func (w *Writer) WriteCells(cells []Cell) error {
	w.rec = w.rec[:0]
	for _, c := range cells {
		if c.Number && IsPlainNumber(c.Value) {
			w.rec = append(w.rec, c.Value)
		} else {
			w.rec = append(w.rec, Neutralize(c.Value))
		}
	}
	return w.cw.Write(w.rec)
}

// Flush writes any buffered data and returns the first error of any write.
func (w *Writer) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}

// formulaStarts are the first characters that make a spreadsheet evaluate
// a cell (OWASP's list), with the full-width forms some locales accept.
const formulaStarts = "=+-@\t\r"

var fullWidthStarts = []string{"＝", "＋", "－", "＠"}

// Neutralize returns s as a text cell no spreadsheet evaluates: with a
// single quote in front if it starts like a formula, unchanged otherwise.
func Neutralize(s string) string {
	if s == "" {
		return s
	}
	if strings.IndexByte(formulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	for _, fw := range fullWidthStarts {
		if strings.HasPrefix(s, fw) {
			return "'" + s
		}
	}
	return s
}

// IsPlainNumber reports whether s is a decimal number with an optional
// minus sign, fraction and exponent, such as -12, 0.5 or 1e-7: a value a
// spreadsheet reads as a number and nothing else.
func IsPlainNumber(s string) bool {
	s = strings.TrimPrefix(s, "-")
	i := digits(s, 0)
	if i == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		j := digits(s, i+1)
		if j == i+1 {
			return false
		}
		i = j
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := digits(s, i)
		if j == i {
			return false
		}
		i = j
	}
	return i == len(s)
}

// digits returns the index of the first non-digit in s at or after i.
func digits(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
