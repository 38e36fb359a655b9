package door_test

import (
	"strings"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
)

// TestAccessDecisions covers every decision rule, each case named by its
// outcome, and checks that each decision is recorded with its reason.
func TestAccessDecisions(t *testing.T) {
	h := newHarness(t)
	g := h.seed()
	tests := []struct {
		name    string
		req     door.AccessRequest
		granted bool
		reason  string
		member  *door.Member // nil: no member in the decision
		message string       // a part of the message
	}{
		{"membership of the door's type is granted", door.AccessRequest{DoorAccessID: "CARD-ANN", DoorID: "front"},
			true, door.ReasonMembership, g.ann, `"Gold"`},
		{"id alone is enough", door.AccessRequest{ID: id(g.ann), DoorID: "front"}, true, door.ReasonMembership, g.ann, ""},
		{"barcode alone is enough", door.AccessRequest{BarcodeID: "BAR-ANN", DoorID: "front"}, true, door.ReasonMembership, g.ann, ""},
		{"all three identifiers of one member are granted",
			door.AccessRequest{ID: id(g.ann), DoorAccessID: "CARD-ANN", BarcodeID: "BAR-ANN", DoorID: "front"},
			true, door.ReasonMembership, g.ann, ""},
		{"identifiers of two members are a mismatch",
			door.AccessRequest{ID: id(g.ann), DoorAccessID: "CARD-BO", DoorID: "front"},
			false, door.ReasonIdentifiersMismatch, nil, "do not all match"},
		{"card and barcode of two members are a mismatch",
			door.AccessRequest{DoorAccessID: "CARD-ANN", BarcodeID: "BAR-NOBODY", DoorID: "front"},
			false, door.ReasonIdentifiersMismatch, nil, ""},
		{"a matching id beside an unknown card is a mismatch",
			door.AccessRequest{ID: id(g.ann), DoorAccessID: "NO-SUCH-CARD", DoorID: "front"},
			false, door.ReasonIdentifiersMismatch, nil, ""},
		{"unknown card is member_not_found", door.AccessRequest{DoorAccessID: "NO-SUCH-CARD", DoorID: "front"},
			false, door.ReasonMemberNotFound, nil, "no member"},
		{"unknown id and barcode are member_not_found", door.AccessRequest{ID: "999999", BarcodeID: "NOPE", DoorID: "front"},
			false, door.ReasonMemberNotFound, nil, ""},
		{"unknown door is door_not_found", door.AccessRequest{DoorAccessID: "CARD-ANN", DoorID: "attic"},
			false, door.ReasonDoorNotFound, g.ann, `"attic"`},
		{"inactive door is refused", door.AccessRequest{DoorAccessID: "CARD-ANN", DoorID: "closed"},
			false, door.ReasonDoorInactive, g.ann, "inactive"},
		{"frozen member is refused", door.AccessRequest{DoorAccessID: "CARD-FROZEN", DoorID: "front"},
			false, door.ReasonMemberFrozen, g.frozen, "frozen"},
		{"cancelled member is refused", door.AccessRequest{DoorAccessID: "CARD-CANCELLED", DoorID: "front"},
			false, door.ReasonMemberCancelled, g.cancelled, "cancelled"},
		{"deleted member is refused as cancelled", door.AccessRequest{DoorAccessID: "CARD-DELETED", DoorID: "front"},
			false, door.ReasonMemberCancelled, g.deleted, "cancelled"},
		{"instructor at a door that allows instructors is granted", door.AccessRequest{DoorAccessID: "CARD-BO", DoorID: "studio"},
			true, door.ReasonInstructor, g.bo, "instructors"},
		{"instructor elsewhere needs a membership", door.AccessRequest{DoorAccessID: "CARD-BO", DoorID: "front"},
			false, door.ReasonNoMembershipForDoor, g.bo, `"front"`},
		{"membership listing the door is granted", door.AccessRequest{DoorAccessID: "CARD-SWIM", DoorID: "pool"},
			true, door.ReasonMembership, g.swimmer, `"Silver"`},
		{"membership of another type is no_membership_for_door", door.AccessRequest{DoorAccessID: "CARD-SWIM", DoorID: "front"},
			false, door.ReasonNoMembershipForDoor, g.swimmer, ""},
		{"member without memberships is no_membership_for_door", door.AccessRequest{DoorAccessID: "CARD-NOBODY", DoorID: "front"},
			false, door.ReasonNoMembershipForDoor, g.nobody, ""},
		{"non-instructor at the studio is no_membership_for_door", door.AccessRequest{DoorAccessID: "CARD-ANN", DoorID: "studio"},
			false, door.ReasonNoMembershipForDoor, g.ann, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(h.allEntries())
			d, err := h.svc.Access(h.ctx, h.p, tt.req)
			checkCode(t, err, "")
			check(t, "granted", tt.granted, d.Granted)
			check(t, "reason", tt.reason, d.Reason)
			if !strings.Contains(d.Message, tt.message) {
				t.Errorf("message %q does not contain %q", d.Message, tt.message)
			}
			var gotID, wantID int64
			if d.Member != nil {
				gotID = d.Member.ID
			}
			if tt.member != nil {
				wantID = tt.member.ID
			}
			check(t, "member", wantID, gotID)
			if !d.Recorded || d.EntryID == 0 || d.NotRecorded != "" {
				t.Errorf("Recorded, EntryID, NotRecorded = %v, %d, %q; want a recorded entry", d.Recorded, d.EntryID, d.NotRecorded)
			}
			entries := h.allEntries()
			if len(entries) != before+1 {
				t.Fatalf("%d entries after the swipe, want %d", len(entries), before+1)
			}
			e := entries[0]
			check(t, "entry", &door.Entry{ID: d.EntryID, TenantID: h.p.TenantID, MemberID: ptrID(tt.member), DoorID: tt.req.DoorID,
				Granted: tt.granted, Reason: tt.reason, Message: d.Message, KeyID: h.p.KeyID, At: t0,
				Presented: door.Identifiers{ID: tt.req.ID, DoorAccessID: tt.req.DoorAccessID, BarcodeID: tt.req.BarcodeID}}, e)
			check(t, "OnEntry", e, h.entries[len(h.entries)-1])
		})
	}
}

