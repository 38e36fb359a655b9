package console_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/console"
	"github.com/hive-platform/hive/internal/hive"
)

// keyRowIDs are the keys a keys page lists, in order.
func keyRowIDs(p *page) []string {
	var ids []string
	for _, m := range regexp.MustCompile(`data-key-id="([^"]+)"`).FindAllStringSubmatch(p.Body, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

func TestKeysSearchAndFiltersSurvivePaging(t *testing.T) {
	h := newHarness(t, console.Config{})
	ctx, o := t.Context(), h.owner()
	bi, _ := h.keys.CreateServiceAccount(ctx, o, "PowerBI Dashboard", "")
	doors, _ := h.keys.CreateServiceAccount(ctx, o, "Doors", "")
	var revoked *apikey.Key
	for i := range 60 {
		k, _, err := h.keys.CreateKey(ctx, o, apikey.KeyParams{Name: fmt.Sprintf("BI export %02d", i), ServiceAccountID: bi.ID, Preset: hive.PresetData})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			revoked, _ = h.keys.RevokeKey(ctx, o, k.ID)
		}
	}
	door, secret, err := h.keys.CreateKey(ctx, o, apikey.KeyParams{Name: "Front door", ServiceAccountID: doors.ID, Preset: hive.PresetReadOnly})
	if err != nil {
		t.Fatal(err)
	}
	b := h.browser()
	b.login(ownerEmail)

	p := b.get("/console/keys?q=export&account=" + bi.ID)
	if n := len(keyRowIDs(p)); n != 50 {
		t.Fatalf("first page of 60 matching keys shows %d rows, want 50", n)
	}
	mustContain(t, p, `id="key-count">60 keys match`)
	next := regexp.MustCompile(`href="([^"]+)" id="next-page"`).FindStringSubmatch(p.Body)
	if next == nil {
		t.Fatal("no link to the next page")
	}
	nextURL := strings.ReplaceAll(next[1], "&amp;", "&")
	if u, _ := url.Parse(nextURL); u.Query().Get("q") != "export" || u.Query().Get("account") != bi.ID || u.Query().Get("page") != "2" {
		t.Errorf("next page %s loses the filters", nextURL)
	}
	if n := len(keyRowIDs(b.get(nextURL))); n != 10 {
		t.Errorf("second page shows %d rows, want 10", n)
	}

	if ids := keyRowIDs(b.get("/console/keys?status=revoked")); len(ids) != 1 || ids[0] != revoked.ID {
		t.Errorf("revoked filter lists %v, want only %s", ids, revoked.ID)
	}
	if ids := keyRowIDs(b.get("/console/keys?q=" + url.QueryEscape(secret))); len(ids) != 1 || ids[0] != door.ID {
		t.Errorf("searching the whole key lists %v, want only %s", ids, door.ID)
	}
	if ids := keyRowIDs(b.get("/console/keys?q=FRONT")); len(ids) != 1 || ids[0] != door.ID {
		t.Errorf("searching the name in capitals lists %v, want %s", ids, door.ID)
	}
	p = b.get("/console/keys?q=nothing-like-this")
	mustContain(t, p, `id="keys-empty"`, "No keys match these filters", "Clear the filters")
	if p = b.get("/console/keys?status=lost"); p.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown status: %d, want 400", p.StatusCode)
	}
	mustContain(t, p, "must be active, expired or revoked")
}

