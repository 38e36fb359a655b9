// Package console serves the admin web console under /console/: server
// rendered HTML forms over the domain services, acting as the signed-in
// user's principal. It never calls the JSON API over HTTP.
//
// Adding a page takes one file with its handlers, one template, its routes
// in routes and, if it belongs in the navigation, one entry in nav.
package console

import (
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/ratelimit"
	"github.com/hive-platform/hive/internal/realip"
	"github.com/hive-platform/hive/internal/session"
	"github.com/hive-platform/hive/internal/usage"
	"github.com/hive-platform/hive/internal/webhook"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config is what the console needs from the composition root.
type Config struct {
	Keys     *apikey.Service
	Doors    *door.Service
	Sessions *session.Service
	// Usage reads the API log, its retention and the usage reports.
	Usage *usage.Service
	// Alerts lists and acknowledges alerts.
	Alerts *alert.Engine
	// Webhooks manages webhook endpoints and shows their deliveries.
	Webhooks *webhook.Service
	// People holds the privacy thresholds and imports people data.
	People *people.Service
	Logger *slog.Logger
	// TrustedProxies are the ranges whose X-Forwarded-For and
	// X-Forwarded-Proto are believed.
	TrustedProxies []netip.Prefix
	// LoginsPerMinute caps sign-in attempts per client address (default 20).
	LoginsPerMinute int
	// DefaultRateLimit is the per-key requests per minute of a tenant
	// without a plan, shown on the plan page (default 200, as the API's).
	DefaultRateLimit int
	// Now is the clock used for display; tests inject their own.
	Now func() time.Time
}

// Console is the http.Handler of /console/.
type Console struct {
	keys     *apikey.Service
	doors    *door.Service
	sessions *session.Service
	usage    *usage.Service
	alerts   *alert.Engine
	webhooks *webhook.Service
	people   *people.Service
	log      *slog.Logger
	trusted  realip.Proxies
	logins   *ratelimit.Memory
	perMin   int
	// defaultRate is the per-key limit of tenants without a plan.
	defaultRate int
	now         func() time.Time
	pages       map[string]*template.Template
	mux         *http.ServeMux
	handler     http.Handler
}

// New parses the templates, so that a broken one fails at start-up, and
// returns the console.
func New(cfg Config) (*Console, error) {
	c := &Console{keys: cfg.Keys, doors: cfg.Doors, sessions: cfg.Sessions,
		usage: cfg.Usage, alerts: cfg.Alerts, webhooks: cfg.Webhooks, people: cfg.People,
		log: cfg.Logger, trusted: cfg.TrustedProxies, perMin: cfg.LoginsPerMinute, now: cfg.Now,
		defaultRate: cfg.DefaultRateLimit,
		mux:         http.NewServeMux()}
	if c.log == nil {
		c.log = slog.Default()
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.perMin <= 0 {
		c.perMin = 20
	}
	if c.defaultRate <= 0 {
		c.defaultRate = 200
	}
	c.logins = ratelimit.NewMemory(c.now)
	var err error
	if c.pages, err = parsePages(); err != nil {
		return nil, err
	}
	c.routes()
	// Cross-origin POSTs are refused before any handler runs, by
	// Sec-Fetch-Site or Origin; the per-session form token below covers
	// browsers that send neither.
	c.handler = securityHeaders(http.NewCrossOriginProtection().Handler(c.recoverPanics(c.mux)))
	return c, nil
}

// ServeHTTP implements http.Handler.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) { c.handler.ServeHTTP(w, r) }

// routes registers every console page.
func (c *Console) routes() {
	static, _ := fs.Sub(staticFS, "static")
	c.mux.Handle("GET /console/static/", http.StripPrefix("/console/static/", http.FileServerFS(static)))
	c.mux.HandleFunc("GET /console/login", c.loginPage)
	c.mux.HandleFunc("POST /console/login", c.login)
	c.mux.Handle("POST /console/logout", c.page(c.logout, ""))
	c.mux.Handle("GET /console/{$}", c.page(c.home, ""))

	c.mux.Handle("GET /console/service-accounts", c.page(c.listAccounts, hive.ScopeServiceAccountsRead))
	c.mux.Handle("POST /console/service-accounts", c.page(c.createAccount, hive.ScopeServiceAccountsWrite))
	c.mux.Handle("GET /console/service-accounts/{id}", c.page(c.showAccount, hive.ScopeKeysRead))
	c.mux.Handle("POST /console/service-accounts/{id}/rename", c.page(c.renameAccount, hive.ScopeServiceAccountsWrite))
	c.mux.Handle("POST /console/service-accounts/{id}/delete", c.page(c.deleteAccount, hive.ScopeServiceAccountsWrite))

	c.mux.Handle("GET /console/keys", c.page(c.listKeys, hive.ScopeKeysRead))
	c.mux.Handle("GET /console/keys/new", c.page(c.newKeyPage, hive.ScopeKeysWrite))
	c.mux.Handle("POST /console/keys", c.page(c.createKey, hive.ScopeKeysWrite))
	c.mux.Handle("GET /console/keys/{id}", c.page(c.showKey, hive.ScopeKeysRead))
	c.mux.Handle("POST /console/keys/{id}", c.page(c.updateKey, hive.ScopeKeysWrite))
	c.mux.Handle("POST /console/keys/{id}/rotate", c.page(c.rotateKey, hive.ScopeKeysWrite))
	c.mux.Handle("GET /console/keys/{id}/revoke", c.page(c.confirmRevoke, hive.ScopeKeysWrite))
	c.mux.Handle("POST /console/keys/{id}/revoke", c.page(c.revokeKey, hive.ScopeKeysWrite))
	c.mux.Handle("POST /console/keys/{id}/disable", c.page(c.disableKey, hive.ScopeKeysWrite))
	c.mux.Handle("POST /console/keys/{id}/enable", c.page(c.enableKey, hive.ScopeKeysWrite))
	c.mux.Handle("GET /console/settings/key-policy", c.page(c.keyPolicyPage, hive.ScopeAdminRead))
	c.mux.Handle("POST /console/settings/key-policy", c.page(c.updateKeyPolicy, hive.ScopeAdminWrite))

	c.mux.Handle("GET /console/profile", c.page(c.profile, ""))
	c.mux.Handle("POST /console/profile/api-key", c.page(c.generatePersonalKey, ""))

	c.mux.Handle("GET /console/settings/door", c.page(c.doorSettings, hive.ScopeDoorsWrite))
	c.mux.Handle("POST /console/settings/door", c.page(c.updateDoorSettings, hive.ScopeDoorsWrite))
	c.mux.Handle("GET /console/settings/users", c.page(c.users, hive.ScopeAdminRead))
	c.mux.Handle("POST /console/settings/users", c.page(c.inviteUser, hive.ScopeAdminWrite))
	c.mux.Handle("POST /console/settings/users/{id}/role", c.page(c.setRole, hive.ScopeAdminWrite))

	c.mux.Handle("GET /console/logs", c.page(c.listLogs, hive.ScopeLogsRead))
	c.mux.Handle("GET /console/logs/{id}", c.page(c.showLog, hive.ScopeLogsRead))
	c.mux.Handle("GET /console/usage", c.page(c.tenantUsage, hive.ScopeKeysRead))
	c.mux.Handle("GET /console/keys/{id}/usage", c.page(c.keyUsage, hive.ScopeKeysRead))
	c.mux.Handle("GET /console/settings/plan", c.page(c.plan, ""))
	c.mux.Handle("POST /console/settings/plan/request", c.page(c.requestPlan, hive.ScopeAdminWrite))
	c.mux.Handle("GET /console/alerts", c.page(c.listAlerts, hive.ScopeLogsRead))
	c.mux.Handle("POST /console/alerts/{id}/ack", c.page(c.ackAlert, hive.ScopeAdminWrite))
	c.mux.Handle("GET /console/alerts/settings", c.page(c.alertSettings, hive.ScopeAdminRead))
	c.mux.Handle("POST /console/alerts/settings", c.page(c.updateAlertSettings, hive.ScopeAdminWrite))
	c.mux.Handle("GET /console/webhooks", c.page(c.listWebhooks, hive.ScopeAdminRead))
	c.mux.Handle("POST /console/webhooks", c.page(c.createWebhook, hive.ScopeAdminWrite))
	c.mux.Handle("GET /console/webhooks/{id}", c.page(c.showWebhook, hive.ScopeAdminRead))
	c.mux.Handle("POST /console/webhooks/{id}/delete", c.page(c.deleteWebhook, hive.ScopeAdminWrite))
	c.mux.Handle("GET /console/settings/privacy", c.page(c.privacySettings, hive.ScopeAdminRead))
	c.mux.Handle("POST /console/settings/privacy", c.page(c.updatePrivacy, hive.ScopeAdminWrite))
	c.mux.Handle("POST /console/settings/api-logs", c.page(c.updateRetention, hive.ScopeAdminWrite))
	c.mux.Handle("GET /console/settings/people", c.page(c.peopleUpload, hive.ScopePeopleWrite))
	c.mux.Handle("POST /console/settings/people/preview", c.limitBody(c.page(c.previewPeople, hive.ScopePeopleWrite)))
	c.mux.Handle("POST /console/settings/people/import", c.limitBody(c.page(c.importPeople, hive.ScopePeopleWrite)))

	c.mux.HandleFunc("/console/", c.notFound)
}

// navItem is one link of the navigation, shown to those holding Scope.
type navItem struct {
	Path  string
	Label string
	Scope hive.Scope // "" for everyone
}

// nav lists the pages in the navigation, in order.
var nav = []navItem{
	{"/console/service-accounts", "Service Accounts", hive.ScopeServiceAccountsRead},
	{"/console/keys", "API Keys", hive.ScopeKeysRead},
	{"/console/logs", "API Logs", hive.ScopeLogsRead},
	{"/console/usage", "Usage", hive.ScopeKeysRead},
	{"/console/settings/plan", "Plan & Limits", ""},
	{"/console/alerts", "Alerts", hive.ScopeLogsRead},
	{"/console/webhooks", "Webhooks", hive.ScopeAdminRead},
	{"/console/settings/door", "External Door API", hive.ScopeDoorsWrite},
	{"/console/settings/users", "Users & Roles", hive.ScopeAdminRead},
	{"/console/settings/privacy", "Privacy & Retention", hive.ScopeAdminRead},
	{"/console/settings/key-policy", "Key Policy", hive.ScopeAdminRead},
	{"/console/settings/people", "People Data", hive.ScopePeopleWrite},
	{"/console/profile", "My Profile", ""},
}

// home handles "GET /console/": the first page the user may see.
func (c *Console) home(w http.ResponseWriter, r *http.Request, v *visit) error {
	to := "/console/profile"
	if v.Principal.Permissions.Has(hive.ScopeServiceAccountsRead) {
		to = "/console/service-accounts"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (c *Console) notFound(w http.ResponseWriter, r *http.Request) {
	c.renderError(w, r, nil, hive.Errorf(hive.ENOTFOUND, "There is no console page at %s.", r.URL.Path))
}
