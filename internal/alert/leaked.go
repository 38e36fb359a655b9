package alert

import (
	"context"
	"fmt"

	"github.com/hive-platform/hive/internal/apikey"
)

// KeyLeaked fires key_leaked for k, which was found in public and has just
// been revoked. It is safe to call from any goroutine: it bypasses the
// engine's holds, which belong to Run, and relies on the store's cooldown
// alone. A key is revoked once, so it fires once.
func (e *Engine) KeyLeaked(ctx context.Context, k *apikey.Key, where apikey.Leak) {
	if !e.cachedSettings(ctx, k.TenantID).Rules[RuleKeyLeaked].Enabled {
		return // the key is revoked all the same; only the alert is off
	}
	d := map[string]any{"key_name": k.Name, "hint": k.Hint, "source": where.Source}
	if where.Location != "" {
		d["location"] = where.Location
	}
	if where.URL != "" {
		d["url"] = where.URL
	}
	a := &Alert{TenantID: k.TenantID, Rule: RuleKeyLeaked, Severity: SeverityCritical, KeyID: k.ID,
		Message: fmt.Sprintf("API key %q (%s) was found in public (%s) and has been revoked; create a new key and update the integrations that used it",
			k.Name, k.Hint, leakWhere(where)),
		Details: d, DedupKey: string(RuleKeyLeaked) + ":" + k.ID}
	e.fireOnce(ctx, a)
}

func leakWhere(where apikey.Leak) string {
	if where.URL != "" {
		return "reported via " + where.Source + " at " + where.URL
	}
	return "reported via " + where.Source
}
