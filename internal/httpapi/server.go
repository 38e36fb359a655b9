// Package httpapi composes Hive's HTTP API from its families, each a
// package of its own that declares its endpoints in one table:
//
//   - manage: the management API under /v1 (service accounts, API and
//     personal keys, the audit log, the API log and usage, alerts, webhooks,
//     leaked-key reports, tenant settings);
//   - insights: the Open API for engagement analytics (people import,
//     surveys and responses, Open Door, Hive Fives, statistics, metrics, Key
//     Drivers, heatmap and facets, as JSON or CSV);
//   - doorapi: the Door Access API (doors, membership types and members
//     under /v1, and the controller endpoints under /door/{token} in their
//     own envelope);
//   - reference: /openapi.json and the /docs pages, built from the tables.
//
// Every route is served through package edge, which authenticates keys and
// checks their scopes, applies rate and in-flight limits, maps hive.Error
// codes to statuses, records every request in the API log and recovers
// panics. This package builds the mux from the tables, answers what no
// endpoint serves in the envelope of its family, and serves /healthz,
// /readyz and /metrics.
package httpapi

import (
	"io"
	"log/slog"
	"net/http"
	"net/netip"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/doorapi"
	"github.com/hive-platform/hive/internal/httpapi/edge"
	"github.com/hive-platform/hive/internal/httpapi/insights"
	"github.com/hive-platform/hive/internal/httpapi/manage"
	"github.com/hive-platform/hive/internal/httpapi/reference"
	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/ratelimit"
	"github.com/hive-platform/hive/internal/secretscan"
	"github.com/hive-platform/hive/internal/usage"
	"github.com/hive-platform/hive/internal/webhook"
)

// Config is what the API needs from the composition root.
type Config struct {
	Keys  *apikey.Service
	Doors *door.Service
	// People serves the Open API's people, surveys and responses.
	People *people.Service
	// Webhooks manages tenants' webhook endpoints and their deliveries.
	Webhooks *webhook.Service
	Limiter  ratelimit.Limiter
	Logger   *slog.Logger
	// RequestLog, when set, is the writer under Logger's text handler: the
	// line of each request is written to it directly, in the same format,
	// instead of going through Logger (which still decides whether INFO
	// lines are logged at all).
	RequestLog io.Writer
	// DefaultRateLimit is requests per minute for keys without their own.
	DefaultRateLimit int

	// Observers are told about every finished request: the API log, usage,
	// alerts and metrics.
	Observers []hive.RequestObserver

	// Alerts lists and acknowledges alerts and serves the key expiry
	// calendar; nil leaves those routes answering 404.
	Alerts *alert.Engine

	// TrustedProxies are the ranges whose X-Forwarded-For is believed when
	// finding the client's address.
	TrustedProxies []netip.Prefix

	// Metrics serves GET /metrics (the Prometheus exposition); without it
	// the route is a 404.
	Metrics http.Handler
	// MetricsToken, when set, is the bearer token GET /metrics requires.
	MetricsToken string
	// Usage reads the API log and the usage rollups.
	Usage *usage.Service
	// GitLabToken is the token GitLab's Token Revocation API calls carry;
	// empty leaves those endpoints answering 404.
	GitLabToken string
	// GitHubKeys verify GitHub's secret-scanning alerts; nil leaves that
	// endpoint answering 404.
	GitHubKeys *secretscan.GitHubKeys
	// StoreErrors classifies an error the store returned, as the backend in
	// use knows how: it returns a *hive.Error with code EUNAVAILABLE when
	// the database could not be reached, and err unchanged otherwise. Nil
	// leaves errors as they are.
	StoreErrors func(error) error
}

// Server is the http.Handler of the API: the families' endpoint tables
// served through one edge.
type Server struct {
	edge           *edge.Edge
	keys           *apikey.Service // for the readiness probe
	log            *slog.Logger
	manage         *manage.API
	doorAPI        *doorapi.API
	insights       *insights.API
	ref            *reference.Reference
	mux            *routeMux
	handler        http.Handler
	metricsHandler http.Handler
	metricsToken   []byte // SHA-256 of the metrics token; nil when none is required
}

// New returns a Server with every route registered.
func New(cfg Config) *Server {
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	limiter := cfg.Limiter
	if limiter == nil {
		limiter = ratelimit.NewMemory(nil)
	}
	defaultRateLimit := cfg.DefaultRateLimit
	if defaultRateLimit <= 0 {
		defaultRateLimit = 200
	}
	s := &Server{
		edge: edge.New(edge.Config{
			Keys:             cfg.Keys,
			Doors:            cfg.Doors,
			Limiter:          limiter,
			Logger:           log,
			DefaultRateLimit: defaultRateLimit,
			TrustedProxies:   cfg.TrustedProxies,
			Observers:        cfg.Observers,
			GitLabToken:      hashToken(cfg.GitLabToken),
			StoreErrors:      cfg.StoreErrors,
			RequestLog:       cfg.RequestLog,
		}),
		keys: cfg.Keys,
		log:  log,
		manage: manage.New(manage.Config{Keys: cfg.Keys, Webhooks: cfg.Webhooks, Alerts: cfg.Alerts, Usage: cfg.Usage,
			GitHubKeys: cfg.GitHubKeys, DefaultRateLimit: defaultRateLimit}),
		doorAPI:        doorapi.New(cfg.Doors),
		insights:       insights.New(cfg.People),
		mux:            newRouteMux(),
		metricsHandler: cfg.Metrics,
		metricsToken:   hashToken(cfg.MetricsToken),
	}
	s.ref = reference.New((*Server)(nil).endpoints(), insights.Schemas)
	s.routes()
	s.handler = s.edge.RequestID(s.edge.AccessLog(http.HandlerFunc(s.dispatch)))
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// SecurityHeaders sets the headers every response of the server carries,
// whoever writes it; see edge.SecurityHeaders. The composition root puts it
// outermost.
func SecurityHeaders(next http.Handler) http.Handler { return edge.SecurityHeaders(next) }
