package httpapi_test

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hive-platform/hive/internal/hive"
)

// getDocs fetches path from h with the harness's real key in every place a
// careless page might echo it from.
func getDocs(t *testing.T, h *harness, path string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, h.url+path+"?api_key="+h.boot.Secret, nil)
	req.Header.Set("Authorization", "Bearer "+h.boot.Secret)
	req.Header.Set("X-Hive-Tenant", "acme")
	req.AddCookie(&http.Cookie{Name: "key", Value: h.boot.Secret})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func TestDocsRendersEveryDocumentedEndpoint(t *testing.T) {
	h := newHarness(t)
	_, raw := loadOpenAPI(t, h)
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	res, page := getDocs(t, h, "/docs")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /docs: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var want []string
	for path, ops := range doc.Paths {
		for method := range ops {
			want = append(want, strings.ToUpper(method)+" "+path)
		}
	}
	var got []string
	for _, m := range regexp.MustCompile(`data-endpoint="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		got = append(got, html.UnescapeString(m[1]))
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("/docs endpoints differ from /openapi.json:\n got %v\nwant %v", got, want)
	}
	for _, marker := range []string{`data-action="test-request"`, `data-result `} {
		if n := strings.Count(page, marker); n != len(want) {
			t.Errorf("%d %s for %d endpoints", n, marker, len(want))
		}
	}
	for _, id := range []string{`id="tenant-slug"`, `id="api-key"`, `id="user-id"`, `id="troubleshooting"`} {
		if !strings.Contains(page, id) {
			t.Errorf("the page lacks %s", id)
		}
	}
	if !strings.Contains(page, `data-endpoint="GET /v1/auth/verify"`) {
		t.Error(`the page lacks data-endpoint="GET /v1/auth/verify"`)
	}
}

func TestDocsNeverHoldsTheKey(t *testing.T) {
	h := newHarness(t)
	res, page := getDocs(t, h, "/docs")
	if strings.Contains(page, h.boot.Secret) {
		t.Fatal("the page contains the caller's API key")
	}
	if res.Header.Get("Set-Cookie") != "" {
		t.Errorf("the page sets a cookie: %s", res.Header.Get("Set-Cookie"))
	}
	field := regexp.MustCompile(`<input id="api-key"[^>]*>`).FindString(page)
	for _, attr := range []string{`type="password"`, `autocomplete="off"`} {
		if !strings.Contains(field, attr) {
			t.Errorf("the key field %s lacks %s", field, attr)
		}
	}
	_, js := getDocs(t, h, "/docs/static/docs.js")
	for _, store := range []string{"localStorage", "sessionStorage", "document.cookie", "indexedDB"} {
		if strings.Contains(js, store) {
			t.Errorf("docs.js uses %s; the slug and key must live only in page memory", store)
		}
	}
}

func TestDocsHasStrictCSP(t *testing.T) {
	h := newHarness(t)
	for _, path := range []string{"/docs", "/docs/static/docs.js", "/docs/static/docs.css"} {
		res, body := getDocs(t, h, path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		csp := res.Header.Get("Content-Security-Policy")
		for _, d := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, d) {
				t.Errorf("GET %s: CSP %q lacks %s", path, csp, d)
			}
		}
		if strings.Contains(csp, "unsafe-inline") {
			t.Errorf("GET %s: CSP allows inline code: %q", path, csp)
		}
		if path == "/docs" && regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`).MatchString(body) {
			t.Error("the page has an inline script, which its CSP blocks")
		}
		if path == "/docs" && regexp.MustCompile(`\sstyle=|\son[a-z]+=`).MatchString(body) {
			t.Error("the page has an inline style or event handler, which its CSP blocks")
		}
	}
	res, _ := getDocs(t, h, "/docs/static/docs.js")
	if ct := res.Header.Get("Content-Type"); !strings.Contains(ct, "javascript") {
		t.Errorf("docs.js served as %q", ct)
	}
}

// TestDocsHintsCoverEveryReason: a wrong slug or key shows the hint for the
// API's own reason, so every reason needs one.
func TestDocsHintsCoverEveryReason(t *testing.T) {
	h := newHarness(t)
	_, page := getDocs(t, h, "/docs")
	keys := []string{hive.ReasonKeyMissing, hive.ReasonKeyMalformed, hive.ReasonKeyInvalid, hive.ReasonKeyExpired,
		hive.ReasonKeyRevoked, hive.ReasonBearerMissing, hive.ReasonUserIDMismatch, hive.ReasonIPNotAllowed,
		hive.ReasonTenantMismatch, hive.ReasonBadCredentials, hive.EFORBIDDEN, hive.ERATELIMITED, hive.ENOTFOUND, hive.EINVALID, hive.EUNAUTHORIZED}
	for _, k := range keys {
		if !strings.Contains(page, `data-hint-for="`+k+`"`) {
			t.Errorf("no troubleshooting hint for %s", k)
		}
	}
	if !strings.Contains(page, "do not include hive.hr") {
		t.Error("the tenant slug hint lacks the advice to leave out hive.hr")
	}
}
