package apikey

import (
	"context"
	"log/slog"
	"net/netip"
	"sync"
	"time"
)

// usageBatcher collects key uses on the request path and writes them to the
// store in one batch per interval, so verification never waits on a write.
// It keeps only the latest use per key, so memory is bounded by the number of
// keys in use, not by traffic.
type usageBatcher struct {
	mu      sync.Mutex
	pending map[string]use
	store   Store
	log     *slog.Logger
}

type use struct {
	at time.Time
	ip netip.Addr
}

func newUsageBatcher(store Store, log *slog.Logger) *usageBatcher {
	return &usageBatcher{pending: make(map[string]use), store: store, log: log}
}

// observe records that keyID was used at at from ip.
func (b *usageBatcher) observe(keyID string, at time.Time, ip netip.Addr) {
	b.mu.Lock()
	if u, ok := b.pending[keyID]; !ok || at.After(u.at) {
		b.pending[keyID] = use{at, ip}
	}
	b.mu.Unlock()
}

// flush writes what has been collected. On failure the uses are put back so
// the next flush retries them, unless newer ones have arrived.
func (b *usageBatcher) flush(ctx context.Context) error {
	b.mu.Lock()
	if len(b.pending) == 0 {
		b.mu.Unlock()
		return nil
	}
	batch := b.pending
	b.pending = make(map[string]use, len(batch))
	b.mu.Unlock()

	uses := make([]KeyUsage, 0, len(batch))
	for id, u := range batch {
		ip := ""
		if u.ip.IsValid() {
			ip = u.ip.String()
		}
		uses = append(uses, KeyUsage{KeyID: id, At: u.at, IP: ip})
	}
	if err := b.store.TouchKeys(ctx, uses); err != nil {
		for id, u := range batch {
			b.observe(id, u.at, u.ip)
		}
		return err
	}
	return nil
}

// run flushes every interval until ctx ends, then flushes once more with a
// fresh context so a graceful shutdown loses nothing.
func (b *usageBatcher) run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := b.flush(ctx); err != nil {
				b.log.Error("apikey: writing last-used times", "err", err)
			}
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			if err := b.flush(fctx); err != nil {
				b.log.Error("apikey: final write of last-used times", "err", err)
			}
			cancel()
			return
		}
	}
}
