package console_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"context"

	"github.com/chromedp/chromedp"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/hive"
)

// Step helpers of TestBrowser, passed to the parts that live here.
type (
	doFunc   func(step string, actions ...chromedp.Action[chromedp.Void])
	textFunc func(sel string) string
	shotFunc func(name string)
)

// tryBlock is the selector of the "Test request" block of GET /v1/surveys
// on /docs. A build whose reference does not list the Open API yet tests
// GET /v1/auth/verify instead, and says so.
func tryBlock(t *testing.T, ctx context.Context) string {
	t.Helper()
	const surveys, verify = `[data-endpoint="GET /v1/surveys"]`, `[data-endpoint="GET /v1/auth/verify"]`
	found, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('`+surveys+`') !== null`))
	if err != nil {
		t.Fatal(err)
	}
	if !found {
		t.Log("/docs does not document GET /v1/surveys in this build; testing GET /v1/auth/verify")
		return verify
	}
	return surveys
}

// testDocsAndLogs tries GET /v1/surveys from the interactive docs with a
// right and a wrong key, and finds the requests in the console's API log.
func testDocsAndLogs(t *testing.T, h *harness, ctx context.Context, do doFunc, text textFunc, shot shotFunc) {
	t.Helper()
	base := h.srv.URL
	do("open the docs", chromedp.Navigate(base+"/docs"), chromedp.WaitVisible("#tenant-slug"))
	do("enter slug and key", chromedp.SendKeys("#tenant-slug", "acme"), chromedp.SendKeys("#api-key", h.boot.Secret))
	try := tryBlock(t, ctx)
	do("test "+try, chromedp.Click(chromedp.CSS(try+` [data-action="test-request"]`)),
		chromedp.WaitVisible(chromedp.CSS(try+` [data-result]`)))
	waitText(t, ctx, try+` [data-result-status]`)
	if got := cssText(t, ctx, try+` [data-result-status]`); !strings.HasPrefix(got, "200") {
		t.Errorf("Test request with the right key shows %q, want 200", got)
	}
	do("show the result", chromedp.ScrollIntoView(chromedp.CSS(try)))
	shot("13-docs-test-request")

	do("reload the docs", chromedp.Reload(), chromedp.WaitVisible("#tenant-slug"))
	for _, id := range []string{"#tenant-slug", "#api-key"} {
		if v, _ := chromedp.Run(ctx, chromedp.Value(id)); v != "" {
			t.Errorf("after a reload %s holds %q, want it empty", id, v)
		}
	}
	wrong := h.boot.Secret[:len(h.boot.Secret)-8] + "AAAAAAAA"
	do("enter a wrong key", chromedp.SendKeys("#tenant-slug", "acme"), chromedp.SendKeys("#api-key", wrong),
		chromedp.Click(chromedp.CSS(try+` [data-action="test-request"]`)), chromedp.WaitVisible(chromedp.CSS(try+` [data-result-hint]`)))
	if got := cssText(t, ctx, try+` [data-result-status]`); !strings.HasPrefix(got, "401") {
		t.Errorf("Test request with a wrong key shows %q, want 401", got)
	}
	if hint := cssText(t, ctx, try+` [data-result-hint]`); hint == "" {
		t.Error("no troubleshooting hint beside the 401")
	}
	if body := cssText(t, ctx, try+` [data-result-body]`); !strings.Contains(body, `"unauthorized"`) {
		t.Errorf("the result does not show the API's error: %s", body)
	}
	do("show the error", chromedp.ScrollIntoView(chromedp.CSS(try)))
	shot("14-docs-wrong-key")

	h.flush()
	do("open the API logs", chromedp.Navigate(base+"/console/logs"), chromedp.WaitVisible("#api-logs"))
	route := strings.TrimSuffix(strings.TrimPrefix(try, `[data-endpoint="`), `"]`)
	if routes := text("#api-logs tbody"); !strings.Contains(routes, route) {
		t.Errorf("the API log does not list %s:\n%s", route, routes)
	}
	shot("15-api-logs")
	do("filter to 4xx", chromedp.SetValue("#filter-status", "4xx"), chromedp.Click("#apply-filters"))
	// The filter is a form's GET: wait for the filtered page itself, or the
	// table read next may be the one the navigation is replacing.
	// A check that runs while the page navigates fails; it is tried again.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`location.search.includes("status=4xx") && document.readyState === "complete"`))
		if err == nil && loaded {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the filtered API log page did not load: %v", err)
		}
	}
	do("wait for the filtered table", chromedp.WaitVisible("#api-logs"))
	if rows := text("#api-logs tbody"); !strings.Contains(rows, "401") || strings.Contains(rows, "200") {
		t.Errorf("4xx filter shows:\n%s", rows)
	}
	do("open the response data", chromedp.Click(chromedp.CSS(`#api-logs a[href^="/console/logs/"]`)), chromedp.WaitVisible("#log-status"))
	shot("16-api-log-response")
}

