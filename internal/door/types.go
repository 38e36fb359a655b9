package door

import (
	"context"
	"slices"

	"github.com/hive-platform/hive/internal/hive"
)

// CreateMembershipType creates a membership type named name (required, at
// most 191 characters; the error names "name").
func (s *Service) CreateMembershipType(ctx context.Context, p *hive.Principal, name string) (*MembershipType, error) {
	name, err := validText("name", name, MaxIDLen, true)
	if err != nil {
		return nil, err
	}
	now := s.now()
	t := &MembershipType{TenantID: p.TenantID, Name: name, CreatedAt: now, UpdatedAt: now}
	if err := s.store.CreateMembershipType(ctx, t); err != nil {
		return nil, err
	}
	return t, nil
}

// MembershipType returns one type; ENOTFOUND if absent.
func (s *Service) MembershipType(ctx context.Context, p *hive.Principal, id int64) (*MembershipType, error) {
	t, err := s.store.MembershipTypeByID(ctx, p.TenantID, id)
	if isNotFound(err) {
		return nil, notFound("membership type", id)
	}
	return t, err
}

// MembershipTypes returns every type of the tenant ordered by ID.
func (s *Service) MembershipTypes(ctx context.Context, p *hive.Principal) ([]*MembershipType, error) {
	return s.store.ListMembershipTypes(ctx, p.TenantID)
}

// RenameMembershipType changes a type's name.
func (s *Service) RenameMembershipType(ctx context.Context, p *hive.Principal, id int64, name string) (*MembershipType, error) {
	name, err := validText("name", name, MaxIDLen, true)
	if err != nil {
		return nil, err
	}
	t, err := s.MembershipType(ctx, p, id)
	if err != nil {
		return nil, err
	}
	t.Name, t.UpdatedAt = name, s.now()
	if err := s.store.UpdateMembershipType(ctx, t); err != nil {
		return nil, err
	}
	return t, nil
}

// DeleteMembershipType deletes a type that no membership has (ECONFLICT
// otherwise) and removes it from every door's membership_type_ids, in one
// transaction.
func (s *Service) DeleteMembershipType(ctx context.Context, p *hive.Principal, id int64) error {
	err := s.store.WithinTx(ctx, func(tx Store) error {
		doors, err := tx.ListDoors(ctx, p.TenantID)
		if err != nil {
			return err
		}
		if err := tx.DeleteMembershipType(ctx, p.TenantID, id); err != nil {
			return err
		}
		for _, d := range doors {
			if i := slices.Index(d.MembershipTypeIDs, id); i >= 0 {
				d.MembershipTypeIDs = slices.Delete(d.MembershipTypeIDs, i, i+1)
				d.UpdatedAt = s.now()
				if err := tx.UpdateDoor(ctx, d); err != nil {
					return err
				}
			}
		}
		return s.rulesChanged(ctx, tx, p.TenantID)
	})
	if isNotFound(err) {
		return notFound("membership type", id)
	}
	return err
}
