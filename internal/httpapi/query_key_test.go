package httpapi_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/hive"
)

// TestQueryKey covers Power BI's Web API credential, which sends the key as
// ?api_key=: refused unless the key opted in, accepted then on the Open
// API's GET read routes only, and never kept anywhere.
func TestQueryKey(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	off := h.createKey(client.CreateKeyRequest{Preset: hive.PresetData})
	on := h.createKey(client.CreateKeyRequest{Preset: hive.PresetFullAccess, AllowQueryKey: true})
	if off.AllowQueryKey || !on.AllowQueryKey {
		t.Fatalf("allow_query_key: off %v, on %v", off.AllowQueryKey, on.AllowQueryKey)
	}
	for _, name := range []string{"Pulse Q1", "Pulse Q2"} {
		if _, err := h.admin().CreateSurvey(ctx, client.CreateSurveyRequest{Name: name, Type: "pulse", Status: "live", StartDate: "2024-03-01"}); err != nil {
			t.Fatal(err)
		}
	}
	q := func(secret string) string { return "api_key=" + url.QueryEscape(secret) }

	var bodies strings.Builder
	check := func(name, method, path string, status int, says string) {
		t.Helper()
		res := h.do(method, path, "")
		bodies.WriteString(res.body)
		if res.status != status || !strings.Contains(res.body, says) {
			t.Errorf("%s: %s %s = %d %s, want %d mentioning %q", name, method, strings.Split(path, "?")[0], res.status, res.body, status, says)
		}
	}
	check("opted-out key on a BI read", "GET", "/v1/surveys?"+q(off.Key), 401, "allow_query_key")
	check("opted-out key names the way to enable it", "GET", "/v1/surveys?"+q(off.Key), 401, "PATCH /v1/api-keys/"+off.ID)
	check("opted-in key on a BI read", "GET", "/v1/surveys?limit=5&"+q(on.Key), 200, `"data"`)
	check("opted-in key on a BI read with tenant", "GET", "/v1/metrics?tenant=acme&"+q(on.Key), 200, `"data"`)
	check("the next page's path leaves the key out", "GET", "/v1/surveys?limit=1&"+q(on.Key), 200, `"next_path":"/v1/surveys?cursor=`)
	check("opted-in key on an admin read", "GET", "/v1/api-keys?"+q(on.Key), 401, "only on GET requests to the Open API")
	check("opted-in key on a write", "POST", "/v1/surveys?"+q(on.Key), 401, "only on GET requests to the Open API")
	check("opted-in key on the settings", "PUT", "/v1/settings/privacy?"+q(on.Key), 401, "api_key_in_query_refused")
	check("unknown key in the query", "GET", "/v1/surveys?"+q("hive_sk_"+strings.Repeat("x", 40)), 401, "api_key")

	// A header wins over the query: the request is the header's.
	res := h.do("GET", "/v1/api-keys?"+q(off.Key), "", bearer(h.boot.Secret)...)
	if res.status != 200 {
		t.Errorf("header key with a refused query key = %d %s, want 200", res.status, res.body)
	}

	h.flushLog()
	logs := h.allLogs(h.admin(), client.ListAPILogsParams{ListParams: client.ListParams{Limit: 100}})
	var viaQuery, refused int
	var haystack strings.Builder
	for _, l := range logs {
		b, _ := json.Marshal(l)
		haystack.Write(b)
		if l.AuthVia == "query" && l.Status == 200 {
			viaQuery++
		}
		if l.AuthVia == "query" && l.Status == 401 {
			refused++
		}
		if strings.Contains(l.Query, "api_key") && !strings.Contains(l.Query, "api_key=%5BREDACTED%5D") && !strings.Contains(l.Query, "REDACTED") {
			t.Errorf("logged query %q keeps api_key", l.Query)
		}
	}
	if viaQuery != 3 {
		t.Errorf("%d successful entries marked auth_via query, want 3", viaQuery)
	}
	// The refusals of the opted-out key are the tenant's; those of a
	// route that takes no query key name no tenant, as for any refused
	// request whose key was not looked up.
	if refused != 2 {
		t.Errorf("%d refused entries of the tenant marked auth_via query, want 2", refused)
	}
	observed := 0
	for _, r := range h.seen.records() {
		haystack.WriteString(r.Path + "\n" + r.Query + "\n" + string(r.Body) + "\n")
		if r.AuthVia == "query" {
			observed++
		}
	}
	if observed != 9 {
		t.Errorf("%d observed requests marked auth_via query, want 9", observed)
	}
	haystack.WriteString(h.logs.String())
	haystack.WriteString(bodies.String())
	for name, k := range map[string]string{"opted-out key": off.Key, "opted-in key": on.Key} {
		if i := strings.Index(haystack.String(), k[8:]); i >= 0 {
			t.Errorf("the %s's secret is in a log or response: ...%s...", name, haystack.String()[max(0, i-100):i+20])
		}
	}

	// Turning it off takes effect on the next request.
	f := false
	if _, err := h.admin().UpdateKey(ctx, on.ID, client.UpdateKeyRequest{AllowQueryKey: &f}); err != nil {
		t.Fatal(err)
	}
	check("key opted out again", "GET", "/v1/surveys?"+q(on.Key), 401, "allow_query_key")
}
