package invalidation

import (
	"context"
	"encoding/hex"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Registry is the fleet's shared state in the database every node uses: a
// counter of key changes, and one row per serving node saying when it was
// last seen and how far it has applied the changes.
type Registry interface {
	// Heartbeat records that node is alive and has applied every change up
	// to applied, and returns the number of the latest change.
	Heartbeat(ctx context.Context, node string, applied int64) (latest int64, err error)
	// CountChange numbers one committed change.
	CountChange(ctx context.Context) (seq int64, err error)
	// Lagging returns how many nodes other than node, seen within live,
	// have not applied change seq.
	Lagging(ctx context.Context, node string, seq int64, live time.Duration) (int, error)
	// Leave removes node, which stops serving.
	Leave(ctx context.Context, node string) error
}

// Sender broadcasts on the channel; an *Outbox is one.
type Sender interface {
	Enqueue(payload string)
	PublishAll()
}

// Timings of a Fleet. The guarantee rests on their order: a node that has
// not proved itself current for Stale stops trusting its cache, Stale is
// shorter than Wait (by more than a late timer or a heartbeat's
// round trip), so a change that waited Wait in vain knows every node
// it did not hear from no longer serves from a cache that predates it.
const (
	PollInterval     = 250 * time.Millisecond // how often a node proves it is current
	PollIntervalDown = 100 * time.Millisecond // the same while its channel is down
	Stale            = 600 * time.Millisecond // how long a proof lasts
	Wait             = time.Second            // how long a change waits for the fleet
	Live             = 2 * time.Second        // a node not seen for this long is gone
	callTimeout      = time.Second            // bounds one registry call
)

// maxHashes is how many key hashes one message carries; a change to more
// keys tells every node to drop its whole cache. It keeps a message within
// PostgreSQL's 8000-byte NOTIFY payload.
const maxHashes = 64

// Fleet makes a key change synchronous for every node. A change is counted
// in the database (CountChange), broadcast with its number, and waits until
// every live node has recorded that it applied it (Lagging), for at most
// Wait. Each serving node heartbeats every PollInterval: the heartbeat
// acknowledges what it applied and reads the latest change number; a node
// that finds itself behind (a message lost) drops its whole cache and
// catches up. A node whose channel is down, or whose last successful
// heartbeat is older than Stale, is not Current: its key service then checks
// keys in the database on each request.
type Fleet struct {
	reg      Registry
	node     string
	out      Sender      // nil without a channel (one SQLite node)
	heard    func() bool // whether the channel is up; nil without one
	apply    func(hash [32]byte)
	applyAll func()
	log      *slog.Logger

	mu       sync.Mutex
	applied  int64              // every change up to this one is applied
	pending  map[int64]struct{} // changes applied beyond a gap
	acked    int64              // the last acknowledgement announced on the channel
	heardAck chan struct{}      // closed, and replaced, when a node announces one

	proof  atomic.Int64  // unix nanoseconds at which the last successful heartbeat began
	fresh  atomic.Bool   // the proof is younger than Stale
	expiry *time.Timer   // clears fresh when the proof turns Stale
	ack    chan struct{} // wakes the heartbeat to acknowledge at once
}

// NewFleet returns the Fleet of node over reg. out and heard are the
// channel (nil for none); apply and applyAll act on this node's cache.
func NewFleet(reg Registry, node string, out Sender, heard func() bool, apply func([32]byte), applyAll func(), log *slog.Logger) *Fleet {
	if log == nil {
		log = slog.Default()
	}
	f := &Fleet{reg: reg, node: node, out: out, heard: heard, apply: apply, applyAll: applyAll,
		log: log, pending: map[int64]struct{}{}, ack: make(chan struct{}, 1), heardAck: make(chan struct{})}
	f.expiry = time.AfterFunc(time.Hour, f.expire)
	f.expiry.Stop()
	return f
}

// Node returns this node's name in the registry.
func (f *Fleet) Node() string { return f.node }

// Current reports whether this node's cache is known to hold every change
// made anywhere: its channel is up and its last heartbeat is recent. It is
// on the request path and costs two atomic loads: a timer, not a clock
// read, ends a proof. A timer that fires late lengthens the proof by as
// much, which the 400 ms between Stale and Wait absorbs.
func (f *Fleet) Current() bool {
	if f.heard != nil && !f.heard() {
		return false
	}
	return f.fresh.Load()
}

// prove records a successful heartbeat that began at start.
func (f *Fleet) prove(start time.Time) {
	f.proof.Store(start.UnixNano())
	left := time.Until(start.Add(Stale))
	if left <= 0 {
		return // a heartbeat slower than Stale proves nothing
	}
	f.fresh.Store(true)
	f.expiry.Reset(left)
}

// expire ends the proof unless a newer one replaced it meanwhile.
func (f *Fleet) expire() {
	if left := Stale - time.Since(time.Unix(0, f.proof.Load())); left > 0 {
		f.expiry.Reset(left)
		return
	}
	f.fresh.Store(false)
}

// Changed announces changes already committed and applied to this node's
// cache: the keys with hashes, or every key when hashes is nil. It returns
// once every live node has applied them, or after Wait, and reports whether
// every live node confirmed. A cancelled ctx does not stop the announcement.
func (f *Fleet) Changed(ctx context.Context, hashes [][32]byte) bool {
	ctx = context.WithoutCancel(ctx)
	cctx, cancel := context.WithTimeout(ctx, callTimeout)
	seq, err := f.reg.CountChange(cctx)
	cancel()
	if err != nil {
		// Unnumbered, the change can only be broadcast as "drop everything".
		f.log.Warn("could not number a key change; telling every node to drop its key cache", "err", err)
		if f.out != nil {
			f.out.PublishAll()
		}
		return false
	}
	f.markApplied(seq)
	if f.out != nil {
		f.out.Enqueue(message(seq, hashes))
	}
	return f.await(ctx, seq)
}

// message is the wire form of change seq: "seq:hash,hash" or "seq:*".
func message(seq int64, hashes [][32]byte) string {
	var b strings.Builder
	b.WriteString(strconv.FormatInt(seq, 10))
	b.WriteByte(':')
	if hashes == nil || len(hashes) > maxHashes {
		b.WriteString(All)
		return b.String()
	}
	for i, h := range hashes {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(hex.EncodeToString(h[:]))
	}
	return b.String()
}

// await polls the registry until no live node lags behind seq, for at most
// Wait. It polls again as soon as a node announces an acknowledgement on
// the channel, and otherwise after a growing pause.
func (f *Fleet) await(ctx context.Context, seq int64) bool {
	deadline := time.Now().Add(Wait)
	delay := 2 * time.Millisecond
	for {
		heard := f.ackSignal()
		cctx, cancel := context.WithDeadline(ctx, deadline)
		n, err := f.reg.Lagging(cctx, f.node, seq, Live)
		cancel()
		if err == nil && n == 0 {
			return true
		}
		left := time.Until(deadline)
		if left <= 0 {
			return false
		}
		t := time.NewTimer(min(delay, left))
		select {
		case <-heard:
		case <-t.C:
		}
		t.Stop()
		delay = min(2*delay, 20*time.Millisecond)
	}
}

// ackSignal returns a channel closed when a node next announces an
// acknowledgement.
func (f *Fleet) ackSignal() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.heardAck
}

