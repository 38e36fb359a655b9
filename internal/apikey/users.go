package apikey

import (
	"context"
	"crypto/rand"

	"github.com/hive-platform/hive/internal/hive"
)

// ActionUserRoleChanged is audited when a user's role changes.
const ActionUserRoleChanged = "user.role_changed"

// Users lists the users of p's tenant, ordered by email.
func (s *Service) Users(ctx context.Context, p *hive.Principal) ([]*User, error) {
	return s.store.ListUsers(ctx, p.TenantID)
}

// User returns a user of p's tenant.
func (s *Service) User(ctx context.Context, p *hive.Principal, id string) (*User, error) {
	if !hive.ValidID(hive.PrefixUser, id) {
		return nil, hive.Errorf(hive.ENOTFOUND, "user %q not found", id)
	}
	return s.store.UserByID(ctx, p.TenantID, id)
}

// InviteUser adds a user with a generated temporary password, returned here
// only, for the inviter to hand over.
func (s *Service) InviteUser(ctx context.Context, p *hive.Principal, email, name string, role Role) (*User, string, error) {
	if err := s.canGrant(ctx, p, role); err != nil {
		return nil, "", err
	}
	password := rand.Text()
	u, err := s.CreateUser(ctx, p, email, name, password, role)
	if err != nil {
		return nil, "", err
	}
	return u, password, nil
}

// SetUserRole changes a user's role. Nobody changes their own role, so a
// tenant cannot lose its last owner by accident, and only owners make owners
// or change an owner's role.
func (s *Service) SetUserRole(ctx context.Context, p *hive.Principal, id string, role Role) (*User, error) {
	if !role.Valid() {
		return nil, hive.FieldError("role", "unknown role %q; use owner, integrations_admin or member", role)
	}
	u, err := s.User(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if u.ID == p.UserID {
		return nil, hive.FieldError("role", "you cannot change your own role; ask another owner")
	}
	if err := s.canGrant(ctx, p, role); err != nil {
		return nil, err
	}
	if u.Role == RoleOwner {
		if err := s.canGrant(ctx, p, RoleOwner); err != nil {
			return nil, err
		}
	}
	if u.Role == role {
		return u, nil
	}
	from := u.Role
	u.Role = role
	err = s.store.WithinTx(ctx, func(tx Store) error {
		if err := tx.UpdateUserRole(ctx, p.TenantID, u.ID, role); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, ActionUserRoleChanged, "user", u.ID,
			map[string]any{"from": string(from), "to": string(role)})
	})
	if err != nil {
		return nil, err
	}
	// The user's personal keys act with the role: drop them everywhere.
	kind := KindPersonal
	keys, err := allKeys(ctx, s.store, KeyFilter{TenantID: p.TenantID, UserID: &u.ID, Kind: &kind, Now: s.now()})
	if err != nil {
		s.changedAll(ctx) // cannot tell which keys: drop them all
		return u, nil
	}
	s.changed(ctx, hashes(keys)...)
	return u, nil
}

// canGrant refuses the owner role to anyone but an owner.
func (s *Service) canGrant(ctx context.Context, p *hive.Principal, role Role) error {
	if role != RoleOwner {
		return nil
	}
	me, err := s.store.UserByID(ctx, p.TenantID, p.UserID)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return hive.Errorf(hive.EFORBIDDEN, "Only owners can grant or change the owner role.")
	} else if err != nil {
		return err
	}
	if me.Role != RoleOwner {
		return hive.Errorf(hive.EFORBIDDEN, "Only owners can grant or change the owner role.")
	}
	return nil
}

// SessionPrincipal returns the tenant, the user and the principal of a
// console session, read afresh so that a role change applies on the
// session's next request. An unknown tenant or user is EUNAUTHORIZED.
func (s *Service) SessionPrincipal(ctx context.Context, tenantID, userID string) (*Tenant, *User, *hive.Principal, error) {
	gone := hive.Unauthorized("session_invalid", "Your account no longer exists. Sign in again.")
	t, err := s.store.TenantByID(ctx, tenantID)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return nil, nil, nil, gone
	} else if err != nil {
		return nil, nil, nil, err
	}
	u, err := s.store.UserByID(ctx, tenantID, userID)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return nil, nil, nil, gone
	} else if err != nil {
		return nil, nil, nil, err
	}
	return t, u, UserPrincipal(t, u), nil
}
