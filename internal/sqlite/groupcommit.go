package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// maxGroup bounds how many transactions one group commit runs, so that the
// first of them is not answered long after it was queued.
const maxGroup = 128

// groupCommit runs concurrent transactions of one kind together: whoever
// finds no group being committed commits the queue in one SQLite
// transaction, each caller's work in a savepoint of its own, while new
// callers queue for the next group. Under load many door swipes share one
// BEGIN IMMEDIATE, one write of the pages they touch and one commit instead
// of queueing for the writer one by one; alone, a swipe is a group of one
// and waits for nobody.
//
// Every caller is answered after the group's commit, or with its own error
// when its work failed and was rolled back to its savepoint, leaving the
// others' work in place. When the commit fails, or SQLite rolls the whole
// transaction back under a failing statement, every caller of the group
// gets an error and nothing of the group is recorded.
type groupCommit struct {
	mu      sync.Mutex
	queue   []*groupTx
	leading bool // a goroutine is committing groups from the queue

	commits atomic.Int64 // transactions committed, for tests
}

// groupTx is one caller's transaction waiting in a group.
type groupTx struct {
	ctx  context.Context
	fn   func(tx *Store) error
	done chan struct{} // closed when err and panicked are set
	err  error
	// panicked is what fn panicked with, re-raised in the caller's goroutine.
	panicked any
}

func (t *groupTx) finish(err error) {
	t.err = err
	close(t.done)
}

// errGroupAborted answers the callers whose work was undone by another's
// failure in the same group.
var errGroupAborted = errors.New("sqlite: group commit rolled back")

// transactGrouped runs fn in a transaction shared with concurrent callers,
// or in s's transaction if s is bound to one. Inside the group's
// transaction statements ignore their context's cancellation: a statement
// interrupted by SQLite would roll back the others' work with it. fn is
// skipped if ctx is done before its turn.
func (s *Store) transactGrouped(ctx context.Context, fn func(tx *Store) error) error {
	if s.tx != nil || s.group == nil {
		return s.transact(ctx, fn)
	}
	t := &groupTx{ctx: ctx, fn: fn, done: make(chan struct{})}
	g := s.group
	g.mu.Lock()
	g.queue = append(g.queue, t)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	if lead {
		// t is in the first group; commit it, and leave later groups to
		// another goroutine so that this caller is answered at once.
		if s.commitNext() {
			go func() {
				for s.commitNext() {
				}
			}()
		}
	}
	<-t.done
	if t.panicked != nil {
		panic(t.panicked)
	}
	return t.err
}

// commitNext commits the next group in the queue, and reports whether
// callers are still waiting. It stops leading when the queue is empty.
func (s *Store) commitNext() bool {
	g := s.group
	g.mu.Lock()
	n := min(len(g.queue), maxGroup)
	batch := g.queue[:n:n]
	g.queue = g.queue[n:]
	if len(g.queue) == 0 {
		g.queue = nil
	}
	g.mu.Unlock()
	if n > 0 {
		s.commitGroup(batch)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.queue) == 0 {
		g.leading = false
		return false
	}
	return true
}

// commitGroup runs the group's transactions in one SQLite transaction and
// answers every caller.
func (s *Store) commitGroup(group []*groupTx) {
	// The group outlives any one caller's request: it begins detached from
	// their cancellation, and a caller gone before its turn is skipped.
	ctx := context.WithoutCancel(group[0].ctx)
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		for _, t := range group {
			t.finish(fmt.Errorf("sqlite: begin: %w", err))
		}
		return
	}
	bound := *s
	bound.tx, bound.misses, bound.detached = tx, new([]string), true
	ok := group // callers whose work is in the transaction
	if len(group) == 1 {
		// Alone, the caller's failure rolls back the transaction itself.
		if !runAlone(tx, &bound, group[0]) {
			return
		}
	} else if ok = runGroup(ctx, tx, &bound, group); ok == nil {
		return
	}
	if err := tx.Commit(); err != nil {
		// The driver rolls back a transaction its COMMIT left open.
		for _, t := range ok {
			t.finish(fmt.Errorf("sqlite: commit: %w", err))
		}
		return
	}
	s.group.commits.Add(1)
	for _, t := range ok {
		t.finish(nil)
	}
	// The connection is free again: prepare what the transaction missed.
	for _, q := range *bound.misses {
		s.writeStmts.stmt(ctx, q)
	}
}

// runAlone runs a group of one, t, in tx, and reports whether its work
// is there to commit. Otherwise tx is rolled back and t answered.
func runAlone(tx *sql.Tx, bound *Store, t *groupTx) bool {
	if err := t.ctx.Err(); err != nil {
		tx.Rollback()
		t.finish(err)
		return false
	}
	if t.err, t.panicked = callFn(t.fn, bound); t.err != nil || t.panicked != nil {
		tx.Rollback()
		close(t.done)
		return false
	}
	return true
}

// runGroup runs each caller's work in tx within a savepoint of its own, and
// returns the callers whose work is there to commit, answering the others.
// When none is left, or the transaction cannot go on, it rolls tx back and
// returns nil.
func runGroup(ctx context.Context, tx *sql.Tx, bound *Store, group []*groupTx) []*groupTx {
	var ok []*groupTx
	for i, t := range group {
		if err := t.ctx.Err(); err != nil {
			t.finish(err)
			continue
		}
		if err := runInSavepoint(ctx, bound, t); err != nil {
			// The transaction is gone: nobody's work in it is recorded.
			tx.Rollback()
			for _, o := range append(ok, group[i+1:]...) {
				o.finish(fmt.Errorf("%w: %w", errGroupAborted, err))
			}
			if t.err != nil || t.panicked != nil {
				close(t.done)
			} else {
				t.finish(fmt.Errorf("%w: %w", errGroupAborted, err))
			}
			return nil
		}
		if t.err != nil || t.panicked != nil {
			close(t.done) // its own work was rolled back; the group goes on
			continue
		}
		ok = append(ok, t)
	}
	if len(ok) == 0 {
		tx.Rollback()
	}
	return ok
}

// runInSavepoint runs t's work in the group's transaction within a
// savepoint. It sets t.err or t.panicked when t's work failed and was
// rolled back to the savepoint, and returns an error when the transaction
// itself cannot go on.
func runInSavepoint(ctx context.Context, bound *Store, t *groupTx) error {
	tx := bound.writes() // prepared once, like the work's own statements
	if _, err := tx.ExecContext(ctx, `SAVEPOINT grouped`); err != nil {
		return err
	}
	if t.err, t.panicked = callFn(t.fn, bound); t.err != nil || t.panicked != nil {
		// SQLite rolls the whole transaction back under some failures (a
		// full disk, an I/O error); then the savepoint is gone too.
		if _, err := tx.ExecContext(ctx, `ROLLBACK TO grouped`); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `RELEASE grouped`)
	return err
}

// callFn calls fn, turning a panic into a value to re-raise.
func callFn(fn func(tx *Store) error, tx *Store) (err error, panicked any) {
	defer func() {
		if p := recover(); p != nil {
			panicked = p
		}
	}()
	return fn(tx), nil
}
