package postgres

import (
	"context"
	"time"

	"github.com/hive-platform/hive/internal/session"
)

// SessionStore implements session.Store on the Store's database.
type SessionStore struct{ s *Store }

// Sessions returns the console session store sharing s's pool, and s's
// transaction if it is bound to one.
func (s *Store) Sessions() *SessionStore { return &SessionStore{s} }

var _ session.Store = (*SessionStore)(nil)

// WithinSessionTx runs fn in a transaction on one connection of the pool.
func (c *SessionStore) WithinSessionTx(ctx context.Context, fn func(tx session.Store) error) error {
	return c.s.transact(ctx, func(tx *Store) error { return fn(&SessionStore{tx}) })
}

const sessionColumns = `hash, tenant_id, user_id, created_at, last_seen_at, expires_at, ip, user_agent`

const sessionNotFound = "session not found"

// CreateSession inserts sess.
func (c *SessionStore) CreateSession(ctx context.Context, sess *session.Session) error {
	_, err := c.s.db().Exec(ctx, `INSERT INTO console_sessions (`+sessionColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, sess.Hash[:], sess.TenantID, sess.UserID, sess.CreatedAt,
		sess.LastSeenAt, sess.ExpiresAt, sess.IP, sess.UserAgent)
	return failure{op: "create session"}.translate(err)
}

// SessionByHash returns the session with hash h, or ENOTFOUND.
func (c *SessionStore) SessionByHash(ctx context.Context, h [32]byte) (*session.Session, error) {
	var sess session.Session
	err := c.s.db().QueryRow(ctx, `SELECT `+sessionColumns+` FROM console_sessions WHERE hash = $1`, h[:]).
		Scan(hash(&sess.Hash), &sess.TenantID, &sess.UserID, &sess.CreatedAt, &sess.LastSeenAt,
			&sess.ExpiresAt, &sess.IP, &sess.UserAgent)
	if err != nil {
		return nil, failure{op: "session by hash", notFound: sessionNotFound}.translate(err)
	}
	return &sess, nil
}

// TouchSession saves the session's LastSeenAt and ExpiresAt, or returns
// ENOTFOUND.
func (c *SessionStore) TouchSession(ctx context.Context, sess *session.Session) error {
	err := c.s.db().QueryRow(ctx, `UPDATE console_sessions SET last_seen_at = $1, expires_at = $2
		WHERE hash = $3 RETURNING 1`, sess.LastSeenAt, sess.ExpiresAt, sess.Hash[:]).Scan(new(int))
	return failure{op: "touch session", notFound: sessionNotFound}.translate(err)
}

// DeleteSession deletes the session with hash h, if any.
func (c *SessionStore) DeleteSession(ctx context.Context, h [32]byte) error {
	_, err := c.s.db().Exec(ctx, `DELETE FROM console_sessions WHERE hash = $1`, h[:])
	return failure{op: "delete session"}.translate(err)
}

// DeleteUserSessions deletes every session of the tenant's user.
func (c *SessionStore) DeleteUserSessions(ctx context.Context, tenantID, userID string) error {
	_, err := c.s.db().Exec(ctx, `DELETE FROM console_sessions WHERE tenant_id = $1 AND user_id = $2`,
		tenantID, userID)
	return failure{op: "delete user sessions"}.translate(err)
}

// DeleteExpiredSessions deletes the sessions expired at before.
func (c *SessionStore) DeleteExpiredSessions(ctx context.Context, before time.Time) (int, error) {
	tag, err := c.s.db().Exec(ctx, `DELETE FROM console_sessions WHERE expires_at <= $1`, before)
	if err != nil {
		return 0, failure{op: "delete expired sessions"}.translate(err)
	}
	return int(tag.RowsAffected()), nil
}

// LoginThrottle returns the account's throttle, or ENOTFOUND.
func (c *SessionStore) LoginThrottle(ctx context.Context, account string) (*session.Throttle, error) {
	t := session.Throttle{Account: account}
	err := c.s.db().QueryRow(ctx, `SELECT failures, window_start, locked_until
		FROM console_login_throttles WHERE account = $1`, account).
		Scan(&t.Failures, &t.WindowStart, &t.LockedUntil)
	if err != nil {
		return nil, failure{op: "login throttle", notFound: "no failed sign-ins"}.translate(err)
	}
	return &t, nil
}

// SaveLoginThrottle inserts or replaces t.
func (c *SessionStore) SaveLoginThrottle(ctx context.Context, t *session.Throttle) error {
	_, err := c.s.db().Exec(ctx, `INSERT INTO console_login_throttles (account, failures, window_start, locked_until)
		VALUES ($1, $2, $3, $4) ON CONFLICT (account) DO UPDATE SET failures = excluded.failures,
		window_start = excluded.window_start, locked_until = excluded.locked_until`,
		t.Account, t.Failures, t.WindowStart, t.LockedUntil)
	return failure{op: "save login throttle"}.translate(err)
}

// DeleteLoginThrottle forgets the account's failures.
func (c *SessionStore) DeleteLoginThrottle(ctx context.Context, account string) error {
	_, err := c.s.db().Exec(ctx, `DELETE FROM console_login_throttles WHERE account = $1`, account)
	return failure{op: "delete login throttle"}.translate(err)
}
