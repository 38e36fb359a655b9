package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
)

// DoorOpener returns an empty, migrated door.Store that is closed when t
// ends.
type DoorOpener func(t *testing.T) door.Store

// RunDoor runs the door.Store conformance suite. Every case opens a store of
// its own and runs in parallel.
func RunDoor(t *testing.T, open func(t *testing.T) door.Store) {
	groups := []struct {
		name  string
		cases []doorCase
	}{
		{"Settings", settingsCases},
		{"Doors", doorCases},
		{"MembershipTypes", membershipTypeCases},
		{"Members", memberCases},
		{"ListMembers", listMemberCases},
		{"Memberships", membershipCases},
		{"SyncMembers", syncCases},
		{"Entries", entryCases},
		{"Idempotency", idempotencyCases},
		{"WithinTx", doorTxCases},
	}
	for _, g := range groups {
		t.Run(g.name, func(t *testing.T) {
			for _, c := range g.cases {
				t.Run(c.name, func(t *testing.T) {
					t.Parallel()
					c.run(t, newDoorFixture(t, open))
				})
			}
		})
	}
}

// doorCase is one case of the suite, named by its outcome.
type doorCase struct {
	name string
	run  func(t *testing.T, f *doorFixture)
}

// doorFixture is an empty door store and two tenant ids, a and b, so that
// every case can check one tenant never sees the other's rows. Tenants are
// plain ids: the door tables do not refer to the tenants table.
type doorFixture struct {
	t     *testing.T
	ctx   context.Context
	s     door.Store
	clock clock
	a, b  string
}

func newDoorFixture(t *testing.T, open DoorOpener) *doorFixture {
	return &doorFixture{t: t, ctx: t.Context(), s: open(t), clock: clock{now: t0},
		a: hive.NewID(hive.PrefixTenant, t0), b: hive.NewID(hive.PrefixTenant, t0)}
}

func (f *doorFixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *doorFixture) settings(tenantID string) *door.Settings {
	return &door.Settings{TenantID: tenantID, Token: strings.Repeat("t", 30) + tenantID[len(tenantID)-10:],
		DefaultPhoneRegion: "US", UpdatedAt: f.clock.tick()}
}

func (f *doorFixture) door(tenantID, doorID string, typeIDs ...int64) *door.Door {
	now := f.clock.tick()
	if typeIDs == nil {
		typeIDs = []int64{}
	}
	d := &door.Door{TenantID: tenantID, DoorID: doorID, Name: "Door " + doorID, Active: true,
		MembershipTypeIDs: typeIDs, CreatedAt: now, UpdatedAt: now}
	f.must(f.s.CreateDoor(f.ctx, d))
	return d
}

func (f *doorFixture) typ(tenantID, name string) *door.MembershipType {
	now := f.clock.tick()
	t := &door.MembershipType{TenantID: tenantID, Name: name, CreatedAt: now, UpdatedAt: now}
	f.must(f.s.CreateMembershipType(f.ctx, t))
	return t
}

// newMember returns an unsaved active member.
func (f *doorFixture) newMember(tenantID, card string) *door.Member {
	now := f.clock.tick()
	return &door.Member{TenantID: tenantID, DoorAccessID: card, FirstName: "Ann", LastName: "Lee",
		Email: "ann@example.com", Phone: "(415) 555-0123", Status: door.StatusActive, CreatedAt: now, UpdatedAt: now}
}

func (f *doorFixture) member(tenantID, card string) *door.Member {
	f.t.Helper()
	m := f.newMember(tenantID, card)
	f.must(f.s.CreateMember(f.ctx, m))
	return m
}

func (f *doorFixture) membership(m *door.Member, t *door.MembershipType, expires time.Time, doorIDs ...string) *door.Membership {
	f.t.Helper()
	now := f.clock.tick()
	if doorIDs == nil {
		doorIDs = []string{}
	}
	ms := &door.Membership{TenantID: m.TenantID, MemberID: m.ID, MembershipTypeID: t.ID, Expires: expires,
		DoorIDs: doorIDs, CreatedAt: now, UpdatedAt: now}
	f.must(f.s.CreateMembership(f.ctx, ms))
	return ms
}

