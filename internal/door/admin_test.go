package door_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
)

func TestSettings(t *testing.T) {
	h := newHarness(t)
	st, err := h.svc.Settings(h.ctx, h.p)
	checkCode(t, err, "")
	check(t, "defaults", door.Settings{TenantID: h.p.TenantID, Token: st.Token, DefaultPhoneRegion: "US", UpdatedAt: t0}, *st)
	if len(st.Token) != door.TokenLen {
		t.Errorf("token %q has %d characters, want %d", st.Token, len(st.Token), door.TokenLen)
	}
	again, _ := h.svc.Settings(h.ctx, h.p)
	check(t, "token is stable", st.Token, again.Token)
	byToken, err := h.svc.SettingsByToken(h.ctx, st.Token)
	checkCode(t, err, "")
	check(t, "by token", st, byToken)

	h.set(t0.Add(time.Minute))
	updated := h.settings(door.SettingsUpdate{Enabled: new(true), UsersEndpointEnabled: new(true), ExposeEmail: new(true),
		ExposePhone: new(true), ReentryWindow: new(90 * time.Second), GraceDays: new(3), DefaultPhoneRegion: new("gb")})
	check(t, "updated", door.Settings{TenantID: h.p.TenantID, Enabled: true, UsersEndpointEnabled: true, ExposeEmail: true,
		ExposePhone: true, Token: st.Token, ReentryWindow: 90 * time.Second, GraceDays: 3, DefaultPhoneRegion: "GB",
		RulesChangedAt: t0.Add(time.Minute), UpdatedAt: t0.Add(time.Minute)}, *updated) // grace days change access

	h.set(t0.Add(2 * time.Minute))
	updated = h.settings(door.SettingsUpdate{GraceDays: new(3), ExposeEmail: new(false)})
	check(t, "same grace days leave the rules alone", t0.Add(time.Minute), updated.RulesChangedAt)

	h.set(t0.Add(25 * time.Hour))
	_, err = h.svc.Access(h.ctx, h.p, door.AccessRequest{DoorAccessID: "X", DoorID: "front", IdempotencyKey: "k"})
	checkCode(t, err, "")
	n, err := h.svc.PurgeIdempotencyKeys(h.ctx)
	checkCode(t, err, "")
	check(t, "nothing old to purge", 0, n)
	h.set(t0.Add(50 * time.Hour))
	n, _ = h.svc.PurgeIdempotencyKeys(h.ctx)
	check(t, "purged", 1, n)

	regenerated, err := h.svc.RegenerateToken(h.ctx, h.p)
	checkCode(t, err, "")
	if regenerated.Token == st.Token {
		t.Error("RegenerateToken kept the token")
	}
	_, err = h.svc.SettingsByToken(h.ctx, st.Token)
	checkCode(t, err, hive.ENOTFOUND)
	_, err = h.svc.SettingsByToken(h.ctx, regenerated.Token)
	checkCode(t, err, "")
}

func TestSettingsByTokenRefusesGarbage(t *testing.T) {
	h := newHarness(t)
	st, _ := h.svc.Settings(h.ctx, h.p)
	for _, tok := range []string{"", "short", strings.Repeat("x", 40), st.Token + "!", strings.Repeat("a", 65), st.Token[:39]} {
		_, err := h.svc.SettingsByToken(h.ctx, tok)
		checkCode(t, err, hive.ENOTFOUND)
	}
}

func TestUpdateSettingsNamesTheField(t *testing.T) {
	tests := []struct {
		name  string
		u     door.SettingsUpdate
		field string
	}{
		{"negative grace days", door.SettingsUpdate{GraceDays: new(-1)}, "grace_days"},
		{"too many grace days", door.SettingsUpdate{GraceDays: new(door.MaxGraceDays + 1)}, "grace_days"},
		{"negative window", door.SettingsUpdate{ReentryWindow: new(-time.Second)}, "reentry_window_seconds"},
		{"window over a day", door.SettingsUpdate{ReentryWindow: new(25 * time.Hour)}, "reentry_window_seconds"},
		{"window in fractions of a second", door.SettingsUpdate{ReentryWindow: new(1500 * time.Millisecond)}, "reentry_window_seconds"},
		{"unknown region", door.SettingsUpdate{DefaultPhoneRegion: new("XX")}, "default_phone_region"},
		{"region name", door.SettingsUpdate{DefaultPhoneRegion: new("USA")}, "default_phone_region"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			_, err := h.svc.UpdateSettings(h.ctx, h.p, tt.u)
			checkCode(t, err, hive.EINVALID)
			check(t, "field", tt.field, hive.ErrorDetails(err)["field"])
		})
	}
}

