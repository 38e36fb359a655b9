package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
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
	case IsUnavailable(err):
		return hive.Unavailable(fmt.Errorf("postgres: %s: %w", f.op, err))
	case isDataError(err):
		return &hive.Error{Code: hive.EINVALID, Err: fmt.Errorf("postgres: %s: %w", f.op, err),
			Message: "A value in the request cannot be stored: text must be UTF-8 without NUL characters, and numbers within range"}
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

// isPrimaryKeyViolation reports whether a primary key rejected a row.
func isPrimaryKeyViolation(err error) bool {
	e, ok := errors.AsType[*pgconn.PgError](err)
	return ok && e.Code == uniqueViolation && strings.HasSuffix(e.ConstraintName, "_pkey")
}

// ClassifyError returns hive.Unavailable(err) when err says PostgreSQL could
// not be reached, and err otherwise. The API applies it to every error it
// answers, so that a driver error that no store method translated still
// becomes a 503 rather than a 500.
func ClassifyError(err error) error {
	if err != nil && hive.ErrorCode(err) == hive.EINTERNAL && IsUnavailable(err) {
		return hive.Unavailable(err)
	}
	return err
}

// IsUnavailable reports whether err means the database could not be
// reached or is going away, rather than that it refused the statement: a
// failed connect, a connection closed or timed out under the statement, a
// timeout waiting for a pooled connection, a server shutting down or
// starting up (SQLSTATE classes 08 and 57P), or one out of connections
// (class 53). These are the errors a retry a few seconds later may cure.
func IsUnavailable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	if e, ok := errors.AsType[*pgconn.PgError](err); ok {
		return strings.HasPrefix(e.Code, "08") || strings.HasPrefix(e.Code, "57P") || strings.HasPrefix(e.Code, "53")
	}
	if _, ok := errors.AsType[*pgconn.ConnectError](err); ok {
		return true
	}
	if _, ok := errors.AsType[net.Error](err); ok {
		return true
	}
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, net.ErrClosed) || pgconn.Timeout(err) || pgconn.SafeToRetry(err) ||
		strings.Contains(err.Error(), "closed pool") || strings.Contains(err.Error(), "conn closed")
}

// isDataError reports whether PostgreSQL refused a value itself (SQLSTATE
// class 22, data exception): text with a NUL or invalid UTF-8, a number out
// of range. Such a statement fails the same way however often it is tried.
func isDataError(err error) bool {
	e, ok := errors.AsType[*pgconn.PgError](err)
	return ok && strings.HasPrefix(e.Code, "22")
}