func (f *doorFixture) memberByID(m *door.Member) *door.Member {
	f.t.Helper()
	got, err := f.s.MemberByID(f.ctx, m.TenantID, m.ID)
	f.must(err)
	return got
}

var settingsCases = []doorCase{
	{"settings round-trip by tenant and by token", func(t *testing.T, f *doorFixture) {
		st := f.settings(f.a)
		st.Enabled, st.ExposePhone, st.ReentryWindow, st.GraceDays = true, true, 90*time.Second, 3
		f.must(f.s.CreateSettings(f.ctx, st))
		got, err := f.s.SettingsByTenant(f.ctx, f.a)
		checkCode(t, err, "")
		check(t, "SettingsByTenant", st, got)
		got, err = f.s.SettingsByToken(f.ctx, st.Token)
		checkCode(t, err, "")
		check(t, "SettingsByToken", st, got)
	}},
	{"zero rules_changed_at stays zero and a set one round-trips", func(t *testing.T, f *doorFixture) {
		st := f.settings(f.a)
		f.must(f.s.CreateSettings(f.ctx, st))
		got, _ := f.s.SettingsByTenant(f.ctx, f.a)
		if !got.RulesChangedAt.IsZero() {
			t.Errorf("RulesChangedAt = %v, want zero", got.RulesChangedAt)
		}
		st.RulesChangedAt = f.clock.tick()
		f.must(f.s.UpdateSettings(f.ctx, st))
		got, _ = f.s.SettingsByTenant(f.ctx, f.a)
		check(t, "after update", st, got)
	}},
	{"no settings is not found", func(t *testing.T, f *doorFixture) {
		_, err := f.s.SettingsByTenant(f.ctx, f.a)
		checkCode(t, err, hive.ENOTFOUND)
		_, err = f.s.SettingsByToken(f.ctx, strings.Repeat("x", 40))
		checkCode(t, err, hive.ENOTFOUND)
	}},
	{"token lookup is exact", func(t *testing.T, f *doorFixture) {
		st := f.settings(f.a)
		f.must(f.s.CreateSettings(f.ctx, st))
		for _, tok := range []string{strings.ToUpper(st.Token), st.Token[1:], st.Token + "x"} {
			_, err := f.s.SettingsByToken(f.ctx, tok)
			checkCode(t, err, hive.ENOTFOUND)
		}
	}},
	{"second settings of a tenant is conflict", func(t *testing.T, f *doorFixture) {
		f.must(f.s.CreateSettings(f.ctx, f.settings(f.a)))
		st := f.settings(f.a)
		st.Token = strings.Repeat("z", 40)
		checkCode(t, f.s.CreateSettings(f.ctx, st), hive.ECONFLICT)
	}},
	{"taken token is conflict on create and update", func(t *testing.T, f *doorFixture) {
		a := f.settings(f.a)
		f.must(f.s.CreateSettings(f.ctx, a))
		b := f.settings(f.b)
		f.must(f.s.CreateSettings(f.ctx, b))
		c := f.settings(hive.NewID(hive.PrefixTenant, t0))
		c.Token = a.Token
		checkCode(t, f.s.CreateSettings(f.ctx, c), hive.ECONFLICT)
		b.Token = a.Token
		checkCode(t, f.s.UpdateSettings(f.ctx, b), hive.ECONFLICT)
	}},
	{"update of absent settings is not found", func(t *testing.T, f *doorFixture) {
		checkCode(t, f.s.UpdateSettings(f.ctx, f.settings(f.a)), hive.ENOTFOUND)
	}},
	{"update changes only its tenant", func(t *testing.T, f *doorFixture) {
		a, b := f.settings(f.a), f.settings(f.b)
		f.must(f.s.CreateSettings(f.ctx, a))
		f.must(f.s.CreateSettings(f.ctx, b))
		a.Enabled, a.UsersEndpointEnabled, a.ExposeEmail, a.DefaultPhoneRegion = true, true, true, "GB"
		a.Token, a.UpdatedAt = strings.Repeat("n", 40), f.clock.tick()
		f.must(f.s.UpdateSettings(f.ctx, a))
		gotA, _ := f.s.SettingsByTenant(f.ctx, f.a)
		gotB, _ := f.s.SettingsByTenant(f.ctx, f.b)
		check(t, "tenant a", a, gotA)
		check(t, "tenant b", b, gotB)
	}},
}

