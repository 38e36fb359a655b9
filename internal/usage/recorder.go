package usage

import (
	"cmp"
	"context"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// Defaults of RecorderConfig.
const (
	DefaultMaxQueued      = 50_000
	DefaultMaxQueuedBytes = 64 << 20
	DefaultFlushInterval  = 250 * time.Millisecond
	DefaultBatchSize      = 1000
)

// maxWriteAttempts is how many times a batch is tried before its rows are
// dropped: a store that refuses the same rows three flushes running will
// not take them on the fourth.
const maxWriteAttempts = 3

// dropWarnInterval spaces the process-log warnings about dropped rows.
const dropWarnInterval = 10 * time.Second

// RecorderConfig tunes a Recorder. Zero values take the defaults.
type RecorderConfig struct {
	MaxQueued      int           // rows waiting to be written (default 50,000)
	MaxQueuedBytes int           // bytes of bodies waiting (default 64 MiB)
	FlushInterval  time.Duration // how often queued rows are written (default 250ms)
	BatchSize      int           // rows per transaction, and the queue length that flushes early (default 1000)
	Logger         *slog.Logger
}

// RecorderStats are the Recorder's counters, for metrics.
type RecorderStats struct {
	Queued        int    // rows waiting to be written
	QueuedBytes   int    // bytes of bodies waiting to be written
	Written       uint64 // rows written since start
	Dropped       uint64 // rows dropped: the queue was full, or the store refused them
	BodiesDropped uint64 // rows written without their body: the body budget was spent
}

// Recorder queues every finished request and writes the queue to the API log
// and the usage rollups in batches. See the package documentation for what
// it does under overload.
type Recorder struct {
	svc *Service
	cfg RecorderConfig
	log *slog.Logger

	mu     sync.Mutex
	queue  []queued
	qbytes int          // capacity of the bodies in queue
	retry  []retryBatch // batches the store refused, oldest first
	rbytes int          // capacity of the bodies in retry
	spare  []queued     // the array of the last batch, for reuse

	flushing sync.Mutex // serializes Flush

	wake          chan struct{}
	written       atomic.Uint64
	dropped       atomic.Uint64
	bodiesDropped atomic.Uint64
	lastWarn      atomic.Int64 // unix nanoseconds of the last drop warning
	warnedDrops   atomic.Uint64
}

// queued is a request waiting to be written. Its Body is the Recorder's own
// copy, from the body pool.
type queued struct {
	hive.RequestRecord
	bodyDropped bool // the body was not kept: the body budget was spent
}

// retryBatch is a batch the store refused, with its IDs already given, so a
// retry cannot log a row twice.
type retryBatch struct {
	recs     []queued
	ids      []string
	attempts int
}

var _ hive.RequestObserver = (*Recorder)(nil)

// NewRecorder returns a Recorder writing through svc's store.
func NewRecorder(svc *Service, cfg RecorderConfig) *Recorder {
	cfg.MaxQueued = positiveOr(cfg.MaxQueued, DefaultMaxQueued)
	cfg.MaxQueuedBytes = positiveOr(cfg.MaxQueuedBytes, DefaultMaxQueuedBytes)
	cfg.BatchSize = positiveOr(cfg.BatchSize, DefaultBatchSize)
	if cfg.FlushInterval <= 0 {
		cfg.FlushInterval = DefaultFlushInterval
	}
	if cfg.Logger == nil {
		cfg.Logger = svc.cfg.Logger
	}
	return &Recorder{svc: svc, cfg: cfg, log: cfg.Logger, wake: make(chan struct{}, 1)}
}

// ObserveRequest queues a copy of rec. It never blocks on I/O: when the
// body budget is spent the row is queued without its body, and when the
// row queue is full the row is dropped and counted.
func (r *Recorder) ObserveRequest(rec *hive.RequestRecord) {
	var body []byte
	if len(rec.Body) > 0 && r.bodyFits(len(rec.Body)) {
		body = append(bodyBuf(len(rec.Body)), rec.Body...)
	}
	r.mu.Lock()
	if len(r.queue)+r.retried() >= r.cfg.MaxQueued {
		r.mu.Unlock()
		putBody(body)
		r.drop(1)
		return
	}
	if body != nil && r.qbytes+r.rbytes+cap(body) > r.cfg.MaxQueuedBytes {
		putBody(body)
		body = nil
	}
	r.queue = append(r.queue, queued{RequestRecord: *rec, bodyDropped: body == nil && len(rec.Body) > 0})
	r.queue[len(r.queue)-1].Body = body
	r.qbytes += cap(body)
	full := len(r.queue) >= r.cfg.BatchSize
	r.mu.Unlock()
	if body == nil && len(rec.Body) > 0 {
		r.bodiesDropped.Add(1)
	}
	if full {
		r.notify()
	}
}

// bodyFits is a quick look at the body budget that skips copying a body
// that cannot be kept. ObserveRequest checks again under the lock.
func (r *Recorder) bodyFits(n int) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.qbytes+r.rbytes+max(n, bodyBufSize) <= r.cfg.MaxQueuedBytes
}

