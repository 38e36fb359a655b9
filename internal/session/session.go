// Package session holds console sign-in sessions and the lockout of
// accounts after repeated failed sign-ins.
//
// A session id is 32 random bytes handed to the browser once, in a cookie;
// the database keeps only its SHA-256, so a leaked backup or log of the
// sessions table cannot be replayed. Sessions slide: each use pushes the
// expiry IdleTimeout ahead, but never past MaxLifetime after sign-in.
package session

import (
	"context"
	"time"
)

// Session is a signed-in console user.
type Session struct {
	Hash       [32]byte // SHA-256 of the id in the cookie
	TenantID   string
	UserID     string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time // the sliding expiry; never after CreatedAt + MaxLifetime
	IP         string
	UserAgent  string
}

// Throttle counts the failed sign-ins of one account. Account is a hash of
// the tenant slug and email typed, so that mistyped emails (or passwords
// pasted into the email field) are not kept in clear.
type Throttle struct {
	Account     string
	Failures    int       // failures since WindowStart
	WindowStart time.Time // when the current counting window began
	LockedUntil *time.Time
}

// Store persists sessions and throttles. Errors are *hive.Error with the
// codes stated; anything else is internal. Times are returned in UTC with
// microsecond precision.
type Store interface {
	// WithinSessionTx runs fn with a Store bound to one transaction,
	// committing if fn returns nil.
	WithinSessionTx(ctx context.Context, fn func(tx Store) error) error

	// CreateSession inserts s.
	CreateSession(ctx context.Context, s *Session) error
	// SessionByHash returns the session with that hash, expired or not;
	// ENOTFOUND if there is none.
	SessionByHash(ctx context.Context, hash [32]byte) (*Session, error)
	// TouchSession saves LastSeenAt and ExpiresAt of the session with s's
	// hash. ENOTFOUND if there is none.
	TouchSession(ctx context.Context, s *Session) error
	// DeleteSession deletes the session with that hash; deleting an absent
	// session is not an error.
	DeleteSession(ctx context.Context, hash [32]byte) error
	// DeleteUserSessions deletes every session of the tenant's user.
	DeleteUserSessions(ctx context.Context, tenantID, userID string) error
	// DeleteExpiredSessions deletes sessions whose ExpiresAt is not after
	// before, and returns how many it deleted.
	DeleteExpiredSessions(ctx context.Context, before time.Time) (int, error)

	// LoginThrottle returns the account's throttle; ENOTFOUND if it has
	// none.
	LoginThrottle(ctx context.Context, account string) (*Throttle, error)
	// SaveLoginThrottle inserts or replaces t.
	SaveLoginThrottle(ctx context.Context, t *Throttle) error
	// DeleteLoginThrottle forgets the account's failures; deleting an absent
	// throttle is not an error.
	DeleteLoginThrottle(ctx context.Context, account string) error
}
