// Package storetest is the conformance suite both storage backends pass, so
// that the SQLite and PostgreSQL stores behave alike: it is the contract of
// every domain's Store interface, not either backend's code. Each domain has
// its entry point: Run (apikey.Store: tenants, users, keys, the audit log,
// error codes, transactions), RunUsage, RunAlerts, RunPeople, RunFeedback,
// RunDoor, RunWebhook and RunSession. A backend's tests call each with a
// function that opens an empty, migrated store, as net/http runs its tests
// against both HTTP/1 and HTTP/2. The cases check tenant isolation, list
// filters and paging, and the hive error code each failure maps to.
package storetest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// Opener returns an empty, migrated store that is closed when t ends.
type Opener func(t *testing.T) apikey.Store

// Run runs the suite. Most cases open a store of their own with open and run
// in parallel; the list groups share one store among cases that only read.
func Run(t *testing.T, open Opener) {
	t.Run("ErrorCodes", func(t *testing.T) { testErrorCodes(t, open) })
	t.Run("RoundTrip", func(t *testing.T) { testRoundTrip(t, open) })
	t.Run("Tenants", func(t *testing.T) { testTenants(t, open) })
	t.Run("Restrictions", func(t *testing.T) { testRestrictions(t, open) })
	t.Run("Updates", func(t *testing.T) { testUpdates(t, open) })
	t.Run("ListServiceAccounts", func(t *testing.T) { testListServiceAccounts(t, open) })
	t.Run("ListKeys", func(t *testing.T) { testListKeys(t, open) })
	t.Run("ListAuditEvents", func(t *testing.T) { testListAuditEvents(t, open) })
	t.Run("PageLimits", func(t *testing.T) { testPageLimits(t, open) })
	t.Run("TouchKeys", func(t *testing.T) { testTouchKeys(t, open) })
	t.Run("WithinTx", func(t *testing.T) { testWithinTx(t, open) })
	t.Run("Concurrency", func(t *testing.T) { testConcurrency(t, open) })
	t.Run("ExpiringKeys", func(t *testing.T) { testExpiringKeys(t, open) })
	t.Run("Users", func(t *testing.T) { testUsers(t, open) })
	t.Run("KeyPolicy", func(t *testing.T) { testKeyPolicy(t, open) })
	t.Run("DisableKeys", func(t *testing.T) { testDisableKeys(t, open) })
	t.Run("UnusedKeys", func(t *testing.T) { testUnusedKeys(t, open) })
}

// t0 is when every fixture's clock starts. It has microsecond precision, the
// precision the stores keep, so that times round-trip unchanged.
var t0 = time.Date(2026, 3, 2, 9, 30, 0, 123456000, time.UTC)

// clock hands out times a second apart. IDs order by the millisecond they
// were made in, so IDs made from its times order as they were made.
type clock struct{ now time.Time }

func (c *clock) tick() time.Time {
	c.now = c.now.Add(time.Second)
	return c.now
}

// fixture is a store holding two tenants, each with a user and a service
// account, so that every case can check one tenant never sees the other's
// rows.
type fixture struct {
	t     *testing.T
	ctx   context.Context
	s     apikey.Store
	clock clock
	a, b  tenant
}

// tenant is a saved tenant with its owner and a service account.
type tenant struct {
	*apikey.Tenant
	user *apikey.User
	sa   *apikey.ServiceAccount
}

func newFixture(t *testing.T, open Opener) *fixture {
	t.Helper()
	f := &fixture{t: t, ctx: t.Context(), s: open(t), clock: clock{now: t0}}
	f.a = f.seedTenant("acme")
	f.b = f.seedTenant("globex")
	return f
}

func (f *fixture) seedTenant(slug string) tenant {
	f.t.Helper()
	ten := tenant{Tenant: f.newTenant(slug)}
	f.must(f.s.CreateTenant(f.ctx, ten.Tenant))
	ten.user = f.newUser(ten.ID, "owner@"+slug+".example")
	f.must(f.s.CreateUser(f.ctx, ten.user))
	ten.sa = f.newServiceAccount(ten.ID, "PowerBI")
	f.must(f.s.CreateServiceAccount(f.ctx, ten.sa))
	return ten
}

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// The new* methods return rows that are not saved yet.

