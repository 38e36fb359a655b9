package alert

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// handle counts one request and evaluates the rules it can trigger.
// The tenant's settings decide whether each rule fires and at what
// threshold; a disabled rule still counts, so enabling it again judges
// against real history.
func (e *Engine) handle(ctx context.Context, o observation) {
	m := minuteOf(o.at)
	c := countsOf(o)
	set := e.cachedSettings(ctx, o.tenantID)
	if tw := e.window(e.tenants, o.tenantID, m); tw != nil {
		tw.add(m, c)
		if rs := set.Rules[RuleErrorRateSpike]; c.errors > 0 && rs.Enabled {
			e.checkErrorRate(ctx, o, tw, rs)
		}
	}
	if o.keyID == "" {
		return
	}
	switch o.reason {
	case hive.ReasonKeyRevoked:
		e.keyRefused(ctx, o, RuleRevokedKeyUsed, "revoked", set.Rules[RuleRevokedKeyUsed])
		return
	case hive.ReasonKeyExpired:
		e.keyRefused(ctx, o, RuleExpiredKeyUsed, "expired", set.Rules[RuleExpiredKeyUsed])
		return
	}
	if kw := e.window(e.keys, o.keyID, m); kw != nil {
		kw.add(m, c)
		if rs := set.Rules[RuleTrafficSpike]; rs.Enabled {
			e.checkTraffic(ctx, o, kw, rs)
		}
		if rs := set.Rules[RuleRateLimitRepeated]; o.rateLimited && rs.Enabled {
			e.checkRateLimited(ctx, o, kw, rs)
		}
	}
	if o.status != http.StatusUnauthorized && o.status != http.StatusForbidden && o.ip.IsValid() {
		e.checkIP(ctx, o, set.Rules[RuleNewClientIP])
	}
}

// countsOf is what one request adds to its minute.
func countsOf(o observation) counts {
	c := counts{total: 1}
	switch {
	case o.status >= 500:
		c.errors, c.server = 1, 1
	case o.status >= 400 && o.status != http.StatusUnauthorized && o.status != http.StatusTooManyRequests:
		c.errors = 1
	}
	if o.rateLimited {
		c.limited = 1
	}
	return c
}

// window returns the window of id in ws, making one if there is room. When
// the map is full even after sweeping, the id goes untracked.
func (e *Engine) window(ws map[string]*window, id string, m int64) *window {
	if w, ok := ws[id]; ok {
		return w
	}
	if len(ws) >= e.cfg.MaxKeys {
		e.sweep(e.cfg.Now())
		if len(ws) >= e.cfg.MaxKeys {
			return nil
		}
	}
	w := &window{last: m}
	ws[id] = w
	return w
}

// checkErrorRate fires error_rate_spike when the last 5 minutes' error
// share is well above the trailing hour's.
func (e *Engine) checkErrorRate(ctx context.Context, o observation, w *window, rs RuleSettings) {
	recent, base := w.recentAndBaseline(minuteOf(o.at))
	if recent.errors < rs.MinErrors {
		return
	}
	share := float64(recent.errors) / float64(recent.total)
	baseShare := 0.0
	if base.total > 0 {
		baseShare = float64(base.errors) / float64(base.total)
	}
	if share < 2*baseShare || share < baseShare+float64(rs.RisePoints)/100 {
		return
	}
	e.fire(ctx, &Alert{TenantID: o.tenantID, Rule: RuleErrorRateSpike, Severity: SeverityCritical,
		Message: fmt.Sprintf("%.0f%% of requests failed in the last 5 minutes (%d of %d), against %.0f%% in the hour before",
			share*100, recent.errors, recent.total, baseShare*100),
		Details: map[string]any{"window_minutes": 5, "requests": recent.total, "errors": recent.errors,
			"server_errors": recent.server, "error_rate": share, "baseline_error_rate": baseShare},
		DedupKey: string(RuleErrorRateSpike)}, rs.Cooldown)
}

// checkTraffic fires traffic_spike when a key's last 5 minutes are far above
// the mean 5 minutes of the hour before. It waits for an hour of history.
func (e *Engine) checkTraffic(ctx context.Context, o observation, w *window, rs RuleSettings) {
	if o.at.Sub(e.started) < 65*time.Minute {
		return
	}
	recent, base := w.recentAndBaseline(minuteOf(o.at))
	mean := float64(base.total) / 12
	if recent.total < rs.Floor || float64(recent.total) <= float64(rs.Multiple)*mean {
		return
	}
	e.fire(ctx, &Alert{TenantID: o.tenantID, Rule: RuleTrafficSpike, Severity: SeverityWarning, KeyID: o.keyID,
		Message: fmt.Sprintf("Key %s made %d requests in the last 5 minutes, against %.1f in an average 5 minutes of the hour before",
			o.keyID, recent.total, mean),
		Details:  map[string]any{"window_minutes": 5, "requests": recent.total, "baseline_mean": mean},
		DedupKey: string(RuleTrafficSpike) + ":" + o.keyID}, rs.Cooldown)
}

