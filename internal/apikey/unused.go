package apikey

import (
	"context"
	"fmt"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// UnusedKey is a live key that its tenant's policy disables, or soon will,
// because nobody has used it.
type UnusedKey struct {
	Key *Key
	// LastUse is when the key was last used, or created if never used.
	LastUse time.Time
	// DisableAt is when the policy disables it: LastUse plus
	// DisableUnusedAfterDays.
	DisableAt time.Time
	// Disabled is true once this scan has disabled it; false for a warning.
	Disabled bool
}

// ScanUnused applies every tenant's DisableUnusedAfterDays. A key whose
// last use (or creation, if never used) is that many days old is disabled
// with an audit event "because: unused", through the path a manual disable
// takes, so every node refuses it; a key that will be within its tenant's
// UnusedWarningDays is reported first. Each is reported through
// Config.OnUnused, which fires the key_unused alert.
//
// Every node may run it at once: the disable is conditional in the store
// (the key must still be live and unused), so one node disables and audits
// each key, and the alerts' cooldown lets one node fire each warning.
func (s *Service) ScanUnused(ctx context.Context) error {
	pols, err := s.store.KeyPoliciesDisablingUnused(ctx)
	if err != nil {
		return fmt.Errorf("apikey: policies disabling unused keys: %w", err)
	}
	now := s.now()
	for _, pol := range pols {
		if err := s.scanUnused(ctx, pol, now); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) scanUnused(ctx context.Context, pol *KeyPolicy, now time.Time) error {
	after := days(*pol.DisableUnusedAfterDays)
	cutoff := now.Add(-after)
	keys, err := s.store.UnusedKeys(ctx, pol.TenantID, now, cutoff.Add(days(pol.UnusedWarningDays)))
	if err != nil {
		return fmt.Errorf("apikey: unused keys of %s: %w", pol.TenantID, err)
	}
	for _, k := range keys {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		u := UnusedKey{Key: k, LastUse: lastUse(k), DisableAt: lastUse(k).Add(after)}
		if u.LastUse.After(cutoff) {
			s.reportUnused(ctx, u)
			continue
		}
		ok, err := s.setDisabled(ctx, &hive.Principal{TenantID: k.TenantID}, k, DisableUnused, &cutoff)
		if err != nil {
			return fmt.Errorf("apikey: disabling unused key %s: %w", k.ID, err)
		}
		if ok {
			u.Disabled = true
			s.reportUnused(ctx, u)
		}
	}
	return nil
}

func (s *Service) reportUnused(ctx context.Context, u UnusedKey) {
	if s.cfg.OnUnused != nil {
		s.cfg.OnUnused(ctx, u)
	}
}

// lastUse is when k was last used, created or enabled, whichever is last:
// an administrator enabling a key the policy disabled gives it a fresh
// period, rather than seeing it disabled again by the next scan.
func lastUse(k *Key) time.Time {
	t := k.CreatedAt
	for _, u := range []*time.Time{k.LastUsedAt, k.EnabledAt} {
		if u != nil && u.After(t) {
			t = *u
		}
	}
	return t
}

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }
