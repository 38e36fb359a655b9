package sqlite

import (
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
