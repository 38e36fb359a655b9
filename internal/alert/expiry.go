package alert

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
)

const day = 24 * time.Hour

// ScanExpiring fires key_expiring for every unrevoked key that expires
// within its tenant's thresholds (by default 1, 7 and 14 days; at most
// MaxExpiryDays). A key fires at the smallest threshold its expiry is
// within, once per threshold and expiry date: a key made with 3 days to
// live fires "7 days" now and "1 day" later, never "14 days".
func (e *Engine) ScanExpiring(ctx context.Context) error {
	if e.cfg.Keys == nil {
		return nil
	}
	now := e.cfg.Now().UTC()
	keys, err := e.cfg.Keys.ExpiringKeys(ctx, now, now.Add(MaxExpiryDays*day))
	if err != nil {
		return fmt.Errorf("alert: expiring keys: %w", err)
	}
	for _, k := range keys {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		e.keyExpiring(ctx, k, now)
	}
	return nil
}

// keyExpiring fires key_expiring for k at the threshold its expiry is within.
func (e *Engine) keyExpiring(ctx context.Context, k *apikey.Key, now time.Time) {
	rs := e.cachedSettings(ctx, k.TenantID).Rules[RuleKeyExpiring]
	if !rs.Enabled {
		return
	}
	left := k.ExpiresAt.Sub(now)
	days := 0
	for _, t := range rs.Days {
		if left <= time.Duration(t)*day {
			days = t
			break
		}
	}
	if days == 0 {
		return
	}
	sev := SeverityInfo
	if days == 1 {
		sev = SeverityWarning
	}
	e.fire(ctx, &Alert{TenantID: k.TenantID, Rule: RuleKeyExpiring, Severity: sev, KeyID: k.ID,
		Message: fmt.Sprintf("API key %q (%s) expires within %s, on %s; rotate it before then",
			k.Name, k.Hint, plural(days, "day"), k.ExpiresAt.UTC().Format(time.RFC3339)),
		Details: map[string]any{"expires_at": k.ExpiresAt.UTC(), "threshold_days": days, "key_name": k.Name},
		DedupKey: string(RuleKeyExpiring) + ":" + k.ID + ":" + strconv.FormatInt(k.ExpiresAt.Unix(), 10) +
			":" + strconv.Itoa(days)}, expiryCooldown)
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
