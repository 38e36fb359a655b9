package secretscan

import (
	"crypto/sha256"
	"sync"
	"time"
)

// Replays remembers the answers to payloads already handled, by the SHA-256
// of the body, for a window: a signed payload sent again gets the same
// answer and changes nothing. Handling is idempotent anyway (a revoked key
// stays revoked, and is audited and alerted once); the memory spares the
// work and pins the answer.
type Replays struct {
	now    func() time.Time
	window time.Duration
	max    int

	mu   sync.Mutex
	seen map[[32]byte]replay
	seq  uint64 // order of remembering: payloads of the same instant still have an oldest
}

type replay struct {
	answer []byte
	at     time.Time
	seq    uint64
}

// NewReplays returns a memory of at most max payloads, each kept for window.
// now may be nil for the wall clock.
func NewReplays(window time.Duration, max int, now func() time.Time) *Replays {
	if now == nil {
		now = time.Now
	}
	return &Replays{now: now, window: window, max: max, seen: map[[32]byte]replay{}}
}

// Answer returns the answer given to body within the window, if any.
func (r *Replays) Answer(body []byte) ([]byte, bool) {
	d := sha256.Sum256(body)
	r.mu.Lock()
	defer r.mu.Unlock()
	e, ok := r.seen[d]
	if !ok || r.now().Sub(e.at) >= r.window {
		return nil, false
	}
	return e.answer, true
}

// Remember stores the answer given to body. When full, lapsed entries are
// dropped first, then the oldest.
func (r *Replays) Remember(body, answer []byte) {
	d := sha256.Sum256(body)
	now := r.now()
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.seen) >= r.max {
		r.evict(now)
	}
	r.seq++
	r.seen[d] = replay{answer: answer, at: now, seq: r.seq}
}

func (r *Replays) evict(now time.Time) {
	var oldest [32]byte
	oldestSeq := ^uint64(0)
	for d, e := range r.seen {
		if now.Sub(e.at) >= r.window {
			delete(r.seen, d)
			continue
		}
		if e.seq < oldestSeq {
			oldest, oldestSeq = d, e.seq
		}
	}
	if len(r.seen) >= r.max {
		delete(r.seen, oldest)
	}
}
