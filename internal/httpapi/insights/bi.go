package insights

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/csvsafe"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// The BI conventions every Open API list follows, so that Power BI and
// other tools load any endpoint the same way:
//
//   - {"data": [...], "pagination": {"next_cursor", "next_path"}, "meta": {...}}
//     with the same columns, in the same order, on every row; meta.columns
//     names them, so that even an empty page says what it would hold;
//   - numbers as numbers, null for what is not known or not computable
//     (never 0), times in ISO 8601 UTC;
//   - keyset pagination with an opaque cursor, so that rows added while a
//     client pages are never skipped or repeated; next_path is the path
//     and query of the next page, relative, to append to a fixed base URL;
//   - ?limit= from 1 to 1000 asks for one page; without it (or with
//     ?limit=all) the response is the whole result up to biRowCap rows, so
//     that a URL pasted as-is into Power BI's "From Web" loads every row.
//     Either way meta.truncated, X-Hive-Truncated and next_cursor say when
//     rows follow that the response does not hold;
//   - ?format=csv or Accept: text/csv returns the same columns as RFC 4180
//     CSV, with empty cells for null, numbers to biCSVDigits significant
//     digits, and the next page in a Link header; ?bom=true starts it with
//     a UTF-8 byte order mark, for Excel.
//
// Rows are written as they are encoded, and lists read from the database
// are read in chunks of biMaxLimit rows, so a whole result is never held
// in memory as one encoded body.

// BI page sizes.
const (
	biMaxLimit = 1000
	// biRowCap is the most rows one response holds.
	biRowCap = 100_000
	// biCSVDigits is the precision of numbers in CSV: Excel keeps 15
	// significant digits, and a p-value of 1e-160 stays 1e-160 instead of
	// 166 characters of zeros.
	biCSVDigits = 10
)

// biColumn is one column of a BI table: its name and how a row gives its
// value, which is nil, a string, a bool, a number, a time.Time, or a
// pointer to one of those (nil for null).
type biColumn[T any] struct {
	name  string
	value func(T) any
}

// biQuery is the paging a BI request asks for.
type biQuery struct {
	limit int    // the most rows of the response: a page, or biRowCap
	all   bool   // the whole result up to limit, read in chunks
	after string // the decoded cursor: the key of the last row seen
	csv   bool
	bom   bool
}

// chunk is how many rows to read from a store at a time.
func (q biQuery) chunk() int { return min(q.limit, biMaxLimit) }

// readBIQuery reads ?limit=, ?cursor=, ?bom= and the format.
func readBIQuery(r *http.Request) (biQuery, error) {
	q := queryOf(r)
	bq := biQuery{limit: biRowCap, all: true}
	if v := q.Get("limit"); v != "" && v != "all" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > biMaxLimit {
			return bq, hive.FieldError("limit", "must be a whole number from 1 to %d for one page, or all (the default) for every row up to %d", biMaxLimit, biRowCap)
		}
		bq.limit, bq.all = n, false
	}
	if c := q.Get("cursor"); c != "" {
		b, err := base64.RawURLEncoding.DecodeString(c)
		if err != nil || !bytes.HasPrefix(b, []byte("c1:")) {
			return bq, hive.FieldError("cursor", "is not a cursor this API gave out; pass next_cursor from the previous page unchanged, or leave it out for the first page")
		}
		bq.after = string(b[3:])
	}
	switch f := q.Get("format"); f {
	case "csv":
		bq.csv = true
	case "", "json":
		bq.csv = f == "" && strings.Contains(r.Header.Get("Accept"), "text/csv")
	default:
		return bq, hive.FieldError("format", "must be json or csv")
	}
	switch v := q.Get("bom"); v {
	case "", "false":
	case "true":
		if !bq.csv {
			return bq, hive.FieldError("bom", "applies to CSV only; add format=csv")
		}
		bq.bom = true
	default:
		return bq, hive.FieldError("bom", "must be true or false")
	}
	return bq, nil
}

// queryOf returns r's query parameters, as r.URL.Query does, without
// making an empty map for a URL without a query, as a BI tool's refresh
// of a whole table mostly is.
func queryOf(r *http.Request) url.Values {
	if r.URL.RawQuery == "" {
		return nil
	}
	return r.URL.Query()
}

// encodeCursor makes the opaque cursor of a row key.
func encodeCursor(key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("c1:" + key))
}

// pageRows returns the rows whose keys come after q.after, up to q.limit,
// and the key to continue from ("" on the last page). rows must be sorted
// by key, byte-wise ascending, for lists small enough to load whole.
func pageRows[T any](rows []T, key func(T) string, q biQuery) ([]T, string) {
	start := 0
	if q.after != "" {
		for start < len(rows) && key(rows[start]) <= q.after {
			start++
		}
	}
	rows = rows[start:]
	if len(rows) <= q.limit {
		return rows, ""
	}
	return rows[:q.limit], key(rows[q.limit-1])
}

// biMore reads the rows after the key after, up to limit, and the key to
// continue from ("" after the last row).
type biMore[T any] func(after string, limit int) ([]T, string, error)

