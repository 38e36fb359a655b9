package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// maxCachedStmts bounds a pool's statement cache. Queries built with a
// variable number of placeholders can have many forms; past the bound they
// run unprepared.
const maxCachedStmts = 256

// stmtCache prepares each distinct query once per pool and reuses it.
// Preparing is a large share of a small query's cost in SQLite: on the door
// access path it was about a quarter of the CPU time.
type stmtCache struct {
	db    *sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

func newStmtCache(db *sql.DB) *stmtCache {
	return &stmtCache{db: db, stmts: make(map[string]*sql.Stmt)}
}

// cached returns the prepared statement for query, or nil.
func (c *stmtCache) cached(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stmts[query]
}

// stmt returns the prepared statement for query, preparing it on first use,
// or nil when the cache is full or preparing failed (the caller then runs
// the query unprepared, which reports any error itself).
func (c *stmtCache) stmt(ctx context.Context, query string) *sql.Stmt {
	c.mu.Lock()
	st, ok := c.stmts[query]
	full := len(c.stmts) >= maxCachedStmts
	c.mu.Unlock()
	if ok || full {
		return st
	}
	st, err := c.db.PrepareContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.stmts[query]; ok {
		st.Close()
		return prev
	}
	c.stmts[query] = st
	return st
}

func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for _, st := range c.stmts {
		errs = append(errs, st.Close())
	}
	clear(c.stmts)
	return errors.Join(errs...)
}

// pool is a querier over a connection pool that runs cached statements.
type pool struct{ c *stmtCache }

func (p pool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := p.c.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return p.c.db.ExecContext(ctx, query, args...)
}

func (p pool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := p.c.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.c.db.QueryContext(ctx, query, args...)
}

func (p pool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := p.c.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return p.c.db.QueryRowContext(ctx, query, args...)
}

// txQuerier runs cached statements of the writer pool inside a transaction.
// The writer pool has one connection, which the transaction holds, so a
// statement cannot be prepared on the pool meanwhile: a query not cached yet
// runs unprepared and is noted in misses, and transact prepares those after
// the commit has freed the connection.
type txQuerier struct {
	tx     *sql.Tx
	c      *stmtCache
	misses *[]string
	// detached drops the statements' cancellation, which would make SQLite
	// interrupt them and roll back the whole transaction.
	detached bool
}

func (q txQuerier) context(ctx context.Context) context.Context {
	if q.detached {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// bound returns query's cached statement bound to the transaction, or nil.
func (q txQuerier) bound(ctx context.Context, query string) *sql.Stmt {
	if st := q.c.cached(query); st != nil {
		return q.tx.StmtContext(ctx, st)
	}
	if len(*q.misses) < maxCachedStmts {
		*q.misses = append(*q.misses, query)
	}
	return nil
}

func (q txQuerier) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = q.context(ctx)
	if st := q.bound(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return q.tx.ExecContext(ctx, query, args...)
}

func (q txQuerier) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx = q.context(ctx)
	if st := q.bound(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return q.tx.QueryContext(ctx, query, args...)
}

func (q txQuerier) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	ctx = q.context(ctx)
	if st := q.bound(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return q.tx.QueryRowContext(ctx, query, args...)
}
