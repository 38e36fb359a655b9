package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/hive-platform/hive/internal/hive"
)

// failure names what a statement's failures become. A field left empty
// means the method's contract names no such error, and the driver error is
// then wrapped as an internal one.
type failure struct {
	op       string // what was being done, e.g. "create key"
	notFound string // public message when no row matched
	conflict string // public message when a unique index rejected the row
}

// translate is the one place driver errors become the codes of the
// apikey.Store contract, so that no caller sees sql.ErrNoRows or a driver
// type. It returns nil for a nil err.
func (f failure) translate(err error) error {
	switch {
	case err == nil:
		return nil
	case IsUnavailable(err):
		return hive.Unavailable(fmt.Errorf("sqlite: %s: %w", f.op, err))
	case f.notFound != "" && errors.Is(err, sql.ErrNoRows):
		return hive.Errorf(hive.ENOTFOUND, "%s", f.notFound)
	case f.conflict != "" && isUniqueViolation(err):
		return &hive.Error{Code: hive.ECONFLICT, Message: f.conflict, Err: err}
	}
	return fmt.Errorf("sqlite: %s: %w", f.op, err)
}

// isUniqueViolation reports whether a UNIQUE index rejected a row. A
// duplicate primary key has its own code and is not reported: IDs are random,
// so a duplicate is a bug, not a conflict the caller can resolve.
func isUniqueViolation(err error) bool {
	e, ok := errors.AsType[*msqlite.Error](err)
	return ok && e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
}

// ClassifyError returns hive.Unavailable(err) when err says the database
// file could not be used, and err otherwise. The API applies it to every
// error it answers, so that a driver error no store method translated
// still becomes a 503 rather than a 500.
func ClassifyError(err error) error {
	if err != nil && hive.ErrorCode(err) == hive.EINTERNAL && IsUnavailable(err) {
		return hive.Unavailable(err)
	}
	return err
}

// IsUnavailable reports whether err means the database file could not be
// used right now rather than that the statement was wrong: still locked
// after busy_timeout, an I/O error, a full disk, a file that cannot be
// opened, or a deadline that ran out waiting for a connection.
func IsUnavailable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	if e, ok := errors.AsType[*msqlite.Error](err); ok {
		switch e.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN:
			return true
		}
		return false
	}
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, sql.ErrConnDone)
}
