package storetest

import (
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
)

var memberCases = []doorCase{
	{"ids are assigned and unique across tenants", func(t *testing.T, f *doorFixture) {
		a1, b1, a2 := f.member(f.a, "c1"), f.member(f.b, "c1"), f.member(f.a, "c2")
		if !(a1.ID > 0 && b1.ID > a1.ID && a2.ID > b1.ID) {
			t.Errorf("ids %d, %d, %d: want positive and increasing", a1.ID, b1.ID, a2.ID)
		}
		check(t, "MemberByID", a1, f.memberByID(a1))
	}},
	{"ids of deleted members are never reused", func(t *testing.T, f *doorFixture) {
		a1 := f.member(f.a, "c1")
		f.must(f.s.DeleteMember(f.ctx, f.a, a1.ID, f.clock.tick()))
		if a2 := f.member(f.a, "c1"); a2.ID <= a1.ID {
			t.Errorf("new member got id %d after deleted %d", a2.ID, a1.ID)
		}
	}},
	{"taken door_access_id in a tenant is conflict", func(t *testing.T, f *doorFixture) {
		f.member(f.a, "c1")
		checkCode(t, f.s.CreateMember(f.ctx, f.newMember(f.a, "c1")), hive.ECONFLICT)
	}},
	{"taken barcode_id in a tenant is conflict", func(t *testing.T, f *doorFixture) {
		m := f.newMember(f.a, "c1")
		m.BarcodeID = "b1"
		f.must(f.s.CreateMember(f.ctx, m))
		other := f.newMember(f.a, "c2")
		other.BarcodeID = "b1"
		checkCode(t, f.s.CreateMember(f.ctx, other), hive.ECONFLICT)
	}},
	{"same identifiers in another tenant are allowed", func(t *testing.T, f *doorFixture) {
		m := f.newMember(f.a, "c1")
		m.BarcodeID = "b1"
		f.must(f.s.CreateMember(f.ctx, m))
		other := f.newMember(f.b, "c1")
		other.BarcodeID = "b1"
		f.must(f.s.CreateMember(f.ctx, other))
	}},
	{"empty identifiers never conflict", func(t *testing.T, f *doorFixture) {
		f.member(f.a, "")
		f.member(f.a, "")
	}},
	{"a deleted member's identifiers are free", func(t *testing.T, f *doorFixture) {
		old := f.member(f.a, "c1")
		f.must(f.s.DeleteMember(f.ctx, f.a, old.ID, f.clock.tick()))
		f.member(f.a, "c1")
	}},
	{"lookup by identifier prefers the live member, else the last deleted", func(t *testing.T, f *doorFixture) {
		first := f.member(f.a, "c1")
		f.must(f.s.DeleteMember(f.ctx, f.a, first.ID, f.clock.tick()))
		second := f.member(f.a, "c1")
		f.must(f.s.DeleteMember(f.ctx, f.a, second.ID, f.clock.tick()))
		got, err := f.s.MemberByDoorAccessID(f.ctx, f.a, "c1")
		checkCode(t, err, "")
		check(t, "last deleted", second.ID, got.ID)
		if got.DeletedAt == nil {
			t.Error("DeletedAt not set on a deleted member")
		}
		live := f.member(f.a, "c1")
		got, _ = f.s.MemberByDoorAccessID(f.ctx, f.a, "c1")
		check(t, "live member", live, got)
	}},
	{"lookup by barcode_id finds the member", func(t *testing.T, f *doorFixture) {
		m := f.newMember(f.a, "")
		m.BarcodeID = "123456789abc"
		f.must(f.s.CreateMember(f.ctx, m))
		got, err := f.s.MemberByBarcodeID(f.ctx, f.a, "123456789abc")
		checkCode(t, err, "")
		check(t, "MemberByBarcodeID", m, got)
	}},
	{"empty or unknown identifiers and other tenants are not found", func(t *testing.T, f *doorFixture) {
		m := f.member(f.a, "c1")
		f.member(f.a, "")
		for name, call := range map[string]func() error{
			"empty door_access_id": func() error { _, err := f.s.MemberByDoorAccessID(f.ctx, f.a, ""); return err },
			"empty barcode_id":     func() error { _, err := f.s.MemberByBarcodeID(f.ctx, f.a, ""); return err },
			"unknown":              func() error { _, err := f.s.MemberByDoorAccessID(f.ctx, f.a, "nope"); return err },
			"other tenant's card":  func() error { _, err := f.s.MemberByDoorAccessID(f.ctx, f.b, "c1"); return err },
			"other tenant's id":    func() error { _, err := f.s.MemberByID(f.ctx, f.b, m.ID); return err },
			"other tenant delete":  func() error { return f.s.DeleteMember(f.ctx, f.b, m.ID, t0) },
			"other tenant touch":   func() error { return f.s.TouchMember(f.ctx, f.b, m.ID, t0) },
		} {
			if err := call(); hive.ErrorCode(err) != hive.ENOTFOUND {
				t.Errorf("%s: error %v, want not found", name, err)
			}
		}
	}},
	{"update saves every mutable field", func(t *testing.T, f *doorFixture) {
		m := f.member(f.a, "c1")
		m.DoorAccessID, m.BarcodeID, m.FirstName, m.LastName = "c9", "b9", "Bo", "Ng"
		m.Email, m.Phone, m.IsInstructor, m.Status, m.UpdatedAt = "bo@example.com", "+44 20 7946 0958", true, door.StatusFrozen, f.clock.tick()
		f.must(f.s.UpdateMember(f.ctx, m))
		check(t, "after update", m, f.memberByID(m))
	}},
	{"update to another live member's identifier is conflict", func(t *testing.T, f *doorFixture) {
		f.member(f.a, "c1")
		m := f.member(f.a, "c2")
		m.DoorAccessID = "c1"
		checkCode(t, f.s.UpdateMember(f.ctx, m), hive.ECONFLICT)
	}},
	{"deleted member cannot be updated or deleted again", func(t *testing.T, f *doorFixture) {
		m := f.member(f.a, "c1")
		at := f.clock.tick()
		f.must(f.s.DeleteMember(f.ctx, f.a, m.ID, at))
		got := f.memberByID(m)
		m.DeletedAt, m.UpdatedAt = &at, at
		check(t, "deleted member", m, got)
		checkCode(t, f.s.UpdateMember(f.ctx, m), hive.ENOTFOUND)
		checkCode(t, f.s.DeleteMember(f.ctx, f.a, m.ID, f.clock.tick()), hive.ENOTFOUND)
	}},
	{"touch moves updated_at, even of a deleted member", func(t *testing.T, f *doorFixture) {
		m := f.member(f.a, "c1")
		f.must(f.s.DeleteMember(f.ctx, f.a, m.ID, f.clock.tick()))
		at := f.clock.tick()
		f.must(f.s.TouchMember(f.ctx, f.a, m.ID, at))
		check(t, "UpdatedAt", at, f.memberByID(m).UpdatedAt)
	}},
}

