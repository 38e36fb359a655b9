package door

import (
	"context"
	"fmt"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// MembershipParams are the fields of a new membership.
type MembershipParams struct {
	MembershipTypeID int64
	Expires          time.Time // truncated to whole seconds
	DoorIDs          []string  // extra doors; each must exist
}

// MembershipUpdate lists the fields to change; nil fields are kept.
type MembershipUpdate struct {
	MembershipTypeID *int64
	Expires          *time.Time
	DoorIDs          *[]string
}

// CreateMembership gives a live member a membership. Errors name the field
// (membership_type_id, expires, door_ids[i]); an unknown member is
// ENOTFOUND. The member's UpdatedAt moves, so that syncs see the change.
func (s *Service) CreateMembership(ctx context.Context, p *hive.Principal, memberID int64, params MembershipParams) (*Membership, error) {
	if _, err := s.Member(ctx, p, memberID); err != nil {
		return nil, err
	}
	now := s.now()
	ms := &Membership{TenantID: p.TenantID, MemberID: memberID, MembershipTypeID: params.MembershipTypeID,
		Expires: params.Expires, DoorIDs: params.DoorIDs, CreatedAt: now, UpdatedAt: now}
	err := s.store.WithinTx(ctx, func(tx Store) error {
		if err := s.checkMembership(ctx, tx, ms); err != nil {
			return err
		}
		if err := tx.CreateMembership(ctx, ms); err != nil {
			return err
		}
		return tx.TouchMember(ctx, p.TenantID, memberID, now)
	})
	if err != nil {
		return nil, err
	}
	return ms, nil
}

// checkMembership validates ms against the tenant's types and doors, and
// normalises Expires and DoorIDs.
func (s *Service) checkMembership(ctx context.Context, st Store, ms *Membership) error {
	if ms.Expires.IsZero() || ms.Expires.Unix() <= 0 {
		return hive.FieldError("expires", "is required: a unix time in seconds")
	}
	ms.Expires = ms.Expires.UTC().Truncate(time.Second)
	if _, err := st.MembershipTypeByID(ctx, ms.TenantID, ms.MembershipTypeID); isNotFound(err) {
		return hive.FieldError("membership_type_id", "no membership type has id %d", ms.MembershipTypeID)
	} else if err != nil {
		return err
	}
	ms.DoorIDs = dedupe(ms.DoorIDs)
	for i, id := range ms.DoorIDs {
		field := fmt.Sprintf("door_ids[%d]", i)
		if err := validDoorID(field, id); err != nil {
			return err
		}
		if _, err := st.DoorByID(ctx, ms.TenantID, id); isNotFound(err) {
			return hive.FieldError(field, "no door has door_id %q", id)
		} else if err != nil {
			return err
		}
	}
	return nil
}

// Memberships returns a live member's memberships ordered by ID.
func (s *Service) Memberships(ctx context.Context, p *hive.Principal, memberID int64) ([]*Membership, error) {
	if _, err := s.Member(ctx, p, memberID); err != nil {
		return nil, err
	}
	return s.store.MembershipsOf(ctx, p.TenantID, []int64{memberID})
}

// Membership returns one membership of a live member; ENOTFOUND if either
// is absent or the membership is another member's.
func (s *Service) Membership(ctx context.Context, p *hive.Principal, memberID, membershipID int64) (*Membership, error) {
	if _, err := s.Member(ctx, p, memberID); err != nil {
		return nil, err
	}
	ms, err := s.store.MembershipByID(ctx, p.TenantID, membershipID)
	if isNotFound(err) || err == nil && ms.MemberID != memberID {
		return nil, notFound("membership", membershipID)
	}
	return ms, err
}

// UpdateMembership changes a membership. Errors are those of
// CreateMembership.
func (s *Service) UpdateMembership(ctx context.Context, p *hive.Principal, memberID, membershipID int64, u MembershipUpdate) (*Membership, error) {
	ms, err := s.Membership(ctx, p, memberID, membershipID)
	if err != nil {
		return nil, err
	}
	if u.MembershipTypeID != nil {
		ms.MembershipTypeID = *u.MembershipTypeID
	}
	if u.Expires != nil {
		ms.Expires = *u.Expires
	}
	if u.DoorIDs != nil {
		ms.DoorIDs = *u.DoorIDs
	}
	now := s.now()
	ms.UpdatedAt = now
	err = s.store.WithinTx(ctx, func(tx Store) error {
		if err := s.checkMembership(ctx, tx, ms); err != nil {
			return err
		}
		if err := tx.UpdateMembership(ctx, ms); err != nil {
			return err
		}
		return tx.TouchMember(ctx, p.TenantID, memberID, now)
	})
	if err != nil {
		return nil, err
	}
	return ms, nil
}

// DeleteMembership removes a membership.
func (s *Service) DeleteMembership(ctx context.Context, p *hive.Principal, memberID, membershipID int64) error {
	if _, err := s.Membership(ctx, p, memberID, membershipID); err != nil {
		return err
	}
	return s.store.WithinTx(ctx, func(tx Store) error {
		if err := tx.DeleteMembership(ctx, p.TenantID, membershipID); err != nil {
			return err
		}
		return tx.TouchMember(ctx, p.TenantID, memberID, s.now())
	})
}