// writeBI writes rows, then, for a whole result, what more reads until the
// result ends or holds q.limit rows, as JSON or CSV. next is the key of the
// last row when more follow, "" otherwise; more is nil when rows already
// are all there is to write; meta adds endpoint fields.
func writeBI[T any](w http.ResponseWriter, r *http.Request, q biQuery, cols []biColumn[T], rows []T, next string, more biMore[T], meta map[string]any) error {
	return writeBIWith(w, r, q, cols, rows, next, more, meta, nil)
}

// writeBIWith is writeBI for a table with a hand-written JSON encoding of a
// row, rowJSON, which must append the bytes appendRow would: a frequent
// read's rows then cost no reflection.
func writeBIWith[T any](w http.ResponseWriter, r *http.Request, q biQuery, cols []biColumn[T], rows []T, next string, more biMore[T], meta map[string]any, rowJSON func([]byte, T) []byte) error {
	s := &biStream[T]{w: w, r: r, q: q, cols: cols, more: more, rowJSON: rowJSON}
	if !q.all || more == nil {
		// The end is known before the first byte: state it in headers.
		s.announce(next)
	} else {
		w.Header()["Trailer"] = biTrailerValue
	}
	w.Header()["X-Hive-Row-Cap"] = biRowCapValue
	if q.csv {
		return s.csv(rows, next)
	}
	return s.json(rows, next, meta)
}

// biStream writes one BI response row by row.
type biStream[T any] struct {
	w     http.ResponseWriter
	r     *http.Request
	q     biQuery
	cols  []biColumn[T]
	more  biMore[T]
	count int
	// rowJSON, when set, appends a row as appendRow would.
	rowJSON func([]byte, T) []byte
}

// announce sets the headers that say whether rows follow.
func (s *biStream[T]) announce(next string) {
	h := s.w.Header()
	h["X-Hive-Truncated"] = biBool(next != "")
	if next != "" {
		h.Set("X-Next-Cursor", encodeCursor(next))
		if s.q.csv {
			h.Set("Link", fmt.Sprintf("<%s>; rel=\"next\"", s.nextPath(next)))
		}
	}
}

func (s *biStream[T]) nextPath(next string) string {
	v := s.r.URL.Query()
	v.Set("cursor", encodeCursor(next))
	v.Del(edge.QueryKeyParam) // a BI tool adds its key to each URL; a response never holds it
	return s.r.URL.Path + "?" + v.Encode()
}

// each calls write for rows and, on a whole result, for every further
// chunk, and returns the key to continue from. A store failing after the
// status line is out aborts the response, so a client never takes a cut
// body for the whole result.
func (s *biStream[T]) each(rows []T, next string, write func(T) error) (string, error) {
	for {
		for _, row := range rows {
			if err := write(row); err != nil {
				return "", err
			}
		}
		s.count += len(rows)
		if !s.q.all || s.more == nil || next == "" || s.count >= s.q.limit {
			return next, nil
		}
		var err error
		if rows, next, err = s.more(next, min(biMaxLimit, s.q.limit-s.count)); err != nil {
			panic(http.ErrAbortHandler)
		}
	}
}

// finish sets the trailers of a whole result read in chunks.
func (s *biStream[T]) finish(next string) {
	if s.q.all && s.more != nil {
		h := s.w.Header()
		h["X-Hive-Truncated"] = biBool(next != "")
		if next != "" {
			h.Set("X-Next-Cursor", encodeCursor(next))
		}
	}
}

func (s *biStream[T]) json(rows []T, next string, meta map[string]any) error {
	s.w.Header()["Content-Type"] = edge.ContentTypeJSON
	s.w.WriteHeader(http.StatusOK)
	b := newBIWriter(s.w)
	defer releaseBIWriter(b)
	var row bytes.Buffer
	b.WriteString(`{"data":[`)
	first := true
	next, err := s.each(rows, next, func(v T) error {
		if !first {
			b.WriteByte(',')
		}
		first = false
		if s.rowJSON != nil {
			_, err := b.Write(s.rowJSON(b.AvailableBuffer(), v))
			return err
		}
		row.Reset()
		if err := appendRow(&row, s.cols, v); err != nil {
			return err
		}
		_, err := b.Write(row.Bytes())
		return err
	})
	if err != nil {
		return err
	}
	var cursor, path any
	if next != "" {
		cursor, path = encodeCursor(next), s.nextPath(next)
	}
	if meta == nil {
		b.Write(s.appendTail(b.AvailableBuffer(), cursor, path))
		s.finish(next)
		return b.Flush()
	}
	names := make([]string, len(s.cols))
	for i, c := range s.cols {
		names[i] = c.name
	}
	meta["columns"], meta["count"], meta["limit"] = names, s.count, s.q.limit
	meta["truncated"], meta["row_cap"] = next != "", biRowCap
	b.WriteString(`],"pagination":`)
	tail, err := json.Marshal(map[string]any{"next_cursor": cursor, "next_path": path})
	if err != nil {
		return err
	}
	b.Write(tail)
	b.WriteString(`,"meta":`)
	if tail, err = json.Marshal(meta); err != nil {
		return err
	}
	b.Write(tail)
	b.WriteString("}\n")
	s.finish(next)
	return b.Flush()
}

