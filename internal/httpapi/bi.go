package httpapi

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/csvsafe"
	"github.com/hive-platform/hive/internal/hive"
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
//   - ?limit= from 1 to 1000, default 500;
//   - ?format=csv or Accept: text/csv returns the same columns as RFC 4180
//     CSV, with empty cells for null and the next page in a Link header.

// BI page sizes.
const (
	biDefaultLimit = 500
	biMaxLimit     = 1000
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
	limit int
	after string // the decoded cursor: the key of the last row seen
	csv   bool
}

// readBIQuery reads ?limit=, ?cursor= and the format.
func readBIQuery(r *http.Request) (biQuery, error) {
	q := r.URL.Query()
	bq := biQuery{limit: biDefaultLimit}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > biMaxLimit {
			return bq, hive.FieldError("limit", "must be a whole number from 1 to %d (default %d)", biMaxLimit, biDefaultLimit)
		}
		bq.limit = n
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
	return bq, nil
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

// writeBI writes one page of rows as JSON or CSV. next is the key of the
// last row when more follow, "" otherwise; meta adds endpoint fields.
func writeBI[T any](w http.ResponseWriter, r *http.Request, q biQuery, cols []biColumn[T], rows []T, next string, meta map[string]any) error {
	var cursor, path any
	if next != "" {
		c := encodeCursor(next)
		v := r.URL.Query()
		v.Set("cursor", c)
		cursor, path = c, r.URL.Path+"?"+v.Encode()
	}
	if q.csv {
		if path != nil {
			w.Header().Set("Link", fmt.Sprintf("<%s>; rel=\"next\"", path))
			w.Header().Set("X-Next-Cursor", cursor.(string))
		}
		return writeCSV(w, cols, rows)
	}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	if meta == nil {
		meta = map[string]any{}
	}
	meta["columns"], meta["count"], meta["limit"] = names, len(rows), q.limit
	var b bytes.Buffer
	b.WriteString(`{"data":[`)
	for i, row := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := appendRow(&b, cols, row); err != nil {
			return err
		}
	}
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
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(b.Bytes())
	return err
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

// writeCSV writes the header row and one record per row, CRLF-terminated
// as RFC 4180 asks, with empty cells for null, through csvsafe so that no
// text a tenant's people wrote is evaluated as a formula.
func writeCSV[T any](w http.ResponseWriter, cols []biColumn[T], rows []T) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	cw := csvsafe.NewWriter(w)
	cw.SetCRLF(true)
	writeCSVRows(cw, cols, rows)
	return cw.Flush()
}

// writeCSVRows writes the header and rows of a BI table to cw.
func writeCSVRows[T any](cw *csvsafe.Writer, cols []biColumn[T], rows []T) {
	cw.Write(columnNames(cols))
	rec := make([]csvsafe.Cell, len(cols))
	for _, row := range rows {
		for i, c := range cols {
			rec[i] = csvCell(biValue(c.value(row)))
		}
		cw.WriteCells(rec)
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
		return csvsafe.Cell{Value: strconv.FormatFloat(v, 'f', -1, 64), Number: true}
	case []string:
		return csvsafe.Cell{Value: strings.Join(v, ",")}
	}
	return csvsafe.Cell{Value: fmt.Sprint(v)}
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