// ackPrefix starts the message by which a node announces that it recorded
// its acknowledgement of every change up to a number, so that the nodes
// waiting for it look again at once.
const ackPrefix = "ack:"

// Heard applies one message from the channel. A numbered change is
// applied and acknowledged; anything else is left to Apply.
func (f *Fleet) Heard(payload string) {
	if strings.HasPrefix(payload, ackPrefix) {
		f.mu.Lock()
		close(f.heardAck)
		f.heardAck = make(chan struct{})
		f.mu.Unlock()
		return
	}
	num, body, ok := strings.Cut(payload, ":")
	seq, err := strconv.ParseInt(num, 10, 64)
	if !ok || err != nil {
		Apply(payload, f.apply, f.applyAll)
		return
	}
	for part := range strings.SplitSeq(body, ",") {
		applyOne(part, f.apply, f.applyAll)
	}
	f.markApplied(seq)
}

// Resubscribed is called each time the channel is up again, after the
// cache was dropped: the heartbeat catches up at once.
func (f *Fleet) Resubscribed() { f.wake() }

// markApplied records change seq as applied, and wakes the heartbeat to
// acknowledge when that moved the applied mark.
func (f *Fleet) markApplied(seq int64) {
	f.mu.Lock()
	moved := false
	if seq > f.applied {
		f.pending[seq] = struct{}{}
		for {
			if _, ok := f.pending[f.applied+1]; !ok {
				break
			}
			delete(f.pending, f.applied+1)
			f.applied++
			moved = true
		}
	}
	f.mu.Unlock()
	if moved {
		f.wake()
	}
}

