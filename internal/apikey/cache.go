package apikey

import (
	"net/netip"
	"sync"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// entry is what verification needs of one key, or the fact that no key has
// the hash. Entries are immutable once published.
type entry struct {
	found     bool
	keyID     string
	kind      KeyKind
	userID    string
	expiresAt *time.Time
	revoked   bool
	disabled  bool
	allow     []netip.Prefix
	principal *hive.Principal
	loadedAt  time.Time
}

// cache holds entries by key hash so the request path never touches the
// database. Every change to a key invalidates its entry; the generation
// counter stops a lookup that raced an invalidation from publishing the state
// it read before the change.
type cache struct {
	mu         sync.RWMutex
	entries    map[[32]byte]*entry
	gen        uint64
	ttl        time.Duration // how long a positive entry lives without changes
	missTTL    time.Duration // how long "no such key" is remembered
	maxEntries int
}

func newCache(ttl, missTTL time.Duration, maxEntries int) *cache {
	return &cache{entries: make(map[[32]byte]*entry), ttl: ttl, missTTL: missTTL, maxEntries: maxEntries}
}

// get returns a live entry for h and the generation to pass to put on a miss.
func (c *cache) get(h [32]byte, now time.Time) (*entry, uint64) {
	c.mu.RLock()
	e, gen := c.entries[h], c.gen
	c.mu.RUnlock()
	if e == nil {
		return nil, gen
	}
	ttl := c.ttl
	if !e.found {
		ttl = c.missTTL
	}
	if now.Sub(e.loadedAt) >= ttl {
		return nil, gen
	}
	return e, gen
}

// put publishes e unless an invalidation happened since gen was read. Misses
// are not cached once the cache is full, so a flood of random keys cannot
// evict real ones; a full cache is emptied of expired entries first.
func (c *cache) put(h [32]byte, e *entry, gen uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return
	}
	if len(c.entries) >= c.maxEntries {
		c.sweepLocked(e.loadedAt)
		if len(c.entries) >= c.maxEntries && !e.found {
			return
		}
	}
	c.entries[h] = e
}

func (c *cache) sweepLocked(now time.Time) {
	for h, e := range c.entries {
		ttl := c.ttl
		if !e.found {
			ttl = c.missTTL
		}
		if now.Sub(e.loadedAt) >= ttl {
			delete(c.entries, h)
		}
	}
}

// invalidate drops the entry for h.
func (c *cache) invalidate(h [32]byte) {
	c.mu.Lock()
	delete(c.entries, h)
	c.gen++
	c.mu.Unlock()
}

// len returns the number of entries.
func (c *cache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

// invalidateAll drops every entry, for when a change touches many keys at once
// (a user's role, a tenant setting).
func (c *cache) invalidateAll() {
	c.mu.Lock()
	clear(c.entries)
	c.gen++
	c.mu.Unlock()
}
