package apikey

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// KeyParams are the choices made when creating a key. Permissions and IP
// ranges arrive as text so that validation can name the offending entry.
type KeyParams struct {
	Name               string
	ServiceAccountID   string
	Permissions        []string
	Preset             string
	Resources          *hive.Resources
	ExpiresAt          *time.Time
	ExpiresInDays      *int
	NeverExpires       bool
	IPAllowlist        []string
	RateLimitPerMinute *int
	AllowQueryKey      bool
}

// KeyUpdate lists the fields to change on a key; nil fields are kept.
// RateLimitPerMinute 0 removes the key's own limit.
type KeyUpdate struct {
	Name               *string
	Permissions        *[]string
	Preset             *string
	Resources          *hive.Resources
	ExpiresAt          *time.Time
	ExpiresInDays      *int
	NeverExpires       *bool
	IPAllowlist        *[]string
	RateLimitPerMinute *int
	AllowQueryKey      *bool
}

const (
	maxNameLen      = 100
	maxAllowlist    = 100
	maxRateLimit    = 1_000_000
	maxLifetimeDays = 3650
)

// validName trims and checks a display name.
func validName(field, name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return "", hive.FieldError(field, "is required")
	case len([]rune(name)) > maxNameLen:
		return "", hive.FieldError(field, "must be at most %d characters", maxNameLen)
	}
	return name, nil
}

// resolveScopes turns a permission list or a preset into scopes; exactly one
// of them must be given.
func resolveScopes(perms []string, preset string) ([]hive.Scope, error) {
	switch {
	case len(perms) > 0 && preset != "":
		return nil, hive.FieldError("permissions", "give either permissions or preset, not both")
	case preset != "":
		s, ok := hive.PresetScopes(preset)
		if !ok {
			return nil, hive.FieldError("preset", "unknown preset %q; use one of %s", preset, strings.Join(hive.Presets(), ", "))
		}
		return s, nil
	case len(perms) == 0:
		return nil, hive.FieldError("permissions", "choose at least one permission, or a preset (%s)", strings.Join(hive.Presets(), ", "))
	}
	return hive.ParseScopes("permissions", perms)
}

// resolveExpiry picks a key's expiry from the three ways of giving one. With
// none of them the key expires after DefaultKeyLifetime, or the policy's
// maximum lifetime if that is shorter.
func resolveExpiry(now time.Time, at *time.Time, days *int, never bool, pol *KeyPolicy) (*time.Time, error) {
	given := 0
	for _, b := range []bool{at != nil, days != nil, never} {
		if b {
			given++
		}
	}
	switch {
	case given > 1:
		return nil, hive.FieldError("expires_at", "give only one of expires_at, expires_in_days and never_expires")
	case never && !pol.AllowNeverExpiring:
		return nil, policyError("never_expires", "allow_never_expiring", "this tenant's key policy requires keys to expire; set expires_at or expires_in_days instead")
	case never:
		return nil, nil
	case days != nil && (*days < 1 || *days > maxLifetimeDays):
		return nil, hive.FieldError("expires_in_days", "must be between 1 and %d", maxLifetimeDays)
	case days != nil:
		e := now.Add(time.Duration(*days) * 24 * time.Hour)
		return &e, nil
	case at != nil && !at.After(now):
		return nil, hive.FieldError("expires_at", "must be in the future (got %s)", at.UTC().Format(time.RFC3339))
	case at != nil && at.After(now.AddDate(0, 0, maxLifetimeDays)):
		return nil, hive.FieldError("expires_at", "must be within %d days", maxLifetimeDays)
	case at != nil:
		e := at.UTC().Truncate(time.Microsecond)
		return &e, nil
	}
	life := DefaultKeyLifetime
	if pol.MaxLifetimeDays != nil {
		life = min(life, time.Duration(*pol.MaxLifetimeDays)*24*time.Hour)
	}
	e := now.Add(life)
	return &e, nil
}

// parseAllowlist accepts CIDR ranges and single addresses.
func parseAllowlist(list []string) ([]netip.Prefix, error) {
	if len(list) > maxAllowlist {
		return nil, hive.FieldError("ip_allowlist", "may hold at most %d entries", maxAllowlist)
	}
	out := make([]netip.Prefix, 0, len(list))
	for i, s := range list {
		s = strings.TrimSpace(s)
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return nil, hive.FieldError(fmt.Sprintf("ip_allowlist[%d]", i), "%q is not an IP address or CIDR range such as 203.0.113.0/24", s)
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		p = p.Masked()
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out, nil
}

func validRateLimit(n *int, allowZero bool) (*int, error) {
	if n == nil {
		return nil, nil
	}
	if *n == 0 && allowZero {
		return nil, nil
	}
	if *n < 1 || *n > maxRateLimit {
		return nil, hive.FieldError("rate_limit_per_minute", "must be between 1 and %d", maxRateLimit)
	}
	v := *n
	return &v, nil
}

// checkGrant refuses to hand out more than the granting principal holds, so a
// key can never mint a stronger key: every scope of the result, and a
// restriction within each of the caller's own.
func checkGrant(p *hive.Principal, scopes []hive.Scope, res hive.Resources) error {
	want := hive.NewScopes(scopes...)
	if missing := want &^ p.Permissions; missing != 0 {
		return hive.Errorf(hive.EFORBIDDEN, "You cannot grant permissions you do not hold yourself: %s",
			strings.Join(missing.Strings(), ", ")).WithDetails("missing_permissions", missing.Strings(),
			"provided_permissions", p.Permissions.Strings())
	}
	for _, kind := range []hive.ResourceKind{hive.ResourceSurveys, hive.ResourceDoors} {
		if !p.Resources.Restricted(kind) {
			continue
		}
		list := res.List(kind)
		if list == nil {
			return hive.Errorf(hive.EFORBIDDEN, "Your key is restricted to specific %s, so the resulting key must be restricted to some of them too", kind)
		}
		for _, id := range list {
			if err := p.Resources.Check(kind, id); err != nil {
				return err
			}
		}
	}
	return nil
}