func TestDoorAdministration(t *testing.T) {
	h := newHarness(t)
	gold := h.typ("Gold")
	tests := []struct {
		name   string
		params door.DoorParams
		code   string
		field  string
	}{
		{"door with letters, digits, - and _ is created", door.DoorParams{DoorID: "Front-1_a", Name: "Front"}, "", ""},
		{"missing door_id", door.DoorParams{Name: "Front"}, hive.EINVALID, "door_id"},
		{"door_id with a space", door.DoorParams{DoorID: "front door", Name: "Front"}, hive.EINVALID, "door_id"},
		{"door_id over 191 characters", door.DoorParams{DoorID: strings.Repeat("d", 192), Name: "Front"}, hive.EINVALID, "door_id"},
		{"missing name", door.DoorParams{DoorID: "side"}, hive.EINVALID, "name"},
		{"unknown membership type", door.DoorParams{DoorID: "side", Name: "Side", MembershipTypeIDs: []int64{gold.ID, 999}}, hive.EINVALID, "membership_type_ids[1]"},
		{"duplicate door_id", door.DoorParams{DoorID: "Front-1_a", Name: "Again"}, hive.ECONFLICT, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.svc.CreateDoor(h.ctx, h.p, tt.params)
			checkCode(t, err, tt.code)
			if tt.field != "" {
				check(t, "field", tt.field, hive.ErrorDetails(err)["field"])
			}
		})
	}

	d, err := h.svc.CreateDoor(h.ctx, h.p, door.DoorParams{DoorID: "side", Name: "Side", MembershipTypeIDs: []int64{gold.ID, gold.ID}})
	checkCode(t, err, "")
	check(t, "types are deduplicated, active by default", []any{[]int64{gold.ID}, true}, []any{d.MembershipTypeIDs, d.Active})
	d, err = h.svc.UpdateDoor(h.ctx, h.p, "side", door.DoorUpdate{Active: new(false), Name: new("Side door")})
	checkCode(t, err, "")
	check(t, "updated", []any{"Side door", false, []int64{gold.ID}}, []any{d.Name, d.Active, d.MembershipTypeIDs})

	restricted := *h.p
	restricted.Resources = hive.Resources{Doors: []string{"side"}}
	doors, err := h.svc.Doors(h.ctx, &restricted)
	checkCode(t, err, "")
	check(t, "restricted key lists its doors only", 1, len(doors))
	_, err = h.svc.Door(h.ctx, &restricted, "Front-1_a")
	checkCode(t, err, hive.EFORBIDDEN)
	_, err = h.svc.CreateDoor(h.ctx, &restricted, door.DoorParams{DoorID: "back", Name: "Back"})
	checkCode(t, err, hive.EFORBIDDEN)

	h.must(h.svc.DeleteDoor(h.ctx, h.p, "side"))
	_, err = h.svc.Door(h.ctx, h.p, "side")
	checkCode(t, err, hive.ENOTFOUND)
	checkCode(t, h.svc.DeleteDoor(h.ctx, h.p, "side"), hive.ENOTFOUND)

	other := &hive.Principal{TenantID: hive.NewID(hive.PrefixTenant, t0)}
	_, err = h.svc.Door(h.ctx, other, "Front-1_a")
	checkCode(t, err, hive.ENOTFOUND)
}

func TestMembershipTypeDeletion(t *testing.T) {
	h := newHarness(t)
	g := h.seed()
	checkCode(t, h.svc.DeleteMembershipType(h.ctx, h.p, g.gold.ID), hive.ECONFLICT)
	extra := h.typ("Extra")
	_, err := h.svc.UpdateDoor(h.ctx, h.p, "front", door.DoorUpdate{MembershipTypeIDs: &[]int64{g.gold.ID, extra.ID}})
	checkCode(t, err, "")
	h.must(h.svc.DeleteMembershipType(h.ctx, h.p, extra.ID))
	front, _ := h.svc.Door(h.ctx, h.p, "front")
	check(t, "removed from the door", []int64{g.gold.ID}, front.MembershipTypeIDs)
	_, err = h.svc.MembershipType(h.ctx, h.p, extra.ID)
	checkCode(t, err, hive.ENOTFOUND)
	renamed, err := h.svc.RenameMembershipType(h.ctx, h.p, g.gold.ID, " Gold Plus ")
	checkCode(t, err, "")
	check(t, "renamed", "Gold Plus", renamed.Name)
	_, err = h.svc.CreateMembershipType(h.ctx, h.p, "  ")
	checkCode(t, err, hive.EINVALID)
}