func (f *fixture) newTenant(slug string) *apikey.Tenant {
	now := f.clock.tick()
	return &apikey.Tenant{ID: hive.NewID(hive.PrefixTenant, now), Slug: slug, Name: strings.ToUpper(slug), CreatedAt: now}
}

func (f *fixture) newUser(tenantID, email string) *apikey.User {
	now := f.clock.tick()
	return &apikey.User{ID: hive.NewID(hive.PrefixUser, now), TenantID: tenantID, Email: email, Name: "Ann Lee",
		PasswordHash: []byte("$2a$10$fakebcrypthash"), Role: apikey.RoleOwner, CreatedAt: now}
}

func (f *fixture) newServiceAccount(tenantID, name string) *apikey.ServiceAccount {
	now := f.clock.tick()
	return &apikey.ServiceAccount{ID: hive.NewID(hive.PrefixServiceAccount, now), TenantID: tenantID, Name: name,
		Description: "exports " + name, CreatedBy: "usr_creator", CreatedAt: now, UpdatedAt: now}
}

// newKey returns a key of ten's service account. Its hash derives from its
// ID, so every key's hash is unique.
func (f *fixture) newKey(ten tenant) *apikey.Key {
	now := f.clock.tick()
	id := hive.NewID(hive.PrefixKey, now)
	return &apikey.Key{ID: id, TenantID: ten.ID, Kind: apikey.KindServiceAccount, ServiceAccountID: ten.sa.ID,
		Name: "key " + id, Hash: sha256.Sum256([]byte(id)), Hint: "hive_sk_…" + id[len(id)-4:],
		Permissions: []hive.Scope{hive.ScopeSurveysRead}, CreatedBy: ten.user.ID, CreatedAt: now, UpdatedAt: now}
}

// newPersonalKey returns a personal key of ten's user.
func (f *fixture) newPersonalKey(ten tenant) *apikey.Key {
	k := f.newKey(ten)
	k.Kind, k.ServiceAccountID, k.UserID = apikey.KindPersonal, "", ten.user.ID
	return k
}

func (f *fixture) newEvent(tenantID, action, targetID string) *apikey.AuditEvent {
	now := f.clock.tick()
	return &apikey.AuditEvent{ID: hive.NewID(hive.PrefixAudit, now), TenantID: tenantID, ActorID: "usr_actor",
		Action: action, TargetType: "api_key", TargetID: targetID, IP: "198.51.100.4", CreatedAt: now}
}

func (f *fixture) createKey(k *apikey.Key) *apikey.Key {
	f.t.Helper()
	f.must(f.s.CreateKey(f.ctx, k))
	return k
}

// key reads k back by ID.
func (f *fixture) key(k *apikey.Key) *apikey.Key {
	f.t.Helper()
	got, err := f.s.KeyByID(f.ctx, k.TenantID, k.ID)
	f.must(err)
	return got
}

// cmpOpts compares netip.Prefix, whose fields are unexported, by value.
var cmpOpts = cmp.Comparer(func(x, y netip.Prefix) bool { return x == y })

func check(t *testing.T, what string, want, got any) {
	t.Helper()
	if d := cmp.Diff(want, got, cmpOpts); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, d)
	}
}

// checkList is check for lists, with an empty list equal to nil: the
// contract does not say which of the two a store returns.
func checkList[T any](t *testing.T, what string, want, got []*T) {
	t.Helper()
	if len(got) == 0 {
		got = nil
	}
	check(t, what, want, got)
}

// checkCode checks that err has the given code ("" for no error) and that a
// not-found error does not let the driver's no-rows error through.
func checkCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := hive.ErrorCode(err); got != code {
		t.Fatalf("error code = %q, want %q; error: %v", got, code, err)
	}
	if errors.Is(err, sql.ErrNoRows) {
		t.Errorf("error %v wraps sql.ErrNoRows; callers must only see *hive.Error", err)
	}
}

// ids returns the IDs of a list, to compare lists by what they hold.
func ids[T any](items []*T, id func(*T) string) []string {
	var out []string
	for _, it := range items {
		out = append(out, id(it))
	}
	return out
}
