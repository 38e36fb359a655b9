package storetest

import (
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/session"
)

// SessionOpener returns an empty, migrated database as its key store (to
// seed tenants and users) and its session store.
type SessionOpener func(t *testing.T) (apikey.Store, session.Store)

// RunSession runs the conformance suite of session.Store.
func RunSession(t *testing.T, open SessionOpener) {
	tests := []struct {
		name string
		run  func(t *testing.T, f *sessionFixture)
	}{
		{"RoundTrip", testSessionRoundTrip},
		{"Touch", testSessionTouch},
		{"Delete", testSessionDelete},
		{"DeleteExpired", testSessionDeleteExpired},
		{"Throttle", testSessionThrottle},
		{"WithinTx", testSessionWithinTx},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			keys, sessions := open(t)
			f := &sessionFixture{fixture: &fixture{t: t, ctx: t.Context(), s: keys, clock: clock{now: t0}}, ss: sessions}
			f.a = f.seedTenant("acme")
			f.b = f.seedTenant("globex")
			tt.run(t, f)
		})
	}
}

type sessionFixture struct {
	*fixture
	ss session.Store
}

// newSession saves a session of ten's owner expiring ttl from now.
func (f *sessionFixture) newSession(ten tenant, id string, ttl time.Duration) *session.Session {
	f.t.Helper()
	now := f.clock.tick()
	s := &session.Session{Hash: sha256.Sum256([]byte(id)), TenantID: ten.ID, UserID: ten.user.ID,
		CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(ttl), IP: "203.0.113.7", UserAgent: "Firefox"}
	f.must(f.ss.CreateSession(f.ctx, s))
	return s
}

func testSessionRoundTrip(t *testing.T, f *sessionFixture) {
	want := f.newSession(f.a, "one", time.Hour)
	got, err := f.ss.SessionByHash(f.ctx, want.Hash)
	f.must(err)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("SessionByHash (-want +got):\n%s", d)
	}
	if _, err := f.ss.SessionByHash(f.ctx, sha256.Sum256([]byte("absent"))); hive.ErrorCode(err) != hive.ENOTFOUND {
		t.Errorf("SessionByHash of an unknown hash = %v, want ENOTFOUND", err)
	}
}

func testSessionTouch(t *testing.T, f *sessionFixture) {
	s := f.newSession(f.a, "one", time.Hour)
	s.LastSeenAt = f.clock.tick()
	s.ExpiresAt = s.LastSeenAt.Add(2 * time.Hour)
	f.must(f.ss.TouchSession(f.ctx, s))
	got, err := f.ss.SessionByHash(f.ctx, s.Hash)
	f.must(err)
	if d := cmp.Diff(s, got); d != "" {
		t.Errorf("after TouchSession (-want +got):\n%s", d)
	}
	gone := &session.Session{Hash: sha256.Sum256([]byte("absent")), LastSeenAt: t0, ExpiresAt: t0}
	if err := f.ss.TouchSession(f.ctx, gone); hive.ErrorCode(err) != hive.ENOTFOUND {
		t.Errorf("TouchSession of an unknown hash = %v, want ENOTFOUND", err)
	}
}

func testSessionDelete(t *testing.T, f *sessionFixture) {
	one := f.newSession(f.a, "one", time.Hour)
	two := f.newSession(f.a, "two", time.Hour)
	other := f.newSession(f.b, "three", time.Hour)
	f.must(f.ss.DeleteSession(f.ctx, one.Hash))
	f.must(f.ss.DeleteSession(f.ctx, one.Hash)) // absent: not an error
	f.must(f.ss.DeleteUserSessions(f.ctx, f.a.ID, f.a.user.ID))
	for _, s := range []*session.Session{one, two} {
		if _, err := f.ss.SessionByHash(f.ctx, s.Hash); hive.ErrorCode(err) != hive.ENOTFOUND {
			t.Errorf("deleted session found: %v", err)
		}
	}
	if _, err := f.ss.SessionByHash(f.ctx, other.Hash); err != nil {
		t.Errorf("the other tenant's session: %v, want it kept", err)
	}
}

func testSessionDeleteExpired(t *testing.T, f *sessionFixture) {
	old := f.newSession(f.a, "old", time.Second)
	live := f.newSession(f.b, "live", time.Hour)
	n, err := f.ss.DeleteExpiredSessions(f.ctx, old.ExpiresAt)
	f.must(err)
	if n != 1 {
		t.Errorf("DeleteExpiredSessions deleted %d, want 1", n)
	}
	if _, err := f.ss.SessionByHash(f.ctx, live.Hash); err != nil {
		t.Errorf("live session: %v, want it kept", err)
	}
}

func testSessionThrottle(t *testing.T, f *sessionFixture) {
	if _, err := f.ss.LoginThrottle(f.ctx, "acct"); hive.ErrorCode(err) != hive.ENOTFOUND {
		t.Fatalf("LoginThrottle before any failure = %v, want ENOTFOUND", err)
	}
	want := &session.Throttle{Account: "acct", Failures: 2, WindowStart: f.clock.tick()}
	f.must(f.ss.SaveLoginThrottle(f.ctx, want))
	until := f.clock.tick()
	want.Failures, want.LockedUntil = 0, &until
	f.must(f.ss.SaveLoginThrottle(f.ctx, want))
	got, err := f.ss.LoginThrottle(f.ctx, "acct")
	f.must(err)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("LoginThrottle after saving twice (-want +got):\n%s", d)
	}
	f.must(f.ss.DeleteLoginThrottle(f.ctx, "acct"))
	f.must(f.ss.DeleteLoginThrottle(f.ctx, "acct"))
	if _, err := f.ss.LoginThrottle(f.ctx, "acct"); hive.ErrorCode(err) != hive.ENOTFOUND {
		t.Errorf("LoginThrottle after delete = %v, want ENOTFOUND", err)
	}
}

func testSessionWithinTx(t *testing.T, f *sessionFixture) {
	boom := errors.New("boom")
	err := f.ss.WithinSessionTx(f.ctx, func(tx session.Store) error {
		f.must(tx.SaveLoginThrottle(f.ctx, &session.Throttle{Account: "acct", Failures: 1, WindowStart: t0}))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("WithinSessionTx = %v, want fn's error", err)
	}
	if _, err := f.ss.LoginThrottle(f.ctx, "acct"); hive.ErrorCode(err) != hive.ENOTFOUND {
		t.Errorf("throttle saved in a rolled-back transaction: %v", err)
	}
}
