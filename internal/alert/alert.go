// Package alert watches API traffic and key expiry and raises alerts: in
// the console (GET /v1/alerts) and as signed "alert.fired" webhooks.
//
// The Engine is a hive.RequestObserver. ObserveRequest copies the few fields
// the rules need into a bounded queue and returns; a full queue drops the
// record and counts it (Dropped), so a burst can cost alerts but never slows
// a request. One goroutine (Run) keeps per-tenant and per-key sliding
// windows of one-minute buckets covering the last 65 minutes, evaluates the
// rules as records arrive, and forgets keys idle for longer than that.
//
// Rules, each with a cooldown per tenant, rule and subject:
//
//   - error_rate_spike (tenant): errors are 5xx responses and 4xx responses
//     other than 401 and 429, which have rules of their own. It fires when
//     the last 5 minutes hold at least MinErrors errors and their share of
//     requests is at least twice the share of the hour before, and at least
//     10 points above it.
//   - traffic_spike (key): the key's requests in the last 5 minutes exceed
//     5 times the mean of the previous hour's twelve 5-minute windows and the
//     floor TrafficFloor. It needs a whole hour of history, so it is quiet
//     for the first 65 minutes after the engine starts.
//   - revoked_key_used, expired_key_used (key): a request presented a
//     revoked or expired key.
//   - new_client_ip (key and address): an authenticated request came from an
//     address the key never used before. Addresses are kept per key in the
//     store (key_ips), so restarts and other nodes agree; a key's first
//     address does not alert.
//   - rate_limit_repeated (key): the key was refused by its rate limit at
//     least RateLimitedTimes times within 10 minutes.
//   - key_expiring (key, expiry and threshold): a periodic scan finds keys
//     expiring within 14, 7 and 1 days; each threshold fires once per expiry
//     date, so extending a key re-arms it.
//   - rate_limiter_degraded (tenant): the configured health check says the
//     shared rate limiter (Redis) is unreachable, so limits are counted per
//     node. It is raised for every tenant that sent traffic to this node in
//     the last hour: those are the tenants whose limits are loosened, and a
//     tenant-less alert would be visible to nobody.
//   - key_leaked (key): the key's secret was reported found in public
//     (apikey.Service.RevokeLeaked) and has been revoked. It is fired by
//     KeyLeaked on the reporting request, not by the rules.
//   - key_unused (key and last use): the tenant's key policy disables keys
//     unused for disable_unused_after_days; the scan (apikey.ScanUnused)
//     warns unused_warning_days before, and again when it disables the key.
//     It is fired by KeyUnused, not by the rules.
//
// Fire-once-per-cooldown holds across nodes: Store.FireAlert records the
// firing in a cooldown row and inserts the alert in one transaction, and
// only when no firing of the same dedup key happened within the cooldown.
// Each node sees only the traffic its load balancer sends it, so in a
// cluster the ratios hold but the count floors apply per node.
package alert

import (
	"time"
)

// EventFired is the webhook event every fired alert is published as.
const EventFired = "alert.fired"

// Rule names what an alert is about. The names are part of the API.
type Rule string

// The rules the engine evaluates.
const (
	RuleErrorRateSpike      Rule = "error_rate_spike"
	RuleTrafficSpike        Rule = "traffic_spike"
	RuleRevokedKeyUsed      Rule = "revoked_key_used"
	RuleExpiredKeyUsed      Rule = "expired_key_used"
	RuleNewClientIP         Rule = "new_client_ip"
	RuleRateLimitRepeated   Rule = "rate_limit_repeated"
	RuleKeyExpiring         Rule = "key_expiring"
	RuleRateLimiterDegraded Rule = "rate_limiter_degraded"
	RuleKeyLeaked           Rule = "key_leaked"
	RuleKeyUnused           Rule = "key_unused"
)

// Rules lists every rule, in the order the documentation shows them.
func Rules() []Rule {
	return []Rule{RuleErrorRateSpike, RuleTrafficSpike, RuleRevokedKeyUsed, RuleExpiredKeyUsed,
		RuleNewClientIP, RuleRateLimitRepeated, RuleKeyExpiring, RuleRateLimiterDegraded, RuleKeyLeaked, RuleKeyUnused}
}

// Valid reports whether r is a known rule.
func (r Rule) Valid() bool {
	for _, k := range Rules() {
		if k == r {
			return true
		}
	}
	return false
}

// Severity says how urgent an alert is.
type Severity string

// Severities, from least to most urgent.
const (
	SeverityInfo     Severity = "info"
	SeverityWarning  Severity = "warning"
	SeverityCritical Severity = "critical"
)

// Status filters alerts by whether someone has acknowledged them.
type Status string

// Alert statuses.
const (
	StatusOpen         Status = "open"
	StatusAcknowledged Status = "acknowledged"
)

// Alert is one firing of a rule for a tenant.
type Alert struct {
	ID       string
	TenantID string
	Rule     Rule
	Severity Severity
	KeyID    string // the key it is about; empty for tenant-wide rules
	Message  string
	Details  map[string]any
	FiredAt  time.Time
	// AcknowledgedAt and AcknowledgedBy say who acknowledged the alert
	// (a user or service account ID), and when; nil while it is open.
	AcknowledgedAt *time.Time
	AcknowledgedBy string
	// DedupKey names what fired, such as "new_client_ip:key_…:203.0.113.9";
	// the cooldown applies per tenant and dedup key. It is not stored.
	DedupKey string
}

// Status reports whether a is open or acknowledged.
func (a *Alert) Status() Status {
	if a.AcknowledgedAt != nil {
		return StatusAcknowledged
	}
	return StatusOpen
}

// Page selects a page of a list ordered newest first. IDs sort by creation
// time, so After is the ID of the last item of the previous page.
type Page struct {
	Limit int    // 0 means 100; stores cap it at 1000
	After string // return items with IDs strictly below this one
}

// Filter selects alerts of one tenant.
type Filter struct {
	TenantID string
	Status   *Status
	Rule     *Rule
	KeyID    *string
	Page
}

// Sighting is what the store knew of a key's client address when it was
// seen.
type Sighting struct {
	New   bool // the key had not used this address before
	First bool // and it is the first address the key ever used
}
