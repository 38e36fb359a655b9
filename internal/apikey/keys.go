package apikey

import (
	"context"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// CreateKey creates a service-account key for p and returns it with its
// secret, which exists in this return value only.
func (s *Service) CreateKey(ctx context.Context, p *hive.Principal, in KeyParams) (*Key, string, error) {
	k, err := s.newKeyFromParams(ctx, p, in)
	if err != nil {
		return nil, "", err
	}
	secret, err := s.insertKey(ctx, p, k, ActionKeyCreated, nil)
	return k, secret, err
}

// newKeyFromParams validates in and returns the key to insert, without its
// secret.
func (s *Service) newKeyFromParams(ctx context.Context, p *hive.Principal, in KeyParams) (*Key, error) {
	name, err := validName("name", in.Name)
	if err != nil {
		return nil, err
	}
	if in.ServiceAccountID == "" {
		return nil, hive.FieldError("service_account_id", "is required; create a service account first with POST /v1/service-accounts")
	}
	if _, err := s.ServiceAccount(ctx, p, in.ServiceAccountID); err != nil {
		return nil, err
	}
	scopes, err := resolveScopes(in.Permissions, in.Preset)
	if err != nil {
		return nil, err
	}
	var res hive.Resources
	if in.Resources != nil {
		res = *in.Resources
	}
	if err := hive.ValidateResources(res); err != nil {
		return nil, err
	}
	pol, err := s.store.KeyPolicy(ctx, p.TenantID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	exp, err := resolveExpiry(now, in.ExpiresAt, in.ExpiresInDays, in.NeverExpires, pol)
	if err != nil {
		return nil, err
	}
	allow, err := parseAllowlist(in.IPAllowlist)
	if err != nil {
		return nil, err
	}
	limit, err := validRateLimit(in.RateLimitPerMinute, false)
	if err != nil {
		return nil, err
	}
	k := &Key{
		TenantID: p.TenantID, Kind: KindServiceAccount, ServiceAccountID: in.ServiceAccountID,
		Name: name, Permissions: scopes, Resources: res, IPAllowlist: allow,
		RateLimitPerMinute: limit, ExpiresAt: exp, AllowQueryKey: in.AllowQueryKey,
	}
	if err := s.authorizeKey(ctx, p, k, true); err != nil {
		return nil, err
	}
	return k, nil
}

// insertKey gives k an id and a fresh secret and stores it with an audit
// event. before, if set, runs first in the same transaction.
func (s *Service) insertKey(ctx context.Context, p *hive.Principal, k *Key, action string, before func(tx Store) error) (string, error) {
	now := s.now()
	secret, hash, hint := newSecret(k.Kind)
	k.ID = hive.NewID(hive.PrefixKey, now)
	k.Hash, k.Hint = hash, hint
	k.CreatedBy, k.CreatedAt, k.UpdatedAt = p.ActorID(), now, now
	err := s.store.WithinTx(ctx, func(tx Store) error {
		if before != nil {
			if err := before(tx); err != nil {
				return err
			}
		}
		if err := tx.CreateKey(ctx, k); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, action, "api_key", k.ID, keyDetails(k))
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

func keyDetails(k *Key) map[string]any {
	d := map[string]any{"name": k.Name, "kind": string(k.Kind), "hint": k.Hint, "permissions": k.Permissions}
	if k.ExpiresAt != nil {
		d["expires_at"] = k.ExpiresAt.Format(time.RFC3339)
	}
	if k.ServiceAccountID != "" {
		d["service_account_id"] = k.ServiceAccountID
	}
	if k.AllowQueryKey {
		d["allow_query_key"] = true
	}
	return d
}

// Key returns one key of p's tenant. Personal keys of other users are not
// visible to a user acting through their own personal key.
func (s *Service) Key(ctx context.Context, p *hive.Principal, id string) (*Key, error) {
	if !hive.ValidID(hive.PrefixKey, id) {
		return nil, errKeyNotFound(id)
	}
	k, err := s.store.KeyByID(ctx, p.TenantID, id)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return nil, errKeyNotFound(id)
	}
	return k, err
}

func errKeyNotFound(id string) error {
	return hive.Errorf(hive.ENOTFOUND, "API key %q not found", id)
}

// ListKeys lists keys of p's tenant.
func (s *Service) ListKeys(ctx context.Context, p *hive.Principal, f KeyFilter) ([]*Key, int, error) {
	f.TenantID, f.Now = p.TenantID, s.now()
	return s.store.ListKeys(ctx, f)
}

// UpdateKey changes a key's name, permissions, restrictions, expiry or
// limits. The secret itself never changes: that is what rotation is for.
func (s *Service) UpdateKey(ctx context.Context, p *hive.Principal, id string, u KeyUpdate) (*Key, error) {
	k, err := s.Key(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if k.RevokedAt != nil {
		return nil, hive.Errorf(hive.ECONFLICT, "API key %q is revoked; revoked keys cannot be edited", id)
	}
	changed, err := s.applyUpdate(ctx, p, k, u)
	if err != nil {
		return nil, err
	}
	if len(changed) == 0 {
		return k, nil
	}
	k.UpdatedAt = s.now()
	err = s.store.WithinTx(ctx, func(tx Store) error {
		if err := tx.UpdateKey(ctx, k); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, ActionKeyUpdated, "api_key", k.ID, map[string]any{"changed": changed})
	})
	if err != nil {
		return nil, err
	}
	s.changed(ctx, k.Hash)
	return k, nil
}

// applyUpdate validates u and applies it to k, returning the changed fields.
func (s *Service) applyUpdate(ctx context.Context, p *hive.Principal, k *Key, u KeyUpdate) ([]string, error) {
	var changed []string
	if u.Name != nil {
		name, err := validName("name", *u.Name)
		if err != nil {
			return nil, err
		}
		k.Name, changed = name, append(changed, "name")
	}
	if u.Permissions != nil || u.Preset != nil {
		var perms []string
		var preset string
		if u.Permissions != nil {
			perms = *u.Permissions
		}
		if u.Preset != nil {
			preset = *u.Preset
		}
		scopes, err := resolveScopes(perms, preset)
		if err != nil {
			return nil, err
		}
		k.Permissions, changed = scopes, append(changed, "permissions")
	}
	if u.Resources != nil {
		if err := hive.ValidateResources(*u.Resources); err != nil {
			return nil, err
		}
		k.Resources, changed = *u.Resources, append(changed, "resources")
	}
	if u.ExpiresAt != nil || u.ExpiresInDays != nil || u.NeverExpires != nil {
		pol, err := s.store.KeyPolicy(ctx, p.TenantID)
		if err != nil {
			return nil, err
		}
		exp, err := resolveExpiry(s.now(), u.ExpiresAt, u.ExpiresInDays, u.NeverExpires != nil && *u.NeverExpires, pol)
		if err != nil {
			return nil, err
		}
		k.ExpiresAt, changed = exp, append(changed, "expires_at")
	}
	if u.IPAllowlist != nil {
		allow, err := parseAllowlist(*u.IPAllowlist)
		if err != nil {
			return nil, err
		}
		k.IPAllowlist, changed = allow, append(changed, "ip_allowlist")
	}
	if u.RateLimitPerMinute != nil {
		limit, err := validRateLimit(u.RateLimitPerMinute, true)
		if err != nil {
			return nil, err
		}
		k.RateLimitPerMinute, changed = limit, append(changed, "rate_limit_per_minute")
	}
	if u.AllowQueryKey != nil && *u.AllowQueryKey != k.AllowQueryKey {
		k.AllowQueryKey, changed = *u.AllowQueryKey, append(changed, "allow_query_key")
	}
	if err := s.authorizeKey(ctx, p, k, false); err != nil {
		return nil, err
	}
	return changed, nil
}

// RevokeKey revokes a key for good. Revoking a revoked key changes nothing.
func (s *Service) RevokeKey(ctx context.Context, p *hive.Principal, id string) (*Key, error) {
	k, err := s.Key(ctx, p, id)
	if err != nil || k.RevokedAt != nil {
		return k, err
	}
	if k.Kind == KindPersonal && p.Kind != hive.PrincipalUser {
		return nil, errServiceKeyOnPersonal
	}
	err = s.store.WithinTx(ctx, func(tx Store) error {
		_, err := s.revokeAll(ctx, tx, p, []*Key{k}, "")
		return err
	})
	if err != nil {
		return nil, err
	}
	s.changed(ctx, k.Hash)
	return k, nil
}

// RotateKey replaces a key with a new one of the same settings. The old key
// keeps working for grace (0 to MaxGracePeriod), never longer than it would
// have anyway. The new key lives as long as the old one did, unless
// expiresInDays is given.
func (s *Service) RotateKey(ctx context.Context, p *hive.Principal, id string, grace time.Duration, expiresInDays *int) (newKey, old *Key, secret string, err error) {
	if grace < 0 || grace > MaxGracePeriod {
		return nil, nil, "", hive.FieldError("grace_period_seconds", "must be between 0 and %d (7 days)", int(MaxGracePeriod.Seconds()))
	}
	old, err = s.Key(ctx, p, id)
	if err != nil {
		return nil, nil, "", err
	}
	if err := rotatable(old); err != nil {
		return nil, nil, "", err
	}
	now := s.now()
	nk := &Key{
		TenantID: old.TenantID, Kind: old.Kind, ServiceAccountID: old.ServiceAccountID, UserID: old.UserID,
		Name: old.Name, Permissions: old.Permissions, Resources: old.Resources, IPAllowlist: old.IPAllowlist,
		RateLimitPerMinute: old.RateLimitPerMinute, AllowQueryKey: old.AllowQueryKey, RotatedFrom: old.ID,
	}
	if nk.ExpiresAt, err = s.rotatedExpiry(ctx, p, old, now, expiresInDays); err != nil {
		return nil, nil, "", err
	}
	if err := s.authorizeKey(ctx, p, nk, true); err != nil {
		return nil, nil, "", err
	}
	if end := now.Add(grace); old.ExpiresAt == nil || end.Before(*old.ExpiresAt) {
		old.ExpiresAt = &end
	}
	old.UpdatedAt = now
	secret, err = s.insertKey(ctx, p, nk, ActionKeyRotated, func(tx Store) error {
		old.ReplacedBy = nk.ID
		return tx.UpdateKey(ctx, old)
	})
	if err != nil {
		return nil, nil, "", err
	}
	s.changed(ctx, old.Hash)
	return nk, old, secret, nil
}

func rotatable(k *Key) error {
	switch {
	case k.RevokedAt != nil:
		return hive.Errorf(hive.ECONFLICT, "API key %q is revoked and cannot be rotated; create a new key instead", k.ID)
	case k.DisabledAt != nil:
		return hive.Errorf(hive.ECONFLICT, "API key %q is disabled; enable it first (POST /v1/api-keys/%s/enable), then rotate it", k.ID, k.ID)
	case k.ReplacedBy != "":
		return hive.Errorf(hive.ECONFLICT, "API key %q was already rotated; rotate its replacement %q instead", k.ID, k.ReplacedBy)
	}
	return nil
}

// rotatedExpiry gives the new key the old key's lifetime, or expiresInDays.
func (s *Service) rotatedExpiry(ctx context.Context, p *hive.Principal, old *Key, now time.Time, days *int) (*time.Time, error) {
	if days != nil {
		pol, err := s.store.KeyPolicy(ctx, p.TenantID)
		if err != nil {
			return nil, err
		}
		return resolveExpiry(now, nil, days, false, pol)
	}
	if old.ExpiresAt == nil {
		return nil, nil
	}
	e := now.Add(old.ExpiresAt.Sub(old.CreatedAt))
	return &e, nil
}
