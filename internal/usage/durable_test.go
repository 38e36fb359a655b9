package usage_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/usage"
)

// faultyStore is a usage.Store that can be down, and refuses rows whose
// path holds "refused" (and, for "refused-with-body", only with a body).
// It records the IDs it wrote, in order.
type faultyStore struct {
	usage.Store
	mu      sync.Mutex
	down    bool
	written []string
	entries []usage.Entry
	calls   int
	// downAfter, when positive, takes the store down after that many
	// more successful writes.
	downAfter int
	// loseAnswer makes the next successful write report the store
	// unavailable, and takes the store down: a connection cut while its
	// COMMIT was on the wire, the transaction committed and its answer lost.
	loseAnswer bool
}

func (f *faultyStore) WriteBatch(ctx context.Context, entries []*usage.Entry, rollups []*usage.Rollup) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.down {
		return hive.Unavailable(fmt.Errorf("dial tcp: connection refused"))
	}
	for _, e := range entries {
		if strings.Contains(e.Path, "refused-always") || strings.Contains(e.Path, "refused-with-body") && len(e.Body) > 0 {
			return &hive.Error{Code: hive.EINVALID, Message: "invalid byte sequence for encoding UTF8"}
		}
	}
	if err := f.Store.WriteBatch(ctx, entries, rollups); err != nil {
		return err
	}
	for _, e := range entries {
		f.written = append(f.written, e.ID)
		f.entries = append(f.entries, *e)
		f.entries[len(f.entries)-1].Body = bytes.Clone(e.Body) // the recorder's once WriteBatch returns
	}
	if f.downAfter > 0 {
		f.downAfter--
		f.down = f.downAfter == 0
	}
	if f.loseAnswer {
		f.loseAnswer, f.down = false, true
		return hive.Unavailable(fmt.Errorf("read tcp: connection reset by peer"))
	}
	return nil
}

func (f *faultyStore) StoredLogIDs(ctx context.Context, entries []*usage.Entry) (map[string]bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.down {
		return nil, hive.Unavailable(fmt.Errorf("dial tcp: connection refused"))
	}
	return f.Store.StoredLogIDs(ctx, entries)
}

func (f *faultyStore) setDown(down bool) { f.mu.Lock(); f.down = down; f.mu.Unlock() }

