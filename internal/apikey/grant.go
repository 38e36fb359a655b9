package apikey

import (
	"context"
	"strings"

	"github.com/hive-platform/hive/internal/hive"
)

// authorizeKey is the one rule for every operation that yields or reshapes a
// key (create, edit, rotate, personal-key regenerate): k is the key as it
// will be, and p the caller.
//
//   - p must hold every scope of k, and every resource k may reach
//     (checkGrant), so no operation yields a key broader than its caller;
//   - a personal key belongs to a person: a service-account key never acts
//     on one, and only its own user may receive a new secret for it;
//   - a personal key holds at most its user's role (Role.Scopes), so a
//     member's key never holds logs, admin, key or gym-member scopes, whoever
//     asks. Such a request is refused, not clamped, so what the key shows is
//     what it can do;
//   - k keeps its tenant's key policy (checkPolicy): lifetime, expiry, and
//     an IP allowlist on admin keys.
func (s *Service) authorizeKey(ctx context.Context, p *hive.Principal, k *Key, yieldsSecret bool) error {
	if err := s.authorizeGrant(ctx, p, k, yieldsSecret); err != nil {
		return err
	}
	pol, err := s.store.KeyPolicy(ctx, k.TenantID)
	if err != nil {
		return err
	}
	return checkPolicy(pol, k, s.now())
}

// authorizeGrant is authorizeKey without the tenant's key policy, for an
// operation that only takes from a key (disable): the caller must still
// hold everything the key holds.
func (s *Service) authorizeGrant(ctx context.Context, p *hive.Principal, k *Key, yieldsSecret bool) error {
	if k.Kind == KindPersonal {
		if err := s.authorizePersonal(ctx, p, k, yieldsSecret); err != nil {
			return err
		}
	}
	return checkGrant(p, k.Permissions, k.Resources)
}

// errServiceKeyOnPersonal refuses a service-account key any action on a
// personal key, revocation included.
var errServiceKeyOnPersonal = hive.Errorf(hive.EFORBIDDEN,
	"Personal keys belong to people: a service-account key cannot create, edit, rotate or revoke one. Use the user's own login or personal key, or the console.")

func (s *Service) authorizePersonal(ctx context.Context, p *hive.Principal, k *Key, yieldsSecret bool) error {
	switch {
	case p.Kind != hive.PrincipalUser || p.UserID == "":
		return errServiceKeyOnPersonal
	case yieldsSecret && p.UserID != k.UserID:
		return hive.Errorf(hive.EFORBIDDEN,
			"Only its own user can get a new secret for a personal key; the user regenerates it from My Profile or POST /v1/me/api-key.")
	}
	u, err := s.store.UserByID(ctx, k.TenantID, k.UserID)
	if err != nil {
		return err
	}
	if extra := hive.NewScopes(k.Permissions...) &^ u.Role.Scopes(); extra != 0 {
		return hive.Errorf(hive.EFORBIDDEN, "A personal key acts with its user's role, and the %s role cannot hold %s",
			u.Role, strings.Join(extra.Strings(), ", ")).WithDetails("role", string(u.Role),
			"refused_permissions", extra.Strings(), "role_permissions", u.Role.Scopes().Strings())
	}
	return nil
}
