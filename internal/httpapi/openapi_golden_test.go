package httpapi_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/httpapi"
)

var update = flag.Bool("update", false, "rewrite testdata/openapi.golden.json from the served document")

// goldenOpenAPI is the committed copy of the served /openapi.json, indented,
// so that every change to the API reference shows in review as a diff.
const goldenOpenAPI = "testdata/openapi.golden.json"

// TestOpenAPIGolden fails when the served document differs from the
// committed one. After an intended change, rewrite it with
//
//	go test ./internal/httpapi -run TestOpenAPIGolden -update
func TestOpenAPIGolden(t *testing.T) {
	got := servedOpenAPI(t)
	if *update {
		if err := os.WriteFile(goldenOpenAPI, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(goldenOpenAPI)
	if err != nil {
		t.Fatalf("%v; create it with: go test ./internal/httpapi -run TestOpenAPIGolden -update", err)
	}
	if !bytes.Equal(want, got) {
		d := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n"))
		t.Errorf("/openapi.json differs from %s (-golden +served):\n%s\n"+
			"If the change is intended, rewrite the golden file with: go test ./internal/httpapi -run TestOpenAPIGolden -update",
			goldenOpenAPI, d)
	}
}

// servedOpenAPI is GET /openapi.json of a server reached as
// http://hive.example, indented two spaces.
func servedOpenAPI(t *testing.T) []byte {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, "http://hive.example/openapi.json", nil)
	w := httptest.NewRecorder()
	httpapi.New(httpapi.Config{Logger: slog.New(slog.DiscardHandler)}).ServeHTTP(w, r)
	if w.Code != http.StatusOK {
		t.Fatalf("GET /openapi.json: status %d\n%s", w.Code, w.Body)
	}
	var out bytes.Buffer
	if err := json.Indent(&out, w.Body.Bytes(), "", "  "); err != nil {
		t.Fatalf("GET /openapi.json is not JSON: %v", err)
	}
	out.WriteByte('\n')
	return out.Bytes()
}
