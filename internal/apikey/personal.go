package apikey

import (
	"context"

	"github.com/hive-platform/hive/internal/hive"
)

// ActionPersonalKeyGenerated is audited when a user (re)generates their key.
const ActionPersonalKeyGenerated = "api_key.personal_generated"

// GeneratePersonalKey gives the user behind p a new personal key acting with
// the user's rights, and revokes the one they had: a user has at most one.
func (s *Service) GeneratePersonalKey(ctx context.Context, p *hive.Principal, name string, expiresInDays *int) (*Key, string, error) {
	if p.UserID == "" {
		return nil, "", hive.Errorf(hive.EFORBIDDEN,
			"Personal keys belong to users; a service-account key cannot generate one. Use your own login or personal key.")
	}
	if name == "" {
		name = "Personal key"
	}
	name, err := validName("name", name)
	if err != nil {
		return nil, "", err
	}
	u, err := s.store.UserByID(ctx, p.TenantID, p.UserID)
	if err != nil {
		return nil, "", err
	}
	pol, err := s.store.KeyPolicy(ctx, p.TenantID)
	if err != nil {
		return nil, "", err
	}
	now := s.now()
	exp, err := resolveExpiry(now, nil, expiresInDays, false, pol)
	if err != nil {
		return nil, "", err
	}
	k := &Key{TenantID: p.TenantID, Kind: KindPersonal, UserID: u.ID, Name: name,
		Permissions: u.Role.Scopes().List(), ExpiresAt: exp}
	if err := s.authorizeKey(ctx, p, k, true); err != nil {
		return nil, "", err
	}
	var previous []*Key
	secret, err := s.insertKey(ctx, p, k, ActionPersonalKeyGenerated, func(tx Store) error {
		var err error
		previous, err = s.revokePersonalKeys(ctx, tx, p, u.ID)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	s.changed(ctx, hashes(previous)...)
	return k, secret, nil
}

// revokePersonalKeys revokes every live personal key of userID inside tx.
func (s *Service) revokePersonalKeys(ctx context.Context, tx Store, p *hive.Principal, userID string) ([]*Key, error) {
	kind, now := KindPersonal, s.now()
	keys, err := allKeys(ctx, tx, KeyFilter{TenantID: p.TenantID, UserID: &userID, Kind: &kind, Now: now})
	if err != nil {
		return nil, err
	}
	return s.revokeAll(ctx, tx, p, keys, "personal key regenerated")
}

// AuditEvents lists the audit trail of p's tenant.
func (s *Service) AuditEvents(ctx context.Context, p *hive.Principal, f AuditFilter) ([]*AuditEvent, int, error) {
	f.TenantID = p.TenantID
	return s.store.ListAuditEvents(ctx, f)
}
