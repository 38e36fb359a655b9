package usage

import (
	"cmp"
	"context"
	"log/slog"
	"net/netip"
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

// dropWarnInterval spaces the process-log warnings about dropped rows.
const dropWarnInterval = 10 * time.Second

// RecorderConfig tunes a Recorder. Zero values take the defaults.
type RecorderConfig struct {
	MaxQueued      int           // rows waiting to be written (default 50,000)
	MaxQueuedBytes int           // bytes of bodies waiting (default 64 MiB)
	FlushInterval  time.Duration // how often queued rows are written (default 250ms)
	BatchSize      int           // rows per transaction, and the queue length that flushes early (default 1000)
	// SpoolDir, when set, is where batches the store cannot take (it is
	// unreachable) wait on disk to be replayed; without it they wait in
	// memory, within MaxQueued.
	SpoolDir string
	// SpoolMaxBytes bounds the spool (default 256 MiB). A full spool keeps
	// further batches in memory; past MaxQueued new rows are dropped.
	SpoolMaxBytes int64
	// SampledPerMinute is how many requests refused without a tenant are
	// stored per client address and minute (default 20); the rest are
	// counted into one summary row. Negative stores every one.
	SampledPerMinute int
	Logger           *slog.Logger
}

// RecorderStats are the Recorder's counters, for metrics.
type RecorderStats struct {
	Queued        int    // rows waiting to be written in memory, including those being written now
	QueuedBytes   int    // bytes of bodies waiting to be written
	Written       uint64 // rows written since start
	Dropped       uint64 // rows dropped: the queue was full
	BodiesDropped uint64 // rows written without their body: the body budget was spent
	Spooled       uint64 // rows put in the spool because the store was unavailable
	Replayed      uint64 // rows taken from the spool once the store was back: written, or quarantined
	SpoolBytes    int64  // bytes in the spool now
	SpoolBatches  int    // batches in the spool now
	Sanitised     uint64 // rows the store refused, written once cleaned (text made valid, body left out)
	Quarantined   uint64 // rows the store refused even cleaned: logged to the process log, not stored
	AlreadyStored uint64 // rows found stored when written again: a commit whose answer was lost; in Written too
	Suppressed    uint64 // refused requests without a tenant counted into a summary row instead of stored
}

// Recorder queues every finished request and writes the queue to the API log
// and the usage rollups in batches. See the package documentation for what
// it does under overload.
type Recorder struct {
	svc *Service
	cfg RecorderConfig
	log *slog.Logger

	mu sync.Mutex
	// queue holds the rows waiting to be written, in arrays of BatchSize,
	// the last one filling: a queue that grows is never copied, under mu,
	// on requests' goroutines, and each array is one batch to write.
	queue   [][]queued
	nqueued int          // rows in queue
	qbytes  int          // bytes of the bodies in queue
	retry   []retryBatch // batches the store refused, oldest first
	rbytes  int          // bytes of the bodies in retry
	spare   [][]queued   // emptied arrays of queue, for reuse
	bodies  bodyArena    // the copies of queue's bodies

	// entryPtrs and entryVals are the arrays of the last batch's entries,
	// for reuse; r.flushing guards them.
	entryPtrs []*Entry
	entryVals []Entry

	flushing sync.Mutex // serializes Flush

	wake           chan struct{}
	written        atomic.Uint64
	dropped        atomic.Uint64
	bodiesDropped  atomic.Uint64
	lastWarn       atomic.Int64 // unix nanoseconds of the last drop warning
	warnedDrops    atomic.Uint64
	inflight       atomic.Int64 // rows a Flush has taken from the queue
	sampler        *sampler     // nil when every refused request is stored
	suppressed     atomic.Uint64
	spool          *spool // nil without SpoolDir
	lastOutageWarn atomic.Int64
	spooled        atomic.Uint64
	replayed       atomic.Uint64
	sanitised      atomic.Uint64
	quarantined    atomic.Uint64
	alreadyStored  atomic.Uint64
}

// queued is a request waiting to be written. Its Body is the Recorder's own
// copy, in its bodyArena.
type queued struct {
	hive.RequestRecord
	bodyDropped bool // the body was not kept: the body budget was spent
	suppressed  int  // on a sampler's summary, the requests it stands for
}

// retryBatch is a batch the store could not take, with its IDs already
// given, so a retry cannot log a row twice.
type retryBatch struct {
	recs []queued
	ids  []string
}

var _ hive.RequestObserver = (*Recorder)(nil)

// NewRecorder returns a Recorder writing through svc's store, without a
// spool if cfg.SpoolDir cannot be opened (OpenRecorder reports that).
func NewRecorder(svc *Service, cfg RecorderConfig) *Recorder {
	r, err := OpenRecorder(svc, cfg)
	if err != nil {
		r.log.Error("API log spool not opened; unwritable batches wait in memory", "err", err)
	}
	return r
}

// OpenRecorder returns a Recorder writing through svc's store, with its
// spool opened when cfg.SpoolDir is set. Batches left in the spool by an
// earlier run are replayed first.
func OpenRecorder(svc *Service, cfg RecorderConfig) (*Recorder, error) {
	cfg.MaxQueued = positiveOr(cfg.MaxQueued, DefaultMaxQueued)
	cfg.MaxQueuedBytes = positiveOr(cfg.MaxQueuedBytes, DefaultMaxQueuedBytes)
	cfg.BatchSize = positiveOr(cfg.BatchSize, DefaultBatchSize)
	if cfg.FlushInterval <= 0 {
		cfg.FlushInterval = DefaultFlushInterval
	}
	if cfg.Logger == nil {
		cfg.Logger = svc.cfg.Logger
	}
	if cfg.SpoolMaxBytes <= 0 {
		cfg.SpoolMaxBytes = DefaultSpoolMaxBytes
	}
	if cfg.SampledPerMinute == 0 {
		cfg.SampledPerMinute = DefaultSampledPerMinute
	}
	r := &Recorder{svc: svc, cfg: cfg, log: cfg.Logger, wake: make(chan struct{}, 1)}
	if cfg.SampledPerMinute > 0 {
		r.sampler = &sampler{perMinute: cfg.SampledPerMinute, windows: map[netip.Addr]*sampleWindow{}}
	}
	if cfg.SpoolDir == "" {
		return r, nil
	}
	sp, err := openSpool(cfg.SpoolDir, cfg.SpoolMaxBytes)
	if err != nil {
		return r, err
	}
	r.spool = sp
	return r, nil
}

// ObserveRequest queues a copy of rec. It never blocks on I/O: when the
// body budget is spent the row is queued without its body, and when the
// row queue is full the row is dropped and counted.
func (r *Recorder) ObserveRequest(rec *hive.RequestRecord) {
	if r.sampler != nil && refusedAnonymous(rec) && !r.sampler.admit(rec) {
		r.suppressed.Add(1)
		return
	}
	r.mu.Lock()
	if r.nqueued+r.retried() >= r.cfg.MaxQueued {
		r.mu.Unlock()
		r.drop(1)
		return
	}
	var body []byte
	if len(rec.Body) > 0 && r.qbytes+r.rbytes+len(rec.Body) <= r.cfg.MaxQueuedBytes {
		body = r.bodies.copy(rec.Body)
	}
	q := r.enqueue()
	*q = queued{RequestRecord: *rec, bodyDropped: body == nil && len(rec.Body) > 0}
	q.Body = body
	r.qbytes += len(body)
	full := r.nqueued >= r.cfg.BatchSize
	r.mu.Unlock()
	if body == nil && len(rec.Body) > 0 {
		r.bodiesDropped.Add(1)
	}
	if full {
		r.notify()
	}
}

// enqueue adds a row to the queue and returns it, to be filled in. r.mu is
// held.
func (r *Recorder) enqueue() *queued {
	n := len(r.queue)
	if n == 0 || len(r.queue[n-1]) == cap(r.queue[n-1]) {
		var batch []queued
		if k := len(r.spare); k > 0 {
			batch, r.spare = r.spare[k-1], r.spare[:k-1]
		} else {
			batch = make([]queued, 0, r.cfg.BatchSize)
		}
		r.queue = append(r.queue, batch)
		n++
	}
	last := &r.queue[n-1]
	*last = (*last)[:len(*last)+1] // zero: a new array, or one cleared for reuse
	r.nqueued++
	return &(*last)[len(*last)-1]
}

// maxSpareBatches bounds the emptied queue arrays kept for reuse; a burst
// that needed more leaves the rest to the GC.
const maxSpareBatches = 4

// retried returns the number of rows waiting for a retry. r.mu is held.
func (r *Recorder) retried() int { return retried(r.retry) }

func rows(batches [][]queued) int {
	n := 0
	for _, b := range batches {
		n += len(b)
	}
	return n
}

func retried(batches []retryBatch) int {
	n := 0
	for _, b := range batches {
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
	queued, qbytes := r.nqueued+r.retried(), r.qbytes+r.rbytes
	r.mu.Unlock()
	queued += int(r.inflight.Load())
	st := RecorderStats{Queued: queued, QueuedBytes: qbytes, Written: r.written.Load(),
		Dropped: r.dropped.Load(), BodiesDropped: r.bodiesDropped.Load(), Spooled: r.spooled.Load(),
		Replayed: r.replayed.Load(), Sanitised: r.sanitised.Load(), Quarantined: r.quarantined.Load(),
		AlreadyStored: r.alreadyStored.Load(),
		Suppressed:    r.suppressed.Load()}
	if r.spool != nil {
		st.SpoolBytes, st.SpoolBatches = r.spool.size()
	}
	return st
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

// queueSummaries queues the sampler's summaries of the minutes that ended
// before now, or of every minute if now is zero.
func (r *Recorder) queueSummaries(now time.Time) {
	if r.sampler == nil {
		return
	}
	sums := r.sampler.sweep(now)
	if len(sums) == 0 {
		return
	}
	r.mu.Lock()
	for _, sum := range sums {
		*r.enqueue() = sum
	}
	r.mu.Unlock()
}

// drain writes everything queued. What the store cannot take goes to the
// spool; only what neither can take is counted as dropped.
func (r *Recorder) drain(ctx context.Context) {
	r.queueSummaries(time.Time{})
	if r.Flush(ctx) {
		return
	}
	r.mu.Lock()
	retry := r.retry
	r.retry, r.rbytes = nil, 0
	r.mu.Unlock()
	n := 0
	for _, b := range retry {
		if !r.toSpool(b) {
			n += len(b.recs)
		}
	}
	if n > 0 {
		r.log.Error("API log rows not written at shutdown: the store and the spool refused them", "rows", n)
		r.drop(n)
	}
}

// Flush writes every queued row, in batches of BatchSize, each in one
// transaction, and reports whether all of them were written. The spool is
// replayed first, oldest batch first, so rows reach the store in the order
// they were queued. Batches the store cannot take because it is
// unavailable go to the spool or, without room there, wait in memory for
// the next Flush.
func (r *Recorder) Flush(ctx context.Context) bool {
	r.flushing.Lock()
	defer r.flushing.Unlock()
	r.queueSummaries(time.Now())
	r.mu.Lock()
	batches, retry, chunks := r.queue, r.retry, r.bodies.take()
	r.queue, r.nqueued, r.qbytes, r.retry, r.rbytes = nil, 0, 0, nil, 0
	r.mu.Unlock()

	r.inflight.Store(int64(rows(batches) + retried(retry)))
	defer r.inflight.Store(0)
	ok := r.replay(ctx)
	for _, b := range retry {
		ok = r.write(ctx, b, ok) && ok
	}
	for _, batch := range batches {
		ok = r.write(ctx, retryBatch{recs: batch}, ok) && ok
	}
	r.mu.Lock()
	if len(r.retry) == 0 {
		// No row of this flush waits in memory for another: none refers
		// to the chunks of their bodies any more.
		r.bodies.reuse(chunks)
	}
	for _, batch := range batches {
		if len(r.spare) < maxSpareBatches {
			clear(batch)
			r.spare = append(r.spare, batch[:0])
		}
	}
	r.mu.Unlock()
	return ok
}

// replay writes the spooled batches, oldest first, until the spool is
// empty or the store is unavailable again, and reports whether it emptied.
func (r *Recorder) replay(ctx context.Context) bool {
	if r.spool == nil {
		return true
	}
	for {
		name, recs, ids, ok, err := r.spool.oldest()
		switch {
		case !ok:
			return true
		case err != nil:
			r.log.Error("API log spool file unreadable; its rows are lost", "file", name, "err", err)
			r.spool.remove(name)
			r.drop(1)
			continue
		}
		left := r.store(ctx, recs, ids)
		if len(left) > 0 {
			if len(left) < len(recs) { // some were written: keep only the others
				r.replayed.Add(uint64(len(recs) - len(left)))
				if err := r.spool.rewrite(name, pick(recs, left), pick(ids, left)); err != nil {
					r.log.Error("API log spool: rewriting a partly replayed batch", "file", name, "err", err)
				}
			}
			return false
		}
		r.replayed.Add(uint64(len(recs)))
		r.spool.remove(name)
	}
}

// write writes one batch and reports whether it did. When the store is
// unavailable the batch goes to the spool, or back to memory without
// room there. A batch is tried at all only if tryStore; otherwise an
// earlier batch of this Flush found the store unavailable, and this one
// joins it rather than reach the store before it.
func (r *Recorder) write(ctx context.Context, b retryBatch, tryStore bool) bool {
	if b.ids == nil {
		b.ids = make([]string, len(b.recs))
		for i := range b.recs {
			b.ids[i] = NewLogID(b.recs[i].Time)
		}
	}
	left := retryBatch{recs: b.recs, ids: b.ids}
	if tryStore {
		idx := r.store(ctx, b.recs, b.ids)
		left = retryBatch{recs: pick(b.recs, idx), ids: pick(b.ids, idx)}
	}
	if len(left.recs) == 0 {
		return true
	}
	if r.toSpool(left) {
		return false
	}
	left.recs = slices.Clone(left.recs) // the queue's array is reused
	r.mu.Lock()
	r.retry = append(r.retry, left)
	r.rbytes += bodyBytes(left.recs)
	r.mu.Unlock()
	return false
}

// toSpool puts b in the spool and reports whether it did.
func (r *Recorder) toSpool(b retryBatch) bool {
	if r.spool == nil {
		return false
	}
	if err := r.spool.put(b.recs, b.ids); err != nil {
		r.warnSpool(err)
		return false
	}
	r.spooled.Add(uint64(len(b.recs)))
	return true
}

// warnOutage says, at most every dropWarnInterval, that the store is
// unavailable and where the rows wait.
func (r *Recorder) warnOutage(rows int, err error) {
	now := time.Now().UnixNano()
	last := r.lastOutageWarn.Load()
	if now-last >= int64(dropWarnInterval) && r.lastOutageWarn.CompareAndSwap(last, now) {
		r.log.Warn("API log batch not written: the store is unavailable; rows wait in the spool (or memory) and are replayed when it is back",
			"rows", rows, "spool", r.cfg.SpoolDir, "err", err)
	}
}

func (r *Recorder) warnSpool(err error) {
	now := time.Now().UnixNano()
	last := r.lastWarn.Load()
	if now-last >= int64(dropWarnInterval) && r.lastWarn.CompareAndSwap(last, now) {
		bytes, _ := r.spool.size()
		r.log.Warn("API log batch kept in memory: the spool cannot take it", "err", err,
			"spool_bytes", bytes, "spool_max_bytes", r.cfg.SpoolMaxBytes)
	}
}

// store writes recs with their ids, and returns the indexes of the rows
// it could not write because the store was unavailable. A batch the store
// refuses for any other reason is split in halves until the refused rows
// are alone; each of those is cleaned and written, or quarantined. So one
// bad row never takes the rest of its batch with it. A batch refused
// because rows of it are stored already has those counted as written and
// the rest written (storeUnstored).
func (r *Recorder) store(ctx context.Context, recs []queued, ids []string) []int {
	return r.storeRange(ctx, recs, ids, 0)
}

func (r *Recorder) storeRange(ctx context.Context, recs []queued, ids []string, base int) []int {
	err := r.writeBatch(ctx, recs, ids)
	switch {
	case err == nil:
		r.written.Add(uint64(len(recs)))
		return nil
	case hive.ErrorCode(err) == hive.EUNAVAILABLE || ctx.Err() != nil:
		r.warnOutage(len(recs), err)
		return span(base, len(recs))
	case hive.ErrorCode(err) == hive.ECONFLICT:
		if left, ok := r.storeUnstored(ctx, recs, ids, base); ok {
			return left
		}
	}
	if len(recs) == 1 {
		return r.storeAlone(ctx, &recs[0], ids[0], base, err)
	}
	mid := len(recs) / 2
	left := r.storeRange(ctx, recs[:mid], ids[:mid], base)
	return append(left, r.storeRange(ctx, recs[mid:], ids[mid:], base+mid)...)
}

// storeUnstored handles a batch the store refused because some of its IDs
// are stored: an earlier attempt committed them and its answer was lost
// (a connection cut during COMMIT), and since a batch is one transaction,
// their rollups were added with them. Those rows count as written; the
// others are written now. It returns the indexes of the rows left for
// later, and false if the store holds none of the IDs, for the caller to
// treat the batch as refused.
func (r *Recorder) storeUnstored(ctx context.Context, recs []queued, ids []string, base int) ([]int, bool) {
	stored, err := r.svc.store.StoredLogIDs(ctx, r.entries(recs, ids))
	clear(r.entryVals[:len(recs)])
	switch {
	case err != nil && (hive.ErrorCode(err) == hive.EUNAVAILABLE || ctx.Err() != nil):
		r.warnOutage(len(recs), err)
		return span(base, len(recs)), true
	case err != nil:
		r.log.Error("API log: cannot look up which rows of a refused batch are stored", "rows", len(recs), "err", err)
		return nil, false
	case len(stored) == 0:
		return nil, false
	}
	var rest []int // indexes into recs of the rows not stored
	for i, id := range ids {
		if !stored[id] {
			rest = append(rest, i)
		}
	}
	found := len(recs) - len(rest)
	r.written.Add(uint64(found))
	r.alreadyStored.Add(uint64(found))
	r.log.Warn("API log rows found stored when written again: an earlier commit's answer was lost; not written twice",
		"rows", found)
	if len(rest) == 0 {
		return nil, true
	}
	var left []int
	for _, i := range r.store(ctx, pick(recs, rest), pick(ids, rest)) {
		left = append(left, base+rest[i])
	}
	return left, true
}

// storeAlone writes a row the store refused, cleaned: every text field
// valid UTF-8 without NULs and at most maxCleanText bytes, and without its
// body. A row refused even so is quarantined: not stored, but counted and
// written to the process log with its request id.
func (r *Recorder) storeAlone(ctx context.Context, rec *queued, id string, index int, cause error) []int {
	clean := *rec
	clean.RequestRecord = cleanRecord(rec.RequestRecord)
	clean.bodyDropped = clean.bodyDropped || len(rec.Body) > 0
	err := r.writeBatch(ctx, []queued{clean}, []string{id})
	switch {
	case err == nil:
		r.written.Add(1)
		r.sanitised.Add(1)
		r.log.Warn("API log row refused by the store; written cleaned, without its body", "id", id,
			"request_id", rec.RequestID, "tenant_id", rec.TenantID, "err", cause)
		return nil
	case hive.ErrorCode(err) == hive.EUNAVAILABLE:
		return []int{index}
	}
	r.quarantined.Add(1)
	r.log.Error("API log row quarantined: the store refused it even cleaned", "id", id,
		"request_id", rec.RequestID, "tenant_id", rec.TenantID, "method", rec.Method,
		"route", rec.Route, "status", rec.Status, "err", err)
	return nil
}

func span(base, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = base + i
	}
	return out
}

func pick[T any](s []T, idx []int) []T {
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = s[j]
	}
	return out
}

func bodyBytes(recs []queued) int {
	n := 0
	for i := range recs {
		n += len(recs[i].Body)
	}
	return n
}

// writeBatch writes recs with their ids in one WriteBatch.
func (r *Recorder) writeBatch(ctx context.Context, recs []queued, ids []string) error {
	err := r.svc.store.WriteBatch(ctx, r.entries(recs, ids), rollups(recs))
	clear(r.entryVals[:len(recs)]) // so that the reused array holds on to no body
	return err
}

// entries converts queued records into log entries, in arrays the
// Recorder reuses from batch to batch: only a Flush, under r.flushing,
// calls it, and a store keeps none of a batch's entries.
func (r *Recorder) entries(recs []queued, ids []string) []*Entry {
	r.entryPtrs, r.entryVals = slices.Grow(r.entryPtrs[:0], len(recs)), slices.Grow(r.entryVals[:0], len(recs))
	out, all := r.entryPtrs[:len(recs)], r.entryVals[:len(recs)]
	var ip netip.Addr
	var ipText string
	for i := range recs {
		rec := &recs[i]
		e := &all[i]
		*e = Entry{ID: ids[i], Time: rec.Time.UTC().Truncate(time.Microsecond), TenantID: rec.TenantID,
			KeyID: rec.KeyID, UserID: rec.UserID, Method: rec.Method, Route: rec.Route, Path: cleanText(rec.Path),
			Query: cleanText(rec.Query), Status: rec.Status, ErrorCode: rec.ErrorCode, Reason: rec.Reason,
			RateLimited: rec.RateLimited, AuthVia: rec.AuthVia, Latency: rec.Latency.Truncate(time.Microsecond),
			UserAgent: cleanText(rec.UserAgent), RequestID: rec.RequestID, ResponseBytes: rec.ResponseBytes,
			ContentType: rec.ContentType, Body: rec.Body, BodyTruncated: rec.BodyTruncated,
			BodyDropped: rec.bodyDropped, SuppressedCount: rec.suppressed}
		if rec.ClientIP.IsValid() {
			// Rows come in runs from one client: one string per run.
			if rec.ClientIP != ip {
				ip, ipText = rec.ClientIP, rec.ClientIP.String()
			}
			e.ClientIP = ipText
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
