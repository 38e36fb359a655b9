package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migrations holds the schema changes, applied in file-name order. The
// sqlite package has a file of the same name for each.
//
//go:embed migrations/*.sql
var migrations embed.FS

// migrationLock is the advisory lock that serialises migrations, so that
// servers starting together against a new database apply each one once.
const migrationLock = 0x68697665 // "hive"

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	name       text PRIMARY KEY,
	applied_at timestamptz NOT NULL DEFAULT now()
)`

// migrate applies, in name order, the migrations the database has not
// recorded in schema_migrations.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	files, err := fs.ReadDir(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("postgres: read migrations: %w", err)
	}
	for _, f := range files {
		if err := applyMigration(ctx, pool, f.Name()); err != nil {
			return fmt.Errorf("postgres: migration %s: %w", f.Name(), err)
		}
	}
	return nil
}

// applyMigration applies one migration and records it, in one transaction
// that holds the migration lock throughout.
func applyMigration(ctx context.Context, pool *pgxpool.Pool, name string) error {
	body, err := migrations.ReadFile("migrations/" + name)
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, createMigrationsTable); err != nil {
			return err
		}
		var applied bool
		err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE name = $1)`, name).Scan(&applied)
		if err != nil || applied {
			return err
		}
		// Without arguments pgx uses the simple protocol, which runs a
		// file of several statements in one call.
		if _, err := tx.Exec(ctx, string(body)); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO schema_migrations (name) VALUES ($1)`, name)
		return err
	})
}
