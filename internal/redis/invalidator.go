package redis

import (
	"context"
	"encoding/hex"
	"errors"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// allKeys is the message that tells every node to drop its whole cache.
const allKeys = "*"

// queueSize bounds the invalidations waiting to be published. Past it they
// are dropped and replaced by one "drop everything" broadcast.
const queueSize = 4096

// publishTimeout bounds one PUBLISH; it is off the request path.
const publishTimeout = time.Second

// idleCheck is how long a silent subscription waits before pinging Redis,
// so that a connection that died without a word is noticed.
const idleCheck = 5 * time.Second

var errQueueFull = errors.New("invalidation queue full")

// Invalidator carries key-cache invalidations between nodes over Redis
// pub/sub. Publish is called by the key service of this node; Run applies
// every node's invalidations, this node's included, to its cache.
type Invalidator struct {
	rdb   goredis.UniversalClient
	opt   Options
	queue chan [32]byte
	all   chan struct{} // holds one token while a "drop everything" waits to be sent

	lost       atomic.Bool // an invalidation could not be published
	subscribed atomic.Bool
	dropped    atomic.Bool // a subscription broke and was not yet re-established
}

// NewInvalidator returns an Invalidator on rdb. Nothing is sent or received
// until Run is called.
func NewInvalidator(rdb goredis.UniversalClient, opt Options) *Invalidator {
	return &Invalidator{rdb: rdb, opt: opt.withDefaults(), queue: make(chan [32]byte, queueSize), all: make(chan struct{}, 1)}
}

// Publish tells every node that the key with hash changed. It never blocks:
// the message is queued for Run to send. If it cannot be sent, every node is
// told to drop its whole cache once Redis answers again.
func (v *Invalidator) Publish(hash [32]byte) {
	select {
	case v.queue <- hash:
	default:
		v.markLost(errQueueFull)
	}
}

// PublishAll tells every node to drop its whole cache, for a change that
// touches many keys at once, such as a tenant's plan. It never blocks.
func (v *Invalidator) PublishAll() {
	select {
	case v.all <- struct{}{}:
	default: // one is already on its way
	}
}

// Subscribed reports whether the node currently hears invalidations.
func (v *Invalidator) Subscribed() bool { return v.subscribed.Load() }

// Run sends what Publish queued and applies every invalidation heard on the
// channel until ctx ends: apply for one key, applyAll for the whole cache.
// applyAll is also called on every (re)subscription, since messages sent
// while the node was not subscribed are lost.
func (v *Invalidator) Run(ctx context.Context, apply func(hash [32]byte), applyAll func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		v.publishLoop(ctx)
	}()
	v.subscribeLoop(ctx, apply, applyAll)
	<-done
}

// publishLoop sends queued invalidations. While publishing fails it retries
// a "drop everything" broadcast once a second; when it goes through, the
// individual messages lost meanwhile no longer matter.
func (v *Invalidator) publishLoop(ctx context.Context) {
	retry := time.NewTicker(time.Second)
	defer retry.Stop()
	// A send picked as ctx ends must still go out: each has its own timeout.
	sendCtx := context.WithoutCancel(ctx)
	for {
		select {
		case <-ctx.Done():
			v.drain()
			return
		case h := <-v.queue:
			v.send(sendCtx, hex.EncodeToString(h[:]))
		case <-v.all:
			v.send(sendCtx, allKeys)
		case <-retry.C:
			if v.lost.Load() {
				v.recover(sendCtx)
			}
		}
	}
}

// drain sends what is still queued at shutdown, so that the changes this
// node made last reach the others.
func (v *Invalidator) drain() {
	ctx, cancel := context.WithTimeout(context.Background(), publishTimeout)
	defer cancel()
	for {
		select {
		case h := <-v.queue:
			v.send(ctx, hex.EncodeToString(h[:]))
		case <-v.all:
			v.send(ctx, allKeys)
		default:
			if v.lost.Load() {
				v.recover(ctx) // the broadcast owed for a change that could not be sent
			}
			return
		}
	}
}

// send publishes one message, or a "drop everything" first if earlier
// messages were lost.
func (v *Invalidator) send(ctx context.Context, payload string) {
	if v.lost.Load() && !v.recover(ctx) {
		return // the broadcast still owed covers this change too
	}
	if err := v.publish(ctx, payload); err != nil {
		v.markLost(err)
	}
}

// recover broadcasts "drop everything" and reports whether it went through.
func (v *Invalidator) recover(ctx context.Context) bool {
	if err := v.publish(ctx, allKeys); err != nil {
		return false
	}
	if v.lost.CompareAndSwap(true, false) {
		v.opt.Logger.Info("Redis answers again: told every node to drop its key cache")
	}
	return true
}

func (v *Invalidator) publish(ctx context.Context, payload string) error {
	ctx, cancel := context.WithTimeout(ctx, publishTimeout)
	defer cancel()
	return v.rdb.Publish(ctx, v.opt.Channel, payload).Err()
}

func (v *Invalidator) markLost(err error) {
	if v.lost.CompareAndSwap(false, true) {
		v.opt.Logger.Warn("could not publish a key-cache invalidation; other nodes will drop their caches when Redis answers again", "err", err)
	}
}

// subscribeLoop subscribes, applies messages until the subscription breaks,
// and subscribes again, until ctx ends.
func (v *Invalidator) subscribeLoop(ctx context.Context, apply func([32]byte), applyAll func()) {
	backoff := 10 * time.Millisecond
	for ctx.Err() == nil {
		heard := v.receive(ctx, apply, applyAll)
		if heard {
			backoff = 10 * time.Millisecond
		}
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, time.Second)
	}
}

// receive runs one subscription until it fails or ctx ends, and reports
// whether it was ever established.
func (v *Invalidator) receive(ctx context.Context, apply func([32]byte), applyAll func()) (established bool) {
	ps := v.rdb.Subscribe(ctx, v.opt.Channel)
	stop := context.AfterFunc(ctx, func() { ps.Close() })
	defer func() {
		if stop() {
			ps.Close()
		}
		if v.subscribed.Swap(false) && ctx.Err() == nil {
			v.dropped.Store(true)
			v.opt.Logger.Warn("lost the Redis subscription for key-cache invalidations; resubscribing")
		}
	}()
	pinged := false
	for {
		msg, err := ps.ReceiveTimeout(ctx, idleCheck)
		if err != nil && isTimeout(err) && !pinged {
			// Quiet for a while: check that the connection is alive. The
			// pong, or an error, arrives as the next message.
			pinged = true
			if ps.Ping(ctx) != nil {
				return established
			}
			continue
		}
		if err != nil {
			return established
		}
		pinged = false
		if v.handle(msg, apply, applyAll) {
			established = true
		}
	}
}

// handle applies one message of the subscription and reports whether it
// confirmed the subscription.
func (v *Invalidator) handle(msg any, apply func([32]byte), applyAll func()) (subscribed bool) {
	switch m := msg.(type) {
	case *goredis.Subscription:
		if m.Kind != "subscribe" {
			return false
		}
		v.subscribed.Store(true)
		applyAll() // anything may have changed while we were not listening
		if v.dropped.Swap(false) {
			v.opt.Logger.Info("subscribed to key-cache invalidations again; dropped the key cache")
		}
		return true
	case *goredis.Message:
		v.apply(m.Payload, apply, applyAll)
	}
	return false
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}

// apply applies one message. A message that is not a key hash drops the
// whole cache: better to reload than to keep a stale entry.
func (v *Invalidator) apply(payload string, apply func([32]byte), applyAll func()) {
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
