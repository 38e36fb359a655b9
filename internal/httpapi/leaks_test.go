package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/hive"
)

func report(key, url string) string {
	b, _ := json.Marshal(client.LeakReport{Key: key, URL: url})
	return string(b)
}

// TestLeakReportAnswersAlike reports a live key, the same key again, a key
// of no tenant, noise in a key's shape and plain noise: every answer is the
// same status and bytes, and only the live key is revoked.
func TestLeakReportAnswersAlike(t *testing.T) {
	h := newHarness(t)
	leaked := h.createKey(client.CreateKeyRequest{}).Key
	bystander := h.createKey(client.CreateKeyRequest{}).Key
	noise := bystander[:len(bystander)-1] + "A"
	if strings.HasSuffix(bystander, "A") {
		noise = bystander[:len(bystander)-1] + "B"
	}
	const url = "https://github.com/acme/app/blob/main/.env"
	var first response
	for i, key := range []string{leaked, leaked, newHarness(t).boot.Secret, noise, "hive_sk_short", "password123"} {
		res := h.do("POST", "/v1/leaked-keys/report", report(key, url), "Content-Type", "application/json")
		if i == 0 {
			first = res
			if res.status != http.StatusAccepted {
				t.Fatalf("report of a live key: %d %s, want 202", res.status, res.body)
			}
			continue
		}
		if res.status != first.status || res.body != first.body {
			t.Errorf("report %d answered %d %s, unlike the live key's %d %s", i, res.status, res.body, first.status, first.body)
		}
	}
	res := h.do("GET", "/v1/auth/verify", "", bearer(leaked)...)
	if res.status != http.StatusUnauthorized || res.err.Error.Details["reason"] != hive.ReasonKeyRevoked {
		t.Errorf("the reported key: %d %s, want 401 %s", res.status, res.body, hive.ReasonKeyRevoked)
	}
	if res := h.do("GET", "/v1/auth/verify", "", bearer(bystander)...); res.status != http.StatusOK {
		t.Errorf("a key differing from the reported noise by one character: %d %s, want 200", res.status, res.body)
	}
}

func TestLeakReportRefusesBadRequests(t *testing.T) {
	h := newHarness(t)
	for name, c := range map[string]struct{ body, field string }{
		"no key":         {`{"url":"https://example.com/x"}`, "key"},
		"url not http":   {report("hive_sk_x", "javascript:alert(1)"), "url"},
		"url not a link": {report("hive_sk_x", "somewhere on the web"), "url"},
		"unknown field":  {`{"key":"hive_sk_x","where":"github"}`, "where"},
	} {
		t.Run(name, func(t *testing.T) {
			res := h.do("POST", "/v1/leaked-keys/report", c.body, "Content-Type", "application/json")
			if res.status != http.StatusBadRequest || !strings.Contains(res.body, `"`+c.field+`"`) {
				t.Errorf("%d %s, want 400 naming %q", res.status, res.body, c.field)
			}
		})
	}
	if res := h.do("GET", "/v1/auth/verify", "", bearer(h.boot.Secret)...); res.status != http.StatusOK {
		t.Errorf("the tenant's key after bad reports: %d", res.status)
	}
}

// TestLeakReportIsThrottledPerAddress sends more reports than an address
// may send bad keys in a minute: past the budget it is 429 with Retry-After,
// and a live key sent then is not revoked.
func TestLeakReportIsThrottledPerAddress(t *testing.T) {
	h := newHarness(t)
	for i := range 60 {
		if res := h.do("POST", "/v1/leaked-keys/report", report("noise", ""), "Content-Type", "application/json"); res.status != http.StatusAccepted {
			t.Fatalf("report %d: %d %s", i+1, res.status, res.body)
		}
	}
	res := h.do("POST", "/v1/leaked-keys/report", report(h.boot.Secret, ""), "Content-Type", "application/json")
	if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") == "" {
		t.Fatalf("61st report: %d %s, want 429 with Retry-After", res.status, res.body)
	}
	if k, err := h.svc.Key(t.Context(), h.owner, h.boot.Key.ID); err != nil || k.RevokedAt != nil {
		t.Errorf("a throttled report revoked the key (%v)", err)
	}
}

func TestGitHubSecretScanningOffIs404(t *testing.T) {
	h := newHarness(t)
	res := h.do("POST", "/v1/secret-scanning/github", `[]`, "Content-Type", "application/json")
	if res.status != http.StatusNotFound || !strings.Contains(res.body, "HIVE_GITHUB_SECRET_SCANNING_KEYS") {
		t.Errorf("%d %s, want 404 naming HIVE_GITHUB_SECRET_SCANNING_KEYS", res.status, res.body)
	}
}
