package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/hive-platform/hive/internal/invalidation"
)

// Timings of the Notifier. The listening connection is idle most of the
// time, so it is pinged after idleCheck of silence to notice a connection
// that died without a word.
const (
	notifyTimeout  = time.Second
	idleCheck      = 5 * time.Second
	connectTimeout = 5 * time.Second
	maxBackoff     = 2 * time.Second
)

// Notifier carries key-cache invalidations between nodes over PostgreSQL
// LISTEN/NOTIFY, for clusters without Redis. It has the shape of the Redis
// Invalidator: Publish is called by this node's key service; Run applies
// every node's invalidations, this node's included, to its cache.
//
// Notifications go out with pg_notify on a pooled connection and are heard
// on one dedicated connection, outside the pool, that LISTENs. The channel is
// named after the store's schema, so clusters on different schemas of one
// database do not hear each other. A node that could not notify broadcasts
// "drop everything" as soon as the database answers again; a node whose
// listening connection broke drops its whole cache each time it listens
// again, since it may have missed notifications meanwhile.
type Notifier struct {
	*invalidation.Outbox // Publish, PublishAll: this node's changes, sent by Run
	connCfg              *pgx.ConnConfig
	channel              string
	log                  *slog.Logger

	listening atomic.Bool
	dropped   atomic.Bool // the listening connection broke and was not yet re-established
}

// Notifier returns a Notifier on the store's database and schema. Nothing is
// sent or heard until Run is called.
func (s *Store) Notifier(ctx context.Context, log *slog.Logger) (*Notifier, error) {
	var schema string
	if err := s.pool.QueryRow(ctx, "SELECT COALESCE(current_schema(), '')").Scan(&schema); err != nil {
		return nil, fmt.Errorf("postgres: reading the schema for key-cache notifications: %w", err)
	}
	if log == nil {
		log = slog.Default()
	}
	channel := channelName(schema)
	notify := func(ctx context.Context, payload string) error {
		_, err := s.pool.Exec(ctx, "SELECT pg_notify($1, $2)", channel, payload)
		return err
	}
	return &Notifier{
		Outbox:  invalidation.NewOutbox("PostgreSQL", notify, notifyTimeout, log),
		connCfg: s.pool.Config().ConnConfig,
		channel: channel,
		log:     log,
	}, nil
}

// channelName is the notification channel of a schema: readable when it
// fits PostgreSQL's 63-byte identifiers, and a digest of the name otherwise.
func channelName(schema string) string {
	const prefix = "hive_keys_"
	if len(prefix)+len(schema) <= 63 {
		return prefix + schema
	}
	sum := sha256.Sum256([]byte(schema))
	return prefix + hex.EncodeToString(sum[:16])
}

// Channel returns the name of the channel the Notifier uses.
func (n *Notifier) Channel() string { return n.channel }

// Subscribed reports whether the node currently hears invalidations.
func (n *Notifier) Subscribed() bool { return n.listening.Load() }

// Run sends what Publish queued and applies every invalidation heard on the
// channel until ctx ends: apply for one key, applyAll for the whole cache.
// applyAll is also called each time the node starts listening, since
// notifications sent while it was not are lost.
func (n *Notifier) Run(ctx context.Context, apply func(hash [32]byte), applyAll func()) {
	n.Listen(ctx, func(p string) { invalidation.Apply(p, apply, applyAll) }, applyAll)
}

// Listen is Run with every notification handed to hear as it is, for an
// invalidation.Fleet; resubscribed is called each time the node starts
// listening and must drop the whole cache.
func (n *Notifier) Listen(ctx context.Context, hear func(payload string), resubscribed func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		n.Outbox.Run(ctx)
	}()
	n.listenLoop(ctx, hear, resubscribed)
	<-done
}

// listenLoop listens, applies notifications until the connection breaks,
// and connects again with a growing pause, until ctx ends.
func (n *Notifier) listenLoop(ctx context.Context, hear func(string), applyAll func()) {
	backoff := 10 * time.Millisecond
	for ctx.Err() == nil {
		if n.listen(ctx, hear, applyAll) {
			backoff = 10 * time.Millisecond
		}
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, maxBackoff)
	}
}

// listen runs one listening connection until it fails or ctx ends, and
// reports whether it ever listened.
func (n *Notifier) listen(ctx context.Context, hear func(string), applyAll func()) (established bool) {
	conn, err := n.connect(ctx)
	if err != nil {
		if ctx.Err() == nil && !n.dropped.Swap(true) {
			n.log.Warn("cannot listen for key-cache invalidations; retrying", "err", err)
		}
		return false
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), time.Second)
		conn.Close(cctx)
		cancel()
		if n.listening.Swap(false) && ctx.Err() == nil {
			n.dropped.Store(true)
			n.log.Warn("lost the PostgreSQL connection that hears key-cache invalidations; reconnecting")
		}
	}()
	n.listening.Store(true)
	applyAll() // anything may have changed while we were not listening
	if n.dropped.Swap(false) {
		n.log.Info("listening for key-cache invalidations again; dropped the key cache")
	}
	for {
		note, err := n.wait(ctx, conn)
		if err != nil {
			return true
		}
		if note != nil {
			hear(note.Payload)
		}
	}
}

// connect opens the listening connection and LISTENs on the channel.
func (n *Notifier) connect(ctx context.Context) (*pgx.Conn, error) {
	cctx, cancel := context.WithTimeout(ctx, connectTimeout)
	defer cancel()
	conn, err := pgx.ConnectConfig(cctx, n.connCfg.Copy())
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(cctx, "LISTEN "+pgx.Identifier{n.channel}.Sanitize()); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	return conn, nil
}

// wait returns the next notification, or nil after idleCheck of silence on
// a connection that still answers a ping. An error means the connection is
// gone or ctx ended.
func (n *Notifier) wait(ctx context.Context, conn *pgx.Conn) (*pgconn.Notification, error) {
	wctx, cancel := context.WithTimeout(ctx, idleCheck)
	note, err := conn.WaitForNotification(wctx)
	cancel()
	if err == nil || ctx.Err() != nil || !(pgconn.Timeout(err) || errors.Is(err, context.DeadlineExceeded)) {
		return note, err
	}
	// Quiet for a while: check the connection is alive. A timed-out wait
	// leaves it usable, and notifications arriving meanwhile are kept.
	pctx, cancel := context.WithTimeout(ctx, notifyTimeout)
	defer cancel()
	return nil, conn.Ping(pctx)
}
