package alert

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
)

// KeyUnused fires key_unused for a key its tenant's policy is about to
// disable, or has just disabled, for want of use. Like KeyLeaked it is safe
// from any goroutine and relies on the store's cooldown alone: the dedup key
// names the key, its last use and the stage, so every node's scan fires
// each warning and each disable once, and a key used again and left idle
// again warns afresh.
func (e *Engine) KeyUnused(ctx context.Context, u apikey.UnusedKey) {
	k := u.Key
	if !e.cachedSettings(ctx, k.TenantID).Rules[RuleKeyUnused].Enabled {
		return
	}
	stage, msg := "warning", fmt.Sprintf("API key %q (%s) has not been used since %s and will be disabled on %s by the tenant's key policy; use it, or let it go",
		k.Name, k.Hint, u.LastUse.Format(time.DateOnly), u.DisableAt.Format(time.DateOnly))
	if u.Disabled {
		stage, msg = "disabled", fmt.Sprintf("API key %q (%s) has not been used since %s and has been disabled by the tenant's key policy; an administrator can enable it again",
			k.Name, k.Hint, u.LastUse.Format(time.DateOnly))
	}
	a := &Alert{TenantID: k.TenantID, Rule: RuleKeyUnused, Severity: SeverityWarning, KeyID: k.ID, Message: msg,
		Details: map[string]any{"key_name": k.Name, "hint": k.Hint, "last_used_at": u.LastUse.UTC(),
			"disable_at": u.DisableAt.UTC(), "disabled": u.Disabled},
		DedupKey: string(RuleKeyUnused) + ":" + k.ID + ":" + strconv.FormatInt(u.LastUse.UnixMicro(), 10) + ":" + stage}
	e.fireOnce(ctx, a)
}