// retried returns the number of rows waiting for a retry. r.mu is held.
func (r *Recorder) retried() int {
	n := 0
	for _, b := range r.retry {
		n += len(b.recs)
	}
	return n
}

// drop counts n dropped rows and warns in the process log, at most every
// dropWarnInterval.
func (r *Recorder) drop(n int) {
	total := r.dropped.Add(uint64(n))
	now := time.Now().UnixNano()
	last := r.lastWarn.Load()
	if now-last < int64(dropWarnInterval) || !r.lastWarn.CompareAndSwap(last, now) {
		return
	}
	since := total - r.warnedDrops.Swap(total)
	r.log.Warn("API log rows dropped: the recorder's queue is full; raise its bounds or find what slows the database",
		"dropped", since, "dropped_total", total, "max_queued", r.cfg.MaxQueued)
}

func (r *Recorder) notify() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Stats returns the Recorder's counters.
func (r *Recorder) Stats() RecorderStats {
	r.mu.Lock()
	queued, qbytes := len(r.queue)+r.retried(), r.qbytes+r.rbytes
	r.mu.Unlock()
	return RecorderStats{Queued: queued, QueuedBytes: qbytes, Written: r.written.Load(),
		Dropped: r.dropped.Load(), BodiesDropped: r.bodiesDropped.Load()}
}

// Run writes the queue every FlushInterval, or as soon as a batch is full,
// until ctx ends; then it writes everything still queued and returns. On
// another goroutine it applies the retention every hour, so a long delete
// never holds up the queue. Call Run once, and stop it only after the HTTP
// server has stopped, so that no request is observed after it returns.
func (r *Recorder) Run(ctx context.Context) {
	var pruner sync.WaitGroup
	pruner.Go(func() { r.svc.runPrune(ctx) })
	defer pruner.Wait()
	tick := time.NewTicker(r.cfg.FlushInterval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			r.drain(context.WithoutCancel(ctx))
			return
		case <-tick.C:
		case <-r.wake:
		}
		r.Flush(ctx)
	}
}

// drain writes everything queued, giving failed batches their remaining
// attempts, and counts what still could not be written as dropped.
func (r *Recorder) drain(ctx context.Context) {
	for range maxWriteAttempts {
		if r.Flush(ctx) {
			return
		}
	}
	r.mu.Lock()
	n := len(r.queue) + r.retried()
	r.queue, r.retry, r.qbytes, r.rbytes = nil, nil, 0, 0
	r.mu.Unlock()
	if n > 0 {
		r.log.Error("API log rows not written at shutdown", "rows", n)
		r.drop(n)
	}
}

// Flush writes every queued row, in batches of BatchSize, each in one
// transaction, and reports whether all of them were written. Batches the
// store refuses stay queued for the next Flush.
func (r *Recorder) Flush(ctx context.Context) bool {
	r.flushing.Lock()
	defer r.flushing.Unlock()
	r.mu.Lock()
	recs, retry := r.queue, r.retry
	r.queue, r.qbytes, r.retry, r.rbytes, r.spare = r.spare, 0, nil, 0, nil
	r.mu.Unlock()

	ok := true
	for _, b := range retry {
		ok = r.write(ctx, b) && ok
	}
	for start := 0; start < len(recs); start += r.cfg.BatchSize {
		batch := recs[start:min(start+r.cfg.BatchSize, len(recs))]
		ok = r.write(ctx, retryBatch{recs: batch}) && ok
	}
	if cap(recs) <= 4*r.cfg.BatchSize {
		clear(recs)
		r.mu.Lock()
		r.spare = recs[:0]
		r.mu.Unlock()
	}
	return ok
}