func ptrID(m *door.Member) *int64 {
	if m == nil {
		return nil
	}
	return &m.ID
}

// TestAccessInvalid checks the requests that are errors, not decisions: they
// name the field and record nothing.
func TestAccessInvalid(t *testing.T) {
	h := newHarness(t)
	h.seed()
	tests := []struct {
		name  string
		req   door.AccessRequest
		field string
	}{
		{"no identifier names the fields", door.AccessRequest{DoorID: "front"}, "id"},
		{"missing door_id", door.AccessRequest{DoorAccessID: "CARD-ANN"}, "door_id"},
		{"non-numeric id", door.AccessRequest{ID: "abc", DoorID: "front"}, "id"},
		{"negative id", door.AccessRequest{ID: "-4", DoorID: "front"}, "id"},
		{"signed id", door.AccessRequest{ID: "+4", DoorID: "front"}, "id"},
		{"id beyond int64", door.AccessRequest{ID: "99999999999999999999", DoorID: "front"}, "id"},
		{"door_id over 191 characters", door.AccessRequest{DoorAccessID: "CARD-ANN", DoorID: strings.Repeat("d", 192)}, "door_id"},
		{"door_access_id over 191 characters", door.AccessRequest{DoorAccessID: strings.Repeat("c", 192), DoorID: "front"}, "door_access_id"},
		{"barcode_id over 191 characters", door.AccessRequest{BarcodeID: strings.Repeat("b", 192), DoorID: "front"}, "barcode_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.svc.Access(h.ctx, h.p, tt.req)
			checkCode(t, err, hive.EINVALID)
			check(t, "field", tt.field, hive.ErrorDetails(err)["field"])
		})
	}
	if n := len(h.allEntries()); n != 0 {
		t.Errorf("%d entries recorded for invalid requests", n)
	}
}

// TestAccessRestrictedKey checks that a key restricted to some doors is
// refused elsewhere with the 403 of hive.CheckResource, recording nothing.
func TestAccessRestrictedKey(t *testing.T) {
	h := newHarness(t)
	g := h.seed()
	restricted := *h.p
	restricted.Resources = hive.Resources{Doors: []string{"front"}}
	d, err := h.svc.Access(h.ctx, &restricted, door.AccessRequest{DoorAccessID: g.ann.DoorAccessID, DoorID: "front"})
	checkCode(t, err, "")
	check(t, "granted at the allowed door", true, d.Granted)
	check(t, "views hold only the allowed doors", []string{"front"}, d.Memberships[0].DoorIDs)

	_, err = h.svc.Access(h.ctx, &restricted, door.AccessRequest{DoorAccessID: g.swimmer.DoorAccessID, DoorID: "pool"})
	checkCode(t, err, hive.EFORBIDDEN)
	check(t, "resource", "pool", hive.ErrorDetails(err)["resource_id"])
	_, err = h.svc.Access(h.ctx, &restricted, door.AccessRequest{DoorAccessID: "NO-SUCH", DoorID: "attic"})
	checkCode(t, err, hive.EFORBIDDEN)
	check(t, "entries", 1, len(h.allEntries()))
}

