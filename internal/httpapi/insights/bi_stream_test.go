package insights

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// numberedCols and numbered make rows "r00000" … as a BI table with one column.
var numberedCols = []biColumn[string]{{"id", func(s string) any { return s }}}

func numbered(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("r%05d", i)
	}
	return out
}

// biGet serves one writeBI call, the way a handler makes it, and reads
// the answer over HTTP so that trailers arrive as a client sees them.
func biGet(t *testing.T, q biQuery, total int, chunked bool) (body string, header, trailer http.Header, fetches int) {
	t.Helper()
	rows := numbered(total)
	key := func(s string) string { return s }
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var more biMore[string]
		first := q
		if chunked {
			first.limit = q.chunk()
			more = func(after string, limit int) ([]string, string, error) {
				fetches++
				page, next := pageRows(rows, key, biQuery{after: after, limit: limit})
				return page, next, nil
			}
		}
		page, next := pageRows(rows, key, first)
		if err := writeBI(w, r, q, numberedCols, page, next, more, nil); err != nil {
			t.Error(err)
		}
	}))
	defer srv.Close()
	res, err := http.Get(srv.URL + "/v1/x")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b), res.Header, res.Trailer, fetches
}

type numberedPage struct {
	Data       []struct{ ID string }
	Pagination struct {
		NextCursor *string `json:"next_cursor"`
	}
	Meta struct {
		Count, Limit int
		RowCap       int `json:"row_cap"`
		Truncated    bool
	}
}

// TestWholeResultStopsAtTheCapAndSaysSo pins that a whole result holds
// every row up to its cap, read chunk by chunk from a store, and that a
// cut one says so in meta, in the header or trailer, and with a cursor
// that continues where it stopped.
func TestWholeResultStopsAtTheCapAndSaysSo(t *testing.T) {
	for _, tc := range []struct {
		name           string
		total, cap     int
		chunked        bool
		wantRows       int
		wantTruncated  bool
		wantMinFetches int
	}{
		{"in memory, whole", 2500, 5000, false, 2500, false, 0},
		{"in memory, cut", 2500, 2100, false, 2100, true, 0},
		{"chunked, whole", 2500, 5000, true, 2500, false, 2},
		{"chunked, cut", 2500, 2100, true, 2100, true, 2},
		{"chunked, exactly the cap", 2000, 2000, true, 2000, false, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, header, trailer, fetches := biGet(t, biQuery{limit: tc.cap, all: true}, tc.total, tc.chunked)
			var p numberedPage
			if err := json.Unmarshal([]byte(body), &p); err != nil {
				t.Fatalf("%v: %.200s", err, body)
			}
			if len(p.Data) != tc.wantRows || p.Meta.Count != tc.wantRows || p.Meta.Truncated != tc.wantTruncated {
				t.Errorf("rows %d, count %d, truncated %v; want %d, %v", len(p.Data), p.Meta.Count, p.Meta.Truncated, tc.wantRows, tc.wantTruncated)
			}
			for i, row := range p.Data {
				if row.ID != fmt.Sprintf("r%05d", i) {
					t.Fatalf("row %d is %s", i, row.ID)
				}
			}
			if (p.Pagination.NextCursor != nil) != tc.wantTruncated {
				t.Errorf("next_cursor = %v", p.Pagination.NextCursor)
			}
			got := header.Get("X-Hive-Truncated") + trailer.Get("X-Hive-Truncated")
			if got != fmt.Sprint(tc.wantTruncated) {
				t.Errorf("X-Hive-Truncated header %q, trailer %q", header.Get("X-Hive-Truncated"), trailer.Get("X-Hive-Truncated"))
			}
			if header.Get("X-Hive-Row-Cap") != fmt.Sprint(biRowCap) {
				t.Errorf("X-Hive-Row-Cap = %q", header.Get("X-Hive-Row-Cap"))
			}
			if fetches < tc.wantMinFetches {
				t.Errorf("%d further reads from the store, want at least %d", fetches, tc.wantMinFetches)
			}
			if tc.wantTruncated {
				after, _ := readCursor(*p.Pagination.NextCursor)
				if after != fmt.Sprintf("r%05d", tc.wantRows-1) {
					t.Errorf("cursor continues after %q", after)
				}
			}
		})
	}
}

func readCursor(c string) (string, error) {
	r := httptest.NewRequest("GET", "/v1/x?cursor="+c, nil)
	q, err := readBIQuery(r)
	return q.after, err
}

// TestWholeResultCSVIsStreamedWhole pins the CSV form: every row, the
// header row once, whatever the chunks.
func TestWholeResultCSVIsStreamedWhole(t *testing.T) {
	body, _, trailer, _ := biGet(t, biQuery{limit: 5000, all: true, csv: true}, 2500, true)
	lines := strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n")
	if len(lines) != 2501 || lines[0] != "id" || lines[2500] != "r02499" {
		t.Errorf("%d lines, first %q, last %q", len(lines), lines[0], lines[len(lines)-1])
	}
	if trailer.Get("X-Hive-Truncated") != "false" {
		t.Errorf("trailer %v", trailer)
	}
}

// TestReadBIQueryLimit pins the limit rules: none or all is the whole
// result up to the cap; a number is one page.
func TestReadBIQueryLimit(t *testing.T) {
	for in, want := range map[string]biQuery{
		"":            {limit: biRowCap, all: true},
		"?limit=all":  {limit: biRowCap, all: true},
		"?limit=7":    {limit: 7},
		"?limit=1000": {limit: 1000},
	} {
		q, err := readBIQuery(httptest.NewRequest("GET", "/v1/x"+in, nil))
		if err != nil || q != want {
			t.Errorf("%q: %+v %v, want %+v", in, q, err, want)
		}
	}
	for _, in := range []string{"?limit=0", "?limit=1001", "?limit=ALL", "?limit=x", "?bom=yes", "?bom=true"} {
		if _, err := readBIQuery(httptest.NewRequest("GET", "/v1/x"+in, nil)); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

// TestCSVNumbersKeepTenDigits pins the CSV precision: at most ten
// significant digits, never a long run of zeros.
func TestCSVNumbersKeepTenDigits(t *testing.T) {
	for in, want := range map[float64]string{
		1.2345678901234e-160: "1.23456789e-160",
		0.1 + 0.2:            "0.3",
		42:                   "42",
		-3.14159265358979:    "-3.141592654",
		0.000012345678912:    "0.00001234567891",
		1e-7:                 "1e-07",
		2.5e20:               "2.5e+20",
		0:                    "0",
	} {
		if got := csvCell(in); got.Value != want || !got.Number {
			t.Errorf("csvCell(%v) = %+v, want the number %q", in, got, want)
		}
	}
}