// visitNewPages opens the usage, alert, webhook and settings pages as an
// admin would, with something on each, and screenshots them.
func visitNewPages(t *testing.T, h *harness, ctx context.Context, do doFunc, text textFunc, shot shotFunc) {
	t.Helper()
	base := h.srv.URL
	// The requests were stamped with the real time, which has run ahead of
	// the services' clock while the browser worked.
	h.clock.Advance(time.Since(h.clock.Now()))
	do("open usage", chromedp.Navigate(base+"/console/usage?range=1h"), chromedp.WaitVisible("#usage-chart"))
	if n := text("#total-requests"); n == "0" {
		t.Error("the usage page counts no requests")
	}
	shot("17-usage")
	do("open a key's usage", chromedp.Click(chromedp.CSS(`#top-keys a[href$="interval=minute"]`)), chromedp.WaitVisible("#top-routes"))
	shot("18-key-usage")

	now := h.clock.Now()
	a := &alert.Alert{ID: hive.NewID(hive.PrefixAlert, now), TenantID: h.boot.Tenant.ID, Rule: alert.RuleErrorRateSpike,
		Severity: alert.SeverityCritical, KeyID: h.boot.Key.ID, FiredAt: now, DedupKey: "browser",
		Message: "Key bootstrap: 42% of requests failed in the last 5 minutes"}
	if _, err := h.store.Alerts().FireAlert(t.Context(), a, time.Hour); err != nil {
		t.Fatal(err)
	}
	do("open alerts", chromedp.Navigate(base+"/console/alerts"), chromedp.WaitVisible("#alerts"))
	shot("19-alerts")
	do("acknowledge", chromedp.Click("#alerts button.ack"), chromedp.WaitVisible("#flash"))

	do("open webhooks", chromedp.Navigate(base+"/console/webhooks"), chromedp.WaitVisible("#webhook-form"))
	do("add an endpoint", chromedp.SendKeys("#webhook-url", "https://hooks.example.com/hive"),
		chromedp.Click("#add-webhook"), chromedp.WaitVisible("#secret-dialog"))
	shot("20-webhook-secret")
	do("close the dialog", chromedp.Click("#secret-close"), chromedp.WaitVisible("#webhooks"))
	shot("21-webhooks")
	if err := h.webhooks.Publish(t.Context(), h.boot.Tenant.ID, alert.EventFired, map[string]string{"alert_id": a.ID}); err != nil {
		t.Fatal(err)
	}
	do("open deliveries", chromedp.Click(chromedp.CSS(`#webhooks a[href^="/console/webhooks/whk_"]`)), chromedp.WaitVisible("#deliveries"))
	shot("22-webhook-deliveries")

	do("open privacy", chromedp.Navigate(base+"/console/settings/privacy"), chromedp.WaitVisible("#privacy-form"))
	shot("23-privacy-retention")

	dir := t.TempDir()
	bad, good := filepath.Join(dir, "people-with-errors.csv"), filepath.Join(dir, "people.csv")
	os.WriteFile(bad, []byte(peopleHeader+"E1,not-an-email,Ann,Lee,2020-01-06,1990-05-01,Sales\nE2,bo@example.com,Bo,,someday,,Support\n"), 0o644)
	os.WriteFile(good, []byte(peopleHeader+"E1,ann@example.com,Ann,Lee,2020-01-06,1990-05-01,Sales\nE2,bo@example.com,Bo,Chan,,,Support\n"), 0o644)
	do("upload a file with errors", chromedp.Navigate(base+"/console/settings/people"), chromedp.WaitVisible("#people-upload"),
		chromedp.SetUploadFiles("#people-file", []string{bad}), chromedp.Click("#preview-upload"), chromedp.WaitVisible("#import-errors"))
	shot("24-people-upload-errors")
	do("upload a clean file", chromedp.SetUploadFiles("#people-file", []string{good}), chromedp.Click("#preview-upload"),
		chromedp.WaitVisible("#confirm-import"))
	shot("25-people-upload-preview")
	do("confirm the import", chromedp.Click("#confirm-import"), chromedp.WaitVisible("#flash"))
	if f := text("#flash"); !strings.Contains(f, "2 created") {
		t.Errorf("after the import the page says %q", f)
	}
}

// waitText waits until sel has text.
func waitText(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if s, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(sel))); err == nil && strings.TrimSpace(s) != "" {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s stayed empty", sel)
}

// cssText is the text of the first element matching the CSS selector sel.
func cssText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.TextContent(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}