var listMemberCases = []doorCase{
	{"filters, paging and totals", func(t *testing.T, f *doorFixture) {
		ann := f.member(f.a, "c1")
		bo := f.newMember(f.a, "c2")
		bo.FirstName, bo.Email, bo.BarcodeID, bo.IsInstructor = "Bo_x", "bo@gym.example", "b2", true
		f.must(f.s.CreateMember(f.ctx, bo))
		cy := f.newMember(f.a, "c3")
		cy.FirstName, cy.Email, cy.Status = "Cy", "cy@gym.example", door.StatusFrozen
		f.must(f.s.CreateMember(f.ctx, cy))
		gone := f.member(f.a, "c4")
		f.must(f.s.DeleteMember(f.ctx, f.a, gone.ID, f.clock.tick()))
		gone = f.memberByID(gone)
		f.member(f.b, "c1")
		since := bo.UpdatedAt
		frozen, yes := door.StatusFrozen, true
		str := func(s string) *string { return &s }

		tests := []struct {
			name   string
			filter door.MemberFilter
			want   []*door.Member
			total  int
		}{
			{"live members, highest id first", door.MemberFilter{TenantID: f.a}, []*door.Member{cy, bo, ann}, 3},
			{"with deleted", door.MemberFilter{TenantID: f.a, IncludeDeleted: true}, []*door.Member{gone, cy, bo, ann}, 4},
			{"limit keeps the total", door.MemberFilter{TenantID: f.a, Page: door.Page{Limit: 1}}, []*door.Member{cy}, 3},
			{"after is a cursor", door.MemberFilter{TenantID: f.a, Page: door.Page{Limit: 1, After: cy.ID}}, []*door.Member{bo}, 3},
			{"status", door.MemberFilter{TenantID: f.a, Status: &frozen}, []*door.Member{cy}, 1},
			{"instructors", door.MemberFilter{TenantID: f.a, IsInstructor: &yes}, []*door.Member{bo}, 1},
			{"door_access_id", door.MemberFilter{TenantID: f.a, DoorAccessID: str("c1")}, []*door.Member{ann}, 1},
			{"barcode_id", door.MemberFilter{TenantID: f.a, BarcodeID: str("b2")}, []*door.Member{bo}, 1},
			{"search is case-insensitive over names and email", door.MemberFilter{TenantID: f.a, Search: str("GYM.EX")}, []*door.Member{cy, bo}, 2},
			{"search matches wildcards literally", door.MemberFilter{TenantID: f.a, Search: str("o_x")}, []*door.Member{bo}, 1},
			{"percent matches nothing", door.MemberFilter{TenantID: f.a, Search: str("%")}, nil, 0},
			{"updated since is exclusive", door.MemberFilter{TenantID: f.a, UpdatedSince: &since}, []*door.Member{cy}, 1},
			{"other tenant", door.MemberFilter{TenantID: f.b}, []*door.Member{f.firstMember(f.b)}, 1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, total, err := f.s.ListMembers(f.ctx, tt.filter)
				checkCode(t, err, "")
				checkList(t, "ListMembers", tt.want, got)
				check(t, "total", tt.total, total)
			})
		}
	}},
}

