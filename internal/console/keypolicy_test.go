package console_test

import (
	"net/http"
	"net/netip"
	"net/url"
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/console"
	"github.com/hive-platform/hive/internal/hive"
)

func TestKeyPolicyPage(t *testing.T) {
	h := newHarness(t, console.Config{})
	b := h.browser()
	b.login(ownerEmail)
	mustContain(t, b.get("/console/settings/key-policy"), `id="key-policy-form"`, `href="/console/settings/key-policy"`)

	p := b.post("/console/settings/key-policy", url.Values{"max_lifetime_days": {"30"}, "allow_never_expiring": {"on"}})
	if p.StatusCode != http.StatusBadRequest {
		t.Fatalf("never expiring with a maximum: status %d, want 400", p.StatusCode)
	}
	mustContain(t, p, `id="error-allow_never_expiring"`, `value="30"`)
	p = b.post("/console/settings/key-policy", url.Values{"disable_unused_after_days": {"soon"}})
	if p.StatusCode != http.StatusBadRequest {
		t.Fatalf("text for days: status %d, want 400", p.StatusCode)
	}
	mustContain(t, p, `id="error-disable_unused_after_days"`)

	p = b.post("/console/settings/key-policy", url.Values{"max_lifetime_days": {"30"}, "disable_unused_after_days": {"60"},
		"admin_keys_require_ip_allowlist": {"on"}})
	if p.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: status %d\n%s", p.StatusCode, p.Body)
	}
	pol, err := h.keys.KeyPolicy(t.Context(), h.owner())
	if err != nil {
		t.Fatal(err)
	}
	if pol.MaxLifetimeDays == nil || *pol.MaxLifetimeDays != 30 || *pol.DisableUnusedAfterDays != 60 || pol.UnusedWarningDays != 7 ||
		!pol.AdminKeysRequireIPAllowlist || pol.AllowNeverExpiring {
		t.Errorf("saved policy = %+v", pol)
	}
	mustContain(t, b.get("/console/settings/key-policy"), `name="max_lifetime_days" min="1" max="3650" value="30"`,
		`id="admin_keys_require_ip_allowlist" name="admin_keys_require_ip_allowlist" checked`)

	// A member may see neither the page nor change the policy.
	m := h.browser()
	m.login(memberEmail)
	if p := m.get("/console/settings/key-policy"); p.StatusCode != http.StatusForbidden {
		t.Errorf("member GET: status %d, want 403", p.StatusCode)
	}
	if p := m.post("/console/settings/key-policy", url.Values{}); p.StatusCode != http.StatusForbidden {
		t.Errorf("member POST: status %d, want 403", p.StatusCode)
	}
}

func TestDisableAndEnableOnTheKeyPage(t *testing.T) {
	h := newHarness(t, console.Config{})
	ctx := t.Context()
	sa, err := h.keys.CreateServiceAccount(ctx, h.owner(), "Power BI", "")
	if err != nil {
		t.Fatal(err)
	}
	k, secret, err := h.keys.CreateKey(ctx, h.owner(), apikey.KeyParams{Name: "BI", ServiceAccountID: sa.ID, Preset: hive.PresetData})
	if err != nil {
		t.Fatal(err)
	}
	b := h.browser()
	b.login(ownerEmail)
	mustContain(t, b.get("/console/keys/"+k.ID), `id="disable-form"`)
	if p := b.post("/console/keys/"+k.ID+"/disable", url.Values{}); p.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: status %d\n%s", p.StatusCode, p.Body)
	}
	ip := netip.MustParseAddr("127.0.0.1")
	if _, err := h.keys.Authenticate(ctx, secret, "", ip); hive.ErrorDetails(err)["reason"] != hive.ReasonKeyDisabled {
		t.Fatalf("disabled key: %v, want %s", err, hive.ReasonKeyDisabled)
	}
	mustContain(t, b.get("/console/keys/"+k.ID), `id="enable-form"`, `id="key-status">disabled`)
	if p := b.post("/console/keys/"+k.ID+"/enable", url.Values{}); p.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable: status %d\n%s", p.StatusCode, p.Body)
	}
	if _, err := h.keys.Authenticate(ctx, secret, "", ip); err != nil {
		t.Errorf("enabled key: %v", err)
	}
}
