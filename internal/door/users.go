package door

import (
	"context"
	"slices"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// UsersPageSize is the number of users on a page of GET /users.
const UsersPageSize = 100

// UsersPage is one page of GET /users.
type UsersPage struct {
	Users    []UserView
	Page     int
	NextPage int // 0 when this is the last page
}

// UserView is a member as the Door Access API's user object shows it. The HTTP layer
// leaves out Email and PhoneE164 unless the tenant's settings expose them.
type UserView struct {
	Member      *Member
	PhoneE164   string           // "" when unknown or unparseable
	Memberships []MembershipView // never nil
	// Removed is set in an incremental sync for a member who no longer has
	// access to any door: deleted, frozen, cancelled or without an open
	// membership. A controller drops them.
	Removed bool
}

// Users returns page (from 1) of the members who have access to at least one
// door, UsersPageSize per page, ordered by member ID.
//
// A member has access to at least one door when they are not deleted, their
// status is active, and either they are an instructor and some active door
// allows instructors, or they hold a membership that is not expired (now <
// Expires + grace days) and whose type is among some active door's
// MembershipTypeIDs or whose DoorIDs name an active door. For a key
// restricted to specific doors, only those doors count.
//
// With updatedSince, the page lists instead every member changed strictly
// after it (profile, memberships, status, deletion), with Removed set on
// those without access; after a change to doors or membership types it lists
// every live member, since anyone's access may have changed. Expiry alone
// changes nothing: controllers compare the memberships' expires themselves.
func (s *Service) Users(ctx context.Context, p *hive.Principal, page int, updatedSince *time.Time) (UsersPage, error) {
	if page < 1 || page > maxUsersPage {
		return UsersPage{}, hive.FieldError("p", "must be a page number from 1 to %d", maxUsersPage)
	}
	now := s.now()
	set, err := s.settingsFor(ctx, p.TenantID)
	if err != nil {
		return UsersPage{}, err
	}
	all, err := s.store.ListDoors(ctx, p.TenantID)
	if err != nil {
		return UsersPage{}, err
	}
	doors := activeDoors(all, func(id string) bool { return visible(p, id) })
	q := syncQuery(p.TenantID, doors, now.Add(-set.Grace()))
	if updatedSince != nil {
		since := updatedSince.UTC()
		q.ChangedSince, q.AllLive = &since, set.RulesChangedAt.After(since)
	}
	q.Offset, q.Limit = (page-1)*UsersPageSize, UsersPageSize+1
	members, err := s.store.SyncMembers(ctx, q)
	if err != nil {
		return UsersPage{}, err
	}
	out := UsersPage{Page: page, Users: []UserView{}}
	if len(members) > UsersPageSize {
		members, out.NextPage = members[:UsersPageSize], page+1
	}
	out.Users, err = s.userViews(ctx, p.TenantID, set, members, doors, updatedSince != nil, now)
	return out, err
}

// maxUsersPage bounds the offset a page number asks the database to skip.
const maxUsersPage = 100_000

// syncQuery selects the members with access to at least one of doors, the
// active doors the caller may see, with memberships expiring after
// expiresAfter.
func syncQuery(tenantID string, doors []*Door, expiresAfter time.Time) SyncQuery {
	q := SyncQuery{TenantID: tenantID, ExpiresAfter: expiresAfter, TypeIDs: []int64{}, DoorIDs: []string{}}
	for _, d := range doors {
		q.DoorIDs = append(q.DoorIDs, d.DoorID)
		q.Instructors = q.Instructors || d.AllowInstructors
		for _, id := range d.MembershipTypeIDs {
			if !slices.Contains(q.TypeIDs, id) {
				q.TypeIDs = append(q.TypeIDs, id)
			}
		}
	}
	return q
}

// userViews builds the user objects of members, loading the memberships of
// them all in one query. flag sets Removed on members without access.
func (s *Service) userViews(ctx context.Context, tenantID string, set *Settings, members []*Member, doors []*Door, flag bool, now time.Time) ([]UserView, error) {
	out := make([]UserView, 0, len(members))
	if len(members) == 0 {
		return out, nil
	}
	ids := make([]int64, len(members))
	for i, m := range members {
		ids[i] = m.ID
	}
	all, err := s.store.MembershipsOf(ctx, tenantID, ids)
	if err != nil {
		return nil, err
	}
	types, err := s.store.ListMembershipTypes(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	names := typeNamesOf(types)
	byMember := make(map[int64][]*Membership, len(members))
	for _, ms := range all {
		byMember[ms.MemberID] = append(byMember[ms.MemberID], ms)
	}
	for _, m := range members {
		mss := byMember[m.ID]
		out = append(out, UserView{
			Member:      m,
			PhoneE164:   E164(m.Phone, set.DefaultPhoneRegion),
			Memberships: viewsOf(mss, doors, names),
			Removed:     flag && !hasAccess(m, mss, doors, set.Grace(), now),
		})
	}
	return out, nil
}
