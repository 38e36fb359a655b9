package console_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/console"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/usage"
)

// layoutWidths are the windows every console page must fit: a desktop, a
// laptop and a phone.
var layoutWidths = []int64{1440, 1280, 390}

// layoutData is what seedLayout made, for the pages that need an ID.
type layoutData struct {
	account, key, log string
}

// seedLayout fills the tenant the way a demo does: several accounts, many
// keys of every preset with long names, API log entries with long routes
// and queries, and alerts.
func seedLayout(t *testing.T, h *harness) layoutData {
	t.Helper()
	ctx, p := t.Context(), h.owner()
	var d layoutData
	accounts := []string{"PowerBI Dashboard", "Door controllers at the Main Street gym, east entrance", "Nightly data warehouse export"}
	presets := []string{hive.PresetData, hive.PresetReadOnly, hive.PresetReadWrite, hive.PresetFullAccess}
	for i, name := range accounts {
		a, err := h.keys.CreateServiceAccount(ctx, p, name, "Created for the layout test: "+strings.Repeat("a long description ", 4))
		if err != nil {
			t.Fatal(err)
		}
		if d.account == "" {
			d.account = a.ID
		}
		for j := range 8 {
			in := apikey.KeyParams{Name: fmt.Sprintf("%s key %d with a rather long descriptive name", name, j), ServiceAccountID: a.ID,
				Preset: presets[(i+j)%len(presets)]}
			if j == 5 {
				in.Preset, in.Permissions = "", []string{string(hive.ScopeSurveysRead), string(hive.ScopeDoorsRead)}
			}
			if j == 6 {
				soon := h.clock.Now().Add(3 * 24 * time.Hour)
				in.ExpiresAt = &soon
			}
			k, _, err := h.keys.CreateKey(ctx, p, in)
			if err != nil {
				t.Fatal(err)
			}
			if j == 7 {
				if _, err := h.keys.RevokeKey(ctx, p, k.ID); err != nil {
					t.Fatal(err)
				}
			}
			if d.key == "" {
				d.key = k.ID
			}
		}
	}
	long := strings.Repeat("x", 60)
	for _, path := range []string{
		"/v1/auth/verify",
		"/v1/surveys?limit=100&starting_after=srv_" + long + "&include=questions,drivers,metrics",
		"/v1/heatmap/srv_" + long + "?group_by=department,location,tenure_band&metric=engagement&format=csv&bom=true",
		"/v1/this/path/does/not/exist/and/is/rather/long/" + long,
		"/v1/api-keys?status=active&service_account_id=sva_" + long,
	} {
		for range 3 {
			h.callAPI(path)
		}
	}
	h.flush()
	entries, err := h.usage.Logs(ctx, p, usage.LogFilter{Limit: 1})
	if err != nil || len(entries) == 0 {
		t.Fatalf("seeded API log: %d entries, %v", len(entries), err)
	}
	d.log = entries[0].ID
	now := h.clock.Now()
	for i, rule := range []alert.Rule{alert.RuleErrorRateSpike, alert.RuleErrorRateSpike} {
		a := &alert.Alert{ID: hive.NewID(hive.PrefixAlert, now), TenantID: h.boot.Tenant.ID, Rule: rule,
			Severity: alert.SeverityCritical, KeyID: h.boot.Key.ID, FiredAt: now.Add(-time.Duration(i) * time.Hour), DedupKey: fmt.Sprint("layout", i),
			Message: "Key bootstrap: 42% of requests failed in the last 5 minutes, mostly 401 invalid_api_key from 203.0.113.50"}
		if _, err := h.store.Alerts().FireAlert(ctx, a, time.Hour); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

// layoutPages are the console's pages, each named for its screenshot, with
// an element that shows it has loaded.
func layoutPages(d layoutData) []struct{ name, path, wait string } {
	return []struct{ name, path, wait string }{
		{"service-accounts", "/console/service-accounts", "#accounts"},
		{"service-account", "/console/service-accounts/" + d.account, "#account-name"},
		{"api-keys", "/console/keys", "table.keys"},
		{"key-new", "/console/keys/new?service_account_id=" + d.account, "#key-form"},
		{"key", "/console/keys/" + d.key, "#key-name"},
		{"key-revoke", "/console/keys/" + d.key + "/revoke", "#confirm-revoke"},
		{"key-usage", "/console/keys/" + d.key + "/usage", "#usage-chart"},
		{"api-logs", "/console/logs", "#api-logs"},
		{"api-log", "/console/logs/" + d.log, "#log-status"},
		{"usage", "/console/usage", "#usage-chart"},
		{"alerts", "/console/alerts", "#alerts"},
		{"webhooks", "/console/webhooks", "#webhook-form"},
		{"plan", "/console/settings/plan", "main h1"},
		{"door-api", "/console/settings/door", "#door-form"},
		{"users", "/console/settings/users", "#invite-form"},
		{"privacy", "/console/settings/privacy", "#privacy-form"},
		{"key-policy", "/console/settings/key-policy", "#key-policy-form"},
		{"alert-settings", "/console/alerts/settings", "#alert-settings-form"},
		{"people", "/console/settings/people", "#people-upload"},
		{"profile", "/console/profile", "#profile-tabs"},
		{"profile-api-info", "/console/profile?tab=api", "#generate-key"},
	}
}

// TestBrowserLayout opens every console page at each of layoutWidths with
// a populated tenant and fails when a page scrolls sideways. Screenshots are
// written to $HIVE_BROWSER_ARTIFACTS as <width>-<page>.png; the repository
// ignores internal/console/testdata/screenshots/ for that use:
//
//	HIVE_TEST_BROWSER=1 HIVE_BROWSER_ARTIFACTS=$PWD/internal/console/testdata/screenshots/after \
//		go test -run TestBrowser -v ./internal/console/
func TestBrowserLayout(t *testing.T) {
	if os.Getenv(EnvBrowser) != "1" {
		t.Skip("set " + EnvBrowser + "=1 (with Chromium at /usr/bin/chromium) to run the browser tests")
	}
	h := newHarness(t, console.Config{})
	d := seedLayout(t, h)
	ctx, shots, base, step := signedInBrowser(t, h)
	var report strings.Builder
	fmt.Fprintf(&report, "%-18s", "page")
	for _, w := range layoutWidths {
		fmt.Fprintf(&report, " %8d", w)
	}
	report.WriteString("\n")
	widths := map[string][]int{}
	for wi, w := range layoutWidths {
		step(fmt.Sprint("resize to ", w), chromedp.EmulateViewport(w, 900))
		for _, p := range layoutPages(d) {
			step("open "+p.path, chromedp.Navigate(base+p.path), chromedp.WaitVisible(p.wait))
			m := pageWidth(t, ctx)
			if widths[p.name] == nil {
				widths[p.name] = make([]int, len(layoutWidths))
			}
			widths[p.name][wi] = m[0]
			if m[0] > m[1] {
				t.Errorf("%s at %d px scrolls sideways: scrollWidth %d > innerWidth %d", p.path, w, m[0], m[1])
			}
			saveShot(t, ctx, shots, fmt.Sprintf("%d-%s", w, p.name))
		}
	}
	// At 390 px the navigation folds behind the Menu button.
	step("open the folded navigation", chromedp.Navigate(base+"/console/keys"), chromedp.WaitVisible("#nav-button"),
		chromedp.Click("#nav-button"), chromedp.WaitVisible(`nav.side a[href="/console/settings/plan"]`))
	saveShot(t, ctx, shots, "390-nav-open")
	for _, p := range layoutPages(d) {
		fmt.Fprintf(&report, "%-18s", p.name)
		for _, n := range widths[p.name] {
			fmt.Fprintf(&report, " %8d", n)
		}
		report.WriteString("\n")
	}
	t.Logf("document scrollWidth per page and window width:\n%s", report.String())
}

// TestBrowserKeyFlowWidths creates a key, copies its secret with the Copy
// button, verifies it against the API and revokes it, at each width.
func TestBrowserKeyFlowWidths(t *testing.T) {
	if os.Getenv(EnvBrowser) != "1" {
		t.Skip("set " + EnvBrowser + "=1 (with Chromium at /usr/bin/chromium) to run the browser tests")
	}
	h := newHarness(t, console.Config{})
	seedLayout(t, h)
	ctx, shots, base, step := signedInBrowser(t, h)
	for _, w := range layoutWidths {
		step(fmt.Sprint("resize to ", w), chromedp.EmulateViewport(w, 900))
		step("open the accounts", chromedp.Navigate(base+"/console/service-accounts"), chromedp.WaitVisible("#create-account"))
		step("create an account", chromedp.SendKeys("#name", fmt.Sprint("Flow at ", w)),
			chromedp.Click("#create-account button"), chromedp.WaitVisible("#account-name"))
		step("open the key form", chromedp.Click("#create-key"), chromedp.WaitVisible("#key-form"))
		step("fill the key form", chromedp.SendKeys("#name", fmt.Sprint("Flow key ", w)), chromedp.Click("#preset-read_only"))
		step("create the key", chromedp.Click("#create-key-submit"), chromedp.WaitVisible("#secret-dialog"))
		if m := pageWidth(t, ctx); m[0] > m[1] {
			t.Errorf("secret dialog at %d px scrolls sideways: %d > %d", w, m[0], m[1])
		}
		saveShot(t, ctx, shots, fmt.Sprintf("%d-flow-secret", w))
		// The page's clipboard is replaced by one that remembers, so the
		// test reads what the Copy button copied.
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`Object.defineProperty(navigator, "clipboard", {configurable: true,
			value: {writeText: function (s) { window.copied = s; return Promise.resolve(); }}}); true`)); err != nil {
			t.Fatal(err)
		}
		step("copy the secret", chromedp.Click(`#secret-dialog button[data-copy="secret-value"]`))
		secret, err := chromedp.Run(ctx, chromedp.Poll[string](`window.copied`, chromedp.WithPollingTimeout(5*time.Second)))
		if err != nil || !strings.HasPrefix(secret, "hive_sk_") {
			t.Fatalf("at %d px the Copy button copied %q, %v", w, secret, err)
		}
		if status, _ := verify(t, base, secret); status != http.StatusOK {
			t.Fatalf("at %d px the copied key verifies with %d, want 200", w, status)
		}
		step("close the dialog", chromedp.Click("#secret-close"), chromedp.WaitVisible("#account-name"))
		step("open the key", chromedp.Click(chromedp.CSS(`table.keys a[href^="/console/keys/key_"]`)), chromedp.WaitVisible("#revoke"))
		step("ask to revoke", chromedp.Click("#revoke"), chromedp.WaitVisible("#confirm-revoke"))
		step("revoke", chromedp.Click("#confirm-revoke"), chromedp.WaitVisible("#flash"))
		saveShot(t, ctx, shots, fmt.Sprintf("%d-flow-revoked", w))
		if status, reason := verify(t, base, secret); status != http.StatusUnauthorized || reason != "api_key_revoked" {
			t.Errorf("at %d px the revoked key verifies with %d %s, want 401 api_key_revoked", w, status, reason)
		}
	}
}

