package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/hive"
)

// lastRecord returns the record of the request with the given id.
func (h *harness) recordOf(res response) hive.RequestRecord {
	h.t.Helper()
	id := res.header.Get("X-Request-Id")
	for _, r := range h.seen.records() {
		if r.RequestID == id {
			return r
		}
	}
	h.t.Fatalf("no request record for %s", id)
	return hive.RequestRecord{}
}

func TestObserversSeeEveryRequestWithoutSecrets(t *testing.T) {
	h := newHarness(t)
	k := h.createKey(client.CreateKeyRequest{})

	ok := h.do("GET", "/v1/api-keys/"+k.ID+"?api_key="+k.Key+"&limit=5", "", append(bearer(k.Key), "User-Agent", "bi-tool/1.0")...)
	if ok.status != http.StatusOK {
		t.Fatalf("status = %d: %s", ok.status, ok.body)
	}
	rec := h.recordOf(ok)
	if rec.Route != "GET /v1/api-keys/{id}" || rec.Path != "/v1/api-keys/"+k.ID || rec.KeyID != k.ID ||
		rec.TenantID != h.boot.Tenant.ID || rec.Status != 200 || rec.UserAgent != "bi-tool/1.0" ||
		rec.ErrorCode != "" || !rec.ClientIP.IsLoopback() || rec.Latency <= 0 || rec.ResponseBytes != len(ok.body) ||
		string(rec.Body) != ok.body || !strings.HasPrefix(rec.ContentType, "application/json") {
		t.Fatalf("record = %+v", rec)
	}
	if strings.Contains(rec.Query, k.Key) || !strings.Contains(rec.Query, "limit=5") || !strings.Contains(rec.Query, "REDACTED") {
		t.Fatalf("query = %q, want the key redacted and the rest kept", rec.Query)
	}

	if _, err := h.admin().RevokeKey(context.Background(), k.ID); err != nil {
		t.Fatal(err)
	}
	refused := h.do("GET", "/v1/auth/verify", "", bearer(k.Key)...)
	rec = h.recordOf(refused)
	if refused.status != 401 || rec.KeyID != k.ID || rec.TenantID != h.boot.Tenant.ID ||
		rec.ErrorCode != hive.EUNAUTHORIZED || rec.Reason != hive.ReasonKeyRevoked || rec.Route != "GET /v1/auth/verify" {
		t.Fatalf("revoked key's record = %+v", rec)
	}
	if strings.Contains(refused.body, k.ID) {
		t.Fatalf("the 401 names the key id to the caller: %s", refused.body)
	}

	unknown := h.do("GET", "/v1/nothing-here", "")
	rec = h.recordOf(unknown)
	if rec.Route != "" || rec.Status != 404 || rec.ErrorCode != hive.ENOTFOUND || rec.TenantID != "" {
		t.Fatalf("unknown path's record = %+v", rec)
	}

	for _, r := range h.seen.records() {
		if strings.Contains(r.Query+r.Path+string(r.Body), k.Key) {
			t.Fatalf("a record holds the secret: %+v", r)
		}
	}
}

func TestObserversSeeRateLimitedRequests(t *testing.T) {
	h := newHarness(t)
	limit := 2
	k := h.createKey(client.CreateKeyRequest{RateLimitPerMinute: &limit})
	var last response
	for range 3 {
		last = h.do("GET", "/v1/auth/verify", "", bearer(k.Key)...)
	}
	rec := h.recordOf(last)
	if last.status != 429 || !rec.RateLimited || rec.ErrorCode != hive.ERATELIMITED || rec.KeyID != k.ID {
		t.Fatalf("record = %+v", rec)
	}
}

func TestObserversGetTheDoorTenantAndNoToken(t *testing.T) {
	h := newHarness(t)
	set, err := h.doors.Settings(context.Background(), h.owner)
	if err != nil {
		t.Fatal(err)
	}
	res := h.do("GET", "/door/"+set.Token+"/test", "", "X-DOOR-API-KEY", "hive_sk_nonsense")
	rec := h.recordOf(res)
	if rec.TenantID != h.boot.Tenant.ID || strings.Contains(rec.Path, set.Token) || rec.Route != "GET /door/{token}/test" || rec.Status != 401 {
		t.Fatalf("record = %+v", rec)
	}
}

func TestLongBodiesAreCut(t *testing.T) {
	h := newHarness(t)
	for i := range 150 {
		if _, err := h.admin().CreateServiceAccount(context.Background(), "account with a fairly long name number "+string(rune('a'+i%26))+rand8(), strings.Repeat("d", 500)); err != nil {
			t.Fatal(err)
		}
	}
	res := h.do("GET", "/v1/service-accounts?limit=100", "", bearer(h.boot.Secret)...)
	if res.status != 200 {
		t.Fatalf("status %d: %s", res.status, res.body)
	}
	rec := h.recordOf(res)
	if len(res.body) <= hive.MaxLoggedBody || len(rec.Body) != hive.MaxLoggedBody || !rec.BodyTruncated || rec.ResponseBytes != len(res.body) {
		t.Fatalf("body %d bytes, record holds %d truncated=%v size=%d", len(res.body), len(rec.Body), rec.BodyTruncated, rec.ResponseBytes)
	}
}
