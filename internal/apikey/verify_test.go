package apikey_test

import (
	"context"
	"net/netip"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/sqlite"
)

// lookupCounter counts KeyByHash calls and can stall one of them, to test a
// revocation racing a cache fill.
type lookupCounter struct {
	apikey.Store
	n     atomic.Int64
	stall func()
}

func (s *lookupCounter) KeyByHash(ctx context.Context, h [32]byte) (*apikey.Key, error) {
	s.n.Add(1)
	k, err := s.Store.KeyByHash(ctx, h)
	if s.stall != nil {
		s.stall()
	}
	return k, err
}

type fixture struct {
	store *lookupCounter
	svc   *apikey.Service
	owner *hive.Principal
	boot  *apikey.Bootstrap
	now   time.Time
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(tb.TempDir(), "hive.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	f := &fixture{store: &lookupCounter{Store: st}, now: time.Now()}
	f.svc = apikey.NewService(f.store, apikey.Config{BcryptCost: 4})
	f.boot, err = f.svc.Bootstrap(context.Background(), apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		tb.Fatal(err)
	}
	f.owner = apikey.UserPrincipal(f.boot.Tenant, f.boot.Owner)
	return f
}

var localhost = netip.MustParseAddr("127.0.0.1")

func TestAuthenticateServesFromCache(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for range 100 {
		if _, err := f.svc.Authenticate(ctx, f.boot.Secret, "", localhost); err != nil {
			t.Fatal(err)
		}
	}
	if n := f.store.n.Load(); n != 1 {
		t.Errorf("%d database lookups for 100 requests with one key, want 1", n)
	}
}

func TestAuthenticateOnCacheHitDoesNotAllocate(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.svc.Authenticate(ctx, f.boot.Secret, "", localhost)
	if n := testing.AllocsPerRun(1000, func() { f.svc.Authenticate(ctx, f.boot.Secret, "", localhost) }); n != 0 {
		t.Errorf("Authenticate allocates %v times per call on a cache hit, want 0", n)
	}
}

// TestRevocationRacingACacheFillWins stalls a cache fill after it has read
// the key as active, revokes the key meanwhile, and checks the stale read is
// not published: the next request must see the revocation.
func TestRevocationRacingACacheFillWins(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sa, err := f.svc.CreateServiceAccount(ctx, f.owner, "racer", "")
	if err != nil {
		t.Fatal(err)
	}
	k, secret, err := f.svc.CreateKey(ctx, f.owner, apikey.KeyParams{Name: "k", ServiceAccountID: sa.ID, Preset: hive.PresetReadOnly})
	if err != nil {
		t.Fatal(err)
	}
	read, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	f.store.stall = func() { once.Do(func() { close(read); <-release }) }
	done := make(chan error)
	go func() {
		_, err := f.svc.Authenticate(ctx, secret, "", localhost)
		done <- err
	}()
	<-read
	if _, err := f.svc.RevokeKey(ctx, f.owner, k.ID); err != nil {
		t.Fatal(err)
	}
	close(release)
	<-done // this request read the key before the revocation; either answer is fine
	_, err = f.svc.Authenticate(ctx, secret, "", localhost)
	if hive.ErrorCode(err) != hive.EUNAUTHORIZED || hive.ErrorDetails(err)["reason"] != hive.ReasonKeyRevoked {
		t.Fatalf("after revocation: %v, want api_key_revoked", err)
	}
}

func TestInvalidateHookSeesEveryChange(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "hive.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var got [][32]byte
	svc := apikey.NewService(st, apikey.Config{BcryptCost: 4, Propagate: func(_ context.Context, hs [][32]byte) bool {
		got = append(got, hs...)
		return true
	}})
	ctx := context.Background()
	b, err := svc.Bootstrap(ctx, apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	owner := apikey.UserPrincipal(b.Tenant, b.Owner)
	name := "renamed"
	svc.UpdateKey(ctx, owner, b.Key.ID, apikey.KeyUpdate{Name: &name})
	svc.RotateKey(ctx, owner, b.Key.ID, time.Hour, nil)
	svc.RevokeKey(ctx, owner, b.Key.ID)
	if len(got) != 3 {
		t.Fatalf("Propagate carried %d hashes for edit, rotate and revoke, want 3", len(got))
	}
	for i, h := range got {
		if h != b.Key.Hash {
			t.Errorf("call %d carried another hash", i)
		}
	}
}

// BenchmarkAuthenticateCacheHit measures verification of a known key, the
// cost every API request pays.
func BenchmarkAuthenticateCacheHit(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	if _, err := f.svc.Authenticate(ctx, f.boot.Secret, "", localhost); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.svc.Authenticate(ctx, f.boot.Secret, "", localhost); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuthenticateMalformed measures refusing noise, which never reaches
// the cache or the database.
func BenchmarkAuthenticateMalformed(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	bad := f.boot.Secret[:len(f.boot.Secret)-1] + "!"
	b.ReportAllocs()
	for b.Loop() {
		f.svc.Authenticate(ctx, bad, "", localhost)
	}
}

// TestCacheBypassedWhileNotCurrent: while the node cannot prove its cache
// current, every verification reads the store, so a revocation made
// elsewhere (here, straight in the store) counts at once; once current
// again, the cache answers.
func TestCacheBypassedWhileNotCurrent(t *testing.T) {
	f := newFixture(t)
	var current atomic.Bool
	svc := apikey.NewService(f.store, apikey.Config{BcryptCost: 4, Current: current.Load})
	ctx := context.Background()
	current.Store(true)
	if _, err := svc.Authenticate(ctx, f.boot.Secret, "", localhost); err != nil {
		t.Fatal(err)
	}
	current.Store(false)
	k, err := f.store.KeyByID(ctx, f.boot.Tenant.ID, f.boot.Key.ID)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	k.RevokedAt = &now
	if err := f.store.UpdateKey(ctx, k); err != nil {
		t.Fatal(err)
	}
	_, err = svc.Authenticate(ctx, f.boot.Secret, "", localhost)
	if hive.ErrorDetails(err)["reason"] != hive.ReasonKeyRevoked {
		t.Errorf("a key revoked elsewhere, verified while not current: %v, want %s", err, hive.ReasonKeyRevoked)
	}
}

// TestRoleChangeNarrowsCachedPersonalKeys: a personal key acts with its
// user's role, so demoting the user narrows the key at once, even while it
// is cached.
func TestRoleChangeNarrowsCachedPersonalKeys(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	u, _, err := f.svc.InviteUser(ctx, f.owner, "admin@acme.test", "Ada", apikey.RoleIntegrationsAdmin)
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := f.svc.GeneratePersonalKey(ctx, apikey.UserPrincipal(f.boot.Tenant, u), "laptop", nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.svc.Authenticate(ctx, secret, u.ID, localhost)
	if err != nil || p.Require(hive.ScopeKeysWrite) != nil {
		t.Fatalf("the admin's personal key before the change: %v, %v; want api_keys:write", p, err)
	}
	if _, err := f.svc.SetUserRole(ctx, f.owner, u.ID, apikey.RoleMember); err != nil {
		t.Fatal(err)
	}
	p, err = f.svc.Authenticate(ctx, secret, u.ID, localhost)
	if err != nil {
		t.Fatal(err)
	}
	if p.Require(hive.ScopeKeysWrite) == nil {
		t.Error("a demoted user's cached personal key still holds api_keys:write")
	}
}