// browserStep runs chromedp actions as one named step of a test, failing
// the test with the step's name when they fail or take over 20 s.
type browserStep func(name string, actions ...chromedp.Action[chromedp.Void])

// signedInBrowser starts Chromium signed in to h's console as the owner, and
// returns it with the screenshot folder, the server's address and a step
// runner.
func signedInBrowser(t *testing.T, h *harness) (ctx context.Context, shots, base string, step browserStep) {
	t.Helper()
	ctx = newBrowser(t)
	shots = screenshotDir(t)
	base = h.srv.URL
	step = func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 20*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	step("sign in", chromedp.Navigate(base+"/console/login"), chromedp.WaitVisible("#login-form"),
		chromedp.SendKeys("#tenant", "acme"), chromedp.SendKeys("#email", ownerEmail), chromedp.SendKeys("#password", password),
		chromedp.Click("#sign-in"), chromedp.WaitVisible("main h1"))
	return ctx, shots, base, step
}

// pageWidth measures the document's scrollWidth and the window's width.
func pageWidth(t *testing.T, ctx context.Context) [2]int {
	t.Helper()
	m, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
	if err != nil || len(m) != 2 {
		t.Fatalf("measuring the page: %v %v", m, err)
	}
	return [2]int{m[0], m[1]}
}

// saveShot writes a full-page screenshot named name.png into dir.
func saveShot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
