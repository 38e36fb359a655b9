package console_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/console"
	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi"
	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/session"
	"github.com/hive-platform/hive/internal/sqlite"
	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
	"github.com/hive-platform/hive/internal/usage"
	"github.com/hive-platform/hive/internal/webhook"
)

// clock is a settable time source for the services.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

const (
	ownerEmail  = "owner@acme.example"
	memberEmail = "member@acme.example"
	password    = "correct horse battery"
)

// harness is the whole server, API and console, on a temporary SQLite
// database, with a tenant "acme" holding an owner and a member.
type harness struct {
	t      testing.TB
	clock  *clock
	srv    *httptest.Server
	keys   *apikey.Service
	boot   *apikey.Bootstrap
	member *apikey.User

	store    *sqlite.Store
	usage    *usage.Service
	recorder *usage.Recorder // flushed by tests, not run
	alerts   *alert.Engine
	webhooks *webhook.Service
	people   *people.Service
}

func newHarness(t testing.TB, cfg console.Config) *harness {
	t.Helper()
	store := sqlitetest.Open(t)
	h := &harness{t: t, clock: &clock{now: time.Now().UTC().Truncate(time.Second)}}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sessions := session.NewService(store.Sessions(), session.Config{Now: h.clock.Now})
	h.keys = apikey.NewService(store, apikey.Config{Now: h.clock.Now, BcryptCost: bcrypt.MinCost, Logger: log, Lockout: sessions})
	doors := door.NewService(store.Doors(), door.Config{Now: h.clock.Now})
	h.store = store
	h.usage = usage.NewService(store.Usage(), usage.Config{Now: h.clock.Now, Logger: log})
	h.recorder = usage.NewRecorder(h.usage, usage.RecorderConfig{Logger: log})
	h.webhooks = webhook.NewService(store.Webhooks(), webhook.Config{Now: h.clock.Now, Logger: log,
		Events: []string{"door.entry", alert.EventFired},
		// Test receivers listen on 127.0.0.1, which needs the operator's allowance.
		AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	h.alerts = alert.NewEngine(store.Alerts(), alert.Config{Now: h.clock.Now, Logger: log})
	h.people = people.NewService(store.People(), people.Config{Now: h.clock.Now})
	cfg.Keys, cfg.Doors, cfg.Logger, cfg.Now = h.keys, doors, log, h.clock.Now
	cfg.Usage, cfg.Alerts, cfg.Webhooks, cfg.People = h.usage, h.alerts, h.webhooks, h.people
	cfg.Sessions = sessions
	cons, err := console.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/console/", cons)
	mux.Handle("/", httpapi.New(httpapi.Config{Keys: h.keys, Doors: doors, People: h.people, Webhooks: h.webhooks,
		Alerts: h.alerts, Usage: h.usage, Logger: log, Observers: []hive.RequestObserver{h.recorder}}))
	h.srv = httptest.NewServer(mux)
	t.Cleanup(h.srv.Close)

	ctx := t.Context()
	h.boot, err = h.keys.Bootstrap(ctx, apikey.BootstrapParams{Slug: "acme", Name: "Acme Gyms", AdminEmail: ownerEmail, AdminPassword: password})
	if err != nil {
		t.Fatal(err)
	}
	owner := apikey.UserPrincipal(h.boot.Tenant, h.boot.Owner)
	if h.member, err = h.keys.CreateUser(ctx, owner, memberEmail, "Mo Member", password, apikey.RoleMember); err != nil {
		t.Fatal(err)
	}
	return h
}

// browser is a cookie-keeping client that does not follow redirects, so
// tests see each response as sent.
type browser struct {
	h      *harness
	client *http.Client
	csrf   string
}

func (h *harness) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{h: h, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// page is a response with its body read.
type page struct {
	*http.Response
	Body string
}

func (b *browser) get(path string) *page {
	b.h.t.Helper()
	return b.do(http.MethodGet, path, nil)
}

// post sends a form, with the session's token unless form sets its own.
func (b *browser) post(path string, form url.Values) *page {
	b.h.t.Helper()
	if _, ok := form["csrf"]; !ok && b.csrf != "" {
		form.Set("csrf", b.csrf)
	}
	return b.do(http.MethodPost, path, form)
}

func (b *browser) do(method, path string, form url.Values) *page {
	b.h.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.h.srv.URL+path, body)
	if err != nil {
		b.h.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.client.Do(req)
	if err != nil {
		b.h.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	p := &page{Response: resp, Body: string(data)}
	if m := csrfField.FindStringSubmatch(p.Body); m != nil {
		b.csrf = m[1]
	}
	return p
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login signs in and loads the first page, picking up the form token.
func (b *browser) login(email string) *page {
	b.h.t.Helper()
	p := b.post("/console/login", url.Values{"tenant": {"acme"}, "email": {email}, "password": {password}})
	if p.StatusCode != http.StatusSeeOther {
		b.h.t.Fatalf("login as %s: status %d, want 303\n%s", email, p.StatusCode, p.Body)
	}
	b.get("/console/profile")
	return p
}

// owner returns the principal of the tenant's owner, to set up data.
func (h *harness) owner() *hive.Principal { return apikey.UserPrincipal(h.boot.Tenant, h.boot.Owner) }

func mustContain(t testing.TB, p *page, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(p.Body, w) {
			t.Errorf("page %s lacks %q", p.Request.URL.Path, w)
		}
	}
}