func TestMemberAdministration(t *testing.T) {
	h := newHarness(t)
	g := h.seed()
	tests := []struct {
		name   string
		params door.MemberParams
		code   string
		field  string
	}{
		{"member without identifiers is created", door.MemberParams{FirstName: "Eve"}, "", ""},
		{"taken card is conflict naming the field", door.MemberParams{DoorAccessID: "CARD-ANN"}, hive.ECONFLICT, "door_access_id"},
		{"taken barcode is conflict naming the field", door.MemberParams{BarcodeID: "BAR-ANN"}, hive.ECONFLICT, "barcode_id"},
		{"deleted member's card is free", door.MemberParams{DoorAccessID: "CARD-DELETED"}, "", ""},
		{"card over 191 characters", door.MemberParams{DoorAccessID: strings.Repeat("c", 192)}, hive.EINVALID, "door_access_id"},
		{"bad email", door.MemberParams{Email: "not-an-email"}, hive.EINVALID, "email"},
		{"long phone", door.MemberParams{Phone: strings.Repeat("1", 51)}, hive.EINVALID, "phone"},
		{"unknown status", door.MemberParams{Status: "paused"}, hive.EINVALID, "status"},
		{"name over 191 characters", door.MemberParams{FirstName: strings.Repeat("é", 192)}, hive.EINVALID, "first_name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.svc.CreateMember(h.ctx, h.p, tt.params)
			checkCode(t, err, tt.code)
			if tt.field != "" {
				check(t, "field", tt.field, hive.ErrorDetails(err)["field"])
			}
		})
	}

	h.set(t0.Add(time.Hour))
	m, err := h.svc.UpdateMember(h.ctx, h.p, g.nobody.ID, door.MemberUpdate{FirstName: new("No"), BarcodeID: new("")})
	checkCode(t, err, "")
	check(t, "updated", []any{"No", "", "CARD-NOBODY", t0.Add(time.Hour)}, []any{m.FirstName, m.BarcodeID, m.DoorAccessID, m.UpdatedAt})
	_, err = h.svc.UpdateMember(h.ctx, h.p, g.nobody.ID, door.MemberUpdate{DoorAccessID: new("CARD-ANN")})
	checkCode(t, err, hive.ECONFLICT)
	_, err = h.svc.UpdateMember(h.ctx, h.p, g.nobody.ID, door.MemberUpdate{Status: new(door.Status(""))})
	checkCode(t, err, hive.EINVALID)
	_, err = h.svc.UpdateMember(h.ctx, h.p, g.nobody.ID, door.MemberUpdate{DoorAccessID: new("CARD-NOBODY")})
	checkCode(t, err, "") // its own card is no conflict

	_, err = h.svc.Member(h.ctx, h.p, g.deleted.ID)
	checkCode(t, err, hive.ENOTFOUND)
	checkCode(t, h.svc.DeleteMember(h.ctx, h.p, g.deleted.ID), hive.ENOTFOUND)
	_, err = h.svc.UpdateMember(h.ctx, h.p, g.deleted.ID, door.MemberUpdate{FirstName: new("Zed")})
	checkCode(t, err, hive.ENOTFOUND)

	frozen := door.StatusFrozen
	list, total, err := h.svc.ListMembers(h.ctx, h.p, door.MemberFilter{Status: &frozen})
	checkCode(t, err, "")
	check(t, "frozen members", []any{1, g.frozen.ID}, []any{total, list[0].ID})
	_, _, err = h.svc.ListMembers(h.ctx, h.p, door.MemberFilter{Status: new(door.Status("paused"))})
	checkCode(t, err, hive.EINVALID)

	other := &hive.Principal{TenantID: hive.NewID(hive.PrefixTenant, t0)}
	_, err = h.svc.Member(h.ctx, other, g.ann.ID)
	checkCode(t, err, hive.ENOTFOUND)
}