func TestKeysShowPresetAndScopeCount(t *testing.T) {
	h := newHarness(t, console.Config{})
	ctx, o := t.Context(), h.owner()
	a, _ := h.keys.CreateServiceAccount(ctx, o, "BI", "")
	full, _, _ := h.keys.CreateKey(ctx, o, apikey.KeyParams{Name: "Everything", ServiceAccountID: a.ID, Preset: hive.PresetFullAccess})
	ro, _, _ := h.keys.CreateKey(ctx, o, apikey.KeyParams{Name: "Reader", ServiceAccountID: a.ID, Preset: hive.PresetReadOnly})
	h.keys.CreateKey(ctx, o, apikey.KeyParams{Name: "Two scopes", ServiceAccountID: a.ID, Permissions: []string{"surveys:read", "doors:read"}})
	b := h.browser()
	b.login(ownerEmail)
	p := b.get("/console/keys")
	n := len(hive.Catalogue)
	mustContain(t, p, `<strong class="preset">Full access</strong>`, fmt.Sprintf("<summary>%d scopes</summary>", n),
		`<strong class="preset">Custom</strong>`, "<summary>2 scopes</summary>", `<strong class="preset">Read-only</strong>`)
	if strings.Count(p.Body, "<details class=\"scopes-more\">") != 4 { // the bootstrap key too
		t.Errorf("want one folded scope list per key")
	}
	mustContain(t, b.get("/console/keys/"+ro.ID), `id="key-preset"><strong>Read-only</strong>`, `value="read_only" data-scopes=`)
	mustContain(t, b.get("/console/keys/"+full.ID), `id="key-docs" href="/docs#tag-authentication"`)
}

func TestTimesAreRelativeWithTheExactTimeOnHover(t *testing.T) {
	h := newHarness(t, console.Config{})
	ctx, o := t.Context(), h.owner()
	a, _ := h.keys.CreateServiceAccount(ctx, o, "BI", "")
	exp := h.clock.Now().Add(12*24*time.Hour + time.Hour)
	h.keys.CreateKey(ctx, o, apikey.KeyParams{Name: "Soon", ServiceAccountID: a.ID, Preset: hive.PresetData, ExpiresAt: &exp})
	b := h.browser()
	b.login(ownerEmail)
	p := b.get("/console/keys")
	mustContain(t, p, fmt.Sprintf(`<time datetime="%s" title="%s">in 12 days</time>`,
		exp.UTC().Format(time.RFC3339), exp.UTC().Format("2006-01-02 15:04:05 UTC")))
}

func TestEmptyStatesSayWhatToDoNext(t *testing.T) {
	h := newHarness(t, console.Config{})
	b := h.browser()
	b.login(ownerEmail)
	a, _ := h.keys.CreateServiceAccount(t.Context(), h.owner(), "Empty", "")
	mustContain(t, b.get("/console/service-accounts/"+a.ID), `id="keys-empty"`, `href="/console/keys/new?service_account_id=`+a.ID+`"`)
	p := b.get("/console/logs")
	mustContain(t, p, `id="logs-empty"`, `id="curl-example">curl -H "Authorization: Bearer $HIVE_API_KEY" `+h.srv.URL+`/v1/auth/verify`)
	mustContain(t, b.get("/console/logs?status=5xx"), "No requests match these filters")
	mustContain(t, b.get("/console/alerts"), `id="alerts-empty"`, "error rate spikes", `href="/console/webhooks"`)
}

