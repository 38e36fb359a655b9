// Package sqlite implements the stores on SQLite with modernc.org/sqlite, a
// driver that needs no cgo.
//
// SQLite lets one connection write at a time. Rather than let writers collide
// and retry on SQLITE_BUSY, every write and every transaction goes through a
// single connection and queues in Go; reads outside a transaction use a pool
// of read-only connections, which WAL mode lets run beside the writer.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/hive-platform/hive/internal/apikey"
)

// readerConns is the size of the read pool. Reads are short indexed lookups,
// but a door swipe makes several of them, and a reader whose goroutine waits
// for a CPU holds its connection meanwhile: with 32 controllers swiping, 8
// connections cut the swipes' waits for one (BenchmarkAccessControllers).
const readerConns = 8

// Store implements apikey.Store on SQLite.
type Store struct {
	writer *sql.DB   // one connection: all writes and transactions
	reader *sql.DB   // read-only pool for reads outside a transaction
	tx     *sql.Tx   // set when the Store is bound to a transaction
	misses *[]string // queries the transaction ran unprepared
	// detached is set in a group commit's transaction, whose statements
	// ignore their callers' cancellation: see transactGrouped.
	detached bool
	group    *groupCommit // the door writes' group commit; nil on the API log

	readStmts  *stmtCache // prepared statements of the read pool
	writeStmts *stmtCache // prepared statements of the writer connection

	// keyByHash is KeyByHash's query, prepared on the read pool. It runs
	// whenever a request presents a key, and preparing it once makes the
	// lookup about 40% faster.
	keyByHash *sql.Stmt

	apilog      *Store // the API log's own database: see apilog.go
	checkpoints *checkpointer
}

var _ apikey.Store = (*Store)(nil)

// querier is what *sql.DB and *sql.Tx have in common, so that every method
// runs the same statements inside and outside a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Open opens the database at path, creating it and its directory if needed,
// and applies the migrations it lacks. Two processes may open one database,
// but not create it at the same moment: SQLite does not wait for a lock when
// it switches a new database to WAL, so one of them may fail with
// SQLITE_BUSY.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("sqlite: create directory: %w", err)
	}
	// _txlock=immediate makes BEGIN take the write lock at once, so a
	// transaction that reads before it writes cannot fail half-way with
	// SQLITE_BUSY when it upgrades its lock.
	writer, err := openPool(path, 1, "_txlock", "immediate",
		fmt.Sprintf("wal_autocheckpoint(%d)", writerAutoCheckpoint))
	if err != nil {
		return nil, err
	}
	if err := migrate(ctx, writer); err != nil {
		writer.Close()
		return nil, err
	}
	s := &Store{writer: writer, writeStmts: newStmtCache(writer), group: &groupCommit{}}
	if err := s.openReader(ctx, path); err != nil {
		writer.Close()
		return nil, err
	}
	if s.checkpoints, err = startCheckpointer(path); err != nil {
		s.Close()
		return nil, err
	}
	if s.apilog, err = openLog(ctx, LogPath(path)); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// openReader opens the read pool and prepares the query it runs most.
func (s *Store) openReader(ctx context.Context, path string) error {
	reader, err := openPool(path, readerConns, "_query_only", "1")
	if err != nil {
		return err
	}
	s.reader = reader
	s.readStmts = newStmtCache(reader)
	s.keyByHash, err = reader.PrepareContext(ctx, selectKeyByHash)
	if err != nil {
		reader.Close()
		return fmt.Errorf("sqlite: open readers: %w", err)
	}
	return nil
}

// openPool returns a pool of at most conns connections to path, with one
// extra driver parameter (none if param is "") and extra pragmas. Every
// connection gets the pragmas below; the driver runs busy_timeout first, so
// that the others wait for a lock instead of failing, then the rest in name
// order. synchronous=NORMAL is safe in WAL mode: a crash may lose the last
// commits but never corrupts the database.
func openPool(path string, conns int, param, value string, pragmas ...string) (*sql.DB, error) {
	q := url.Values{
		"_pragma": append([]string{"busy_timeout(5000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(ON)"},
			pragmas...),
	}
	if param != "" {
		q.Set(param, value)
	}
	db, err := sql.Open("sqlite", path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	return db, nil
}

// reads returns where a read runs: the transaction if there is one, so that
// it sees the transaction's own writes, and the read pool otherwise.
func (s *Store) reads() querier {
	if s.tx != nil {
		return txQuerier{s.tx, s.writeStmts, s.misses, s.detached}
	}
	return pool{s.readStmts}
}

// writes returns where a write runs: the transaction if there is one, and
// the writer connection otherwise.
func (s *Store) writes() querier {
	if s.tx != nil {
		return txQuerier{s.tx, s.writeStmts, s.misses, s.detached}
	}
	return pool{s.writeStmts}
}

// WithinTx runs fn in a transaction on the writer connection. Inside fn, use
// only the Store fn is given: the writer is busy with the transaction, so a
// write through the outer Store would wait for it forever.
func (s *Store) WithinTx(ctx context.Context, fn func(tx apikey.Store) error) error {
	return s.transact(ctx, func(tx *Store) error { return fn(tx) })
}

// transact runs fn in s's transaction, or in a new one that is committed if
// fn returns nil. The deferred Rollback also undoes the work of a panicking
// fn; after a Commit it does nothing.
func (s *Store) transact(ctx context.Context, fn func(tx *Store) error) error {
	if s.tx != nil {
		return fn(s)
	}
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	defer tx.Rollback()
	bound := *s
	bound.tx, bound.misses = tx, new([]string)
	if err := fn(&bound); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	// The connection is free again: prepare what the transaction missed, so
	// the next one finds it cached.
	for _, q := range *bound.misses {
		s.writeStmts.stmt(ctx, q)
	}
	return nil
}

// Ping reports whether the database answers. It asks the read pool, so that
// a health check does not queue behind a long write.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.reader.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	return nil
}

// Close closes the database. On a Store bound to a transaction it does
// nothing: the Store that began the transaction owns the database.
func (s *Store) Close() error {
	if s.tx != nil {
		return nil
	}
	var errs []error
	if s.checkpoints != nil {
		errs = append(errs, s.checkpoints.close())
	}
	if s.apilog != nil {
		errs = append(errs, s.apilog.Close())
	}
	if s.keyByHash != nil {
		errs = append(errs, s.keyByHash.Close())
	}
	return errors.Join(append(errs, s.readStmts.close(), s.writeStmts.close(), s.reader.Close(), s.writer.Close())...)
}
