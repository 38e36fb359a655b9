package httpapi_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hive-platform/hive/client"
)

// TestRateLimited429HeadersAgree pins that a 429's Retry-After points to
// the second X-RateLimit-Reset names, also mid-second, and that the
// docs' hint for it is filled from the 429's own details, so it states
// the key's limit rather than the default.
func TestRateLimited429HeadersAgree(t *testing.T) {
	h := newHarness(t)
	h.clock.Advance(300 * time.Millisecond)
	k := h.createKey(client.CreateKeyRequest{Name: "slow", Preset: "read_only", RateLimitPerMinute: new(7)})
	var r response
	for range 8 {
		if r = h.do("GET", "/v1/auth/verify", "", bearer(k.Key)...); r.status == 429 {
			break
		}
	}
	if r.status != 429 {
		t.Fatalf("8 requests at 7/min: %d", r.status)
	}
	reset, _ := strconv.ParseInt(r.header.Get("X-RateLimit-Reset"), 10, 64)
	retry, _ := strconv.ParseInt(r.header.Get("Retry-After"), 10, 64)
	if now := h.clock.Now().Unix(); retry < 1 || reset != now+retry {
		t.Errorf("at %d: X-RateLimit-Reset %d, Retry-After %d; want Reset = now + Retry-After", now, reset, retry)
	}
	d := r.err.Error.Details
	if d["limit"] != float64(7) || d["retry_after"] != float64(retry) || d["reset"] != float64(reset) {
		t.Errorf("details %v disagree with the headers", d)
	}

	_, page := getDocs(t, h, "/docs")
	m := regexp.MustCompile(`data-hint-for="rate_limited" data-live="([^"]*)">([^<]*)<`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the rate_limited hint has no live form")
	}
	names := regexp.MustCompile(`\{(\w+)\}`).FindAllStringSubmatch(m[1], -1)
	if len(names) == 0 || !strings.Contains(m[1], "{limit}") {
		t.Errorf("live hint %q does not state the limit", m[1])
	}
	for _, n := range names {
		if _, ok := d[n[1]]; !ok {
			t.Errorf("live hint names {%s}, which a 429's details lack (%v)", n[1], d)
		}
	}
	if strings.Contains(m[2], "Each key is limited to 200") {
		t.Errorf("static hint still says every key has 200/min: %q", m[2])
	}
}

// TestReadyz503IsDocumented pins that /readyz's 503 is in the document
// and that a real one matches it.
func TestReadyz503IsDocumented(t *testing.T) {
	h := newHarness(t)
	h.store.down.Store(true)
	if r := h.do("GET", "/readyz", ""); r.status != 503 {
		t.Fatalf("readyz with the database down: %d %s", r.status, r.body)
	}
	matchDocument(t, h, []docCase{{"GET", "/readyz", "", "", ""}})
}

// TestEveryPathParameterHasAnExample walks the document: contract testers
// such as Dredd build each request from the path parameters' examples and
// refuse an operation that lacks one.
func TestEveryPathParameterHasAnExample(t *testing.T) {
	h := newHarness(t)
	doc, _ := loadOpenAPI(t, h)
	n := 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for _, ref := range append(item.Parameters, op.Parameters...) {
				p := ref.Value
				if p == nil || p.In != "path" {
					continue
				}
				n++
				if p.Example == nil && len(p.Examples) == 0 && (p.Schema == nil || p.Schema.Value.Example == nil) {
					t.Errorf("%s %s: path parameter %s has no example", method, path, p.Name)
				}
			}
		}
	}
	if n < 40 {
		t.Errorf("walked %d path parameters; the walk misses some", n)
	}
}
