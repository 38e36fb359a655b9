package door

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/hive-platform/hive/internal/ratelimit"
)

// DefaultIdempotencyTTL is how long an Idempotency-Key is remembered.
const DefaultIdempotencyTTL = 24 * time.Hour

// Config tunes a Service. Zero values take the defaults.
type Config struct {
	Now func() time.Time // the clock; tests inject their own
	// OnEntry is called after commit with every entry Access records, in the
	// caller's goroutine; a slow hook slows the swipe, so hand work off.
	OnEntry func(ctx context.Context, e *Entry)
	// IdempotencyTTL is how long an Idempotency-Key is remembered (default 24h).
	IdempotencyTTL time.Duration
	// TokenCacheTTL is how long a Door API token's settings, or its being
	// unknown, are remembered (default 5s). A token rotated or settings
	// changed on this node take effect here at once; on other nodes within
	// this time.
	TokenCacheTTL time.Duration
	// UnknownTokensPerMinute is how many unknown Door API tokens one client
	// address may send a minute before it is refused without a lookup
	// (default 60).
	UnknownTokensPerMinute int
}

// Service applies the Door API's rules on top of a Store. Scopes are checked
// by the caller (the HTTP layer); the Service takes the principal for its
// tenant, key ID and door restrictions.
type Service struct {
	store   Store
	cfg     Config
	tokens  tokenCache
	doors   doorsCache
	unknown *ratelimit.Memory // unknown tokens per client address
	lookups atomic.Uint64     // token lookups in the store
}

// NewService returns a Service over store.
func NewService(store Store, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.IdempotencyTTL <= 0 {
		cfg.IdempotencyTTL = DefaultIdempotencyTTL
	}
	if cfg.TokenCacheTTL <= 0 {
		cfg.TokenCacheTTL = DefaultTokenCacheTTL
	}
	if cfg.UnknownTokensPerMinute <= 0 {
		cfg.UnknownTokensPerMinute = DefaultUnknownTokensPerMinute
	}
	return &Service{store: store, cfg: cfg, unknown: ratelimit.NewMemory(cfg.Now)}
}

// now returns the clock's time in UTC at the precision both stores keep.
func (s *Service) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Microsecond) }

// PurgeIdempotencyKeys deletes the idempotency records older than the TTL,
// in every tenant, and returns how many it deleted. Expired records are
// ignored anyway; call this now and then (hourly, say) to keep the table
// small.
func (s *Service) PurgeIdempotencyKeys(ctx context.Context) (int, error) {
	return s.store.DeleteIdempotencyRecords(ctx, s.now().Add(-s.cfg.IdempotencyTTL))
}
