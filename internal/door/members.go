package door

import (
	"context"
	"fmt"

	"github.com/hive-platform/hive/internal/hive"
)

// MemberParams are the fields of a new member.
type MemberParams struct {
	DoorAccessID string
	BarcodeID    string
	FirstName    string
	LastName     string
	Email        string
	Phone        string
	IsInstructor bool
	Status       Status // "" means active
}

// MemberUpdate lists the fields to change on a member; nil fields are kept.
type MemberUpdate struct {
	DoorAccessID *string
	BarcodeID    *string
	FirstName    *string
	LastName     *string
	Email        *string
	Phone        *string
	IsInstructor *bool
	Status       *Status
}

// CreateMember creates a member. Errors name the field (door_access_id,
// barcode_id, first_name, last_name, email, phone, status); an identifier
// held by another live member is ECONFLICT naming the field.
func (s *Service) CreateMember(ctx context.Context, p *hive.Principal, params MemberParams) (*Member, error) {
	now := s.now()
	m := &Member{TenantID: p.TenantID, DoorAccessID: params.DoorAccessID, BarcodeID: params.BarcodeID,
		FirstName: params.FirstName, LastName: params.LastName, Email: params.Email, Phone: params.Phone,
		IsInstructor: params.IsInstructor, Status: params.Status, CreatedAt: now, UpdatedAt: now}
	if err := m.normalize(""); err != nil {
		return nil, err
	}
	err := s.store.WithinTx(ctx, func(tx Store) error {
		if err := checkUnique(ctx, tx, m, ""); err != nil {
			return err
		}
		return tx.CreateMember(ctx, m)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// normalize trims and validates m's fields, defaulting an empty status to
// active. Field names get prefix, so that import errors can name columns
// the same way.
func (m *Member) normalize(prefix string) error {
	var err error
	if err = validIdentifier(prefix+"door_access_id", m.DoorAccessID); err != nil {
		return err
	}
	if err = validIdentifier(prefix+"barcode_id", m.BarcodeID); err != nil {
		return err
	}
	if m.FirstName, err = validText(prefix+"first_name", m.FirstName, MaxIDLen, false); err != nil {
		return err
	}
	if m.LastName, err = validText(prefix+"last_name", m.LastName, MaxIDLen, false); err != nil {
		return err
	}
	if m.Email, err = validEmail(prefix+"email", m.Email); err != nil {
		return err
	}
	if m.Phone, err = validText(prefix+"phone", m.Phone, maxPhoneLen, false); err != nil {
		return err
	}
	m.Status, err = validStatus(prefix+"status", m.Status, StatusActive)
	return err
}

// checkUnique returns ECONFLICT naming the field if another live member of
// the tenant holds m's door access or barcode id.
func checkUnique(ctx context.Context, st Store, m *Member, prefix string) error {
	lookups := []struct {
		field, value string
		find         func(context.Context, string, string) (*Member, error)
	}{
		{"door_access_id", m.DoorAccessID, st.MemberByDoorAccessID},
		{"barcode_id", m.BarcodeID, st.MemberByBarcodeID},
	}
	for _, l := range lookups {
		if l.value == "" {
			continue
		}
		other, err := l.find(ctx, m.TenantID, l.value)
		switch {
		case isNotFound(err):
			continue
		case err != nil:
			return err
		case other.ID != m.ID && !other.Deleted():
			return taken(prefix+l.field, l.value, other.ID)
		}
	}
	return nil
}

func taken(field, value string, by int64) error {
	msg := fmt.Sprintf("%q is already used by member %d", value, by)
	return &hive.Error{Code: hive.ECONFLICT, Message: field + ": " + msg,
		Details: map[string]any{"field": field, "problem": msg, "member_id": by}}
}

// Member returns a live member; ENOTFOUND if absent or deleted.
func (s *Service) Member(ctx context.Context, p *hive.Principal, id int64) (*Member, error) {
	m, err := s.store.MemberByID(ctx, p.TenantID, id)
	if isNotFound(err) || err == nil && m.Deleted() {
		return nil, notFound("member", id)
	}
	return m, err
}

// ListMembers returns a page of the tenant's members matching f, highest ID
// first, and how many match. f.TenantID is set from p.
func (s *Service) ListMembers(ctx context.Context, p *hive.Principal, f MemberFilter) ([]*Member, int, error) {
	f.TenantID = p.TenantID
	if f.Status != nil {
		if _, err := validStatus("status", *f.Status, ""); err != nil {
			return nil, 0, err
		}
	}
	return s.store.ListMembers(ctx, f)
}

// UpdateMember changes a live member. Errors are those of CreateMember, and
// ENOTFOUND.
func (s *Service) UpdateMember(ctx context.Context, p *hive.Principal, id int64, u MemberUpdate) (*Member, error) {
	if u.Status != nil && !u.Status.Valid() {
		return nil, hive.FieldError("status", "must be one of active, frozen, cancelled (got %q)", *u.Status)
	}
	m, err := s.Member(ctx, p, id)
	if err != nil {
		return nil, err
	}
	u.apply(m)
	if err := m.normalize(""); err != nil {
		return nil, err
	}
	m.UpdatedAt = s.now()
	err = s.store.WithinTx(ctx, func(tx Store) error {
		if err := checkUnique(ctx, tx, m, ""); err != nil {
			return err
		}
		return tx.UpdateMember(ctx, m)
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

func (u *MemberUpdate) apply(m *Member) {
	for _, f := range []struct {
		dst *string
		src *string
	}{
		{&m.DoorAccessID, u.DoorAccessID}, {&m.BarcodeID, u.BarcodeID}, {&m.FirstName, u.FirstName},
		{&m.LastName, u.LastName}, {&m.Email, u.Email}, {&m.Phone, u.Phone},
	} {
		if f.src != nil {
			*f.dst = *f.src
		}
	}
	if u.IsInstructor != nil {
		m.IsInstructor = *u.IsInstructor
	}
	if u.Status != nil {
		m.Status = *u.Status
	}
}

// DeleteMember soft-deletes a member: they are refused at every door, their
// identifiers are free for others, and incremental syncs list them as
// removed.
func (s *Service) DeleteMember(ctx context.Context, p *hive.Principal, id int64) error {
	err := s.store.DeleteMember(ctx, p.TenantID, id, s.now())
	if isNotFound(err) {
		return notFound("member", id)
	}
	return err
}
