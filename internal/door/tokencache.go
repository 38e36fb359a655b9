package door

import (
	"context"
	"net/netip"
	"sync"
	"time"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/ratelimit"
)

// Door API base URLs are presented on every swipe, and anyone can send
// made-up ones, so their lookups are cached and refusals throttled: a
// controller's token costs one lookup per TokenCacheTTL, and an address
// that sends more than UnknownTokensPerMinute unknown tokens is refused
// without a lookup until its minute has passed.

// Defaults of Config.
const (
	DefaultTokenCacheTTL          = 5 * time.Second
	DefaultUnknownTokensPerMinute = 60
	maxCachedTokens               = 10_000
)

// tokenCache remembers the settings of recently seen tokens, and which
// tokens named nothing.
type tokenCache struct {
	mu      sync.Mutex
	entries map[string]tokenEntry
}

type tokenEntry struct {
	set     *Settings // nil: no Door API has this token
	expires time.Time
}

func (c *tokenCache) get(token string, now time.Time) (tokenEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[token]
	if !ok || now.After(e.expires) {
		return tokenEntry{}, false
	}
	return e, true
}

func (c *tokenCache) put(token string, e tokenEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxCachedTokens {
		c.entries = make(map[string]tokenEntry) // a flood of unknown tokens starts it over
	}
	c.entries[token] = e
}

// forgetTenant drops the tenant's cached settings, under any token.
func (c *tokenCache) forgetTenant(tenantID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for tok, e := range c.entries {
		if e.set != nil && e.set.TenantID == tenantID {
			delete(c.entries, tok)
		}
	}
}

// cachedSettings returns the settings of token from the cache, or from the
// store unless the caller's address has sent too many unknown tokens. The
// caller must not change the settings returned.
func (s *Service) cachedSettings(ctx context.Context, token string) (*Settings, error) {
	now := s.cfg.Now()
	if e, ok := s.tokens.get(token, now); ok {
		return s.tokenResult(ctx, e.set)
	}
	ip := hive.ClientIP(ctx)
	if r := s.unknown.Peek(ip.String(), s.cfg.UnknownTokensPerMinute); !r.Allowed {
		return nil, errTokenThrottled(r)
	}
	s.lookups.Add(1)
	st, err := s.store.SettingsByToken(ctx, token)
	if isNotFound(err) {
		st, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	s.tokens.put(token, tokenEntry{set: st, expires: now.Add(s.cfg.TokenCacheTTL)})
	return s.tokenResult(ctx, st)
}

// tokenResult is st, or, for an unknown token, ENOTFOUND, counted against
// the caller's address.
func (s *Service) tokenResult(ctx context.Context, st *Settings) (*Settings, error) {
	if st != nil {
		return st, nil
	}
	return nil, s.unknownToken(hive.ClientIP(ctx))
}

func (s *Service) unknownToken(ip netip.Addr) error {
	if r, _ := s.unknown.Allow(context.Background(), ip.String(), s.cfg.UnknownTokensPerMinute); !r.Allowed {
		return errTokenThrottled(r)
	}
	return hive.Errorf(hive.ENOTFOUND, "No Door API exists at this URL. Copy the base URL from Settings → External Door API.")
}

func errTokenThrottled(r ratelimit.Result) error {
	secs := int((r.RetryAfter + time.Second - 1) / time.Second)
	return hive.Errorf(hive.ERATELIMITED,
		"Too many requests to unknown Door API URLs from your address; try again in %d seconds", secs).
		WithDetails("reason", "unknown_door_url_attempts", "retry_after", secs)
}

// TokenLookups returns how many times a Door API token was looked up in the
// store, for metrics.
func (s *Service) TokenLookups() uint64 { return s.lookups.Load() }
