package manage

import (
	"net/netip"
	"time"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// newAPIKey is the wire view of k, with its hint and never its secret.
func newAPIKey(k *apikey.Key, now time.Time) api.APIKey {
	return api.APIKey{
		ID:                 k.ID,
		Object:             "api_key",
		Name:               k.Name,
		Kind:               string(k.Kind),
		ServiceAccountID:   optString(k.ServiceAccountID),
		UserID:             optString(k.UserID),
		Hint:               k.Hint,
		Status:             string(k.Status(now)),
		Permissions:        scopeStrings(k.Permissions),
		Resources:          api.Resources(k.Resources),
		IPAllowlist:        prefixStrings(k.IPAllowlist),
		RateLimitPerMinute: k.RateLimitPerMinute,
		ExpiresAt:          k.ExpiresAt,
		CreatedAt:          k.CreatedAt,
		CreatedBy:          k.CreatedBy,
		UpdatedAt:          k.UpdatedAt,
		LastUsedAt:         k.LastUsedAt,
		LastUsedIP:         optString(k.LastUsedIP),
		RevokedAt:          k.RevokedAt,
		DisabledAt:         k.DisabledAt,
		DisabledReason:     optString(k.DisabledReason),
		RotatedFrom:        optString(k.RotatedFrom),
		ReplacedBy:         optString(k.ReplacedBy),
		AllowQueryKey:      k.AllowQueryKey,
	}
}

func newServiceAccount(a *apikey.ServiceAccount) api.ServiceAccount {
	return api.ServiceAccount{ID: a.ID, Object: "service_account", Name: a.Name, Description: a.Description,
		CreatedBy: a.CreatedBy, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt}
}

func newAuditEvent(e *apikey.AuditEvent) api.AuditEvent {
	d := e.Details
	if d == nil {
		d = map[string]any{}
	}
	return api.AuditEvent{ID: e.ID, Object: "audit_event", Action: e.Action, ActorID: e.ActorID,
		ActorKeyID: optString(e.ActorKeyID), TargetType: e.TargetType, TargetID: e.TargetID,
		Details: d, IP: optString(e.IP), CreatedAt: e.CreatedAt}
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func scopeStrings(list []hive.Scope) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = string(s)
	}
	return out
}

func prefixStrings(list []netip.Prefix) []string {
	out := make([]string, len(list))
	for i, p := range list {
		out[i] = p.String()
	}
	return out
}
