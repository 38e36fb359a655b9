package door

import (
	"fmt"
	"slices"
	"time"
)

// The access rules as pure functions, so that a swipe, the /users listing
// and an incremental sync judge alike.

// opens reports whether ms opens door d: its type is one of the door's, or
// it lists the door.
func opens(ms *Membership, d *Door) bool {
	return slices.Contains(d.MembershipTypeIDs, ms.MembershipTypeID) || slices.Contains(ms.DoorIDs, d.DoorID)
}

// current reports whether ms has not expired at now: now < Expires + grace.
// At Expires + grace exactly, it has.
func current(ms *Membership, grace time.Duration, now time.Time) bool {
	return now.Before(ms.Expires.Add(grace))
}

// judge returns the reason member m is let through door d or not, and the
// membership the reason is about, if any. d is nil for an unknown door.
func judge(m *Member, d *Door, mss []*Membership, grace time.Duration, now time.Time) (string, *Membership) {
	switch {
	case d == nil:
		return ReasonDoorNotFound, nil
	case !d.Active:
		return ReasonDoorInactive, nil
	case m.Deleted() || m.Status == StatusCancelled:
		return ReasonMemberCancelled, nil
	case m.Status == StatusFrozen:
		return ReasonMemberFrozen, nil
	case m.IsInstructor && d.AllowInstructors:
		return ReasonInstructor, nil
	}
	var expired *Membership // the opening membership that expired last
	for _, ms := range mss {
		switch {
		case !opens(ms, d):
		case current(ms, grace, now):
			return ReasonMembership, ms
		case expired == nil || ms.Expires.After(expired.Expires):
			expired = ms
		}
	}
	if expired != nil {
		return ReasonMembershipExpired, expired
	}
	return ReasonNoMembershipForDoor, nil
}

// granted reports whether reason lets the member through.
func granted(reason string) bool { return reason == ReasonMembership || reason == ReasonInstructor }

// hasAccess reports whether m may pass at least one of doors, which must be
// the active doors the caller may see. It is the rule SyncMembers applies
// in SQL.
func hasAccess(m *Member, mss []*Membership, doors []*Door, grace time.Duration, now time.Time) bool {
	if m.Deleted() || m.Status != StatusActive {
		return false
	}
	for _, d := range doors {
		if m.IsInstructor && d.AllowInstructors {
			return true
		}
		for _, ms := range mss {
			if opens(ms, d) && current(ms, grace, now) {
				return true
			}
		}
	}
	return false
}

// viewsOf returns the memberships among mss that open at least one of doors
// (the active doors the caller may see), expired or not, as the Door Access
// API shows them.
func viewsOf(mss []*Membership, doors []*Door, typeNames map[int64]string) []MembershipView {
	out := []MembershipView{}
	for _, ms := range mss {
		v := MembershipView{MembershipID: ms.ID, MembershipTypeID: ms.MembershipTypeID,
			MembershipTypeName: typeNames[ms.MembershipTypeID], Expires: ms.Expires.Unix(), DoorIDs: []string{}}
		for _, d := range doors {
			if opens(ms, d) {
				v.DoorIDs = append(v.DoorIDs, d.DoorID)
			}
		}
		if len(v.DoorIDs) > 0 {
			slices.Sort(v.DoorIDs)
			out = append(out, v)
		}
	}
	return out
}

// message returns the sentence shown for a reason.
func message(reason, doorID string, ms *Membership, typeNames map[int64]string, grace time.Duration) string {
	switch reason {
	case ReasonMembership:
		return fmt.Sprintf("Access granted: membership %q is valid.", typeNames[ms.MembershipTypeID])
	case ReasonInstructor:
		return "Access granted: instructors may use this door."
	case ReasonIdentifiersMismatch:
		return "Access denied: the identifiers given do not all match the same member."
	case ReasonMemberNotFound:
		return "Access denied: no member matches the identifiers given."
	case ReasonDoorNotFound:
		return fmt.Sprintf("Access denied: there is no door with door_id %q.", doorID)
	case ReasonDoorInactive:
		return fmt.Sprintf("Access denied: door %q is inactive.", doorID)
	case ReasonMemberFrozen:
		return "Access denied: this member's account is frozen."
	case ReasonMemberCancelled:
		return "Access denied: this member's account is cancelled."
	case ReasonMembershipExpired:
		end := ms.Expires.Add(grace).UTC().Format("2006-01-02 15:04 MST")
		if grace > 0 {
			return fmt.Sprintf("Access denied: membership %q expired; its grace period ended %s.", typeNames[ms.MembershipTypeID], end)
		}
		return fmt.Sprintf("Access denied: membership %q expired %s.", typeNames[ms.MembershipTypeID], end)
	case ReasonNoMembershipForDoor:
		return fmt.Sprintf("Access denied: no membership of this member opens door %q.", doorID)
	}
	return "Access denied."
}

// activeDoors returns the active doors among doors that p may see.
func activeDoors(doors []*Door, allowed func(string) bool) []*Door {
	out := make([]*Door, 0, len(doors))
	for _, d := range doors {
		if d.Active && allowed(d.DoorID) {
			out = append(out, d)
		}
	}
	return out
}

// typeNamesOf maps type IDs to names.
func typeNamesOf(types []*MembershipType) map[int64]string {
	out := make(map[int64]string, len(types))
	for _, t := range types {
		out[t.ID] = t.Name
	}
	return out
}
