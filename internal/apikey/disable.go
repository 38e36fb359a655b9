package apikey

import (
	"context"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// DisableKey refuses a key until it is enabled again. Unlike a revocation
// it can be undone, so the caller needs only what edit needs: every
// permission and resource the key holds. Every node refuses the key before
// this returns, as for a revocation (see changed). Disabling a disabled
// key changes nothing.
func (s *Service) DisableKey(ctx context.Context, p *hive.Principal, id string) (*Key, error) {
	k, err := s.Key(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeGrant(ctx, p, k, false); err != nil {
		return nil, err
	}
	switch {
	case k.RevokedAt != nil:
		return nil, hive.Errorf(hive.ECONFLICT, "API key %q is revoked, which already refuses it for good; there is nothing to disable", id).
			WithDetails("reason", "key_revoked")
	case k.DisabledAt != nil:
		return k, nil
	}
	if _, err := s.setDisabled(ctx, p, k, DisableManual, nil); err != nil {
		return nil, err
	}
	return s.Key(ctx, p, id)
}

// EnableKey lets a disabled key work again. The key as enabled must keep
// the tenant's key policy, as a new key would (authorizeKey). A revoked key,
// leaked or not, is never enabled: a secret that was revoked may be in
// anyone's hands. Enabling an enabled key changes nothing.
func (s *Service) EnableKey(ctx context.Context, p *hive.Principal, id string) (*Key, error) {
	k, err := s.Key(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeGrant(ctx, p, k, false); err != nil {
		return nil, err
	}
	switch {
	case k.RevokedAt != nil:
		return nil, s.errNeverEnabled(ctx, k)
	case k.DisabledAt == nil:
		return k, nil
	}
	if err := s.authorizeKey(ctx, p, k, false); err != nil {
		return nil, err
	}
	if _, err := s.setDisabled(ctx, p, k, "", nil); err != nil {
		return nil, err
	}
	return s.Key(ctx, p, id)
}

// errNeverEnabled explains why a revoked key stays refused, naming a leak
// when the audit trail records one.
func (s *Service) errNeverEnabled(ctx context.Context, k *Key) error {
	action := ActionKeyRevoked
	events, _, err := s.store.ListAuditEvents(ctx, AuditFilter{TenantID: k.TenantID, TargetID: &k.ID, Action: &action, Page: Page{Limit: 1}})
	if err != nil {
		return err
	}
	if len(events) > 0 && events[0].Details["because"] == ReasonLeaked {
		return hive.Errorf(hive.ECONFLICT,
			"API key %q was found in public and revoked; a leaked key can never be enabled again. Create a new key and update the integrations that used it", k.ID).
			WithDetails("reason", "key_leaked")
	}
	return hive.Errorf(hive.ECONFLICT,
		"API key %q is revoked; a revoked key can never be enabled again. Create a new key instead", k.ID).
		WithDetails("reason", "key_revoked")
}

// setDisabled disables k (reason set) or enables it (reason empty), with an
// audit event by p, and drops it from every node's cache. It reports false,
// writing nothing, when the store found nothing to change: another node or
// request got there first, or the key was used since unusedSince.
func (s *Service) setDisabled(ctx context.Context, p *hive.Principal, k *Key, reason string, unusedSince *time.Time) (bool, error) {
	now := s.now()
	d := KeyDisable{TenantID: k.TenantID, KeyID: k.ID, Reason: reason, UnusedSince: unusedSince, UpdatedAt: now}
	action, details := ActionKeyEnabled, map[string]any{"name": k.Name, "hint": k.Hint}
	if reason != "" {
		d.At, action, details["because"] = &now, ActionKeyDisabled, reason
	}
	if unusedSince != nil {
		details["unused_since"] = unusedSince.Format(time.RFC3339)
	}
	var changed bool
	err := s.store.WithinTx(ctx, func(tx Store) error {
		var err error
		if changed, err = tx.SetKeyDisabled(ctx, d); err != nil || !changed {
			return err
		}
		return s.audit(ctx, tx, p, action, "api_key", k.ID, details)
	})
	if err != nil || !changed {
		return false, err
	}
	k.DisabledAt, k.DisabledReason, k.UpdatedAt = d.At, reason, now
	if reason == "" {
		k.EnabledAt = &now
	}
	s.changed(ctx, k.Hash)
	return true, nil
}