// TestCheckOnlyRecordsNothing checks that check_only answers as a real swipe
// would, granted or denied, without an entry or a hook call.
func TestCheckOnlyRecordsNothing(t *testing.T) {
	h := newHarness(t)
	g := h.seed()
	for _, tt := range []struct {
		name   string
		m      *door.Member
		reason string
	}{
		{"granted", g.ann, door.ReasonMembership},
		{"denied", g.frozen, door.ReasonMemberFrozen},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := h.svc.Access(h.ctx, h.p, door.AccessRequest{DoorAccessID: tt.m.DoorAccessID, DoorID: "front", CheckOnly: true})
			checkCode(t, err, "")
			check(t, "reason", tt.reason, d.Reason)
			check(t, "recorded", false, d.Recorded)
			check(t, "not recorded because", door.NotRecordedCheckOnly, d.NotRecorded)
		})
	}
	check(t, "entries", 0, len(h.allEntries()))
	check(t, "hook calls", 0, len(h.entries))
}

// TestExpiryBoundary checks that a membership opens the door until the
// exact second it expires, plus grace days, and not at that second.
func TestExpiryBoundary(t *testing.T) {
	tests := []struct {
		name    string
		grace   int
		at      time.Time
		granted bool
		reason  string
	}{
		{"a second before expiry is granted", 0, expires.Add(-time.Second), true, door.ReasonMembership},
		{"a microsecond before expiry is granted", 0, expires.Add(-time.Microsecond), true, door.ReasonMembership},
		{"at the expiry second is expired", 0, expires, false, door.ReasonMembershipExpired},
		{"after expiry is expired", 0, expires.Add(time.Hour), false, door.ReasonMembershipExpired},
		{"with grace, at expiry is granted", 2, expires, true, door.ReasonMembership},
		{"with grace, a second before the grace ends is granted", 2, expires.Add(48*time.Hour - time.Second), true, door.ReasonMembership},
		{"with grace, at the end of the grace is expired", 2, expires.Add(48 * time.Hour), false, door.ReasonMembershipExpired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			g := h.seed()
			h.settings(door.SettingsUpdate{GraceDays: &tt.grace})
			h.set(tt.at)
			d := h.swipe(g.ann, "front")
			check(t, "granted", tt.granted, d.Granted)
			check(t, "reason", tt.reason, d.Reason)
			check(t, "recorded", true, d.Recorded)
			if !tt.granted && !strings.Contains(d.Message, "expired") {
				t.Errorf("message %q does not say the membership expired", d.Message)
			}
			// The expired membership still shows, so a person can see why.
			check(t, "memberships", []door.MembershipView{{MembershipID: g.annGold.ID, MembershipTypeID: g.gold.ID,
				MembershipTypeName: "Gold", Expires: expires.Unix(), DoorIDs: []string{"front"}}}, d.Memberships)
		})
	}
}

// TestExpiredAmongCurrent checks that one current membership is enough when
// another one that opens the door has expired.
func TestExpiredAmongCurrent(t *testing.T) {
	h := newHarness(t)
	g := h.seed()
	h.membership(g.nobody, g.gold, t0.Add(-time.Hour))
	check(t, "only expired", door.ReasonMembershipExpired, h.swipe(g.nobody, "front").Reason)
	h.membership(g.nobody, g.gold, t0.Add(time.Hour))
	check(t, "one current", door.ReasonMembership, h.swipe(g.nobody, "front").Reason)
}

// TestDecisionShowsMember checks the user object's data: the phone in
// E.164 and only memberships that open an active door.
func TestDecisionShowsMember(t *testing.T) {
	h := newHarness(t)
	g := h.seed()
	h.membership(g.ann, g.unused, expires) // opens no door: not shown
	d := h.swipe(g.ann, "front")
	check(t, "phone", "+14155550123", d.PhoneE164)
	check(t, "member email", "ann@example.com", d.Member.Email)
	check(t, "memberships", []door.MembershipView{{MembershipID: g.annGold.ID, MembershipTypeID: g.gold.ID,
		MembershipTypeName: "Gold", Expires: expires.Unix(), DoorIDs: []string{"front"}}}, d.Memberships)

	d = h.swipe(g.nobody, "front")
	check(t, "no memberships is an empty list", []door.MembershipView{}, d.Memberships)
}

