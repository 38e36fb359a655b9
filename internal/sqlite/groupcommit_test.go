package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/usage"
)

// openGrouped opens a fresh database for the group commit tests.
func openGrouped(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "hive.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// addEntry returns door work that records an entry at door doorID.
func addEntry(doorID string) func(door.Store) error {
	return func(tx door.Store) error {
		return tx.AddEntry(context.Background(), &door.Entry{TenantID: "ten_1", DoorID: doorID, Reason: "membership",
			KeyID: "key_1", At: time.Unix(1700000000, 0)})
	}
}

// doorsRecorded returns the door IDs of the recorded entries, in order.
func doorsRecorded(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.reader.Query(`SELECT door_id FROM door_entries ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			t.Fatal(err)
		}
		out = append(out, d)
	}
	return out
}

// runAsOneGroup runs each work in its own goroutine through the door
// store's WithinTx, all queued behind one blocking transaction so that they
// are committed as one group, and returns what each WithinTx returned or
// panicked with.
func runAsOneGroup(t *testing.T, s *Store, ctxs []context.Context, works ...func(door.Store) error) (errs []error, panics []any) {
	t.Helper()
	release, blocked := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := s.Doors().WithinTx(context.Background(), func(door.Store) error {
			close(blocked)
			<-release
			return nil
		}); err != nil {
			t.Errorf("blocking transaction: %v", err)
		}
	})
	<-blocked
	errs, panics = make([]error, len(works)), make([]any, len(works))
	for i, work := range works {
		ctx := context.Background()
		if ctxs != nil {
			ctx = ctxs[i]
		}
		wg.Go(func() {
			defer func() { panics[i] = recover() }()
			errs[i] = s.Doors().WithinTx(ctx, work)
		})
		// Queue them in order, so that each knows its place in the group.
		for queued(s) < i+1 {
			time.Sleep(time.Millisecond)
		}
	}
	before := s.group.commits.Load()
	close(release)
	wg.Wait()
	if got := s.group.commits.Load() - before; got > 2 {
		t.Errorf("%d commits for the blocking transaction and one group, want at most 2", got)
	}
	return errs, panics
}

func queued(s *Store) int {
	s.group.mu.Lock()
	defer s.group.mu.Unlock()
	return len(s.group.queue)
}

func TestGroupCommitRecordsConcurrentWorkInOneTransaction(t *testing.T) {
	s := openGrouped(t)
	before := s.group.commits.Load()
	errs, _ := runAsOneGroup(t, s, nil, addEntry("a"), addEntry("b"), addEntry("c"), addEntry("d"))
	for i, err := range errs {
		if err != nil {
			t.Errorf("work %d: %v", i, err)
		}
	}
	if got := s.group.commits.Load() - before; got != 2 {
		t.Errorf("%d commits, want 2: the blocking transaction and one for the four queued behind it", got)
	}
	if got := doorsRecorded(t, s); !equal(got, []string{"a", "b", "c", "d"}) {
		t.Errorf("recorded %v, want a b c d", got)
	}
}

// A work that fails in a group loses its own writes and keeps the others'.
func TestGroupCommitFailureUndoesOnlyItsOwnWork(t *testing.T) {
	s := openGrouped(t)
	mine := errors.New("refused")
	errs, _ := runAsOneGroup(t, s, nil, addEntry("a"), func(tx door.Store) error {
		if err := addEntry("b")(tx); err != nil {
			return err
		}
		return mine
	}, addEntry("c"))
	if errs[0] != nil || errs[2] != nil {
		t.Errorf("the others failed: %v, %v", errs[0], errs[2])
	}
	if errs[1] != mine {
		t.Errorf("failing work got %v, want its own error", errs[1])
	}
	if got := doorsRecorded(t, s); !equal(got, []string{"a", "c"}) {
		t.Errorf("recorded %v, want a c", got)
	}
}

// When the group's commit fails every caller gets an error, nothing of the
// group is recorded, and the next transaction works.
func TestGroupCommitFailedCommitAnswersEveryoneAndRecordsNothing(t *testing.T) {
	s := openGrouped(t)
	// A foreign key checked at commit: the entry names no member that exists.
	orphan := func(tx door.Store) error {
		q := tx.(*DoorStore).s.writes()
		if _, err := q.ExecContext(context.Background(), `PRAGMA defer_foreign_keys = ON`); err != nil {
			return err
		}
		_, err := q.ExecContext(context.Background(), `INSERT INTO door_entries (tenant_id, member_id, door_id, granted,
			reason, message, key_id, presented_id, presented_door_access_id, presented_barcode_id, at)
			VALUES ('ten_1', 424242, 'x', 1, '', '', '', '', '', '', 0)`)
		return err
	}
	errs, _ := runAsOneGroup(t, s, nil, addEntry("a"), orphan, addEntry("c"))
	for i, err := range errs {
		if err == nil {
			t.Errorf("work %d: no error from a failed commit", i)
		}
	}
	if got := doorsRecorded(t, s); len(got) != 0 {
		t.Errorf("recorded %v after a failed commit", got)
	}
	if err := s.Doors().WithinTx(context.Background(), addEntry("after")); err != nil {
		t.Fatalf("transaction after a failed commit: %v", err)
	}
	if got := doorsRecorded(t, s); !equal(got, []string{"after"}) {
		t.Errorf("recorded %v, want after", got)
	}
}

// When a work ends the transaction itself, the others' work is gone with it
// and they are told so, rather than answered as recorded.
func TestGroupCommitLostTransactionAnswersEveryoneWithAnError(t *testing.T) {
	s := openGrouped(t)
	mine := errors.New("rolled back")
	errs, _ := runAsOneGroup(t, s, nil, addEntry("a"), func(tx door.Store) error {
		if _, err := tx.(*DoorStore).s.tx.Exec(`ROLLBACK`); err != nil {
			return err
		}
		return mine
	}, addEntry("c"))
	if !errors.Is(errs[0], errGroupAborted) || !errors.Is(errs[2], errGroupAborted) {
		t.Errorf("the others got %v, %v; want errGroupAborted", errs[0], errs[2])
	}
	if errs[1] != mine {
		t.Errorf("the failing work got %v, want its own error", errs[1])
	}
	if got := doorsRecorded(t, s); len(got) != 0 {
		t.Errorf("recorded %v from a lost transaction", got)
	}
	if err := s.Doors().WithinTx(context.Background(), addEntry("after")); err != nil {
		t.Fatalf("transaction after a lost one: %v", err)
	}
}

// A panic in a work reaches its caller; the others are committed.
func TestGroupCommitPanicReachesItsCaller(t *testing.T) {
	s := openGrouped(t)
	errs, panics := runAsOneGroup(t, s, nil, addEntry("a"), func(tx door.Store) error {
		if err := addEntry("b")(tx); err != nil {
			return err
		}
		panic("boom")
	}, addEntry("c"))
	if panics[1] != "boom" {
		t.Errorf("caller of the panicking work recovered %v, want boom", panics[1])
	}
	if errs[0] != nil || errs[2] != nil || panics[0] != nil || panics[2] != nil {
		t.Errorf("the others: %v %v %v %v", errs[0], errs[2], panics[0], panics[2])
	}
	if got := doorsRecorded(t, s); !equal(got, []string{"a", "c"}) {
		t.Errorf("recorded %v, want a c", got)
	}
}

// A caller gone before its turn is not recorded; one cancelled while its
// statements run still is, with the rest of its group.
func TestGroupCommitSkipsCallersGoneBeforeTheirTurn(t *testing.T) {
	s := openGrouped(t)
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	during, cancelDuring := context.WithCancel(context.Background())
	defer cancelDuring()
	ctxs := []context.Context{context.Background(), gone, during, context.Background()}
	errs, _ := runAsOneGroup(t, s, ctxs, addEntry("a"), addEntry("b"), func(tx door.Store) error {
		cancelDuring()
		return addEntry("c")(tx)
	}, addEntry("d"))
	if !errors.Is(errs[1], context.Canceled) {
		t.Errorf("cancelled caller got %v, want context.Canceled", errs[1])
	}
	for _, i := range []int{0, 2, 3} {
		if errs[i] != nil {
			t.Errorf("work %d: %v", i, errs[i])
		}
	}
	if got := doorsRecorded(t, s); !equal(got, []string{"a", "c", "d"}) {
		t.Errorf("recorded %v, want a c d", got)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// The writer leaves checkpoints to the checkpointer, which copies every
// committed frame of the log into the database file, and stops when the
// store closes.
func TestCheckpointerKeepsCheckpointsOffTheWriter(t *testing.T) {
	s := openGrouped(t)
	var pages int
	if err := s.writer.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if pages != writerAutoCheckpoint {
		t.Errorf("writer checkpoints itself past %d pages, want %d", pages, writerAutoCheckpoint)
	}
	if err := s.Doors().WithinTx(context.Background(), addEntry("a")); err != nil {
		t.Fatal(err)
	}
	logged, copied, err := s.checkpoints.checkpoint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if logged == 0 || copied != logged {
		t.Errorf("checkpoint copied %d of %d logged frames, want all of a non-empty log", copied, logged)
	}
	c, lc := s.checkpoints, s.apilog.checkpoints
	s.Close()
	for _, c := range []*checkpointer{c, lc} {
		select {
		case <-c.done:
		case <-time.After(5 * time.Second):
			t.Fatal("checkpointer still running after Close")
		}
	}
}

// The API log has a checkpointer of its own: its writer, which commits a
// batch of requests every few hundred milliseconds, checkpoints itself only
// past SQLite's default.
func TestAPILogIsCheckpointedOffItsWriter(t *testing.T) {
	s := openGrouped(t)
	var pages int
	if err := s.apilog.writer.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	if pages != logAutoCheckpoint {
		t.Errorf("API log writer checkpoints itself past %d pages, want %d", pages, logAutoCheckpoint)
	}
	if s.apilog.checkpoints == nil {
		t.Fatal("the API log has no checkpointer")
	}
	at := time.Now()
	e := &usage.Entry{ID: usage.NewLogID(at), Time: at, TenantID: "ten_a", Route: "GET /v1/x", Status: 200}
	if err := s.Usage().WriteBatch(context.Background(), []*usage.Entry{e}, nil); err != nil {
		t.Fatal(err)
	}
	logged, copied, err := s.apilog.checkpoints.checkpoint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if logged == 0 || copied != logged {
		t.Errorf("checkpoint copied %d of %d logged frames, want all of a non-empty log", copied, logged)
	}
}
