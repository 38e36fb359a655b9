package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/apikey"
)

func TestExplorerPlanLimitsKeysTo60PerMinute(t *testing.T) {
	h := newHarness(t)
	k := h.createKey(client.CreateKeyRequest{}).Key
	if _, err := h.svc.SetPlan(context.Background(), "acme", apikey.PlanExplorer, 0, 0); err != nil {
		t.Fatal(err)
	}
	var tenant struct {
		Plan               string `json:"plan"`
		RateLimitPerMinute int    `json:"rate_limit_per_minute"`
		ConcurrencyLimit   *int   `json:"concurrency_limit"`
	}
	json.Unmarshal([]byte(h.do("GET", "/v1/tenant", "", bearer(k)...).body), &tenant)
	if tenant.Plan != "explorer" || tenant.RateLimitPerMinute != 60 || tenant.ConcurrencyLimit == nil || *tenant.ConcurrencyLimit != 3 {
		t.Errorf("GET /v1/tenant = %+v, want explorer, 60/min, 3 in flight", tenant)
	}
	for i := range 59 { // the GET above was the first
		if r := h.do("GET", "/v1/auth/verify", "", bearer(k)...); r.status != 200 {
			t.Fatalf("request %d: %d", i+2, r.status)
		}
	}
	r := h.do("GET", "/v1/auth/verify", "", bearer(k)...)
	if ra := r.header.Get("Retry-After"); r.status != 429 || r.header.Get("X-RateLimit-Limit") != "60" || (ra != "1" && ra != "2") {
		t.Errorf("61st request: %d, limit %q, Retry-After %q; want 429 at 60/min with Retry-After 1 (2 from mid-second)",
			r.status, r.header.Get("X-RateLimit-Limit"), r.header.Get("Retry-After"))
	}
}

func TestConcurrencyCap(t *testing.T) {
	h := newHarness(t)
	k := h.createKey(client.CreateKeyRequest{}).Key
	if _, err := h.svc.SetPlan(context.Background(), "acme", apikey.PlanCustom, 1000, 1); err != nil {
		t.Fatal(err)
	}
	// The first request stays in flight while its body has not all arrived.
	body, feed := io.Pipe()
	req, _ := http.NewRequest("POST", h.url+"/v1/service-accounts", body)
	req.Header.Set("Authorization", "Bearer "+k)
	first := make(chan int)
	go func() {
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			first <- 0
			return
		}
		res.Body.Close()
		first <- res.StatusCode
	}()
	feed.Write([]byte(`{"name": `))
	deadline := time.Now().Add(5 * time.Second)
	var r response
	for time.Now().Before(deadline) {
		if r = h.do("GET", "/v1/auth/verify", "", bearer(k)...); r.status == 429 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	if r.status != 429 || r.err.Error.Details["reason"] != "concurrency_limit" || r.header.Get("Retry-After") == "" {
		t.Errorf("second request while one is in flight: %d %s, want 429 concurrency_limit", r.status, r.body)
	}
	feed.Write([]byte(`"held"}`))
	feed.Close()
	if status := <-first; status != 201 {
		t.Errorf("the held request finished with %d, want 201", status)
	}
	if r := h.do("GET", "/v1/auth/verify", "", bearer(k)...); r.status != 200 {
		t.Errorf("after the held request finished: %d, want 200", r.status)
	}
	if r := h.do("GET", "/v1/tenant", "", bearer(k)...); r.status != 200 {
		t.Errorf("GET /v1/tenant: %d", r.status)
	}
}