// writeBIObject writes one row as a JSON object with the table's columns,
// for the endpoints that create or fetch one item.
func writeBIObject[T any](w http.ResponseWriter, status int, cols []biColumn[T], row T) error {
	var b bytes.Buffer
	if err := appendRow(&b, cols, row); err != nil {
		return err
	}
	b.WriteByte('\n')
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(b.Bytes())
	return err
}

// appendRow writes row as a JSON object whose keys are the columns, in
// order; encoding/json would sort a map's keys.
func appendRow[T any](b *bytes.Buffer, cols []biColumn[T], row T) error {
	b.WriteByte('{')
	for i, c := range cols {
		if i > 0 {
			b.WriteByte(',')
		}
		v, err := json.Marshal(biValue(c.value(row)))
		if err != nil {
			return fmt.Errorf("column %s: %w", c.name, err)
		}
		name, _ := json.Marshal(c.name)
		b.Write(name)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return nil
}

// biValue dereferences pointers (nil is null) and renders times in UTC.
func biValue(v any) any {
	switch v := v.(type) {
	case *string:
		if v != nil {
			return *v
		}
	case *int:
		if v != nil {
			return *v
		}
	case *float64:
		if v != nil {
			return *v
		}
	case *bool:
		if v != nil {
			return *v
		}
	case *time.Time:
		if v != nil {
			return v.UTC().Format(time.RFC3339Nano)
		}
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano)
	default:
		return v
	}
	return nil
}

// csv writes the header row and one record per row, CRLF-terminated as
// RFC 4180 asks, with empty cells for null, through csvsafe so that no text
// a tenant's people wrote is evaluated as a formula.
func (s *biStream[T]) csv(rows []T, next string) error {
	s.w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	s.w.WriteHeader(http.StatusOK)
	b := bufio.NewWriter(s.w)
	if s.q.bom {
		b.WriteString("\uFEFF")
	}
	cw := csvsafe.NewWriter(b)
	cw.SetCRLF(true)
	cw.Write(columnNames(s.cols))
	rec := make([]csvsafe.Cell, len(s.cols))
	next, err := s.each(rows, next, func(row T) error {
		csvRecord(rec, s.cols, row)
		return cw.WriteCells(rec)
	})
	if err != nil {
		return err
	}
	if err := cw.Flush(); err != nil {
		return err
	}
	s.finish(next)
	return b.Flush()
}

// writeCSVRows writes the header and rows of a BI table to cw, as the
// OpenAPI document's CSV examples show them.
func writeCSVRows[T any](cw *csvsafe.Writer, cols []biColumn[T], rows []T) {
	cw.Write(columnNames(cols))
	rec := make([]csvsafe.Cell, len(cols))
	for _, row := range rows {
		csvRecord(rec, cols, row)
		cw.WriteCells(rec)
	}
}

// csvRecord fills rec with row's cells.
func csvRecord[T any](rec []csvsafe.Cell, cols []biColumn[T], row T) {
	for i, c := range cols {
		rec[i] = csvCell(biValue(c.value(row)))
	}
}

// csvCell is a BI value as a CSV cell; numbers are numeric cells.
func csvCell(v any) csvsafe.Cell {
	switch v := v.(type) {
	case nil:
		return csvsafe.Cell{}
	case string:
		return csvsafe.Cell{Value: v}
	case bool:
		return csvsafe.Cell{Value: strconv.FormatBool(v)}
	case int:
		return csvsafe.Cell{Value: strconv.Itoa(v), Number: true}
	case float64:
		return csvsafe.Cell{Value: CSVNumber(v), Number: true}
	case []string:
		return csvsafe.Cell{Value: strings.Join(v, ",")}
	}
	return csvsafe.Cell{Value: fmt.Sprint(v)}
}

// CSVNumber is v to biCSVDigits significant digits, in plain notation
// unless that would be long: 1e-160 stays 1e-160.
func CSVNumber(v float64) string {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', biCSVDigits, 64), 64)
	if a := math.Abs(r); a == 0 || (a >= 1e-6 && a < 1e15) {
		return strconv.FormatFloat(r, 'f', -1, 64)
	}
	return strconv.FormatFloat(r, 'g', -1, 64)
}

// parseInstant reads a date (YYYY-MM-DD, midnight UTC) or an RFC 3339 time,
// for from, to and *_since filters and for dates in request bodies.
func parseInstant(field, v string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, hive.FieldError(field, "%q is not a date (YYYY-MM-DD) or an RFC 3339 time such as 2024-03-31T09:00:00Z", v)
	}
	return t.UTC(), nil
}

// optionalInstant parses v when it is not nil.
func optionalInstant(field string, v *string) (*time.Time, error) {
	if v == nil {
		return nil, nil
	}
	t, err := parseInstant(field, *v)
	if err != nil {
		return nil, err
	}
	return &t, nil
}
