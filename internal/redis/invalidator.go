package redis

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/hive-platform/hive/internal/invalidation"
)

// publishTimeout bounds one PUBLISH; it is off the request path.
const publishTimeout = time.Second

// idleCheck is how long a silent subscription waits before pinging Redis,
// so that a connection that died without a word is noticed.
const idleCheck = 5 * time.Second

// Invalidator carries key-cache invalidations between nodes over Redis
// pub/sub. Publish is called by the key service of this node; Run applies
// every node's invalidations, this node's included, to its cache.
type Invalidator struct {
	*invalidation.Outbox // Publish, PublishAll: this node's changes, sent by Run
	rdb                  goredis.UniversalClient
	opt                  Options

	subscribed atomic.Bool
	dropped    atomic.Bool // a subscription broke and was not yet re-established
}

// NewInvalidator returns an Invalidator on rdb. Nothing is sent or received
// until Run is called.
func NewInvalidator(rdb goredis.UniversalClient, opt Options) *Invalidator {
	v := &Invalidator{rdb: rdb, opt: opt.withDefaults()}
	v.Outbox = invalidation.NewOutbox("Redis", func(ctx context.Context, payload string) error {
		return rdb.Publish(ctx, v.opt.Channel, payload).Err()
	}, publishTimeout, v.opt.Logger)
	return v
}

// Subscribed reports whether the node currently hears invalidations.
func (v *Invalidator) Subscribed() bool { return v.subscribed.Load() }

// Run sends what Publish queued and applies every invalidation heard on the
// channel until ctx ends: apply for one key, applyAll for the whole cache.
// applyAll is also called on every (re)subscription, since messages sent
// while the node was not subscribed are lost.
func (v *Invalidator) Run(ctx context.Context, apply func(hash [32]byte), applyAll func()) {
	v.Listen(ctx, func(p string) { invalidation.Apply(p, apply, applyAll) }, applyAll)
}

// Listen is Run with every message handed to hear as it is, for a
// invalidation.Fleet; resubscribed is called on every (re)subscription and
// must drop the whole cache.
func (v *Invalidator) Listen(ctx context.Context, hear func(payload string), resubscribed func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		v.Outbox.Run(ctx)
	}()
	v.subscribeLoop(ctx, hear, resubscribed)
	<-done
}

// subscribeLoop subscribes, applies messages until the subscription breaks,
// and subscribes again, until ctx ends.
func (v *Invalidator) subscribeLoop(ctx context.Context, hear func(string), applyAll func()) {
	backoff := 10 * time.Millisecond
	for ctx.Err() == nil {
		heard := v.receive(ctx, hear, applyAll)
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
func (v *Invalidator) receive(ctx context.Context, hear func(string), applyAll func()) (established bool) {
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
		if v.handle(msg, hear, applyAll) {
			established = true
		}
	}
}

// handle applies one message of the subscription and reports whether it
// confirmed the subscription.
func (v *Invalidator) handle(msg any, hear func(string), applyAll func()) (subscribed bool) {
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
		hear(m.Payload)
	}
	return false
}

func isTimeout(err error) bool {
	var t interface{ Timeout() bool }
	return errors.As(err, &t) && t.Timeout()
}
