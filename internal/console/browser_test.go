package console_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/hive-platform/hive/internal/console"
)

// EnvBrowser turns on the tests that drive a real Chromium.
const EnvBrowser = "HIVE_TEST_BROWSER"

// TestBrowser drives the console in headless Chromium against the whole
// server: one browser for the test binary, one tab, steps in order as a
// person would take them.
func TestBrowser(t *testing.T) {
	if os.Getenv(EnvBrowser) != "1" {
		t.Skip("set " + EnvBrowser + "=1 (with Chromium at /usr/bin/chromium) to run the browser tests")
	}
	h := newHarness(t, console.Config{})
	ctx := newBrowser(t)
	shots := screenshotDir(t)
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		path := filepath.Join(shots, name+".png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}
	do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.TextContent(sel))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	html := func() string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.OuterHTML("html"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base := h.srv.URL

	do("open the sign-in page", chromedp.Navigate(base+"/console/"), chromedp.WaitVisible("#login-form"))
	do("fill the sign-in form", chromedp.SendKeys("#tenant", "acme"), chromedp.SendKeys("#email", ownerEmail),
		chromedp.SendKeys("#password", password))
	shot("01-sign-in")
	do("sign in", chromedp.Click("#sign-in"), chromedp.WaitVisible("#create-account"))
	if got := text("#tenant-name"); got != "Acme Gyms" {
		t.Errorf("tenant in the header = %q, want Acme Gyms", got)
	}

	do("create a service account", chromedp.SendKeys("#name", "PowerBI Dashboard"),
		chromedp.Click("#create-account button"), chromedp.WaitVisible("#account-name"))
	accountURL, _ := chromedp.Run(ctx, chromedp.Location())
	do("open the key form", chromedp.Click("#create-key"), chromedp.WaitVisible("#key-form"))
	do("fill the key form", chromedp.SendKeys("#name", "BI export"), chromedp.Click("#preset-read_only"))
	shot("03-create-key")
	do("create the key", chromedp.Click("#create-key-submit"), chromedp.WaitVisible("#secret-dialog"))
	shot("04-secret-dialog")
	secret, err := chromedp.Run(ctx, chromedp.Value("#secret-value"))
	if err != nil || !strings.HasPrefix(secret, "hive_sk_") {
		t.Fatalf("secret in the dialog = %q, %v", secret, err)
	}
	if w := text("#secret-warning"); !strings.Contains(w, "shown only once") {
		t.Errorf("dialog warning = %q, want the shown-only-once warning", w)
	}
	if status, _ := verify(t, base, secret); status != http.StatusOK {
		t.Fatalf("GET /v1/auth/verify with the new key: %d, want 200", status)
	}

	do("close the dialog and reload", chromedp.Click("#secret-close"), chromedp.Reload(), chromedp.WaitVisible("#account-name"))
	if loc, _ := chromedp.Run(ctx, chromedp.Location()); loc != accountURL {
		t.Errorf("after reload the page is %s, want the account page %s", loc, accountURL)
	}
	if page := html(); strings.Contains(page, secret) || strings.Contains(page, "secret-dialog") {
		t.Fatal("the secret is shown again after a reload")
	}
	shot("05-service-account")

	do("open the key", chromedp.Click("table.keys a"), chromedp.WaitVisible("#key-form"))
	shot("06-key")
	do("ask to revoke", chromedp.Click("#revoke"), chromedp.WaitVisible("#confirm-revoke"))
	shot("07-revoke-confirm")
	do("revoke", chromedp.Click("#confirm-revoke"), chromedp.WaitVisible("#flash"))
	if status, reason := verify(t, base, secret); status != http.StatusUnauthorized || reason != "api_key_revoked" {
		t.Errorf("revoked key: %d %s, want 401 api_key_revoked", status, reason)
	}

	for _, p := range []struct{ path, wait, name string }{
		{"/console/service-accounts", "#accounts", "02-service-accounts"},
		{"/console/keys", "table.keys", "08-api-keys"},
		{"/console/profile?tab=api", "#generate-key", "09-my-profile"},
		{"/console/settings/door", "#door-form", "10-door-api"},
		{"/console/settings/users", "#invite-form", "11-users"},
	} {
		do("open "+p.path, chromedp.Navigate(base+p.path), chromedp.WaitVisible(p.wait))
		shot(p.name)
	}

	testDocsAndLogs(t, h, ctx, do, text, shot)
	visitNewPages(t, h, ctx, do, text, shot)

	do("open the avatar menu", chromedp.Click("#avatar-menu summary"), chromedp.WaitVisible("#menu-profile"))
	shot("26-avatar-menu")
	do("open My Profile from it", chromedp.Click("#menu-profile"), chromedp.WaitVisible("#profile-tabs"))
	do("open API Info", chromedp.Click("#tab-api-info"), chromedp.WaitVisible("#generate-key"))
	do("sign out", chromedp.Click("#avatar-menu summary"), chromedp.Click("#sign-out"), chromedp.WaitVisible("#login-form"))
	do("sign in as a member", chromedp.SendKeys("#tenant", "acme"), chromedp.SendKeys("#email", memberEmail),
		chromedp.SendKeys("#password", password), chromedp.Click("#sign-in"), chromedp.WaitVisible("#profile-tabs"))
	do("open the keys page", chromedp.Navigate(base+"/console/keys"), chromedp.WaitVisible("#page-error"))
	if title, _ := chromedp.Run(ctx, chromedp.Title()); !strings.HasPrefix(title, "Forbidden") {
		t.Errorf("member on the keys page sees %q, want the Forbidden page", title)
	}
	shot("12-member-forbidden")
}

// newBrowser starts headless Chromium with a fresh profile and returns the
// context of its first tab.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath("/usr/bin/chromium"),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return ctx
}

// screenshotDir is $HIVE_BROWSER_ARTIFACTS, kept after the test, or a
// temporary directory.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("HIVE_BROWSER_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// verify calls GET /v1/auth/verify with secret and returns the status and
// the error's reason.
func verify(t *testing.T, base, secret string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/v1/auth/verify", nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Error struct {
			Details struct {
				Reason string `json:"reason"`
			} `json:"details"`
		} `json:"error"`
	}
	json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body.Error.Details.Reason
}
