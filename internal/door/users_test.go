package door_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
)

// TestUsersPaging checks page sizes and next_page at the edges of a page.
func TestUsersPaging(t *testing.T) {
	type page struct{ users, next int }
	tests := []struct {
		members int
		pages   []page // pages 1, 2, ...
	}{
		{0, []page{{0, 0}}},
		{100, []page{{100, 0}}},
		{101, []page{{100, 2}, {1, 0}}},
		{250, []page{{100, 2}, {100, 3}, {50, 0}}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d members", tt.members), func(t *testing.T) {
			h := newHarness(t)
			gold := h.typ("Gold")
			h.door(door.DoorParams{DoorID: "front", Name: "Front", MembershipTypeIDs: []int64{gold.ID}})
			h.seedMembers(tt.members, gold)
			var lastID int64
			for i, want := range tt.pages {
				got, err := h.svc.Users(h.ctx, h.p, i+1, nil)
				checkCode(t, err, "")
				check(t, fmt.Sprintf("page %d: page", i+1), i+1, got.Page)
				check(t, fmt.Sprintf("page %d: users", i+1), want.users, len(got.Users))
				check(t, fmt.Sprintf("page %d: next_page", i+1), want.next, got.NextPage)
				for _, u := range got.Users {
					if u.Member.ID <= lastID {
						t.Fatalf("page %d: member %d after %d: not ordered by id", i+1, u.Member.ID, lastID)
					}
					lastID = u.Member.ID
				}
			}
			past, err := h.svc.Users(h.ctx, h.p, len(tt.pages)+1, nil)
			checkCode(t, err, "")
			check(t, "past the last page", 0, len(past.Users))
		})
	}
}

// seedMembers adds n members with a current membership of typ, in one
// transaction through the store, which is much faster than n service calls.
func (h *harness) seedMembers(n int, typ *door.MembershipType) {
	h.t.Helper()
	h.must(h.store.WithinTx(h.ctx, func(tx door.Store) error {
		for i := range n {
			m := &door.Member{TenantID: h.p.TenantID, DoorAccessID: fmt.Sprintf("C%04d", i), Status: door.StatusActive,
				CreatedAt: t0, UpdatedAt: t0}
			if err := tx.CreateMember(h.ctx, m); err != nil {
				return err
			}
			ms := &door.Membership{TenantID: h.p.TenantID, MemberID: m.ID, MembershipTypeID: typ.ID,
				Expires: expires, DoorIDs: []string{}, CreatedAt: t0, UpdatedAt: t0}
			if err := tx.CreateMembership(h.ctx, ms); err != nil {
				return err
			}
		}
		return nil
	}))
}

// TestUsersLists checks who /users lists: those with access to at least one
// door, and what it shows of them.
func TestUsersLists(t *testing.T) {
	h := newHarness(t)
	g := h.seed()
	expired := h.member(door.MemberParams{DoorAccessID: "CARD-EXPIRED"})
	h.membership(expired, g.gold, t0.Add(-time.Second))
	onlyClosed := h.member(door.MemberParams{DoorAccessID: "CARD-CLOSED"})
	h.membership(onlyClosed, g.unused, expires, "closed") // lists an inactive door only
	frozenInstructor := h.member(door.MemberParams{DoorAccessID: "CARD-FI", IsInstructor: true, Status: door.StatusFrozen})

	got, err := h.svc.Users(h.ctx, h.p, 1, nil)
	checkCode(t, err, "")
	check(t, "listed", []int64{g.ann.ID, g.bo.ID, g.swimmer.ID}, userIDs(got.Users))
	ann := got.Users[0]
	check(t, "phone", "+14155550123", ann.PhoneE164)
	check(t, "memberships", []door.MembershipView{{MembershipID: g.annGold.ID, MembershipTypeID: g.gold.ID,
		MembershipTypeName: "Gold", Expires: expires.Unix(), DoorIDs: []string{"front"}}}, ann.Memberships)
	check(t, "instructor without memberships", []door.MembershipView{}, got.Users[1].Memberships)
	_ = frozenInstructor

	// Grace days bring the just-expired member back.
	h.settings(door.SettingsUpdate{GraceDays: new(1)})
	got, _ = h.svc.Users(h.ctx, h.p, 1, nil)
	check(t, "listed with grace", []int64{g.ann.ID, g.bo.ID, g.swimmer.ID, expired.ID}, userIDs(got.Users))

	// A key restricted to the pool sees only who may enter there.
	restricted := *h.p
	restricted.Resources = hive.Resources{Doors: []string{"pool"}}
	got, _ = h.svc.Users(h.ctx, &restricted, 1, nil)
	check(t, "listed for a pool-only key", []int64{g.swimmer.ID}, userIDs(got.Users))
}

// TestUsersUpdatedSince checks incremental sync: changed members are listed,
// those who lost access flagged Removed, deleted ones included.
func TestUsersUpdatedSince(t *testing.T) {
	h := newHarness(t)
	g := h.seed()
	since := t0.Add(time.Hour)
	h.set(since.Add(time.Minute))
	h.must(h.svc.DeleteMember(h.ctx, h.p, g.swimmer.ID))
	_, err := h.svc.UpdateMember(h.ctx, h.p, g.bo.ID, door.MemberUpdate{Status: new(door.StatusFrozen)})
	checkCode(t, err, "")
	h.membership(g.nobody, g.gold, expires) // gains access
	h.must(h.svc.DeleteMembership(h.ctx, h.p, g.cancelled.ID, g.cancelledGold.ID))

	got, err := h.svc.Users(h.ctx, h.p, 1, &since)
	checkCode(t, err, "")
	check(t, "changed members and whether they were removed", []userFlag{
		{g.bo.ID, true}, {g.cancelled.ID, true}, {g.nobody.ID, false}, {g.swimmer.ID, true},
	}, flags(got.Users))
	check(t, "deleted member is marked deleted", true, got.Users[3].Member.Deleted())

	later := h.clock().Add(time.Second)
	got, _ = h.svc.Users(h.ctx, h.p, 1, &later)
	check(t, "nothing changed since", []userFlag{}, flags(got.Users))

	// A door change may change anyone's access: every live member is listed.
	h.set(later.Add(time.Minute))
	_, err = h.svc.UpdateDoor(h.ctx, h.p, "front", door.DoorUpdate{MembershipTypeIDs: &[]int64{}})
	checkCode(t, err, "")
	got, _ = h.svc.Users(h.ctx, h.p, 1, &later)
	check(t, "after a door change", []userFlag{
		{g.ann.ID, true}, {g.bo.ID, true}, {g.frozen.ID, true}, {g.cancelled.ID, true}, {g.nobody.ID, true},
	}, flags(got.Users))
}

type userFlag struct {
	ID      int64
	Removed bool
}

func flags(us []door.UserView) []userFlag {
	out := []userFlag{}
	for _, u := range us {
		out = append(out, userFlag{u.Member.ID, u.Removed})
	}
	return out
}

func userIDs(us []door.UserView) []int64 {
	out := []int64{}
	for _, u := range us {
		out = append(out, u.Member.ID)
	}
	return out
}

func TestUsersBadPage(t *testing.T) {
	h := newHarness(t)
	for _, p := range []int{0, -1, 100_001} {
		_, err := h.svc.Users(h.ctx, h.p, p, nil)
		checkCode(t, err, hive.EINVALID)
		check(t, "field", "p", hive.ErrorDetails(err)["field"])
	}
}