// TestReentryWindow checks that repeat granted swipes within the window of
// the last recorded one are granted but not recorded, and denials always are.
func TestReentryWindow(t *testing.T) {
	h := newHarness(t)
	g := h.seed()
	h.settings(door.SettingsUpdate{ReentryWindow: new(time.Minute)})
	steps := []struct {
		name     string
		at       time.Duration // after t0
		m        *door.Member
		doorID   string
		recorded bool
	}{
		{"first swipe is recorded", 0, g.ann, "front", true},
		{"repeat within the window collapses", 30 * time.Second, g.ann, "front", false},
		{"collapsed swipes do not extend the window", 59 * time.Second, g.ann, "front", false},
		{"same member at another door is recorded", 40 * time.Second, g.swimmer, "pool", true},
		{"denied swipe in the window is recorded", 45 * time.Second, g.frozen, "front", true},
		{"at the end of the window is recorded", time.Minute, g.ann, "front", true},
		{"window restarts from the new entry", 90 * time.Second, g.ann, "front", false},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			h.set(t0.Add(s.at))
			d := h.swipe(s.m, s.doorID)
			check(t, "recorded", s.recorded, d.Recorded)
			if !s.recorded {
				check(t, "granted", true, d.Granted)
				check(t, "not recorded because", door.NotRecordedReentry, d.NotRecorded)
			}
		})
	}
	check(t, "entries", 4, len(h.allEntries()))
	check(t, "hook calls", 4, len(h.entries))
}

// TestIdempotentRetry checks that a retry with the same Idempotency-Key gets
// the first answer and records one entry, and that reusing the key for
// another request conflicts.
func TestIdempotentRetry(t *testing.T) {
	h := newHarness(t)
	g := h.seed()
	req := door.AccessRequest{DoorAccessID: g.ann.DoorAccessID, DoorID: "front", IdempotencyKey: "swipe-1"}
	first, err := h.svc.Access(h.ctx, h.p, req)
	checkCode(t, err, "")
	h.set(t0.Add(time.Minute))
	retry, err := h.svc.Access(h.ctx, h.p, req)
	checkCode(t, err, "")
	check(t, "replayed", true, retry.Replayed)
	retry.Replayed = false
	check(t, "retry answer", first, retry)
	check(t, "entries after a retry", 1, len(h.allEntries()))
	check(t, "hook calls after a retry", 1, len(h.entries))

	other := req
	other.DoorID = "studio"
	_, err = h.svc.Access(h.ctx, h.p, other)
	checkCode(t, err, hive.ECONFLICT)
	check(t, "reason", "idempotency_key_reused", hive.ErrorDetails(err)["reason"])

	otherKey := *h.p
	otherKey.KeyID = "key_other"
	d, err := h.svc.Access(h.ctx, &otherKey, req)
	checkCode(t, err, "")
	check(t, "another API key's same header is new", false, d.Replayed)

	h.set(t0.Add(24 * time.Hour))
	_, err = h.svc.Access(h.ctx, h.p, other)
	checkCode(t, err, hive.ECONFLICT) // 24 h to the microsecond: still remembered
	h.set(t0.Add(24*time.Hour + time.Microsecond))
	d, err = h.svc.Access(h.ctx, h.p, other)
	checkCode(t, err, "")
	check(t, "after 24 h the key is new", false, d.Replayed)
	check(t, "entries", 3, len(h.allEntries()))
}

// TestIdempotentDenial checks that a denied swipe replays too.
func TestIdempotentDenial(t *testing.T) {
	h := newHarness(t)
	req := door.AccessRequest{DoorAccessID: "NO-SUCH", DoorID: "front", IdempotencyKey: "k"}
	for range 3 {
		d, err := h.svc.Access(h.ctx, h.p, req)
		checkCode(t, err, "")
		check(t, "reason", door.ReasonMemberNotFound, d.Reason)
	}
	check(t, "entries", 1, len(h.allEntries()))
}

// A door changed through another Service on the same database, as on
// another node, and in the same microsecond as the change before, decides
// the next swipe: Access caches doors only as long as the tenant's rules
// are unchanged.
func TestAccessSeesDoorChangesMadeElsewhere(t *testing.T) {
	h := newHarness(t) // the clock stands still: every change is at t0
	g := h.seed()
	other := door.NewService(h.store, door.Config{Now: h.clock})
	swipe := func(doorID string) string {
		t.Helper()
		d, err := h.svc.Access(h.ctx, h.p, door.AccessRequest{DoorAccessID: g.ann.DoorAccessID, DoorID: doorID})
		h.must(err)
		return d.Reason
	}
	check(t, "before the change", door.ReasonMembership, swipe("front"))
	_, err := other.UpdateDoor(h.ctx, h.p, "front", door.DoorUpdate{Active: new(false)})
	h.must(err)
	check(t, "after switching the door off elsewhere", door.ReasonDoorInactive, swipe("front"))
	_, err = other.CreateDoor(h.ctx, h.p, door.DoorParams{DoorID: "annex", Name: "Annex", MembershipTypeIDs: []int64{g.gold.ID}})
	h.must(err)
	check(t, "at a door created elsewhere", door.ReasonMembership, swipe("annex"))
	h.must(other.DeleteDoor(h.ctx, h.p, "annex"))
	check(t, "at a door deleted elsewhere", door.ReasonDoorNotFound, swipe("annex"))
}
