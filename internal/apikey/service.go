package apikey

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/ratelimit"
)

// DefaultKeyLifetime is the expiry of a key when none is chosen, as the Open
// API guide states.
const DefaultKeyLifetime = 90 * 24 * time.Hour

// MaxGracePeriod is the longest an old key may keep working after rotation.
const MaxGracePeriod = 7 * 24 * time.Hour

// Config tunes a Service. Zero values take the defaults.
type Config struct {
	Now           func() time.Time // the clock; tests inject their own
	Logger        *slog.Logger
	CacheTTL      time.Duration // a safety net: changes invalidate entries at once (default 5m)
	MissTTL       time.Duration // how long an unknown hash is remembered (default 30s)
	CacheEntries  int           // default 100,000
	FlushInterval time.Duration // last-used batching interval (default 5s)
	// Propagate carries a committed change to the other nodes: the hashes
	// of the keys changed, or nil when many keys changed at once (a
	// tenant's plan). It returns once every live node has dropped them
	// from its cache, or after a bounded wait, and reports whether every
	// live node confirmed. Without it there are no other nodes.
	Propagate func(ctx context.Context, hashes [][32]byte) (confirmed bool)
	// Current reports whether this node's cache is known to hold every
	// change made on any node. While it does not, keys are checked in the
	// store on each request. Without it the cache is always current.
	Current func() bool
	// BcryptCost for user passwords (default bcrypt.DefaultCost).
	BcryptCost int
	// Lockout locks accounts out after repeated wrong passwords. Login
	// consults it on every password check, so the console's sign-in and
	// HTTP Basic on the API share one lock. Nil means no lockout (tools
	// that never check a password).
	Lockout Lockout
	// FailuresPerMinute is how many failed key checks one client address may
	// make per minute before its unknown keys are refused unlooked-up with a
	// 429 (default 60).
	FailuresPerMinute int
	// OnLeaked is called after RevokeLeaked revoked a key found in public,
	// to alert its tenant and count it. It runs on the reporting request.
	OnLeaked func(ctx context.Context, k *Key, where Leak)
	// OnUnused is called by ScanUnused for each key its tenant's policy
	// disables, or will disable within the policy's warning days, to alert
	// the tenant.
	OnUnused func(ctx context.Context, u UnusedKey)
}

// Service applies the rules of keys, service accounts and users on top of a
// Store, and verifies presented secrets from an in-process cache.
type Service struct {
	store    Store
	cfg      Config
	cache    *cache
	usage    *usageBatcher
	failures *ratelimit.Memory // failed key checks per client address

	dummyOnce sync.Once
	dummy     []byte
}

// NewService returns a Service over store.
func NewService(store Store, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.CacheTTL = orDefault(cfg.CacheTTL, 5*time.Minute)
	cfg.MissTTL = orDefault(cfg.MissTTL, 30*time.Second)
	cfg.FlushInterval = orDefault(cfg.FlushInterval, 5*time.Second)
	if cfg.CacheEntries <= 0 {
		cfg.CacheEntries = 100_000
	}
	if cfg.FailuresPerMinute <= 0 {
		cfg.FailuresPerMinute = 60
	}
	return &Service{
		store: store,
		cfg:   cfg,
		cache: newCache(cfg.CacheTTL, cfg.MissTTL, cfg.CacheEntries),
		usage: newUsageBatcher(store, cfg.Logger),
		// The failure count is per node on purpose: it protects this node's
		// database lookups, and needs no round trip to count.
		failures: ratelimit.NewMemory(cfg.Now),
	}
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Run writes last-used times in the background until ctx ends, then flushes
// what is left. Call it once, in its own goroutine.
func (s *Service) Run(ctx context.Context) { s.usage.run(ctx, s.cfg.FlushInterval) }

// FlushUsage writes the collected last-used times now.
func (s *Service) FlushUsage(ctx context.Context) error { return s.usage.flush(ctx) }

// Invalidate drops the cached entry for hash. Other nodes call it when they
// hear of a change made elsewhere.
func (s *Service) Invalidate(hash [32]byte) { s.cache.invalidate(hash) }

// InvalidateAll drops every cached entry.
func (s *Service) InvalidateAll() { s.cache.invalidateAll() }

// CachedKeys returns how many entries the key cache holds, known keys and
// remembered misses, for the metrics.
func (s *Service) CachedKeys() int { return s.cache.len() }

// Now returns the service's clock, by which key status is judged.
func (s *Service) Now() time.Time { return s.cfg.Now() }

// now returns the clock's time in UTC at the precision both stores keep.
func (s *Service) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Microsecond) }

// changed invalidates the cache entries of committed changes to keys here
// and on every other node, and returns once the fleet has applied them
// (see Config.Propagate), reporting the outcome through ctx.
func (s *Service) changed(ctx context.Context, hashes ...[32]byte) {
	for _, h := range hashes {
		s.cache.invalidate(h)
	}
	if hashes == nil {
		hashes = [][32]byte{}
	}
	s.propagate(ctx, hashes)
}

// changedAll drops every cache entry here and on every other node.
func (s *Service) changedAll(ctx context.Context) {
	s.cache.invalidateAll()
	s.propagate(ctx, nil)
}

func (s *Service) propagate(ctx context.Context, hashes [][32]byte) {
	if hashes != nil && len(hashes) == 0 {
		return
	}
	confirmed := true
	if s.cfg.Propagate != nil {
		confirmed = s.cfg.Propagate(ctx, hashes)
	}
	hive.ReportFleet(ctx, confirmed)
}

// current reports whether the cache may answer.
func (s *Service) current() bool { return s.cfg.Current == nil || s.cfg.Current() }

// audit records an event by p on target inside tx.
func (s *Service) audit(ctx context.Context, tx Store, p *hive.Principal, action, targetType, targetID string, details map[string]any) error {
	e := &AuditEvent{
		ID:         hive.NewID(hive.PrefixAudit, s.now()),
		TenantID:   p.TenantID,
		ActorID:    p.ActorID(),
		ActorKeyID: p.KeyID,
		Action:     action,
		TargetType: targetType,
		TargetID:   targetID,
		Details:    details,
		CreatedAt:  s.now(),
	}
	if ip := hive.ClientIP(ctx); ip.IsValid() {
		e.IP = ip.String()
	}
	return tx.AddAuditEvent(ctx, e)
}

// Ping reports whether the store answers.
func (s *Service) Ping(ctx context.Context) error { return s.store.Ping(ctx) }