// firstMember returns the tenant's only member.
func (f *doorFixture) firstMember(tenantID string) *door.Member {
	f.t.Helper()
	got, _, err := f.s.ListMembers(f.ctx, door.MemberFilter{TenantID: tenantID})
	f.must(err)
	return got[0]
}

var membershipCases = []doorCase{
	{"ids are assigned and memberships round-trip", func(t *testing.T, f *doorFixture) {
		typ := f.typ(f.a, "Monthly")
		m := f.member(f.a, "c1")
		ms := f.membership(m, typ, t0.Add(time.Hour).Truncate(time.Second), "front", "back")
		if ms.ID <= 0 {
			t.Fatalf("ID = %d", ms.ID)
		}
		got, err := f.s.MembershipByID(f.ctx, f.a, ms.ID)
		checkCode(t, err, "")
		check(t, "MembershipByID", ms, got)
	}},
	{"nil door list is stored as empty", func(t *testing.T, f *doorFixture) {
		typ, m := f.typ(f.a, "Monthly"), f.member(f.a, "c1")
		ms := &door.Membership{TenantID: f.a, MemberID: m.ID, MembershipTypeID: typ.ID, Expires: t0, CreatedAt: t0, UpdatedAt: t0}
		f.must(f.s.CreateMembership(f.ctx, ms))
		got, _ := f.s.MembershipByID(f.ctx, f.a, ms.ID)
		if got.DoorIDs == nil || len(got.DoorIDs) != 0 {
			t.Errorf("DoorIDs = %#v, want []", got.DoorIDs)
		}
	}},
	{"another tenant's member or type is not found", func(t *testing.T, f *doorFixture) {
		typA, typB := f.typ(f.a, "Monthly"), f.typ(f.b, "Monthly")
		mA, mB := f.member(f.a, "c1"), f.member(f.b, "c1")
		for _, ms := range []*door.Membership{
			{TenantID: f.a, MemberID: mB.ID, MembershipTypeID: typA.ID, Expires: t0, CreatedAt: t0, UpdatedAt: t0},
			{TenantID: f.a, MemberID: mA.ID, MembershipTypeID: typB.ID, Expires: t0, CreatedAt: t0, UpdatedAt: t0},
		} {
			checkCode(t, f.s.CreateMembership(f.ctx, ms), hive.ENOTFOUND)
		}
		ms := f.membership(mA, typA, t0)
		_, err := f.s.MembershipByID(f.ctx, f.b, ms.ID)
		checkCode(t, err, hive.ENOTFOUND)
		checkCode(t, f.s.DeleteMembership(f.ctx, f.b, ms.ID), hive.ENOTFOUND)
		ms.MembershipTypeID = typB.ID
		checkCode(t, f.s.UpdateMembership(f.ctx, ms), hive.ENOTFOUND)
	}},
	{"memberships of several members in one call, by member then id", func(t *testing.T, f *doorFixture) {
		typ := f.typ(f.a, "Monthly")
		m1, m2, m3 := f.member(f.a, "c1"), f.member(f.a, "c2"), f.member(f.a, "c3")
		b := f.membership(m2, typ, t0)
		a := f.membership(m1, typ, t0)
		c := f.membership(m2, typ, t0)
		f.membership(m3, typ, t0)
		got, err := f.s.MembershipsOf(f.ctx, f.a, []int64{m2.ID, m1.ID})
		checkCode(t, err, "")
		checkList(t, "MembershipsOf", []*door.Membership{a, b, c}, got)
		got, err = f.s.MembershipsOf(f.ctx, f.b, []int64{m1.ID})
		checkCode(t, err, "")
		checkList(t, "other tenant", nil, got)
		got, err = f.s.MembershipsOf(f.ctx, f.a, nil)
		checkCode(t, err, "")
		checkList(t, "no members", nil, got)
	}},
	{"update and delete", func(t *testing.T, f *doorFixture) {
		typ, other := f.typ(f.a, "Monthly"), f.typ(f.a, "Annual")
		ms := f.membership(f.member(f.a, "c1"), typ, t0)
		ms.MembershipTypeID, ms.Expires, ms.DoorIDs, ms.UpdatedAt = other.ID, t0.Add(48*time.Hour).Truncate(time.Second), []string{"pool"}, f.clock.tick()
		f.must(f.s.UpdateMembership(f.ctx, ms))
		got, _ := f.s.MembershipByID(f.ctx, f.a, ms.ID)
		check(t, "after update", ms, got)
		f.must(f.s.DeleteMembership(f.ctx, f.a, ms.ID))
		_, err := f.s.MembershipByID(f.ctx, f.a, ms.ID)
		checkCode(t, err, hive.ENOTFOUND)
		checkCode(t, f.s.DeleteMembership(f.ctx, f.a, ms.ID), hive.ENOTFOUND)
	}},
}

