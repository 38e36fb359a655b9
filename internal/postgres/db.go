// Package postgres implements the stores on PostgreSQL with pgx and its
// connection pool.
//
// The SQLite store is written against database/sql and this one against
// pgx's native interface, so the two cannot share Go code for running a
// query; they mirror each other instead (the same file names, the same
// list/filter/page helpers in list.go, the same failure.translate in
// errors.go), and internal/storetest, which both pass, is the contract. Moving
// this package to pgx/stdlib would let the mirrored plumbing (about 100 lines
// of list.go and errors.go in each) become one, but not the statements, which
// differ by dialect wherever they matter: $n and @name against ? and :name
// placeholders, timestamptz against INTEGER microseconds, jsonb and arrays
// against JSON text, and the PostgreSQL-only forms (DISTINCT ON when
// touching keys, FOR UPDATE SKIP LOCKED for the webhook outbox's leases,
// = ANY over array arguments where SQLite reads a JSON list with
// json_each). And the
// package uses what database/sql does not offer:
//
//   - COPY (pgx CopyFrom) writes each batch of API-log entries and bodies in
//     one round trip (usage.go); database/sql has no COPY, so it would mean
//     unwrapping the connection to pgx (sql.Conn.Raw) or multi-row INSERTs;
//   - pgx.Batch pipelines the usage rollups and new webhook deliveries of a
//     transaction in one round trip (usage.go, webhook.go);
//   - LISTEN/NOTIFY for cache invalidation holds one dedicated *pgx.Conn
//     and waits with WaitForNotification (notify.go), which database/sql
//     cannot express without unwrapping to pgx anyway;
//   - every pooled connection registers a timestamptz codec that scans in
//     UTC (scanTimesInUTC), and pgx marshals slices and maps to jsonb
//     itself, which columns.go relies on.
//
// The errors are not a reason either way: pgx/stdlib returns the same
// *pgconn.PgError SQLSTATEs that errors.go maps to hive codes.
package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/hive-platform/hive/internal/apikey"
)

// Store implements apikey.Store on PostgreSQL.
type Store struct {
	pool *pgxpool.Pool
	tx   pgx.Tx // set when the Store is bound to a transaction
}

var _ apikey.Store = (*Store)(nil)

// querier is what *pgxpool.Pool and pgx.Tx have in common, so that every
// method runs the same statements inside and outside a transaction.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Open connects to the database at url and applies the migrations it lacks.
// Parameters pgx does not know, such as search_path=schema, are sent to the
// server as run-time parameters of every connection.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse url: %w", err)
	}
	cfg.AfterConnect = scanTimesInUTC
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return &Store{pool: pool}, nil
}

// scanTimesInUTC makes timestamptz values scan in UTC, as the store
// promises, rather than in the process's local time zone.
func scanTimesInUTC(_ context.Context, conn *pgx.Conn) error {
	conn.TypeMap().RegisterType(&pgtype.Type{
		Name:  "timestamptz",
		OID:   pgtype.TimestamptzOID,
		Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC},
	})
	return nil
}

// db returns where a statement runs: the transaction if there is one, and
// the pool otherwise.
func (s *Store) db() querier {
	if s.tx != nil {
		return s.tx
	}
	return s.pool
}

// WithinTx runs fn in a transaction on one connection of the pool.
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
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer tx.Rollback(ctx)
	if err := fn(&Store{pool: s.pool, tx: tx}); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: commit: %w", err)
	}
	return nil
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("postgres: ping: %w", err)
	}
	return nil
}

// Close closes the pool. On a Store bound to a transaction it does nothing:
// the Store that began the transaction owns the pool.
func (s *Store) Close() error {
	if s.tx == nil {
		s.pool.Close()
	}
	return nil
}