func newFaultyEnv(t *testing.T, cfg usage.RecorderConfig) (*env, *faultyStore) {
	e := newEnv(t, usage.RecorderConfig{})
	fs := &faultyStore{Store: e.store}
	e.svc = usage.NewService(fs, usage.Config{Now: e.clock.Now})
	cfg.Logger = slog.New(slog.NewTextHandler(e.logs, nil))
	rec, err := usage.OpenRecorder(e.svc, cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.rec = rec
	return e, fs
}

// TestOneRefusedRowDoesNotTakeItsBatch writes a batch of two tenants' rows
// in which the store refuses two: every other row is written; the row the
// store takes once cleaned is written without its body; the row it never
// takes is quarantined; both are counted, and nothing is dropped.
func TestOneRefusedRowDoesNotTakeItsBatch(t *testing.T) {
	e, _ := newFaultyEnv(t, usage.RecorderConfig{BatchSize: 1000})
	for i := range 100 {
		rec := record(t0.Add(time.Duration(i)*time.Millisecond), 200, time.Millisecond)
		if i%2 == 1 {
			rec.TenantID = "ten_b"
		}
		switch i {
		case 17:
			rec.Path = "/v1/refused-with-body"
		case 60:
			rec.Path = "/v1/refused-always"
		}
		e.rec.ObserveRequest(rec)
	}
	e.rec.Flush(context.Background())
	a, b := e.logsOf("ten_a"), e.logsOf("ten_b")
	if len(a) != 49 || len(b) != 50 {
		t.Errorf("written: %d rows of tenant a and %d of b, want 49 and 50 (all but the quarantined one)", len(a), len(b))
	}
	st := e.rec.Stats()
	if st.Sanitised != 1 || st.Quarantined != 1 || st.Dropped != 0 || st.Written != 99 || st.Queued != 0 {
		t.Errorf("stats %+v, want 1 sanitised, 1 quarantined, 99 written, none dropped or queued", st)
	}
	for _, l := range b {
		if l.Path == "/v1/refused-with-body" && !l.BodyDropped {
			t.Error("the cleaned row was written with its body")
		}
	}
}

// TestNulAndBadUTF8AreCleanedBeforeTheStore logs requests whose path and
// user agent hold a NUL and invalid UTF-8, as refused requests are logged:
// the rows are written cleaned, without a refusal.
func TestNulAndBadUTF8AreCleanedBeforeTheStore(t *testing.T) {
	e := newEnv(t, usage.RecorderConfig{})
	rec := record(t0, 400, time.Millisecond)
	rec.Path, rec.UserAgent = "/v1/api-keys/key_\x00", "curl\xff"
	e.rec.ObserveRequest(rec)
	e.flush()
	got := e.logsOf("ten_a")
	if len(got) != 1 || got[0].Path != "/v1/api-keys/key_\uFFFD" || got[0].UserAgent != "curl\uFFFD" {
		t.Fatalf("logged %+v, want one row with U+FFFD for the bad bytes", got)
	}
}

// TestOutageSpoolsAndReplaysInOrder takes the store down while batches
// are written: they go to the spool, not to memory and not lost; a new
// Recorder on the same spool (a restarted node) replays them first, in
// order, once the store is back.
func TestOutageSpoolsAndReplaysInOrder(t *testing.T) {
	dir := t.TempDir()
	e, fs := newFaultyEnv(t, usage.RecorderConfig{BatchSize: 10, SpoolDir: dir})
	fs.setDown(true)
	n := 0
	observe := func(rows int) {
		for range rows {
			e.rec.ObserveRequest(record(t0.Add(time.Duration(n)*time.Millisecond), 200, time.Millisecond))
			n++
		}
	}
	for range 3 {
		observe(25)
		if e.rec.Flush(context.Background()) {
			t.Fatal("Flush reported success with the store down")
		}
	}
	st := e.rec.Stats()
	if st.Spooled != 75 || st.Queued != 0 || st.Dropped != 0 || st.SpoolBatches != 9 || st.SpoolBytes == 0 {
		t.Fatalf("during the outage: %+v, want 75 rows spooled in 9 batches, none queued or dropped", st)
	}

	restarted, err := usage.OpenRecorder(e.svc, usage.RecorderConfig{BatchSize: 10, SpoolDir: dir, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	e.rec = restarted
	fs.setDown(false)
	observe(5)
	e.flush()
	st = e.rec.Stats()
	if st.Replayed != 75 || st.Written != 80 || st.SpoolBatches != 0 || st.SpoolBytes != 0 {
		t.Errorf("after the outage: %+v, want 75 replayed, 80 written, the spool empty", st)
	}
	if len(fs.written) != 80 {
		t.Fatalf("%d rows written, want 80", len(fs.written))
	}
	for i := 1; i < len(fs.written); i++ {
		if fs.written[i] < fs.written[i-1] {
			t.Fatalf("row %d (%s) written after a later one (%s): the spool was not replayed in order", i, fs.written[i], fs.written[i-1])
		}
	}
}

// TestFullSpoolKeepsBatchesInMemory gives the spool no room: batches wait
// in memory within MaxQueued, and are written when the store is back.
func TestFullSpoolKeepsBatchesInMemory(t *testing.T) {
	e, fs := newFaultyEnv(t, usage.RecorderConfig{BatchSize: 10, SpoolDir: t.TempDir(), SpoolMaxBytes: 1})
	fs.setDown(true)
	for i := range 30 {
		e.rec.ObserveRequest(record(t0.Add(time.Duration(i)*time.Millisecond), 200, time.Millisecond))
	}
	for range 5 {
		e.rec.Flush(context.Background())
	}
	if st := e.rec.Stats(); st.Queued != 30 || st.Spooled != 0 || st.Dropped != 0 {
		t.Fatalf("with a full spool: %+v, want 30 queued in memory, none spooled or dropped", st)
	}
	fs.setDown(false)
	e.flush()
	if st := e.rec.Stats(); st.Written != 30 || st.Queued != 0 {
		t.Errorf("after the outage: %+v, want 30 written", st)
	}
}

// TestRefusedAnonymousRequestsAreSampled floods the recorder with requests
// refused before any tenant was known, from two addresses: each address
// has its first SampledPerMinute stored, the rest become one summary row
// that says how many it stands for; keyed requests are all stored.
func TestRefusedAnonymousRequestsAreSampled(t *testing.T) {
	e, fs := newFaultyEnv(t, usage.RecorderConfig{SampledPerMinute: 10})
	flood, other := netip.MustParseAddr("203.0.113.9"), netip.MustParseAddr("203.0.113.10")
	for i := range 200 {
		rec := record(t0.Add(time.Duration(i)*time.Millisecond), 401, time.Millisecond)
		rec.TenantID, rec.KeyID, rec.ClientIP = "", "", flood
		if i%40 == 0 {
			rec.ClientIP = other
		}
		e.rec.ObserveRequest(rec)
		e.rec.ObserveRequest(record(t0.Add(time.Duration(i)*time.Millisecond), 200, time.Millisecond))
	}
	e.flush()
	var keyed, fromFlood, fromOther, summaries, summarised int
	for _, en := range fs.entries {
		switch {
		case en.TenantID != "":
			keyed++
		case en.SuppressedCount > 0:
			summaries++
			summarised += en.SuppressedCount
			if en.ClientIP != flood.String() || en.Status != 401 {
				t.Errorf("summary row %+v, want one of the flooding address's 401s", en)
			}
		case en.ClientIP == flood.String():
			fromFlood++
		default:
			fromOther++
		}
	}
	if keyed != 200 || fromFlood != 10 || fromOther != 5 || summaries != 1 || summarised != 185 {
		t.Errorf("stored %d keyed rows, %d and %d refused rows of the two addresses, %d summaries of %d requests; want 200, 10, 5, 1 of 185",
			keyed, fromFlood, fromOther, summaries, summarised)
	}
	if st := e.rec.Stats(); st.Suppressed != 185 {
		t.Errorf("Suppressed = %d, want 185", st.Suppressed)
	}
}

// TestPartlyReplayedBatchIsNotReplayedTwice replays a spooled batch that
// holds a refused row, and loses the store while the batch is being split:
// the spool keeps only the rows not yet written, so the next replay writes
// each row once.
func TestPartlyReplayedBatchIsNotReplayedTwice(t *testing.T) {
	e, fs := newFaultyEnv(t, usage.RecorderConfig{BatchSize: 10, SpoolDir: t.TempDir()})
	fs.setDown(true)
	for i := range 10 {
		rec := record(t0.Add(time.Duration(i)*time.Millisecond), 200, time.Millisecond)
		if i == 7 {
			rec.Path = "/v1/refused-always"
		}
		e.rec.ObserveRequest(rec)
	}
	e.rec.Flush(context.Background())
	fs.mu.Lock()
	fs.down, fs.downAfter = false, 1 // the first half is written, then the store goes away
	fs.mu.Unlock()
	if e.rec.Flush(context.Background()) {
		t.Fatal("Flush reported success with the store lost mid-replay")
	}
	fs.setDown(false)
	e.flush()
	seen := map[string]bool{}
	for _, id := range fs.written {
		if seen[id] {
			t.Errorf("row %s written twice", id)
		}
		seen[id] = true
	}
	if st := e.rec.Stats(); len(seen) != 9 || st.Quarantined != 1 || st.Replayed != 10 || st.SpoolBatches != 0 {
		t.Errorf("%d rows written, stats %+v; want 9 written once each, 1 quarantined, all 10 taken from the spool", len(seen), st)
	}
}

// TestBodiesOfRowsWaitingInMemoryAreKept writes rows while the store is
// down and has no spool to take them: their bodies, kept in memory for the
// next flush, are the ones stored once it is back, however many rows came
// (and had their bodies copied) in between.
func TestBodiesOfRowsWaitingInMemoryAreKept(t *testing.T) {
	e, fs := newFaultyEnv(t, usage.RecorderConfig{})
	observe := func(round string) {
		for i := range 10 {
			rec := record(t0.Add(time.Duration(i)*time.Millisecond), 200, time.Millisecond)
			rec.RequestID = fmt.Sprintf("req_%s%d", round, i)
			rec.Body = []byte(fmt.Sprintf(`{"round":%q,"i":%d}`, round, i))
			e.rec.ObserveRequest(rec)
		}
	}
	observe("a")
	e.flush() // their bodies' memory is free again
	fs.setDown(true)
	observe("b")
	e.rec.Flush(context.Background())
	observe("c")
	e.rec.Flush(context.Background())
	fs.setDown(false)
	e.flush()
	if len(fs.entries) != 30 {
		t.Fatalf("%d rows written, want 30", len(fs.entries))
	}
	for _, en := range fs.entries {
		var round string
		var i int
		fmt.Sscanf(en.RequestID, "req_%1s%d", &round, &i)
		if want := fmt.Sprintf(`{"round":%q,"i":%d}`, round, i); string(en.Body) != want {
			t.Errorf("row %s stored body %s, want %s", en.RequestID, en.Body, want)
		}
	}
}

// TestBatchCommittedWithItsAnswerLostIsStoredOnce has the store commit a
// batch and lose its answer, as when a connection is cut during COMMIT:
// the recorder spools the batch and replays it, finds it stored, and
// counts it written; every row is stored once, no row is quarantined, and
// the usage counts each request once.
func TestBatchCommittedWithItsAnswerLostIsStoredOnce(t *testing.T) {
	e, fs := newFaultyEnv(t, usage.RecorderConfig{BatchSize: 10, SpoolDir: t.TempDir()})
	fs.mu.Lock()
	fs.loseAnswer = true
	fs.mu.Unlock()
	for i := range 30 {
		e.rec.ObserveRequest(record(t0.Add(time.Duration(i)*time.Millisecond), 200, time.Millisecond))
	}
	if e.rec.Flush(context.Background()) {
		t.Fatal("Flush reported success with the answer lost")
	}
	fs.setDown(false)
	e.flush()
	checkStoredOnce(t, e, fs, 30)
	if st := e.rec.Stats(); st.Written != 30 || st.AlreadyStored != 10 || st.Quarantined != 0 || st.Spooled != 30 ||
		st.Replayed != 30 || st.SpoolBatches != 0 {
		t.Errorf("stats %+v; want 30 written, 10 of them found already stored, 30 spooled and replayed, none quarantined", st)
	}
}

// TestReplayedBatchPartlyStoredWritesTheRest replays a batch of which one
// half was committed with its answer lost and the other never reached the
// store: the stored half is counted, the rest written, and a row the
// store refuses is still quarantined alone.
func TestReplayedBatchPartlyStoredWritesTheRest(t *testing.T) {
	e, fs := newFaultyEnv(t, usage.RecorderConfig{BatchSize: 10, SpoolDir: t.TempDir()})
	fs.mu.Lock()
	fs.loseAnswer = true // the first half commits, then the store is gone
	fs.mu.Unlock()
	for i := range 10 {
		rec := record(t0.Add(time.Duration(i)*time.Millisecond), 200, time.Millisecond)
		if i == 7 {
			rec.Path = "/v1/refused-always" // so the batch is split in halves
		}
		e.rec.ObserveRequest(rec)
	}
	if e.rec.Flush(context.Background()) {
		t.Fatal("Flush reported success with the answer lost")
	}
	fs.setDown(false)
	e.flush()
	checkStoredOnce(t, e, fs, 9)
	if st := e.rec.Stats(); st.Written != 9 || st.AlreadyStored != 5 || st.Quarantined != 1 || st.SpoolBatches != 0 {
		t.Errorf("stats %+v; want 9 written, 5 of them found already stored, 1 quarantined", st)
	}
}

// checkStoredOnce fails t unless the store holds want rows of key_a, each
// once, and key_a's usage counts want requests.
func checkStoredOnce(t *testing.T, e *env, fs *faultyStore, want int) {
	t.Helper()
	seen := map[string]bool{}
	for _, en := range e.logsOf("ten_a") {
		if seen[en.ID] {
			t.Errorf("row %s stored twice", en.ID)
		}
		seen[en.ID] = true
	}
	if len(seen) != want {
		t.Errorf("%d rows stored, want %d", len(seen), want)
	}
	rep, err := e.svc.KeyUsage(context.Background(), e.owner, usage.ReportParams{KeyID: "key_a",
		From: t0, To: t0.Add(time.Minute), Interval: "minute"})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total.Requests != int64(want) {
		t.Errorf("usage counts %d requests, want %d: a batch's rollups were added twice or lost", rep.Total.Requests, want)
	}
}
