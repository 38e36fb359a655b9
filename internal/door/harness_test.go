package door_test

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
)

// t0 is when every harness's clock starts: a whole second, as expiry times are.
var t0 = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// harness is a Service on a fresh SQLite database with a clock the test
// moves, a principal of one tenant and the entries OnEntry was called with.
type harness struct {
	t     testing.TB
	ctx   context.Context
	store door.Store
	svc   *door.Service
	p     *hive.Principal

	mu      sync.Mutex
	now     time.Time
	entries []*door.Entry // passed to OnEntry
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	return newHarnessOn(t, sqlitetest.Open(t).Doors())
}

// newHarnessOn is newHarness on the given store.
func newHarnessOn(t testing.TB, store door.Store) *harness {
	t.Helper()
	h := &harness{t: t, ctx: t.Context(), store: store, now: t0}
	h.p = &hive.Principal{Kind: hive.PrincipalServiceAccount, TenantID: hive.NewID(hive.PrefixTenant, t0), KeyID: "key_door"}
	h.svc = door.NewService(h.store, door.Config{
		Now: h.clock,
		OnEntry: func(_ context.Context, e *door.Entry) {
			h.mu.Lock()
			defer h.mu.Unlock()
			h.entries = append(h.entries, e)
		},
	})
	return h
}

func (h *harness) clock() time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.now
}

// set moves the clock to at.
func (h *harness) set(at time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.now = at
}

func (h *harness) must(err error) {
	h.t.Helper()
	if err != nil {
		h.t.Fatal(err)
	}
}

// gym is a seeded tenant: two membership types, four doors and members of
// every kind.
type gym struct {
	gold, silver, unused                            *door.MembershipType
	front, pool, studio, closed                     *door.Door
	ann, bo, frozen, cancelled, deleted, nobody     *door.Member
	swimmer                                         *door.Member
	annGold, frozenGold, cancelledGold, swimmerPool *door.Membership
}

// expires is when the seeded gold memberships expire.
var expires = t0.Add(30 * 24 * time.Hour)

// seed builds the gym: front opens to gold; pool to nobody by type, but the
// swimmer's silver membership lists it; the studio lets instructors in; the
// closed door is inactive though gold opens it.
func (h *harness) seed() *gym {
	h.t.Helper()
	var g gym
	g.gold, g.silver, g.unused = h.typ("Gold"), h.typ("Silver"), h.typ("Unused")
	g.front = h.door(door.DoorParams{DoorID: "front", Name: "Front Door", MembershipTypeIDs: []int64{g.gold.ID}})
	g.pool = h.door(door.DoorParams{DoorID: "pool", Name: "Pool"})
	g.studio = h.door(door.DoorParams{DoorID: "studio", Name: "Studio", AllowInstructors: true})
	g.closed = h.door(door.DoorParams{DoorID: "closed", Name: "Closed", Active: new(false), MembershipTypeIDs: []int64{g.gold.ID}})
	g.ann = h.member(door.MemberParams{DoorAccessID: "CARD-ANN", BarcodeID: "BAR-ANN", FirstName: "Ann", LastName: "Lee",
		Email: "ann@example.com", Phone: "(415) 555-0123"})
	g.annGold = h.membership(g.ann, g.gold, expires)
	g.bo = h.member(door.MemberParams{DoorAccessID: "CARD-BO", FirstName: "Bo", IsInstructor: true})
	g.frozen = h.member(door.MemberParams{DoorAccessID: "CARD-FROZEN", Status: door.StatusFrozen})
	g.frozenGold = h.membership(g.frozen, g.gold, expires)
	g.cancelled = h.member(door.MemberParams{DoorAccessID: "CARD-CANCELLED", Status: door.StatusCancelled})
	g.cancelledGold = h.membership(g.cancelled, g.gold, expires)
	g.deleted = h.member(door.MemberParams{DoorAccessID: "CARD-DELETED"})
	h.membership(g.deleted, g.gold, expires)
	h.must(h.svc.DeleteMember(h.ctx, h.p, g.deleted.ID))
	g.nobody = h.member(door.MemberParams{DoorAccessID: "CARD-NOBODY", BarcodeID: "BAR-NOBODY"})
	g.swimmer = h.member(door.MemberParams{DoorAccessID: "CARD-SWIM"})
	g.swimmerPool = h.membership(g.swimmer, g.silver, expires, "pool")
	return &g
}

func (h *harness) typ(name string) *door.MembershipType {
	h.t.Helper()
	t, err := h.svc.CreateMembershipType(h.ctx, h.p, name)
	h.must(err)
	return t
}

func (h *harness) door(params door.DoorParams) *door.Door {
	h.t.Helper()
	d, err := h.svc.CreateDoor(h.ctx, h.p, params)
	h.must(err)
	return d
}

func (h *harness) member(params door.MemberParams) *door.Member {
	h.t.Helper()
	m, err := h.svc.CreateMember(h.ctx, h.p, params)
	h.must(err)
	return m
}

func (h *harness) membership(m *door.Member, t *door.MembershipType, expires time.Time, doorIDs ...string) *door.Membership {
	h.t.Helper()
	ms, err := h.svc.CreateMembership(h.ctx, h.p, m.ID, door.MembershipParams{MembershipTypeID: t.ID, Expires: expires, DoorIDs: doorIDs})
	h.must(err)
	return ms
}

func (h *harness) settings(u door.SettingsUpdate) *door.Settings {
	h.t.Helper()
	st, err := h.svc.UpdateSettings(h.ctx, h.p, u)
	h.must(err)
	return st
}

// access sends a swipe of member m's card at doorID.
func (h *harness) swipe(m *door.Member, doorID string) *door.Decision {
	h.t.Helper()
	d, err := h.svc.Access(h.ctx, h.p, door.AccessRequest{DoorAccessID: m.DoorAccessID, DoorID: doorID})
	h.must(err)
	return d
}

// allEntries returns every entry of the tenant, newest first.
func (h *harness) allEntries() []*door.Entry {
	h.t.Helper()
	es, _, err := h.svc.ListEntries(h.ctx, h.p, door.EntryFilter{Page: door.Page{Limit: 1000}})
	h.must(err)
	return es
}

func id(m *door.Member) string { return strconv.FormatInt(m.ID, 10) }

func check(t *testing.T, what string, want, got any, opts ...cmp.Option) {
	t.Helper()
	if d := cmp.Diff(want, got, opts...); d != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", what, d)
	}
}

func checkCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := hive.ErrorCode(err); got != code {
		t.Fatalf("error code = %q, want %q; error: %v", got, code, err)
	}
}
