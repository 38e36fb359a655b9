package httpapi_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	legacyrouter "github.com/getkin/kin-openapi/routers/legacy"
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

// TestResponsesMatchTheDocument sends real requests and checks each
// response, errors included, against the schema the document gives it.
func TestResponsesMatchTheDocument(t *testing.T) {
	h := newHarness(t)
	doc, _ := loadOpenAPI(t, h)
	router, err := legacyrouter.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	sa := `{"name":"PowerBI Dashboard"}`
	cases := []struct{ method, path, key, body string }{
		{"GET", "/v1/auth/verify", h.boot.Secret, ""},
		{"GET", "/v1/auth/verify", "hive_sk_wrong", ""},
		{"GET", "/v1/permissions", h.boot.Secret, ""},
		{"GET", "/v1/tenant", h.boot.Secret, ""},
		{"POST", "/v1/service-accounts", h.boot.Secret, sa},
		{"POST", "/v1/service-accounts", h.boot.Secret, `{"nmae":"typo"}`},
		{"GET", "/v1/service-accounts", h.boot.Secret, ""},
		{"GET", "/v1/api-keys", h.boot.Secret, ""},
		{"GET", "/v1/api-keys/key_missing", h.boot.Secret, ""},
		{"GET", "/v1/audit-events", h.boot.Secret, ""},
		{"GET", "/v1/door-api/settings", h.boot.Secret, ""},
		{"GET", "/v1/doors", h.boot.Secret, ""},
		{"GET", "/healthz", "", ""},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(c.method, h.url+c.path, strings.NewReader(c.body))
		if c.key != "" {
			req.Header.Set("Authorization", "Bearer "+c.key)
		}
		if c.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		route, params, err := router.FindRoute(req)
		if err != nil {
			t.Fatalf("%s %s: not in the document: %v", c.method, c.path, err)
		}
		in := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
			Status:                 res.StatusCode, Header: res.Header,
			Options: &openapi3filter.Options{IncludeResponseStatus: true},
		}
		in.SetBodyBytes(body)
		if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
			t.Errorf("%s %s: %d response does not match the document: %v\n%s", c.method, c.path, res.StatusCode, err, body)
		}
	}
}
