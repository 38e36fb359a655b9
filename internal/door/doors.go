package door

import (
	"context"
	"fmt"

	"github.com/hive-platform/hive/internal/hive"
)

// DoorParams are the fields of a new door.
type DoorParams struct {
	DoorID            string
	Name              string
	Active            *bool // nil means true
	MembershipTypeIDs []int64
	AllowInstructors  bool
}

// DoorUpdate lists the fields to change on a door; nil fields are kept.
// DoorID cannot change.
type DoorUpdate struct {
	Name              *string
	Active            *bool
	MembershipTypeIDs *[]int64
	AllowInstructors  *bool
}

// CreateDoor creates a door. Errors name the field (door_id, name,
// membership_type_ids[i]); an existing door_id is ECONFLICT, and a door_id
// outside p's door restriction EFORBIDDEN.
func (s *Service) CreateDoor(ctx context.Context, p *hive.Principal, params DoorParams) (*Door, error) {
	if err := validDoorID("door_id", params.DoorID); err != nil {
		return nil, err
	}
	name, err := validText("name", params.Name, MaxIDLen, true)
	if err != nil {
		return nil, err
	}
	if err := checkDoor(ctx, p, params.DoorID); err != nil {
		return nil, err
	}
	now := s.now()
	d := &Door{TenantID: p.TenantID, DoorID: params.DoorID, Name: name, Active: true,
		MembershipTypeIDs: dedupe(params.MembershipTypeIDs), AllowInstructors: params.AllowInstructors,
		CreatedAt: now, UpdatedAt: now}
	if params.Active != nil {
		d.Active = *params.Active
	}
	err = s.store.WithinTx(ctx, func(tx Store) error {
		if err := checkTypes(ctx, tx, p.TenantID, d.MembershipTypeIDs); err != nil {
			return err
		}
		if err := tx.CreateDoor(ctx, d); err != nil {
			return err
		}
		return s.rulesChanged(ctx, tx, p.TenantID)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// checkTypes checks that every membership type exists in the tenant.
func checkTypes(ctx context.Context, st Store, tenantID string, ids []int64) error {
	for i, id := range ids {
		if _, err := st.MembershipTypeByID(ctx, tenantID, id); isNotFound(err) {
			return hive.FieldError(fmt.Sprintf("membership_type_ids[%d]", i), "no membership type has id %d", id)
		} else if err != nil {
			return err
		}
	}
	return nil
}

// Door returns one door; ENOTFOUND if absent, EFORBIDDEN if p is restricted
// to other doors.
func (s *Service) Door(ctx context.Context, p *hive.Principal, doorID string) (*Door, error) {
	if err := checkDoor(ctx, p, doorID); err != nil {
		return nil, err
	}
	d, err := s.store.DoorByID(ctx, p.TenantID, doorID)
	if isNotFound(err) {
		return nil, notFound("door", doorID)
	}
	return d, err
}

// Doors returns the tenant's doors ordered by door_id; for a key restricted
// to specific doors, only those.
func (s *Service) Doors(ctx context.Context, p *hive.Principal) ([]*Door, error) {
	all, err := s.store.ListDoors(ctx, p.TenantID)
	if err != nil {
		return nil, err
	}
	out := make([]*Door, 0, len(all))
	for _, d := range all {
		if visible(p, d.DoorID) {
			out = append(out, d)
		}
	}
	return out, nil
}

// UpdateDoor changes a door. Errors are those of CreateDoor, and ENOTFOUND.
func (s *Service) UpdateDoor(ctx context.Context, p *hive.Principal, doorID string, u DoorUpdate) (*Door, error) {
	d, err := s.Door(ctx, p, doorID)
	if err != nil {
		return nil, err
	}
	if u.Name != nil {
		if d.Name, err = validText("name", *u.Name, MaxIDLen, true); err != nil {
			return nil, err
		}
	}
	if u.Active != nil {
		d.Active = *u.Active
	}
	if u.AllowInstructors != nil {
		d.AllowInstructors = *u.AllowInstructors
	}
	if u.MembershipTypeIDs != nil {
		d.MembershipTypeIDs = dedupe(*u.MembershipTypeIDs)
	}
	d.UpdatedAt = s.now()
	err = s.store.WithinTx(ctx, func(tx Store) error {
		if err := checkTypes(ctx, tx, p.TenantID, d.MembershipTypeIDs); err != nil {
			return err
		}
		if err := tx.UpdateDoor(ctx, d); err != nil {
			return err
		}
		return s.rulesChanged(ctx, tx, p.TenantID)
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// DeleteDoor deletes a door. Memberships that list it keep the id, which
// then opens nothing; its entries stay.
func (s *Service) DeleteDoor(ctx context.Context, p *hive.Principal, doorID string) error {
	if err := checkDoor(ctx, p, doorID); err != nil {
		return err
	}
	err := s.store.WithinTx(ctx, func(tx Store) error {
		if err := tx.DeleteDoor(ctx, p.TenantID, doorID); err != nil {
			return err
		}
		return s.rulesChanged(ctx, tx, p.TenantID)
	})
	if isNotFound(err) {
		return notFound("door", doorID)
	}
	return err
}
