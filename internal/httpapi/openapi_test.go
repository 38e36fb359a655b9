package httpapi_test

import (
	"context"
	"io"
	"net/http"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// loadOpenAPI fetches /openapi.json from h and loads it with kin-openapi,
// which validates OpenAPI 3.1 documents against 3.1's rules (type arrays,
// JSON Schema 2020-12 examples).
func loadOpenAPI(t *testing.T, h *harness) (*openapi3.T, []byte) {
	t.Helper()
	res, err := http.Get(h.url + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("GET /openapi.json: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(body)
	if err != nil {
		t.Fatalf("loading the document: %v", err)
	}
	return doc, body
}

func TestOpenAPIDocumentIsValid31(t *testing.T) {
	h := newHarness(t)
	doc, _ := loadOpenAPI(t, h)
	if doc.OpenAPI != "3.1.0" || !doc.IsOpenAPI31OrLater() {
		t.Fatalf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation()); err != nil {
		t.Fatalf("the document is not valid OpenAPI 3.1: %v", err)
	}
	if got := doc.Servers[0].URL; got != h.url {
		t.Errorf("servers[0].url = %q, want the URL the request reached, %q", got, h.url)
	}
}