func TestMembershipAdministration(t *testing.T) {
	h := newHarness(t)
	g := h.seed()
	h.set(t0.Add(time.Hour))
	ms, err := h.svc.CreateMembership(h.ctx, h.p, g.nobody.ID, door.MembershipParams{MembershipTypeID: g.silver.ID,
		Expires: expires.Add(1500 * time.Millisecond), DoorIDs: []string{"pool", "pool", "studio"}})
	checkCode(t, err, "")
	check(t, "normalised", []any{expires.Add(time.Second), []string{"pool", "studio"}}, []any{ms.Expires, ms.DoorIDs})
	m, _ := h.svc.Member(h.ctx, h.p, g.nobody.ID)
	check(t, "member's updated_at moves with its memberships", t0.Add(time.Hour), m.UpdatedAt)

	tests := []struct {
		name   string
		params door.MembershipParams
		field  string
	}{
		{"unknown type", door.MembershipParams{MembershipTypeID: 999, Expires: expires}, "membership_type_id"},
		{"no expiry", door.MembershipParams{MembershipTypeID: g.gold.ID}, "expires"},
		{"unknown door", door.MembershipParams{MembershipTypeID: g.gold.ID, Expires: expires, DoorIDs: []string{"pool", "attic"}}, "door_ids[1]"},
		{"bad door id", door.MembershipParams{MembershipTypeID: g.gold.ID, Expires: expires, DoorIDs: []string{"a b"}}, "door_ids[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.svc.CreateMembership(h.ctx, h.p, g.nobody.ID, tt.params)
			checkCode(t, err, hive.EINVALID)
			check(t, "field", tt.field, hive.ErrorDetails(err)["field"])
		})
	}

	_, err = h.svc.CreateMembership(h.ctx, h.p, g.deleted.ID, door.MembershipParams{MembershipTypeID: g.gold.ID, Expires: expires})
	checkCode(t, err, hive.ENOTFOUND)
	_, err = h.svc.Membership(h.ctx, h.p, g.ann.ID, ms.ID) // another member's
	checkCode(t, err, hive.ENOTFOUND)

	h.set(t0.Add(2 * time.Hour))
	ms, err = h.svc.UpdateMembership(h.ctx, h.p, g.nobody.ID, ms.ID, door.MembershipUpdate{DoorIDs: &[]string{}})
	checkCode(t, err, "")
	check(t, "door list cleared", []string{}, ms.DoorIDs)
	list, err := h.svc.Memberships(h.ctx, h.p, g.nobody.ID)
	checkCode(t, err, "")
	check(t, "memberships", 1, len(list))
	h.must(h.svc.DeleteMembership(h.ctx, h.p, g.nobody.ID, ms.ID))
	m, _ = h.svc.Member(h.ctx, h.p, g.nobody.ID)
	check(t, "deletion moves updated_at", t0.Add(2*time.Hour), m.UpdatedAt)
	checkCode(t, h.svc.DeleteMembership(h.ctx, h.p, g.nobody.ID, ms.ID), hive.ENOTFOUND)
}

func TestEntries(t *testing.T) {
	h := newHarness(t)
	g := h.seed()
	for i, s := range []struct {
		m    *door.Member
		door string
	}{{g.ann, "front"}, {g.ann, "studio"}, {g.swimmer, "pool"}, {g.ann, "front"}} {
		h.set(t0.Add(time.Duration(i) * time.Minute))
		h.swipe(s.m, s.door)
	}
	granted := true
	list, total, err := h.svc.ListEntries(h.ctx, h.p, door.EntryFilter{MemberID: &g.ann.ID, Granted: &granted})
	checkCode(t, err, "")
	check(t, "ann's granted entries", 2, total)
	check(t, "newest first", t0.Add(3*time.Minute), list[0].At)

	restricted := *h.p
	restricted.Resources = hive.Resources{Doors: []string{"pool"}}
	_, total, err = h.svc.ListEntries(h.ctx, &restricted, door.EntryFilter{})
	checkCode(t, err, "")
	check(t, "a pool-only key sees pool entries", 1, total)
	_, _, err = h.svc.ListEntries(h.ctx, &restricted, door.EntryFilter{DoorID: new("front")})
	checkCode(t, err, hive.EFORBIDDEN)
	from, to := t0.Add(time.Minute), t0
	_, _, err = h.svc.ListEntries(h.ctx, h.p, door.EntryFilter{From: &from, To: &to})
	checkCode(t, err, hive.EINVALID)

	h.must(h.svc.DeleteMember(h.ctx, h.p, g.ann.ID))
	export, err := h.svc.MemberEntries(h.ctx, h.p, g.ann.ID)
	checkCode(t, err, "")
	check(t, "a deleted member's export holds every entry", 3, len(export))
	_, err = h.svc.MemberEntries(h.ctx, h.p, 999999)
	checkCode(t, err, hive.ENOTFOUND)
}