func (f *Fleet) wake() {
	select {
	case f.ack <- struct{}{}:
	default:
	}
}

// Applied returns the number up to which every change is applied here.
func (f *Fleet) Applied() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.applied
}

// Run heartbeats until ctx ends, then leaves the registry. Call it once, on
// a node that serves requests; a command that only makes changes does not.
func (f *Fleet) Run(ctx context.Context) {
	defer f.leave()
	defer f.expiry.Stop()
	f.beat(ctx)
	t := time.NewTimer(PollInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-f.ack:
		}
		f.beat(ctx)
		t.Reset(f.interval())
	}
}

func (f *Fleet) interval() time.Duration {
	if f.heard != nil && !f.heard() {
		return PollIntervalDown
	}
	return PollInterval
}

// beat acknowledges what is applied and reads the latest change. Behind it,
// some message was lost: drop the whole cache, which covers it, and
// acknowledge again. Only then is the heartbeat's start a proof.
func (f *Fleet) beat(ctx context.Context) {
	start := time.Now()
	applied := f.Applied()
	latest, err := f.heartbeat(ctx, applied)
	if err != nil {
		if ctx.Err() == nil && time.Since(time.Unix(0, f.proof.Load())) > Stale {
			f.log.Debug("fleet heartbeat failed; checking keys in the database", "err", err)
		}
		return
	}
	if f.catchUp(latest) {
		if _, err := f.heartbeat(ctx, latest); err != nil {
			f.wake()
		} else {
			applied = latest
		}
	}
	f.prove(start)
	f.announce(applied)
}

// announce tells the nodes waiting for acknowledgements that this one
// recorded applied, if it has not said so yet.
func (f *Fleet) announce(applied int64) {
	if f.out == nil {
		return
	}
	f.mu.Lock()
	fresh := applied > f.acked
	if fresh {
		f.acked = applied
	}
	f.mu.Unlock()
	if fresh {
		f.out.Enqueue(ackPrefix + strconv.FormatInt(applied, 10))
	}
}

func (f *Fleet) heartbeat(ctx context.Context, applied int64) (int64, error) {
	cctx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()
	return f.reg.Heartbeat(cctx, f.node, applied)
}

// catchUp drops the cache and marks every change up to latest applied if
// this node is behind it, and reports whether it was.
func (f *Fleet) catchUp(latest int64) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if latest <= f.applied {
		return false
	}
	f.applyAll()
	f.applied = latest
	for seq := range f.pending {
		if seq <= latest {
			delete(f.pending, seq)
		}
	}
	for {
		if _, ok := f.pending[f.applied+1]; !ok {
			return true
		}
		delete(f.pending, f.applied+1)
		f.applied++
	}
}

func (f *Fleet) leave() {
	ctx, cancel := context.WithTimeout(context.Background(), callTimeout)
	defer cancel()
	if err := f.reg.Leave(ctx, f.node); err != nil && !errors.Is(err, context.Canceled) {
		f.log.Warn("could not leave the fleet; the others wait for this node until it is 2s silent", "err", err)
	}
}