var doorCases = []doorCase{
	{"door round-trips with an empty type list", func(t *testing.T, f *doorFixture) {
		d := f.door(f.a, "front")
		got, err := f.s.DoorByID(f.ctx, f.a, "front")
		checkCode(t, err, "")
		check(t, "DoorByID", d, got)
		if got.MembershipTypeIDs == nil {
			t.Error("MembershipTypeIDs is nil, want an empty list")
		}
	}},
	{"nil type list is stored as empty", func(t *testing.T, f *doorFixture) {
		d := &door.Door{TenantID: f.a, DoorID: "x", Name: "X", CreatedAt: t0, UpdatedAt: t0}
		f.must(f.s.CreateDoor(f.ctx, d))
		got, _ := f.s.DoorByID(f.ctx, f.a, "x")
		if got.MembershipTypeIDs == nil || len(got.MembershipTypeIDs) != 0 {
			t.Errorf("MembershipTypeIDs = %#v, want []", got.MembershipTypeIDs)
		}
	}},
	{"duplicate door_id in a tenant is conflict naming it", func(t *testing.T, f *doorFixture) {
		f.door(f.a, "front")
		err := f.s.CreateDoor(f.ctx, &door.Door{TenantID: f.a, DoorID: "front", Name: "again", CreatedAt: t0, UpdatedAt: t0})
		checkCode(t, err, hive.ECONFLICT)
		if !strings.Contains(hive.ErrorMessage(err), `"front"`) {
			t.Errorf("message %q does not name the door", hive.ErrorMessage(err))
		}
	}},
	{"same door_id in another tenant is allowed", func(t *testing.T, f *doorFixture) {
		f.door(f.a, "front")
		f.door(f.b, "front")
	}},
	{"door_ids are case-sensitive", func(t *testing.T, f *doorFixture) {
		f.door(f.a, "front")
		f.door(f.a, "FRONT")
		_, err := f.s.DoorByID(f.ctx, f.a, "Front")
		checkCode(t, err, hive.ENOTFOUND)
	}},
	{"other tenant's door is not found", func(t *testing.T, f *doorFixture) {
		f.door(f.a, "front")
		_, err := f.s.DoorByID(f.ctx, f.b, "front")
		checkCode(t, err, hive.ENOTFOUND)
		checkCode(t, f.s.DeleteDoor(f.ctx, f.b, "front"), hive.ENOTFOUND)
		d := &door.Door{TenantID: f.b, DoorID: "front", Name: "hijack", MembershipTypeIDs: []int64{}, UpdatedAt: t0}
		checkCode(t, f.s.UpdateDoor(f.ctx, d), hive.ENOTFOUND)
	}},
	{"list is ordered by door_id and per tenant", func(t *testing.T, f *doorFixture) {
		side, back, front := f.door(f.a, "side"), f.door(f.a, "back"), f.door(f.a, "front")
		f.door(f.b, "other")
		got, err := f.s.ListDoors(f.ctx, f.a)
		checkCode(t, err, "")
		checkList(t, "ListDoors", []*door.Door{back, front, side}, got)
	}},
	{"update saves the mutable fields", func(t *testing.T, f *doorFixture) {
		d := f.door(f.a, "front")
		d.Name, d.Active, d.AllowInstructors, d.MembershipTypeIDs, d.UpdatedAt = "Main", false, true, []int64{3, 1}, f.clock.tick()
		f.must(f.s.UpdateDoor(f.ctx, d))
		got, _ := f.s.DoorByID(f.ctx, f.a, "front")
		check(t, "after update", d, got)
	}},
	{"delete removes only that door", func(t *testing.T, f *doorFixture) {
		f.door(f.a, "front")
		back := f.door(f.a, "back")
		f.must(f.s.DeleteDoor(f.ctx, f.a, "front"))
		_, err := f.s.DoorByID(f.ctx, f.a, "front")
		checkCode(t, err, hive.ENOTFOUND)
		checkCode(t, f.s.DeleteDoor(f.ctx, f.a, "front"), hive.ENOTFOUND)
		got, _ := f.s.ListDoors(f.ctx, f.a)
		checkList(t, "ListDoors", []*door.Door{back}, got)
	}},
}

