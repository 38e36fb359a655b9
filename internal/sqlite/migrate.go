package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"time"
)

// migrations holds the schema changes, applied in file-name order. The
// postgres package has a file of the same name for each.
//
//go:embed migrations/*.sql
var migrations embed.FS

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	name       TEXT PRIMARY KEY,
	applied_at INTEGER NOT NULL
)`

// migrate applies, in name order, the migrations the database has not
// recorded in schema_migrations.
func migrate(ctx context.Context, db *sql.DB) error {
	return migrateFrom(ctx, db, migrations, "migrations")
}

// migrateFrom applies the migrations of dir in fsys that db lacks.
func migrateFrom(ctx context.Context, db *sql.DB, fsys fs.FS, dir string) error {
	files, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return fmt.Errorf("sqlite: read migrations: %w", err)
	}
	for _, f := range files {
		if err := applyMigration(ctx, db, fsys, dir+"/"+f.Name()); err != nil {
			return fmt.Errorf("sqlite: migration %s: %w", f.Name(), err)
		}
	}
	return nil
}

// applyMigration applies one migration and records it, in one transaction.
// The transaction begins IMMEDIATE and so holds the write lock throughout:
// two processes opening the same new database cannot both apply it.
func applyMigration(ctx context.Context, db *sql.DB, fsys fs.FS, file string) error {
	name := path.Base(file)
	body, err := fs.ReadFile(fsys, file)
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, createMigrationsTable); err != nil {
		return err
	}
	var applied bool
	err = tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE name = ?)`, name).Scan(&applied)
	if err != nil || applied {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`,
		name, time.Now().UnixMicro())
	if err != nil {
		return err
	}
	return tx.Commit()
}
