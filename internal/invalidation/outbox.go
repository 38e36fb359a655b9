// Package invalidation is the part of carrying key-cache invalidations
// between nodes that does not depend on the transport: the queue of
// changes waiting to be broadcast, the "drop everything" owed after a
// broadcast was lost, and the message format. internal/redis (pub/sub) and
// internal/postgres (LISTEN/NOTIFY) supply the sending and the listening.
package invalidation

import (
	"context"
	"encoding/hex"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"
)

// All is the message that tells every node to drop its whole cache.
const All = "*"

// QueueSize bounds the invalidations waiting to be sent. Past it they are
// dropped and replaced by one "drop everything" broadcast.
const QueueSize = 4096

// Send broadcasts one message to every node, this one included.
type Send func(ctx context.Context, payload string) error

// Outbox queues this node's invalidations and broadcasts them. Publish and
// PublishAll never block; Run sends. When a broadcast fails, the lost
// message is not retried on its own: every node is told to drop its whole
// cache as soon as the transport answers again, which covers it and
// anything else lost meanwhile.
type Outbox struct {
	transport string // named in log lines: "Redis", "PostgreSQL"
	send      Send
	timeout   time.Duration
	log       *slog.Logger
	queue     chan string
	all       chan struct{} // holds one token while a "drop everything" waits to be sent
	lost      atomic.Bool   // a broadcast failed and no "drop everything" has gone out since
}

// NewOutbox returns an Outbox broadcasting with send, each broadcast bounded
// by timeout.
func NewOutbox(transport string, send Send, timeout time.Duration, log *slog.Logger) *Outbox {
	if log == nil {
		log = slog.Default()
	}
	return &Outbox{transport: transport, send: send, timeout: timeout, log: log,
		queue: make(chan string, QueueSize), all: make(chan struct{}, 1)}
}

// Publish tells every node that the key with hash changed.
func (o *Outbox) Publish(hash [32]byte) { o.Enqueue(hex.EncodeToString(hash[:])) }

// Enqueue queues one message as it is to go on the wire.
func (o *Outbox) Enqueue(payload string) {
	select {
	case o.queue <- payload:
	default:
		o.markLost(errors.New("invalidation queue full"))
	}
}

// PublishAll tells every node to drop its whole cache, for a change that
// touches many keys at once, such as a tenant's plan.
func (o *Outbox) PublishAll() {
	select {
	case o.all <- struct{}{}:
	default: // one is already on its way
	}
}

// Lost reports whether a broadcast failed and the "drop everything" that
// makes up for it has not gone out yet.
func (o *Outbox) Lost() bool { return o.lost.Load() }

// Run sends queued invalidations until ctx ends, then sends what is still
// queued. While sending fails it retries a "drop everything" once a second.
func (o *Outbox) Run(ctx context.Context) {
	retry := time.NewTicker(time.Second)
	defer retry.Stop()
	// A send picked as ctx ends must still go out: each has its own timeout.
	sendCtx := context.WithoutCancel(ctx)
	for {
		select {
		case <-ctx.Done():
			o.drain()
			return
		case h := <-o.queue:
			o.deliver(sendCtx, h)
		case <-o.all:
			o.deliver(sendCtx, All)
		case <-retry.C:
			if o.lost.Load() {
				o.recover(sendCtx)
			}
		}
	}
}

// drain sends what is still queued at shutdown, so that the changes this
// node made last reach the others.
func (o *Outbox) drain() {
	ctx, cancel := context.WithTimeout(context.Background(), o.timeout)
	defer cancel()
	for {
		select {
		case h := <-o.queue:
			o.deliver(ctx, h)
		case <-o.all:
			o.deliver(ctx, All)
		default:
			if o.lost.Load() {
				o.recover(ctx) // the broadcast owed for a change that could not be sent
			}
			return
		}
	}
}

// deliver broadcasts one message, or a "drop everything" first if earlier
// messages were lost.
func (o *Outbox) deliver(ctx context.Context, payload string) {
	if o.lost.Load() && !o.recover(ctx) {
		return // the broadcast still owed covers this change too
	}
	if err := o.broadcast(ctx, payload); err != nil {
		o.markLost(err)
	}
}

// recover broadcasts "drop everything" and reports whether it went through.
func (o *Outbox) recover(ctx context.Context) bool {
	if err := o.broadcast(ctx, All); err != nil {
		return false
	}
	if o.lost.CompareAndSwap(true, false) {
		o.log.Info(o.transport + " answers again: told every node to drop its key cache")
	}
	return true
}

func (o *Outbox) broadcast(ctx context.Context, payload string) error {
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	return o.send(ctx, payload)
}

func (o *Outbox) markLost(err error) {
	if o.lost.CompareAndSwap(false, true) {
		o.log.Warn("could not send a key-cache invalidation; other nodes will drop their caches when "+o.transport+" answers again", "err", err)
	}
}

// Apply applies one message heard from the transport: apply for a key's
// hash, applyAll for anything else. A numbered change ("seq:hash,hash",
// see Fleet) applies each of its hashes. A message that is not a key hash
// drops the whole cache: better to reload than to keep a stale entry.
func Apply(payload string, apply func(hash [32]byte), applyAll func()) {
	if strings.HasPrefix(payload, ackPrefix) {
		return // an acknowledgement changes no key
	}
	if _, body, ok := strings.Cut(payload, ":"); ok {
		for part := range strings.SplitSeq(body, ",") {
			applyOne(part, apply, applyAll)
		}
		return
	}
	applyOne(payload, apply, applyAll)
}

func applyOne(payload string, apply func(hash [32]byte), applyAll func()) {
	var h [32]byte
	if len(payload) != hex.EncodedLen(len(h)) {
		applyAll()
		return
	}
	if _, err := hex.Decode(h[:], []byte(payload)); err != nil {
		applyAll()
		return
	}
	apply(h)
}