var membershipTypeCases = []doorCase{
	{"ids are assigned, increasing and unique across tenants", func(t *testing.T, f *doorFixture) {
		a1, b1, a2 := f.typ(f.a, "Monthly"), f.typ(f.b, "Monthly"), f.typ(f.a, "Annual")
		if !(a1.ID > 0 && b1.ID > a1.ID && a2.ID > b1.ID) {
			t.Errorf("ids %d, %d, %d: want positive and increasing", a1.ID, b1.ID, a2.ID)
		}
		got, err := f.s.MembershipTypeByID(f.ctx, f.a, a1.ID)
		checkCode(t, err, "")
		check(t, "MembershipTypeByID", a1, got)
	}},
	{"list is ordered by id and per tenant", func(t *testing.T, f *doorFixture) {
		a1 := f.typ(f.a, "Monthly")
		f.typ(f.b, "Other")
		a2 := f.typ(f.a, "Annual")
		got, err := f.s.ListMembershipTypes(f.ctx, f.a)
		checkCode(t, err, "")
		checkList(t, "ListMembershipTypes", []*door.MembershipType{a1, a2}, got)
	}},
	{"other tenant's type is not found", func(t *testing.T, f *doorFixture) {
		a1 := f.typ(f.a, "Monthly")
		_, err := f.s.MembershipTypeByID(f.ctx, f.b, a1.ID)
		checkCode(t, err, hive.ENOTFOUND)
		checkCode(t, f.s.DeleteMembershipType(f.ctx, f.b, a1.ID), hive.ENOTFOUND)
		other := *a1
		other.TenantID, other.Name = f.b, "hijack"
		checkCode(t, f.s.UpdateMembershipType(f.ctx, &other), hive.ENOTFOUND)
	}},
	{"rename saves the name", func(t *testing.T, f *doorFixture) {
		a1 := f.typ(f.a, "Monthly")
		a1.Name, a1.UpdatedAt = "Monthly Plus", f.clock.tick()
		f.must(f.s.UpdateMembershipType(f.ctx, a1))
		got, _ := f.s.MembershipTypeByID(f.ctx, f.a, a1.ID)
		check(t, "after rename", a1, got)
	}},
	{"type in use is conflict; unused is deleted", func(t *testing.T, f *doorFixture) {
		used, unused := f.typ(f.a, "Monthly"), f.typ(f.a, "Annual")
		f.membership(f.member(f.a, "card"), used, t0)
		checkCode(t, f.s.DeleteMembershipType(f.ctx, f.a, used.ID), hive.ECONFLICT)
		f.must(f.s.DeleteMembershipType(f.ctx, f.a, unused.ID))
		_, err := f.s.MembershipTypeByID(f.ctx, f.a, unused.ID)
		checkCode(t, err, hive.ENOTFOUND)
		checkCode(t, f.s.DeleteMembershipType(f.ctx, f.a, unused.ID), hive.ENOTFOUND)
	}},
	{"other tenant's type in use is not found, not a conflict", func(t *testing.T, f *doorFixture) {
		used := f.typ(f.a, "Monthly")
		f.membership(f.member(f.a, "card"), used, t0)
		checkCode(t, f.s.DeleteMembershipType(f.ctx, f.b, used.ID), hive.ENOTFOUND)
		_, err := f.s.MembershipTypeByID(f.ctx, f.a, used.ID)
		checkCode(t, err, "")
	}},
}