func TestAlertsFilterByRuleAcrossTabs(t *testing.T) {
	h := newHarness(t, console.Config{})
	now := h.clock.Now()
	for i, rule := range []alert.Rule{alert.RuleErrorRateSpike, alert.RuleNewClientIP} {
		a := &alert.Alert{ID: hive.NewID(hive.PrefixAlert, now), TenantID: h.boot.Tenant.ID, Rule: rule, Severity: alert.SeverityWarning,
			FiredAt: now, DedupKey: fmt.Sprint(i), Message: "alert of " + string(rule)}
		if _, err := h.store.Alerts().FireAlert(t.Context(), a, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	b := h.browser()
	b.login(ownerEmail)
	p := b.get("/console/alerts?status=&rule=new_client_ip")
	mustContain(t, p, "alert of new_client_ip", `href="/console/alerts?rule=new_client_ip&amp;status=open" id="tab-open"`)
	if strings.Contains(p.Body, "alert of error_rate_spike") {
		t.Error("the rule filter lets other rules through")
	}
	if p = b.get("/console/alerts?rule=no_such_rule"); p.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown rule: %d, want 400", p.StatusCode)
	}
	mustContain(t, b.get("/console/alerts?status=acknowledged&rule=new_client_ip"), "No alerts match these filters")
}

func TestPlanPageShowsLimitsAndRecordsRequests(t *testing.T) {
	h := newHarness(t, console.Config{DefaultRateLimit: 200})
	b := h.browser()
	b.login(ownerEmail)
	p := b.get("/console/settings/plan")
	mustContain(t, p, `id="plan-name">Standard`, `id="plan-rate">200 / min`, `id="plan-request"`)
	if _, err := h.keys.SetPlan(t.Context(), "acme", apikey.PlanOperator, 0, 0); err != nil {
		t.Fatal(err)
	}
	mustContain(t, b.get("/console/settings/plan"), `id="plan-name">Operator`, `id="plan-rate">300 / min`, `id="plan-concurrency">10`)

	p = b.post("/console/settings/plan/request", url.Values{"plan": {""}, "rate_limit_per_minute": {""}, "message": {"  "}})
	if p.StatusCode != http.StatusBadRequest {
		t.Fatalf("empty request: %d, want 400", p.StatusCode)
	}
	mustContain(t, p, `id="error-message"`)
	if p = b.post("/console/settings/plan/request", url.Values{"plan": {"platinum"}}); p.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown plan: %d, want 400", p.StatusCode)
	}
	if p = b.post("/console/settings/plan/request", url.Values{"rate_limit_per_minute": {"lots"}}); p.StatusCode != http.StatusBadRequest {
		t.Errorf("rate limit 'lots': %d, want 400", p.StatusCode)
	}
	p = b.post("/console/settings/plan/request", url.Values{"plan": {"swarm"}, "rate_limit_per_minute": {"900"}, "message": {"Nightly BI refresh"}})
	if p.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d, want 303\n%s", p.StatusCode, p.Body)
	}
	action := apikey.ActionPlanChangeRequested
	events, _, err := h.keys.AuditEvents(t.Context(), h.owner(), apikey.AuditFilter{Action: &action, Page: apikey.Page{Limit: 10}})
	if err != nil || len(events) != 1 {
		t.Fatalf("audit events %v, %v; want the one request", events, err)
	}
	if e := events[0]; e.Details["requested_plan"] != "swarm" || e.Details["message"] != "Nightly BI refresh" || e.ActorID != h.boot.Owner.ID {
		t.Errorf("recorded request %+v", e)
	}
	mustContain(t, b.get("/console/settings/plan"), `id="plan-requests"`, "Nightly BI refresh", "swarm plan")

	m := h.browser()
	m.login(memberEmail)
	mustContain(t, m.get("/console/settings/plan"), `id="plan-rate">300 / min`, `id="ask-admin"`)
	if p := m.post("/console/settings/plan/request", url.Values{"message": {"more please"}}); p.StatusCode != http.StatusForbidden {
		t.Errorf("member requesting: %d, want 403", p.StatusCode)
	}
}

func TestAvatarMenuLeadsToAPIInfo(t *testing.T) {
	h := newHarness(t, console.Config{})
	b := h.browser()
	b.login(memberEmail)
	p := b.get("/console/profile")
	mustContain(t, p, `id="avatar-menu"`, `<span class="initials" aria-hidden="true">MM</span>`, "Mo Member", `href="/console/profile?tab=api" id="menu-api-info"`, `id="tab-api-info"`)
	if strings.Contains(p.Body, `id="generate-key"`) {
		t.Error("the Profile tab shows the API Info tab's content")
	}
	p = b.get("/console/profile?tab=api")
	mustContain(t, p, `id="generate-key"`, `id="user-id" readonly value="`+h.member.ID+`"`, `href="/docs#tag-personal-key"`)
	p = b.post("/console/profile/api-key", url.Values{})
	mustContain(t, p, `data-replace-url="/console/profile?tab=api"`, `id="generate-key"`)
}

func TestServiceAccountsLinkTheAPIDocs(t *testing.T) {
	h := newHarness(t, console.Config{})
	b := h.browser()
	b.login(ownerEmail)
	mustContain(t, b.get("/console/service-accounts"), `href="/docs#tag-service-accounts" id="view-api-docs">View API docs`)
}
