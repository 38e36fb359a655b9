package doorapi

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/hive-platform/hive/internal/hive"
)

// FuzzAccessForm checks the Door API's form decoder: it never panics,
// refuses bad input with a 400, and what it accepts is clean text that
// decodes the same when sent again.
func FuzzAccessForm(f *testing.F) {
	for _, seed := range [][2]string{
		{"door_access_id=FFCC8899&door_id=asdf123", ""},
		{"barcode_id=123456789abc&door_id=asdf123&check_only=true", "id=1"},
		{"id=1&id=2", ""}, {"door_id=%00", ""}, {"door_id=%ff%fe", ""}, {"check_only=maybe", ""},
		{"%zz", ""}, {"door_id=a;b", ""}, {strings.Repeat("x", 300) + "=1&door_id=" + strings.Repeat("d", 300), ""},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, body, query string) {
		req, err := accessForm(formRequest(body, query))
		if err != nil {
			if hive.HTTPStatus(hive.ErrorCode(err)) != http.StatusBadRequest {
				t.Fatalf("accessForm(%q, %q) = %v, want a 400", body, query, err)
			}
			return
		}
		for _, v := range []string{req.ID, req.DoorAccessID, req.BarcodeID, req.DoorID} {
			if len(v) > maxFormValue || !utf8.ValidString(v) || strings.ContainsFunc(v, unicode.IsControl) {
				t.Fatalf("accessForm(%q, %q) accepted %q", body, query, v)
			}
		}
		again := url.Values{"id": {req.ID}, "door_access_id": {req.DoorAccessID}, "barcode_id": {req.BarcodeID},
			"door_id": {req.DoorID}, "check_only": {map[bool]string{true: "true", false: "false"}[req.CheckOnly]}}
		back, err := accessForm(formRequest(again.Encode(), ""))
		if err != nil || back != req {
			t.Fatalf("re-sending %+v decodes as %+v, %v", req, back, err)
		}
	})
}

func formRequest(body, query string) *http.Request {
	r := httptest.NewRequest("POST", "/door/t/access", strings.NewReader(body))
	r.URL.RawQuery = query
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}
