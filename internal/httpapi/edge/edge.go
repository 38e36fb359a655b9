// Package edge is the HTTP edge every API family of Hive is served through.
//
// It declares endpoints (Endpoint: route, authentication, scope, the
// permission matrix's principals and the reference's Doc) and wraps each
// family's handlers in what they share: key authentication (Bearer,
// X-Api-Key, a personal key or HTTP Basic, the Door API's key and URL
// token, a key in the query for BI tools), scope checks, rate and in-flight
// limits, fleet confirmation of key changes, request ids, the access log
// and the API-log record given to observers, panic recovery, and the
// mapping of hive.Error codes to statuses in both error envelopes (the
// JSON API's error object and the Door API's success/message). Handlers
// use its JSON decode and encode helpers, paging, input checks, the
// Principal in the request context and DeclareSecrets.
package edge

import (
	"crypto/rand"
	"io"
	"log/slog"
	"net/netip"
	"sync/atomic"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/ratelimit"
	"github.com/hive-platform/hive/internal/realip"
)

// Config is what the edge needs from the composition root.
type Config struct {
	Keys             *apikey.Service
	Doors            *door.Service // resolves Door API URL tokens
	Limiter          ratelimit.Limiter
	Logger           *slog.Logger
	DefaultRateLimit int // requests per minute for keys without their own
	TrustedProxies   []netip.Prefix
	Observers        []hive.RequestObserver
	// GitLabToken is the SHA-256 of the token GitLab's calls carry; nil
	// leaves those endpoints answering 404.
	GitLabToken []byte
	// StoreErrors classifies an error the store returned (see
	// httpapi.Config); nil leaves errors as they are.
	StoreErrors func(error) error
	// RequestLog, when set, is the writer under Logger's text handler, to
	// which each request's line is written directly (see httpapi.Config).
	RequestLog io.Writer
}

// Edge holds the state the wrappers share: the key service, the limiters,
// the observers and the request-id sequence.
type Edge struct {
	keys             *apikey.Service
	doors            *door.Service
	limiter          ratelimit.Limiter
	log              *slog.Logger
	requestLog       io.Writer
	defaultRateLimit int
	inflight         *inflight
	trusted          realip.Proxies
	observers        []hive.RequestObserver
	idPrefix         string        // random per process, for request ids
	idSeq            atomic.Uint64 // counter, for request ids
	ids              requestIDs    // generated ids waiting to be used
	gitlabToken      []byte
	storeErrors      func(error) error
}

// New returns the edge cfg describes. Logger, Limiter and DefaultRateLimit
// must be set.
func New(cfg Config) *Edge {
	return &Edge{
		keys:             cfg.Keys,
		doors:            cfg.Doors,
		limiter:          cfg.Limiter,
		log:              cfg.Logger,
		requestLog:       cfg.RequestLog,
		defaultRateLimit: cfg.DefaultRateLimit,
		inflight:         newInflight(),
		trusted:          cfg.TrustedProxies,
		observers:        cfg.Observers,
		idPrefix:         rand.Text()[:10] + "_",
		gitlabToken:      cfg.GitLabToken,
		storeErrors:      cfg.StoreErrors,
	}
}
