package postgres

import (
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/hive-platform/hive/internal/hive"
)

// uniqueViolation is the SQLSTATE of a row rejected by a unique index.
const uniqueViolation = "23505"

// failure names what a statement's failures become. A field left empty
// means the method's contract names no such error, and the driver error is
// then wrapped as an internal one.
type failure struct {
	op       string // what was being done, e.g. "create key"
	notFound string // public message when no row matched
	conflict string // public message when a unique index rejected the row
}

// translate is the one place driver errors become the codes of the
// apikey.Store contract, so that no caller sees pgx.ErrNoRows or a
// *pgconn.PgError. It returns nil for a nil err.
func (f failure) translate(err error) error {
	switch {
	case err == nil:
		return nil
	case f.notFound != "" && errors.Is(err, pgx.ErrNoRows):
		return hive.Errorf(hive.ENOTFOUND, "%s", f.notFound)
	case f.conflict != "" && isUniqueViolation(err):
		return &hive.Error{Code: hive.ECONFLICT, Message: f.conflict, Err: err}
	}
	return fmt.Errorf("postgres: %s: %w", f.op, err)
}

// isUniqueViolation reports whether a unique index other than a primary key
// rejected a row. IDs are random, so a duplicate one is a bug, not a
// conflict the caller can resolve.
func isUniqueViolation(err error) bool {
	e, ok := errors.AsType[*pgconn.PgError](err)
	return ok && e.Code == uniqueViolation && !strings.HasSuffix(e.ConstraintName, "_pkey")
}