// checkRateLimited fires rate_limit_repeated when a key was refused by its
// rate limit often within 10 minutes.
func (e *Engine) checkRateLimited(ctx context.Context, o observation, w *window, rs RuleSettings) {
	m := minuteOf(o.at)
	n := w.sum(m-9, m).limited
	if n < rs.Count {
		return
	}
	e.fire(ctx, &Alert{TenantID: o.tenantID, Rule: RuleRateLimitRepeated, Severity: SeverityWarning, KeyID: o.keyID,
		Message: fmt.Sprintf("Key %s was refused by its rate limit %d times in the last 10 minutes; the client should back off or the key needs a higher limit",
			o.keyID, n),
		Details:  map[string]any{"window_minutes": 10, "rate_limited": n},
		DedupKey: string(RuleRateLimitRepeated) + ":" + o.keyID}, rs.Cooldown)
}

// keyRefused fires revoked_key_used or expired_key_used.
func (e *Engine) keyRefused(ctx context.Context, o observation, rule Rule, state string, rs RuleSettings) {
	if !rs.Enabled {
		return
	}
	details := map[string]any{}
	if o.ip.IsValid() {
		details["client_ip"] = o.ip.String()
	}
	e.fire(ctx, &Alert{TenantID: o.tenantID, Rule: rule, Severity: SeverityCritical, KeyID: o.keyID,
		Message: fmt.Sprintf("A request presented %s key %s from %s; if that client is yours, give it a new key, otherwise the old key may have leaked",
			state, o.keyID, addrOrUnknown(o.ip)),
		Details: details, DedupKey: string(rule) + ":" + o.keyID}, rs.Cooldown)
}

func addrOrUnknown(ip netip.Addr) string {
	if ip.IsValid() {
		return ip.String()
	}
	return "an unknown address"
}

// checkIP records the key's address and fires new_client_ip the first time
// the store sees the key use it, unless it is the key's first address. The
// store is asked once a day per pair at most, which also keeps last_seen
// within a day. Addresses are recorded while the rule is off, so turning it
// on does not report every address in use as new.
func (e *Engine) checkIP(ctx context.Context, o observation, rs RuleSettings) {
	k := keyIP{o.keyID, o.ip.Unmap()}
	m := minuteOf(o.at)
	if seen, ok := e.ips[k]; ok && seen > m-24*60 {
		return
	}
	s, err := e.store.SeeKeyIP(ctx, o.tenantID, o.keyID, k.ip.String(), o.at)
	if err != nil {
		e.log.Error("alerts: recording a key's client address", "err", err, "key_id", o.keyID)
		return
	}
	if len(e.ips) < e.cfg.MaxIPs {
		e.ips[k] = m
	}
	if !s.New || s.First || !rs.Enabled {
		return
	}
	e.fire(ctx, &Alert{TenantID: o.tenantID, Rule: RuleNewClientIP, Severity: SeverityWarning, KeyID: o.keyID,
		Message:  fmt.Sprintf("Key %s was used from %s, an address it never used before", o.keyID, k.ip),
		Details:  map[string]any{"client_ip": k.ip.String()},
		DedupKey: string(RuleNewClientIP) + ":" + o.keyID + ":" + k.ip.String()}, rs.Cooldown)
}

// rateLimiterDegraded fires rate_limiter_degraded for every tenant with
// traffic on this node in the last hour.
func (e *Engine) rateLimiterDegraded(ctx context.Context, now time.Time) {
	e.log.Warn("alerts: the shared rate limiter is unreachable; limits are counted per node")
	m := minuteOf(now)
	for id, w := range e.tenants {
		rs := e.cachedSettings(ctx, id).Rules[RuleRateLimiterDegraded]
		if w.last < m-60 || !rs.Enabled {
			continue
		}
		e.fire(ctx, &Alert{TenantID: id, Rule: RuleRateLimiterDegraded, Severity: SeverityWarning,
			Message:  "The shared rate limiter is unreachable: each server counts your keys' requests on its own until it is back, so limits are looser than configured",
			Details:  map[string]any{"since": now.UTC()},
			DedupKey: string(RuleRateLimiterDegraded)}, rs.Cooldown)
	}
}
