package session

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// Defaults of Config.
const (
	DefaultIdleTimeout = 12 * time.Hour
	DefaultMaxLifetime = 7 * 24 * time.Hour
	DefaultMaxFailures = 5
	DefaultFailWindow  = 15 * time.Minute
	DefaultLockFor     = 15 * time.Minute
)

// touchEvery is how stale LastSeenAt may grow before a request writes it:
// sliding the expiry on every page view would put a write on every request.
const touchEvery = time.Minute

// Config tunes a Service. Zero values take the defaults.
type Config struct {
	Now         func() time.Time
	IdleTimeout time.Duration // a session unused this long ends (12 h)
	MaxLifetime time.Duration // no session outlives this from sign-in (7 d)
	MaxFailures int           // failed sign-ins per account per FailWindow before a lock (5)
	FailWindow  time.Duration // (15 min)
	LockFor     time.Duration // how long a lock lasts (15 min)
}

// Service starts, finds and ends sessions, and locks accounts out after
// repeated failed sign-ins.
type Service struct {
	store Store
	cfg   Config
}

// NewService returns a Service over store.
func NewService(store Store, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.IdleTimeout = orDefault(cfg.IdleTimeout, DefaultIdleTimeout)
	cfg.MaxLifetime = orDefault(cfg.MaxLifetime, DefaultMaxLifetime)
	cfg.FailWindow = orDefault(cfg.FailWindow, DefaultFailWindow)
	cfg.LockFor = orDefault(cfg.LockFor, DefaultLockFor)
	if cfg.MaxFailures <= 0 {
		cfg.MaxFailures = DefaultMaxFailures
	}
	return &Service{store: store, cfg: cfg}
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func (s *Service) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Microsecond) }

// errNoSession is what every unknown, malformed or expired id gets, so the
// answer tells nothing about which ids once existed.
var errNoSession = hive.Unauthorized("session_invalid", "Your session has ended. Sign in again.")

// Start creates a session for the tenant's user and returns the id to put
// in the cookie. The id exists only in this return value.
func (s *Service) Start(ctx context.Context, tenantID, userID, ip, userAgent string) (string, *Session, error) {
	var raw [32]byte
	rand.Read(raw[:])
	id := base64.RawURLEncoding.EncodeToString(raw[:])
	now := s.now()
	sess := &Session{Hash: sha256.Sum256([]byte(id)), TenantID: tenantID, UserID: userID,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(s.cfg.IdleTimeout),
		IP: ip, UserAgent: truncate(userAgent, 512)}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return "", nil, fmt.Errorf("start session: %w", err)
	}
	return id, sess, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// Lookup returns the live session with the given id and slides its expiry.
// Unknown and expired ids are EUNAUTHORIZED; an expired session is deleted.
func (s *Service) Lookup(ctx context.Context, id string) (*Session, error) {
	if len(id) != 43 {
		return nil, errNoSession
	}
	sess, err := s.store.SessionByHash(ctx, sha256.Sum256([]byte(id)))
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return nil, errNoSession
	} else if err != nil {
		return nil, err
	}
	now := s.now()
	if !now.Before(sess.ExpiresAt) {
		if err := s.store.DeleteSession(ctx, sess.Hash); err != nil {
			return nil, err
		}
		return nil, errNoSession
	}
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		sess.LastSeenAt = now
		sess.ExpiresAt = now.Add(s.cfg.IdleTimeout)
		if end := sess.CreatedAt.Add(s.cfg.MaxLifetime); end.Before(sess.ExpiresAt) {
			sess.ExpiresAt = end
		}
		if err := s.store.TouchSession(ctx, sess); err != nil && hive.ErrorCode(err) != hive.ENOTFOUND {
			return nil, err
		}
	}
	return sess, nil
}

// End deletes the session with the given id, if there is one.
func (s *Service) End(ctx context.Context, id string) error {
	return s.store.DeleteSession(ctx, sha256.Sum256([]byte(id)))
}

// EndUser ends every session of the tenant's user, as when their role
// changes.
func (s *Service) EndUser(ctx context.Context, tenantID, userID string) error {
	return s.store.DeleteUserSessions(ctx, tenantID, userID)
}

// Purge deletes expired sessions and returns how many.
func (s *Service) Purge(ctx context.Context) (int, error) {
	return s.store.DeleteExpiredSessions(ctx, s.now())
}

// CSRFToken returns the form token of the session with the given id. It is
// derived from the id rather than stored: only the holder of the cookie can
// know it, and a token read from one page works on every form of the
// session.
func CSRFToken(id string) string {
	sum := sha256.Sum256([]byte("hive console csrf\x00" + id))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// Account names the account a sign-in attempt is for in the throttle.
func Account(tenantSlug, email string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(tenantSlug)) + "\x00" +
		strings.ToLower(strings.TrimSpace(email))))
	return hex.EncodeToString(sum[:])
}

// CheckLock returns ERATELIMITED, saying when to try again, if account is
// locked out.
func (s *Service) CheckLock(ctx context.Context, account string) error {
	t, err := s.store.LoginThrottle(ctx, account)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return nil
	} else if err != nil {
		return err
	}
	return s.lockError(t)
}

func (s *Service) lockError(t *Throttle) error {
	now := s.now()
	if t.LockedUntil == nil || !now.Before(*t.LockedUntil) {
		return nil
	}
	mins := int(t.LockedUntil.Sub(now).Round(time.Minute) / time.Minute)
	return hive.Errorf(hive.ERATELIMITED,
		"Too many failed sign-ins for this account. It is locked for %d more minute(s); try again later or ask an owner to reset your password.",
		max(mins, 1)).WithDetails("retry_after", int(t.LockedUntil.Sub(now).Seconds()+0.999),
		"locked_until", t.LockedUntil.Format(time.RFC3339))
}

// Failed counts a failed sign-in of account. When it is the MaxFailures-th
// within FailWindow, the account is locked for LockFor and the lock error is
// returned.
func (s *Service) Failed(ctx context.Context, account string) error {
	var t *Throttle
	err := s.store.WithinSessionTx(ctx, func(tx Store) error {
		var err error
		t, err = tx.LoginThrottle(ctx, account)
		now := s.now()
		switch {
		case hive.ErrorCode(err) == hive.ENOTFOUND:
			t = &Throttle{Account: account, WindowStart: now}
		case err != nil:
			return err
		case now.Sub(t.WindowStart) >= s.cfg.FailWindow:
			t.Failures, t.WindowStart = 0, now
		}
		t.Failures++
		if t.Failures >= s.cfg.MaxFailures {
			until := now.Add(s.cfg.LockFor)
			t.LockedUntil, t.Failures, t.WindowStart = &until, 0, now
		}
		return tx.SaveLoginThrottle(ctx, t)
	})
	if err != nil {
		return err
	}
	return s.lockError(t)
}

// Succeeded forgets the account's failures.
func (s *Service) Succeeded(ctx context.Context, account string) error {
	return s.store.DeleteLoginThrottle(ctx, account)
}