var syncCases = []doorCase{
	{"full sync selects members with access", func(t *testing.T, f *doorFixture) {
		gold, silver := f.typ(f.a, "Gold"), f.typ(f.a, "Silver")
		cutoff := t0.Add(time.Hour)
		byType := f.member(f.a, "type")
		f.membership(byType, gold, cutoff.Add(time.Second))
		byDoor := f.member(f.a, "door")
		f.membership(byDoor, silver, cutoff.Add(time.Second), "pool")
		atCutoff := f.member(f.a, "cutoff") // expires exactly at the cutoff: expired
		f.membership(atCutoff, gold, cutoff)
		otherType := f.member(f.a, "silver")
		f.membership(otherType, silver, cutoff.Add(time.Hour))
		instructor := f.newMember(f.a, "instr")
		instructor.IsInstructor = true
		f.must(f.s.CreateMember(f.ctx, instructor))
		frozen := f.newMember(f.a, "frozen")
		frozen.Status = door.StatusFrozen
		f.must(f.s.CreateMember(f.ctx, frozen))
		f.membership(frozen, gold, cutoff.Add(time.Hour))
		deleted := f.member(f.a, "deleted")
		f.membership(deleted, gold, cutoff.Add(time.Hour))
		f.must(f.s.DeleteMember(f.ctx, f.a, deleted.ID, f.clock.tick()))
		other := f.member(f.b, "other")
		f.membership(other, f.typ(f.b, "Gold"), cutoff.Add(time.Hour))

		q := door.SyncQuery{TenantID: f.a, ExpiresAfter: cutoff, TypeIDs: []int64{gold.ID}, DoorIDs: []string{"pool"}, Limit: 100}
		f.checkSync(t, "without instructors", q, byType, byDoor)
		q.Instructors = true
		f.checkSync(t, "with instructors", q, byType, byDoor, instructor)
		q.TypeIDs, q.DoorIDs = []int64{}, []string{}
		f.checkSync(t, "no doors: instructors only", q, instructor)
		q.Instructors = false
		f.checkSync(t, "nothing opens", q)
	}},
	{"full sync pages by offset in id order", func(t *testing.T, f *doorFixture) {
		gold := f.typ(f.a, "Gold")
		var ms []*door.Member
		for _, card := range []string{"a", "b", "c", "d", "e"} {
			m := f.member(f.a, card)
			f.membership(m, gold, t0.Add(time.Hour))
			ms = append(ms, m)
		}
		q := door.SyncQuery{TenantID: f.a, ExpiresAfter: t0, TypeIDs: []int64{gold.ID}, Limit: 2}
		f.checkSync(t, "first page", q, ms[0], ms[1])
		q.Offset = 2
		f.checkSync(t, "second page", q, ms[2], ms[3])
		q.Offset = 4
		f.checkSync(t, "last page", q, ms[4])
		q.Offset = 6
		f.checkSync(t, "past the end", q)
	}},
	{"incremental sync selects changed members, deleted included", func(t *testing.T, f *doorFixture) {
		old := f.member(f.a, "old")
		since := f.clock.tick()
		changed := f.member(f.a, "new")
		gone := f.member(f.a, "gone")
		f.must(f.s.DeleteMember(f.ctx, f.a, gone.ID, f.clock.tick()))
		touched := f.member(f.a, "touched")
		f.must(f.s.TouchMember(f.ctx, f.a, old.ID, f.clock.tick()))
		f.member(f.b, "other")
		q := door.SyncQuery{TenantID: f.a, ChangedSince: &since, Limit: 100}
		f.checkSync(t, "changed since", q, old, changed, gone, touched)
		later := f.clock.tick()
		q.ChangedSince = &later
		f.checkSync(t, "nothing changed", q)
		q.AllLive = true
		f.checkSync(t, "all live after a rules change", q, old, changed, touched)
	}},
}

// checkSync checks that SyncMembers selects want, by id.
func (f *doorFixture) checkSync(t *testing.T, what string, q door.SyncQuery, want ...*door.Member) {
	t.Helper()
	got, err := f.s.SyncMembers(f.ctx, q)
	checkCode(t, err, "")
	check(t, what, memberIDs(want), memberIDs(got))
}

func memberIDs(ms []*door.Member) []int64 {
	out := []int64{}
	for _, m := range ms {
		out = append(out, m.ID)
	}
	return out
}
