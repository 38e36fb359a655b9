package hive

import (
	"errors"
	"fmt"
	"net/http"
)

// Error codes. They are part of the public API and are never renamed.
const (
	EINVALID      = "invalid_request"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	ERATELIMITED  = "rate_limited"
	EMETHOD       = "method_not_allowed"
	EUNAVAILABLE  = "unavailable"
	EINTERNAL     = "internal"
)

// UnavailableRetrySeconds is the Retry-After of an EUNAVAILABLE answer: a
// database restart or failover usually takes a few seconds.
const UnavailableRetrySeconds = 2

// Reasons carried in details.reason of a 401 response.
const (
	ReasonKeyMissing     = "api_key_missing"
	ReasonKeyMalformed   = "api_key_malformed"
	ReasonKeyInvalid     = "api_key_invalid"
	ReasonKeyExpired     = "api_key_expired"
	ReasonKeyRevoked     = "api_key_revoked"
	ReasonKeyDisabled    = "api_key_disabled"
	ReasonBearerMissing  = "bearer_prefix_missing"
	ReasonUserIDMismatch = "user_id_mismatch"
	ReasonIPNotAllowed   = "ip_not_allowed"
	ReasonTenantMismatch = "tenant_mismatch"
	ReasonBadCredentials = "invalid_credentials"
	// ReasonQueryKeyRefused: a key came as ?api_key= where it may not.
	ReasonQueryKeyRefused = "api_key_in_query_refused"
)

// Error is the application error. Message is safe to show the caller; Err is
// the cause and is only logged.
type Error struct {
	Code    string         // machine-readable, one of the E* constants
	Message string         // human-readable, safe to return
	Details map[string]any // optional machine-readable details
	Err     error          // underlying cause, never returned to callers
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WithDetails returns e with the given detail set, for chaining.
func (e *Error) WithDetails(kv ...any) *Error {
	if e.Details == nil {
		e.Details = make(map[string]any, len(kv)/2)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		e.Details[kv[i].(string)] = kv[i+1]
	}
	return e
}

// Unauthorized returns a 401 error carrying reason in its details.
func Unauthorized(reason, message string) *Error {
	return &Error{Code: EUNAUTHORIZED, Message: message, Details: map[string]any{"reason": reason}}
}

// Unavailable returns the error of a store that cannot be reached (refused
// or dropped connections, a timeout waiting for one, a database that is
// shutting down, a SQLite file locked past its busy timeout or a failing
// disk): the request was not done, and the same request may succeed a few
// seconds later. Its details carry retry_after, which the API sends as
// Retry-After.
func Unavailable(cause error) *Error {
	return &Error{Code: EUNAVAILABLE, Err: cause,
		Message: "The database is unavailable right now, so nothing was changed; retry after a few seconds",
		Details: map[string]any{"retry_after": UnavailableRetrySeconds}}
}

// FieldError is a 400 naming the offending field and how to fix it.
func FieldError(field, format string, args ...any) *Error {
	msg := fmt.Sprintf(format, args...)
	return &Error{Code: EINVALID, Message: field + ": " + msg,
		Details: map[string]any{"field": field, "problem": msg}}
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the public message of err, or a generic one for
// internal errors so that causes never leak.
func ErrorMessage(err error) string {
	if e, ok := errors.AsType[*Error](err); ok && e.Code != EINTERNAL {
		return e.Message
	}
	return "An internal error occurred. Try again; if it persists, contact support with the request id."
}

// ErrorDetails returns the details of the first *Error in err's chain.
func ErrorDetails(err error) map[string]any {
	if e, ok := errors.AsType[*Error](err); ok && e.Code != EINTERNAL {
		return e.Details
	}
	return nil
}

// HTTPStatus is the HTTP status that answers an error with code, for the
// JSON API and the console alike.
func HTTPStatus(code string) int {
	switch code {
	case EINVALID:
		return http.StatusBadRequest
	case EUNAUTHORIZED:
		return http.StatusUnauthorized
	case EFORBIDDEN:
		return http.StatusForbidden
	case ENOTFOUND:
		return http.StatusNotFound
	case ECONFLICT:
		return http.StatusConflict
	case ERATELIMITED:
		return http.StatusTooManyRequests
	case EMETHOD:
		return http.StatusMethodNotAllowed
	case EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}
