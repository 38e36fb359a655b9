package console_test

import (
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/console"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/people"
)

func sessionCookie(t *testing.T, p *page) *http.Cookie {
	t.Helper()
	for _, c := range p.Cookies() {
		if c.Name == console.CookieName {
			return c
		}
	}
	t.Fatalf("no %s cookie in the response", console.CookieName)
	return nil
}

func TestSessionCookieFlags(t *testing.T) {
	h := newHarness(t, console.Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	c := sessionCookie(t, h.browser().login(ownerEmail))
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/console" || c.Secure {
		t.Errorf("cookie over plain HTTP = %+v, want HttpOnly, SameSite=Lax, Path=/console, not Secure", c)
	}
	if len(c.Value) != 43 {
		t.Errorf("session id is %d characters, want 43 (32 random bytes)", len(c.Value))
	}

	b := h.browser()
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/console/login",
		strings.NewReader(url.Values{"tenant": {"acme"}, "email": {ownerEmail}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	c = sessionCookie(t, &page{Response: resp})
	if !c.Secure {
		t.Errorf("cookie behind a trusted TLS proxy is not Secure")
	}
}

func TestForwardedProtoFromUntrustedPeerIsIgnored(t *testing.T) {
	h := newHarness(t, console.Config{})
	b := h.browser()
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/console/login",
		strings.NewReader(url.Values{"tenant": {"acme"}, "email": {ownerEmail}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if c := sessionCookie(t, &page{Response: resp}); c.Secure {
		t.Errorf("an untrusted peer's X-Forwarded-Proto made the cookie Secure")
	}
}

func TestFormsRefuseMissingOrWrongToken(t *testing.T) {
	h := newHarness(t, console.Config{})
	b := h.browser()
	b.login(ownerEmail)
	tests := []struct {
		name   string
		token  string
		header http.Header
	}{
		{"missing token is 403", "", nil},
		{"wrong token is 403", strings.Repeat("x", 43), nil},
		{"cross-site post with the right token is 403", b.csrf, http.Header{"Sec-Fetch-Site": {"cross-site"}}},
		{"foreign origin with the right token is 403", b.csrf, http.Header{"Origin": {"https://evil.example"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/console/service-accounts",
				strings.NewReader(url.Values{"csrf": {tt.token}, "name": {tt.name}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tt.header {
				req.Header[k] = v
			}
			resp, err := b.client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("status %d, want 403", resp.StatusCode)
			}
		})
	}
	accounts, _, err := h.keys.ListServiceAccounts(t.Context(), h.owner(), apikey.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if len(accounts) != 1 { // the bootstrap account only
		t.Errorf("refused forms created accounts: %d accounts, want 1", len(accounts))
	}
	if p := b.post("/console/service-accounts", url.Values{"name": {"PowerBI"}}); p.StatusCode != http.StatusSeeOther {
		t.Errorf("form with the session's token: status %d, want 303\n%s", p.StatusCode, p.Body)
	}
}

func TestLockoutAfterRepeatedFailures(t *testing.T) {
	h := newHarness(t, console.Config{})
	b := h.browser()
	wrong := url.Values{"tenant": {"acme"}, "email": {ownerEmail}, "password": {"wrong password"}}
	for i := 1; i <= 4; i++ {
		if p := b.post("/console/login", wrong); p.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: status %d, want 401", i, p.StatusCode)
		}
	}
	p := b.post("/console/login", wrong)
	if p.StatusCode != http.StatusTooManyRequests || !strings.Contains(p.Body, "locked for 15 more minute") {
		t.Fatalf("fifth failure: status %d, want 429 saying the account is locked\n%s", p.StatusCode, p.Body)
	}
	right := url.Values{"tenant": {"acme"}, "email": {ownerEmail}, "password": {password}}
	if p := b.post("/console/login", right); p.StatusCode != http.StatusTooManyRequests {
		t.Errorf("right password while locked: status %d, want 429", p.StatusCode)
	}
	if p := b.post("/console/login", url.Values{"tenant": {"acme"}, "email": {memberEmail}, "password": {password}}); p.StatusCode != http.StatusSeeOther {
		t.Errorf("another account during the lock: status %d, want 303", p.StatusCode)
	}
	h.clock.Advance(15 * time.Minute)
	if p := b.post("/console/login", right); p.StatusCode != http.StatusSeeOther {
		t.Errorf("right password after the lock: status %d, want 303\n%s", p.StatusCode, p.Body)
	}
}

func TestLoginsPerAddressAreLimited(t *testing.T) {
	h := newHarness(t, console.Config{LoginsPerMinute: 3})
	b := h.browser()
	for i := range 3 {
		form := url.Values{"tenant": {"acme"}, "email": {"nobody" + string(rune('a'+i)) + "@acme.example"}, "password": {"x"}}
		if p := b.post("/console/login", form); p.StatusCode != http.StatusUnauthorized {
			t.Fatalf("attempt %d: status %d, want 401", i, p.StatusCode)
		}
	}
	p := b.post("/console/login", url.Values{"tenant": {"acme"}, "email": {ownerEmail}, "password": {password}})
	if p.StatusCode != http.StatusTooManyRequests || p.Header.Get("Retry-After") == "" {
		t.Errorf("fourth attempt in a minute: status %d, Retry-After %q; want 429 with Retry-After", p.StatusCode, p.Header.Get("Retry-After"))
	}
}

func TestSessionExpiry(t *testing.T) {
	h := newHarness(t, console.Config{})
	tests := []struct {
		name  string
		steps []time.Duration // waits, each followed by a page view
		last  int             // the status of the last view
	}{
		{"idle for 11 hours is still signed in", []time.Duration{11 * time.Hour}, http.StatusOK},
		{"idle for 12 hours is signed out", []time.Duration{12 * time.Hour}, http.StatusSeeOther},
		{"use slides the idle expiry", []time.Duration{11 * time.Hour, 11 * time.Hour}, http.StatusOK},
		{"no session outlives 7 days", slices(16, 11*time.Hour), http.StatusSeeOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := h.browser()
			b.login(ownerEmail)
			var p *page
			for _, d := range tt.steps {
				h.clock.Advance(d)
				p = b.get("/console/profile")
			}
			if p.StatusCode != tt.last {
				t.Errorf("status %d, want %d", p.StatusCode, tt.last)
			}
			if tt.last == http.StatusSeeOther && p.Header.Get("Location") != "/console/login" {
				t.Errorf("redirect to %q, want /console/login", p.Header.Get("Location"))
			}
		})
	}
}

func slices(n int, d time.Duration) []time.Duration {
	out := make([]time.Duration, n)
	for i := range out {
		out[i] = d
	}
	return out
}

func TestSignOutDeletesTheSession(t *testing.T) {
	h := newHarness(t, console.Config{})
	b := h.browser()
	c := sessionCookie(t, b.login(ownerEmail))
	if p := b.post("/console/logout", url.Values{}); p.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign out: status %d, want 303", p.StatusCode)
	}
	// A copy of the cookie kept elsewhere must not work either.
	thief := h.browser()
	u, _ := url.Parse(h.srv.URL + "/console/")
	thief.client.Jar.SetCookies(u, []*http.Cookie{{Name: c.Name, Value: c.Value, Path: "/console"}})
	if p := thief.get("/console/profile"); p.StatusCode != http.StatusSeeOther {
		t.Errorf("old session after sign-out: status %d, want 303 to the sign-in page", p.StatusCode)
	}
}

func TestMemberSeesProfileOnly(t *testing.T) {
	h := newHarness(t, console.Config{})
	b := h.browser()
	b.login(memberEmail)
	for _, path := range []string{"/console/keys", "/console/service-accounts", "/console/keys/new",
		"/console/settings/door", "/console/settings/users"} {
		if p := b.get(path); p.StatusCode != http.StatusForbidden || !strings.Contains(p.Body, "Only owners and integrations admins") {
			t.Errorf("member opening %s: status %d, want the 403 page", path, p.StatusCode)
		}
	}
	if p := b.post("/console/service-accounts", url.Values{"name": {"sneaky"}}); p.StatusCode != http.StatusForbidden {
		t.Errorf("member creating an account: status %d, want 403", p.StatusCode)
	}
	p := b.get("/console/profile")
	if p.StatusCode != http.StatusOK {
		t.Fatalf("member's profile: status %d", p.StatusCode)
	}
	mustContain(t, p, h.member.ID, "My Profile")
	if strings.Contains(p.Body, `href="/console/keys"`) {
		t.Errorf("member's navigation links to the keys page")
	}
}

var secretPattern = regexp.MustCompile(`hive_[sp]k_[0-9A-Za-z]{30,}`)

func TestCreateKeyShowsTheSecretOnce(t *testing.T) {
	h := newHarness(t, console.Config{})
	b := h.browser()
	b.login(ownerEmail)
	p := b.post("/console/service-accounts", url.Values{"name": {"PowerBI Dashboard"}})
	account := strings.TrimPrefix(p.Header.Get("Location"), "/console/service-accounts/")

	form := url.Values{"name": {"BI export"}, "service_account_id": {account}, "preset": {"read_only"},
		"doors_mode": {"all"}, "expires_at": {h.clock.Now().AddDate(0, 0, 30).Format("2006-01-02")},
		"ip_allowlist": {"not-an-ip"}}
	p = b.post("/console/keys", form)
	if p.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad allowlist: status %d, want 400", p.StatusCode)
	}
	mustContain(t, p, `id="error-ip_allowlist"`, "not an IP address", `value="BI export"`)

	form.Set("ip_allowlist", "")
	p = b.post("/console/keys", form)
	if p.StatusCode != http.StatusCreated {
		t.Fatalf("create key: status %d, want 201\n%s", p.StatusCode, p.Body)
	}
	if cc := p.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", cc)
	}
	secret := secretPattern.FindString(p.Body)
	if secret == "" {
		t.Fatal("the create response shows no secret")
	}
	mustContain(t, p, "API keys are shown only once at creation", `data-replace-url="/console/service-accounts/`+account+`"`)

	k, err := h.keys.Authenticate(t.Context(), secret, "", netip.MustParseAddr("127.0.0.1"))
	if err != nil {
		t.Fatalf("the shown secret does not verify: %v", err)
	}
	for _, path := range []string{"/console/service-accounts/" + account, "/console/keys", "/console/keys/" + k.KeyID} {
		p := b.get(path)
		if p.StatusCode != http.StatusOK {
			t.Errorf("GET %s: status %d", path, p.StatusCode)
		}
		if strings.Contains(p.Body, secret) || secretPattern.MatchString(p.Body) {
			t.Errorf("GET %s shows the secret again", path)
		}
	}
}

// TestKeyRestrictedToSpecificSurveys creates a key limited to one survey in
// the form: the form lists the tenant's surveys, and the key it creates may
// read only the one chosen.
func TestKeyRestrictedToSpecificSurveys(t *testing.T) {
	h := newHarness(t, console.Config{})
	var ids []string
	for _, name := range []string{"Engagement 2026", "Pulse October"} {
		sv, err := h.people.CreateSurvey(t.Context(), h.owner(), people.SurveyParams{Name: name, Type: people.SurveyEngagement})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, sv.ID)
	}
	b := h.browser()
	b.login(ownerEmail)
	p := b.post("/console/service-accounts", url.Values{"name": {"Power BI"}})
	account := strings.TrimPrefix(p.Header.Get("Location"), "/console/service-accounts/")
	mustContain(t, b.get("/console/keys/new?service_account_id="+account), `name="surveys_mode"`, "Engagement 2026", `value="`+ids[1]+`"`)

	p = b.post("/console/keys", url.Values{"name": {"One survey"}, "service_account_id": {account}, "preset": {"read_only"},
		"doors_mode": {"all"}, "surveys_mode": {"specific"}, "surveys": {ids[0]},
		"expires_at": {h.clock.Now().AddDate(0, 0, 30).Format("2006-01-02")}})
	if p.StatusCode != http.StatusCreated {
		t.Fatalf("create key: status %d\n%s", p.StatusCode, p.Body)
	}
	k, err := h.keys.Authenticate(t.Context(), secretPattern.FindString(p.Body), "", netip.MustParseAddr("127.0.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	if !k.Resources.Allows(hive.ResourceSurveys, ids[0]) || k.Resources.Allows(hive.ResourceSurveys, ids[1]) ||
		!k.Resources.Allows(hive.ResourceDoors, "front-door") {
		t.Fatalf("resources = %+v, want only survey %s and every door", k.Resources, ids[0])
	}
	mustContain(t, b.get("/console/keys/"+k.KeyID), `id="surveys-specific" name="surveys_mode" value="specific" checked`)
}

// TestKeyFormShowsPresets lists what every preset holds on the form, and
// shows a key whose scopes equal a preset as that preset when edited, not as
// custom.
func TestKeyFormShowsPresets(t *testing.T) {
	h := newHarness(t, console.Config{})
	sa, err := h.keys.CreateServiceAccount(t.Context(), h.owner(), "Power BI", "")
	if err != nil {
		t.Fatal(err)
	}
	scopes, _ := hive.PresetScopes(hive.PresetReadOnly)
	var perms []string
	for _, s := range scopes {
		perms = append(perms, string(s))
	}
	k, _, err := h.keys.CreateKey(t.Context(), h.owner(), apikey.KeyParams{Name: "BI", ServiceAccountID: sa.ID, Permissions: perms})
	if err != nil {
		t.Fatal(err)
	}
	b := h.browser()
	b.login(ownerEmail)
	mustContain(t, b.get("/console/keys/new?service_account_id="+sa.ID), `id="preset-contents"`,
		"<strong>Data</strong>: <code>surveys:read responses:read open_door:read hive_fives:read</code>",
		`id="preset-data" name="preset" value="data" data-scopes="surveys:read responses:read open_door:read hive_fives:read" checked`)
	mustContain(t, b.get("/console/keys/"+k.ID), `value="read_only" data-scopes="`+strings.Join(perms, " ")+`" checked`)
	mustContain(t, b.get("/console/keys"), `<strong class="preset">Read-only</strong>`)
}

// TestOneLockoutForEveryPasswordCheck locks an account whichever way its
// password is guessed: console sign-ins and HTTP Basic on POST /v1/me/api-key
// count against one lock, and the lock refuses both.
func TestOneLockoutForEveryPasswordCheck(t *testing.T) {
	h := newHarness(t, console.Config{})
	basic := func(email, pw string) int {
		req, _ := http.NewRequest(http.MethodPost, h.srv.URL+"/v1/me/api-key", strings.NewReader(`{}`))
		req.SetBasicAuth(email, pw)
		req.Header.Set("X-Hive-Tenant", "acme")
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == http.StatusTooManyRequests && res.Header.Get("Retry-After") != "900" {
			t.Errorf("locked: Retry-After %q, want 900 (15 minutes)", res.Header.Get("Retry-After"))
		}
		return res.StatusCode
	}
	for i := 1; i <= 4; i++ {
		if got := basic(ownerEmail, "wrong password"); got != http.StatusUnauthorized {
			t.Fatalf("Basic failure %d: status %d, want 401", i, got)
		}
	}
	if got := basic(ownerEmail, "wrong password"); got != http.StatusTooManyRequests {
		t.Fatalf("fifth Basic failure: status %d, want 429", got)
	}
	b := h.browser()
	right := url.Values{"tenant": {"acme"}, "email": {ownerEmail}, "password": {password}}
	if p := b.post("/console/login", right); p.StatusCode != http.StatusTooManyRequests {
		t.Errorf("console sign-in after Basic failures: status %d, want 429", p.StatusCode)
	}

	wrong := url.Values{"tenant": {"acme"}, "email": {memberEmail}, "password": {"wrong password"}}
	for range 5 {
		b.post("/console/login", wrong)
	}
	if got := basic(memberEmail, password); got != http.StatusTooManyRequests {
		t.Errorf("Basic with the right password after console failures: status %d, want 429", got)
	}
	h.clock.Advance(15 * time.Minute)
	if got := basic(memberEmail, password); got != http.StatusCreated {
		t.Errorf("Basic after the lock ends: status %d, want 201", got)
	}
}

// TestKeyFormSetsQueryKeyConsent lets an admin opt a key in to being sent as
// ?api_key= (Power BI's Web API credential) from the key form, shows the
// choice when the key is edited, and takes it back when the box is cleared.
func TestKeyFormSetsQueryKeyConsent(t *testing.T) {
	h := newHarness(t, console.Config{})
	b := h.browser()
	b.login(ownerEmail)
	p := b.post("/console/service-accounts", url.Values{"name": {"Power BI"}})
	account := strings.TrimPrefix(p.Header.Get("Location"), "/console/service-accounts/")
	mustContain(t, b.get("/console/keys/new?service_account_id="+account), `id="allow_query_key" name="allow_query_key">`)

	form := url.Values{"name": {"Power BI web"}, "service_account_id": {account}, "preset": {"data"},
		"doors_mode": {"all"}, "surveys_mode": {"all"}, "allow_query_key": {"on"},
		"expires_at": {h.clock.Now().AddDate(0, 0, 30).Format("2006-01-02")}}
	p = b.post("/console/keys", form)
	if p.StatusCode != http.StatusCreated {
		t.Fatalf("create key: status %d\n%s", p.StatusCode, p.Body)
	}
	secret := secretPattern.FindString(p.Body)
	k, err := h.keys.Authenticate(t.Context(), secret, "", netip.MustParseAddr("127.0.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	if !k.AllowQueryKey {
		t.Fatal("the box was ticked, but the key does not allow ?api_key=")
	}
	mustContain(t, b.get("/console/keys/"+k.KeyID), `id="allow_query_key" name="allow_query_key" checked>`)

	form.Del("allow_query_key")
	form.Del("service_account_id")
	if p := b.post("/console/keys/"+k.KeyID, form); p.StatusCode >= 400 {
		t.Fatalf("edit key: status %d\n%s", p.StatusCode, p.Body)
	}
	stored, err := h.keys.Key(t.Context(), h.owner(), k.KeyID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.AllowQueryKey {
		t.Fatal("the box was cleared, but the key still allows ?api_key=")
	}
}
