package apikey

import (
	"context"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// KeyPolicy is what a tenant demands of its keys. The zero policy demands
// nothing beyond the server's own limits.
type KeyPolicy struct {
	TenantID string
	// MaxLifetimeDays caps how far from now a key created, edited, rotated,
	// regenerated or enabled may expire; nil means no cap.
	MaxLifetimeDays *int
	// AllowNeverExpiring lets keys be made without an expiry. It is the
	// tenant's AllowNonExpiringKeys.
	AllowNeverExpiring bool
	// DisableUnusedAfterDays disables keys unused for that many days; nil
	// never does.
	DisableUnusedAfterDays *int
	// UnusedWarningDays is how many days before such a disable the key_unused
	// alert fires; 0 fires none.
	UnusedWarningDays int
	// AdminKeysRequireIPAllowlist refuses service-account keys holding any
	// admin:* scope unless they carry an IP allowlist.
	AdminKeysRequireIPAllowlist bool
	UpdatedBy                   string
	UpdatedAt                   time.Time
}

// DefaultUnusedWarningDays is UnusedWarningDays when a policy that disables
// unused keys does not choose one.
const DefaultUnusedWarningDays = 7

// Why a key was disabled, in DisabledReason and the audit event's "because".
const (
	DisableManual = "manual" // by a person or key, through the API, console or CLI
	DisableUnused = "unused" // by the policy's DisableUnusedAfterDays
)

// KeyDisable is one change of a key's disabled state; see
// Store.SetKeyDisabled.
type KeyDisable struct {
	TenantID    string
	KeyID       string
	At          *time.Time // nil enables the key
	Reason      string     // DisableManual or DisableUnused when disabling
	UnusedSince *time.Time // disable only a key not used since then
	UpdatedAt   time.Time
}

// KeyPolicyUpdate is the whole policy a PUT sets. UnusedWarningDays nil
// takes DefaultUnusedWarningDays (at most one day less than the disable).
type KeyPolicyUpdate struct {
	MaxLifetimeDays             *int
	AllowNeverExpiring          bool
	DisableUnusedAfterDays      *int
	UnusedWarningDays           *int
	AdminKeysRequireIPAllowlist bool
}

// KeyPolicy returns the key policy of p's tenant.
func (s *Service) KeyPolicy(ctx context.Context, p *hive.Principal) (*KeyPolicy, error) {
	return s.store.KeyPolicy(ctx, p.TenantID)
}

// SetKeyPolicy validates and saves the key policy of p's tenant, with an
// audit event naming the fields that changed. It changes no existing key:
// the policy applies the next time a key is created, edited, rotated,
// regenerated or enabled, and the unused-key scan applies it to live keys.
func (s *Service) SetKeyPolicy(ctx context.Context, p *hive.Principal, u KeyPolicyUpdate) (*KeyPolicy, error) {
	next, err := validPolicy(u)
	if err != nil {
		return nil, err
	}
	next.TenantID, next.UpdatedBy, next.UpdatedAt = p.TenantID, p.ActorID(), s.now()
	err = s.store.WithinTx(ctx, func(tx Store) error {
		prev, err := tx.KeyPolicy(ctx, p.TenantID)
		if err != nil {
			return err
		}
		if err := tx.SaveKeyPolicy(ctx, next); err != nil {
			return err
		}
		return s.audit(ctx, tx, p, ActionKeyPolicyUpdated, "tenant", p.TenantID,
			map[string]any{"changed": policyChanges(prev, next)})
	})
	if err != nil {
		return nil, err
	}
	return next, nil
}

func validPolicy(u KeyPolicyUpdate) (*KeyPolicy, error) {
	const maxDays = maxLifetimeDays
	if d := u.MaxLifetimeDays; d != nil && (*d < 1 || *d > maxDays) {
		return nil, hive.FieldError("max_lifetime_days", "must be between 1 and %d, or null for no limit (got %d)", maxDays, *d)
	}
	if u.MaxLifetimeDays != nil && u.AllowNeverExpiring {
		return nil, hive.FieldError("allow_never_expiring",
			"cannot be true while max_lifetime_days is set, since a key that never expires outlives any maximum; set one of them only")
	}
	pol := &KeyPolicy{MaxLifetimeDays: copyInt(u.MaxLifetimeDays), AllowNeverExpiring: u.AllowNeverExpiring,
		AdminKeysRequireIPAllowlist: u.AdminKeysRequireIPAllowlist}
	d := u.DisableUnusedAfterDays
	if d == nil {
		if u.UnusedWarningDays != nil && *u.UnusedWarningDays != 0 {
			return nil, hive.FieldError("unused_warning_days",
				"warns before an unused key is disabled, so it needs disable_unused_after_days; set that too, or leave this out")
		}
		return pol, nil
	}
	if *d < 2 || *d > maxDays {
		return nil, hive.FieldError("disable_unused_after_days", "must be between 2 and %d, or null to never disable unused keys (got %d)", maxDays, *d)
	}
	pol.DisableUnusedAfterDays = copyInt(d)
	pol.UnusedWarningDays = min(DefaultUnusedWarningDays, *d-1)
	if w := u.UnusedWarningDays; w != nil {
		if *w < 0 || *w >= *d {
			return nil, hive.FieldError("unused_warning_days",
				"must be between 0 (no warning) and %d, one less than disable_unused_after_days (got %d)", *d-1, *w)
		}
		pol.UnusedWarningDays = *w
	}
	return pol, nil
}

func copyInt(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// policyChanges names the fields of the policy that differ, with the new
// values, for the audit trail.
func policyChanges(a, b *KeyPolicy) map[string]any {
	out := map[string]any{}
	if !sameInt(a.MaxLifetimeDays, b.MaxLifetimeDays) {
		out["max_lifetime_days"] = b.MaxLifetimeDays
	}
	if a.AllowNeverExpiring != b.AllowNeverExpiring {
		out["allow_never_expiring"] = b.AllowNeverExpiring
	}
	if !sameInt(a.DisableUnusedAfterDays, b.DisableUnusedAfterDays) {
		out["disable_unused_after_days"] = b.DisableUnusedAfterDays
	}
	if a.UnusedWarningDays != b.UnusedWarningDays {
		out["unused_warning_days"] = b.UnusedWarningDays
	}
	if a.AdminKeysRequireIPAllowlist != b.AdminKeysRequireIPAllowlist {
		out["admin_keys_require_ip_allowlist"] = b.AdminKeysRequireIPAllowlist
	}
	return out
}

func sameInt(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// checkPolicy refuses k, as it will be after a create, edit, rotation,
// regeneration or enable, if it breaks its tenant's key policy. Each
// refusal names the field to change and the policy that demands it.
func checkPolicy(pol *KeyPolicy, k *Key, now time.Time) error {
	switch {
	case k.ExpiresAt == nil && pol.MaxLifetimeDays != nil:
		return policyError("expires_in_days", "max_lifetime_days",
			"this tenant's key policy limits keys to %d days, so the key must expire; set expires_in_days to at most %d",
			*pol.MaxLifetimeDays, *pol.MaxLifetimeDays)
	case k.ExpiresAt == nil && !pol.AllowNeverExpiring:
		return policyError("never_expires", "allow_never_expiring",
			"this tenant's key policy requires keys to expire; set expires_at or expires_in_days instead")
	case k.ExpiresAt != nil && pol.MaxLifetimeDays != nil &&
		k.ExpiresAt.After(now.Add(time.Duration(*pol.MaxLifetimeDays)*24*time.Hour)):
		return policyError("expires_at", "max_lifetime_days",
			"this tenant's key policy limits keys to %d days, and the key would expire on %s; set expires_in_days to at most %d",
			*pol.MaxLifetimeDays, k.ExpiresAt.UTC().Format(time.RFC3339), *pol.MaxLifetimeDays)
	case pol.AdminKeysRequireIPAllowlist && k.Kind == KindServiceAccount && len(k.IPAllowlist) == 0 && holdsAdmin(k):
		return policyError("ip_allowlist", "admin_keys_require_ip_allowlist",
			"this tenant's key policy requires keys with admin permissions to carry an IP allowlist; add the addresses the key is used from (ip_allowlist), or drop the admin:* permissions")
	}
	return nil
}

func policyError(field, rule, format string, args ...any) error {
	return hive.FieldError(field, format, args...).WithDetails("policy", rule)
}

func holdsAdmin(k *Key) bool {
	admin := hive.NewScopes(hive.ScopeAdminRead, hive.ScopeAdminWrite)
	return hive.NewScopes(k.Permissions...)&admin != 0
}
