package door

import (
	"context"
	"time"
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
}

// Service applies the Door API's rules on top of a Store. Scopes are checked
// by the caller (the HTTP layer); the Service takes the principal for its
// tenant, key ID and door restrictions.
type Service struct {
	store Store
	cfg   Config
}

// NewService returns a Service over store.
func NewService(store Store, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.IdempotencyTTL <= 0 {
		cfg.IdempotencyTTL = DefaultIdempotencyTTL
	}
	return &Service{store: store, cfg: cfg}
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
