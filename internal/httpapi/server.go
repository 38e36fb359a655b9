// Package httpapi serves Hive's HTTP API, three families behind one edge:
//
//   - the management API under /v1 (service accounts, API and personal keys,
//     the audit log, the API log and usage, alerts, webhooks, leaked-key
//     reports, tenant settings);
//   - the Open API for engagement analytics (people import, surveys and
//     responses, Open Door, Hive Fives, statistics, metrics, Key Drivers,
//     heatmap and facets, as JSON or CSV);
//   - the Door Access API (doors, membership types and members under /v1,
//     and the controller endpoints under /door/{token} in their own
//     envelope).
//
// The edge they share authenticates keys and checks their scopes, applies
// rate and in-flight limits, maps hive.Error codes to statuses, records every
// request in the API log and recovers panics. The package also serves the
// reference: /openapi.json, generated at start-up from the Go declarations of
// the routes and wire types, and the /docs pages over it, plus /healthz,
// /readyz and /metrics.
package httpapi

import (
	"crypto/rand"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"sync/atomic"
	"time"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/ratelimit"
	"github.com/hive-platform/hive/internal/realip"
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

// Server is the http.Handler of the API.
type Server struct {
	keys             *apikey.Service
	doors            *door.Service
	people           *people.Service
	webhooks         *webhook.Service
	alerts           *alert.Engine
	usage            *usage.Service
	limiter          ratelimit.Limiter
	log              *slog.Logger
	requestLog       io.Writer
	defaultRateLimit int
	inflight         *inflight
	trusted          realip.Proxies
	observers        []hive.RequestObserver
	mux              *routeMux
	apiDoc           *openAPIDoc  // the OpenAPI document, for /docs
	openapi          openAPIBytes // apiDoc encoded, for /openapi.json
	docsPage         []byte       // the /docs page, rendered from apiDoc
	handler          http.Handler
	idPrefix         string        // random per process, for request ids
	idSeq            atomic.Uint64 // counter, for request ids
	ids              requestIDs    // generated ids waiting to be used
	metricsHandler   http.Handler
	metricsToken     []byte // SHA-256 of the metrics token; nil when none is required
	github           *secretscan.GitHubKeys
	gitlabToken      []byte              // SHA-256 of the GitLab token; nil when GitLab is off
	replays          *secretscan.Replays // secret-scanning payloads already answered
	storeErrors      func(error) error
}

// New returns a Server with every route registered.
func New(cfg Config) *Server {
	s := &Server{
		keys:             cfg.Keys,
		doors:            cfg.Doors,
		people:           cfg.People,
		webhooks:         cfg.Webhooks,
		alerts:           cfg.Alerts,
		usage:            cfg.Usage,
		limiter:          cfg.Limiter,
		log:              cfg.Logger,
		requestLog:       cfg.RequestLog,
		defaultRateLimit: cfg.DefaultRateLimit,
		inflight:         newInflight(),
		trusted:          cfg.TrustedProxies,
		observers:        cfg.Observers,
		mux:              newRouteMux(),
		idPrefix:         rand.Text()[:10] + "_",
		metricsHandler:   cfg.Metrics,
		metricsToken:     hashToken(cfg.MetricsToken),
		github:           cfg.GitHubKeys,
		gitlabToken:      hashToken(cfg.GitLabToken),
		// A day covers GitHub's retries; 10,000 payloads bound the memory.
		replays:     secretscan.NewReplays(24*time.Hour, 10_000, nil),
		storeErrors: cfg.StoreErrors,
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.limiter == nil {
		s.limiter = ratelimit.NewMemory(nil)
	}
	if s.defaultRateLimit <= 0 {
		s.defaultRateLimit = 200
	}

	s.routes()
	s.apiDoc = buildOpenAPI(endpoints)
	s.openapi = s.apiDoc.encode()
	s.docsPage = renderDocs(s.apiDoc)
	s.handler = s.requestID(s.accessLog(http.HandlerFunc(s.dispatch)))
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }
