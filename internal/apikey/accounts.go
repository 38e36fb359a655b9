package apikey

import (
	"context"
	"strings"

	"github.com/hive-platform/hive/internal/hive"
)

const maxDescriptionLen = 500

// CreateServiceAccount creates a named service account in p's tenant.
func (s *Service) CreateServiceAccount(ctx context.Context, p *hive.Principal, name, description string) (*ServiceAccount, error) {
	name, err := validName("name", name)
	if err != nil {
		return nil, err
	}
	if description, err = validDescription(description); err != nil {
		return nil, err
	}
	now := s.now()
	a := &ServiceAccount{ID: hive.NewID(hive.PrefixServiceAccount, now), TenantID: p.TenantID,
		Name: name, Description: description, CreatedBy: p.ActorID(), CreatedAt: now, UpdatedAt: now}
	err = s.store.WithinTx(ctx, func(tx Store) error {
		if err := tx.CreateServiceAccount(ctx, a); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, ActionServiceAccountCreated, "service_account", a.ID, map[string]any{"name": a.Name})
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

func validDescription(d string) (string, error) {
	d = strings.TrimSpace(d)
	if len([]rune(d)) > maxDescriptionLen {
		return "", hive.FieldError("description", "must be at most %d characters", maxDescriptionLen)
	}
	return d, nil
}

// ServiceAccount returns a live service account of p's tenant.
func (s *Service) ServiceAccount(ctx context.Context, p *hive.Principal, id string) (*ServiceAccount, error) {
	notFound := hive.Errorf(hive.ENOTFOUND, "service account %q not found", id)
	if !hive.ValidID(hive.PrefixServiceAccount, id) {
		return nil, notFound
	}
	a, err := s.store.ServiceAccountByID(ctx, p.TenantID, id)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return nil, notFound
	}
	return a, err
}

// ListServiceAccounts lists the live service accounts of p's tenant.
func (s *Service) ListServiceAccounts(ctx context.Context, p *hive.Principal, page Page) ([]*ServiceAccount, int, error) {
	return s.store.ListServiceAccounts(ctx, ServiceAccountFilter{TenantID: p.TenantID, Page: page})
}

// UpdateServiceAccount renames or redescribes a service account.
func (s *Service) UpdateServiceAccount(ctx context.Context, p *hive.Principal, id string, name, description *string) (*ServiceAccount, error) {
	a, err := s.ServiceAccount(ctx, p, id)
	if err != nil {
		return nil, err
	}
	var changed []string
	if name != nil {
		if a.Name, err = validName("name", *name); err != nil {
			return nil, err
		}
		changed = append(changed, "name")
	}
	if description != nil {
		if a.Description, err = validDescription(*description); err != nil {
			return nil, err
		}
		changed = append(changed, "description")
	}
	if len(changed) == 0 {
		return a, nil
	}
	a.UpdatedAt = s.now()
	err = s.store.WithinTx(ctx, func(tx Store) error {
		if err := tx.UpdateServiceAccount(ctx, a); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, ActionServiceAccountUpdated, "service_account", a.ID,
			map[string]any{"changed": changed, "name": a.Name})
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// DeleteServiceAccount deletes a service account and revokes all its keys in
// the same transaction, so no key outlives its account.
func (s *Service) DeleteServiceAccount(ctx context.Context, p *hive.Principal, id string) error {
	a, err := s.ServiceAccount(ctx, p, id)
	if err != nil {
		return err
	}
	var revoked []*Key
	now := s.now()
	err = s.store.WithinTx(ctx, func(tx Store) error {
		keys, err := allKeys(ctx, tx, KeyFilter{TenantID: p.TenantID, ServiceAccountID: &a.ID, Now: now})
		if err != nil {
			return err
		}
		if revoked, err = s.revokeAll(ctx, tx, p, keys, "service account deleted"); err != nil {
			return err
		}
		if err := tx.DeleteServiceAccount(ctx, p.TenantID, a.ID, now); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, ActionServiceAccountDeleted, "service_account", a.ID,
			map[string]any{"name": a.Name, "keys_revoked": len(revoked)})
	})
	if err != nil {
		return err
	}
	s.changed(ctx, hashes(revoked)...)
	return nil
}

// allKeys pages through every key matching f.
func allKeys(ctx context.Context, st Store, f KeyFilter) ([]*Key, error) {
	var out []*Key
	for {
		page, _, err := st.ListKeys(ctx, f)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < 100 {
			return out, nil
		}
		f.After = page[len(page)-1].ID
		f.Limit = 100
	}
}

// revokeAll revokes the live keys among keys inside tx, auditing each with
// the reason, and returns the ones it revoked.
func (s *Service) revokeAll(ctx context.Context, tx Store, p *hive.Principal, keys []*Key, because string) ([]*Key, error) {
	now := s.now()
	var revoked []*Key
	for _, k := range keys {
		if k.RevokedAt != nil {
			continue
		}
		k.RevokedAt, k.UpdatedAt = &now, now
		if err := tx.UpdateKey(ctx, k); err != nil {
			return nil, err
		}
		d := map[string]any{"name": k.Name, "hint": k.Hint}
		if because != "" {
			d["because"] = because
		}
		if err := s.audit(ctx, tx, p, ActionKeyRevoked, "api_key", k.ID, d); err != nil {
			return nil, err
		}
		revoked = append(revoked, k)
	}
	return revoked, nil
}

// hashes returns the hashes of keys.
func hashes(keys []*Key) [][32]byte {
	out := make([][32]byte, len(keys))
	for i, k := range keys {
		out[i] = k.Hash
	}
	return out
}