// write writes one batch and reports whether it did. A failed batch is kept
// for a retry, or dropped after maxWriteAttempts.
func (r *Recorder) write(ctx context.Context, b retryBatch) bool {
	if b.ids == nil {
		b.ids = make([]string, len(b.recs))
		for i := range b.recs {
			b.ids[i] = NewLogID(b.recs[i].Time)
		}
	}
	err := r.svc.store.WriteBatch(ctx, entries(b.recs, b.ids), rollups(b.recs))
	if err == nil {
		r.written.Add(uint64(len(b.recs)))
		for i := range b.recs {
			putBody(b.recs[i].Body)
		}
		return true
	}
	b.attempts++
	if b.attempts >= maxWriteAttempts {
		r.log.Error("API log batch dropped after repeated write failures", "rows", len(b.recs), "err", err)
		r.drop(len(b.recs))
		return false
	}
	r.log.Warn("writing API log batch; retrying on the next flush", "rows", len(b.recs), "err", err)
	b.recs = append([]queued(nil), b.recs...) // the queue's array is reused
	r.mu.Lock()
	r.retry = append(r.retry, b)
	r.rbytes += bodyBytes(b.recs)
	r.mu.Unlock()
	return false
}

func bodyBytes(recs []queued) int {
	n := 0
	for i := range recs {
		n += cap(recs[i].Body)
	}
	return n
}

// entries converts queued records into log entries.
func entries(recs []queued, ids []string) []*Entry {
	out := make([]*Entry, len(recs))
	all := make([]Entry, len(recs))
	for i := range recs {
		rec := &recs[i]
		e := &all[i]
		*e = Entry{ID: ids[i], Time: rec.Time.UTC().Truncate(time.Microsecond), TenantID: rec.TenantID,
			KeyID: rec.KeyID, UserID: rec.UserID, Method: rec.Method, Route: rec.Route, Path: rec.Path,
			Query: rec.Query, Status: rec.Status, ErrorCode: rec.ErrorCode, Reason: rec.Reason,
			RateLimited: rec.RateLimited, Latency: rec.Latency.Truncate(time.Microsecond),
			UserAgent: rec.UserAgent, RequestID: rec.RequestID, ResponseBytes: rec.ResponseBytes,
			ContentType: rec.ContentType, Body: rec.Body, BodyTruncated: rec.BodyTruncated,
			BodyDropped: rec.bodyDropped}
		if rec.ClientIP.IsValid() {
			e.ClientIP = rec.ClientIP.String()
		}
		out[i] = e
	}
	return out
}

// rollupKey names the rollup a request adds to.
type rollupKey struct {
	tenant, key, route string
	minute             int64
}

// rollups sums the keyed requests of a batch per tenant, key, route and
// minute, in that order, so that every node's transactions lock the rows
// they add to in the same order.
func rollups(recs []queued) []*Rollup {
	byKey := make(map[rollupKey]*Rollup)
	var out []*Rollup
	for i := range recs {
		rec := &recs[i]
		if rec.KeyID == "" || rec.TenantID == "" {
			continue
		}
		minute := rec.Time.UTC().Truncate(time.Minute)
		k := rollupKey{rec.TenantID, rec.KeyID, rec.Route, minute.Unix()}
		ru := byKey[k]
		if ru == nil {
			ru = &Rollup{TenantID: rec.TenantID, KeyID: rec.KeyID, Route: rec.Route, Minute: minute}
			byKey[k] = ru
			out = append(out, ru)
		}
		ru.count(rec.Status, rec.RateLimited)
		ru.Latency[BucketOf(rec.Latency)]++
	}
	slices.SortFunc(out, func(a, b *Rollup) int {
		return cmp.Or(cmp.Compare(a.TenantID, b.TenantID), cmp.Compare(a.KeyID, b.KeyID),
			cmp.Compare(a.Route, b.Route), a.Minute.Compare(b.Minute))
	})
	return out
}

// Bodies are copied into pooled buffers of bodyBufSize, the size of most
// JSON responses, so that a busy API does not allocate one per request.
// Larger bodies get a buffer of their own.
const bodyBufSize = 2 << 10

var bodyPool = sync.Pool{New: func() any { b := make([]byte, 0, bodyBufSize); return &b }}

func bodyBuf(n int) []byte {
	if n > bodyBufSize {
		return make([]byte, 0, n)
	}
	return (*bodyPool.Get().(*[]byte))[:0]
}

func putBody(b []byte) {
	if cap(b) == bodyBufSize {
		b = b[:0]
		bodyPool.Put(&b)
	}
}
