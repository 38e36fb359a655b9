package alert

import (
	"encoding/json"
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// Settings are a tenant's choices about its alerts: which rules fire, at
// what thresholds, how often, and where they are sent. A tenant that never
// saved any has DefaultSettings.
type Settings struct {
	TenantID string
	Rules    map[Rule]RuleSettings
	Channels Channels
	// UpdatedAt is zero for the defaults.
	UpdatedAt time.Time
}

// RuleSettings tune one rule. The thresholds a rule does not have are zero.
type RuleSettings struct {
	Enabled  bool
	Cooldown time.Duration // between firings of one alert; 0 for rules that fire once per event
	// error_rate_spike: errors in 5 minutes before it may fire, and how many
	// points the error share must rise above the hour before.
	MinErrors  int `json:",omitempty"`
	RisePoints int `json:",omitempty"`
	// traffic_spike: times the trailing mean, and requests in 5 minutes.
	Multiple int `json:",omitempty"`
	Floor    int `json:",omitempty"`
	// rate_limit_repeated: refusals in 10 minutes.
	Count int `json:",omitempty"`
	// key_expiring: days before expiry at which it fires, ascending.
	Days []int `json:",omitempty"`
}

// Webhook channel modes.
const (
	WebhooksAll      = "all"      // every webhook subscribed to alert.fired
	WebhooksSelected = "selected" // only WebhookIDs, if subscribed to alert.fired
	WebhooksNone     = "none"
)

// Channels say where fired alerts go besides the console, which lists every
// alert whatever the settings.
type Channels struct {
	Webhooks   string   // WebhooksAll, WebhooksSelected or WebhooksNone
	WebhookIDs []string // with WebhooksSelected
	// Emails are addresses an alert is to be mailed to. Hive has no mail
	// server: each fired alert adds one row per address to the alert e-mail
	// outbox (Store.QueueAlertEmails) for the operator's mailer to send.
	Emails []string
}

// Limits of the settings, shown in validation errors.
const (
	MinCooldownMinutes = 1
	MaxCooldownMinutes = 7 * 24 * 60
	MaxEmails          = 20
	MaxWebhookIDs      = 50
	MaxExpiryDays      = 90
	MaxExpiryTimes     = 5
)

// thresholds names each threshold a rule has, in the order shown, with its
// allowed range.
type threshold struct {
	name     string
	min, max int
	get      func(*RuleSettings) *int
}

var ruleThresholds = map[Rule][]threshold{
	RuleErrorRateSpike: {
		{"min_errors", 1, 100_000, func(r *RuleSettings) *int { return &r.MinErrors }},
		{"rise_points", 1, 100, func(r *RuleSettings) *int { return &r.RisePoints }},
	},
	RuleTrafficSpike: {
		{"multiple", 2, 1000, func(r *RuleSettings) *int { return &r.Multiple }},
		{"floor", 1, 10_000_000, func(r *RuleSettings) *int { return &r.Floor }},
	},
	RuleRateLimitRepeated: {
		{"count", 1, 100_000, func(r *RuleSettings) *int { return &r.Count }},
	},
}

// HasCooldown reports whether r fires again after a cooldown. key_expiring
// fires once per threshold and expiry date, key_leaked once per key, and
// key_unused once per stage of one idle spell.
func (r Rule) HasCooldown() bool {
	return r != RuleKeyExpiring && r != RuleKeyLeaked && r != RuleKeyUnused
}

// DefaultSettings returns the settings of a tenant that never saved any:
// every rule on with the engine's configured thresholds, alerts to every
// subscribed webhook, no e-mail.
func (e *Engine) DefaultSettings(tenantID string) *Settings {
	s := &Settings{TenantID: tenantID, Rules: map[Rule]RuleSettings{}, Channels: Channels{Webhooks: WebhooksAll}}
	for _, r := range Rules() {
		rs := RuleSettings{Enabled: true}
		if r.HasCooldown() {
			rs.Cooldown = e.cfg.Cooldown
		}
		switch r {
		case RuleErrorRateSpike:
			rs.MinErrors, rs.RisePoints = e.cfg.MinErrors, DefaultRisePoints
		case RuleTrafficSpike:
			rs.Multiple, rs.Floor = e.cfg.TrafficFactor, e.cfg.TrafficFloor
		case RuleRateLimitRepeated:
			rs.Count = e.cfg.RateLimitedTimes
		case RuleKeyExpiring:
			rs.Days = slices.Clone(expiryThresholds)
		}
		s.Rules[r] = rs
	}
	return s
}

// DefaultRisePoints is how many percentage points the error share must rise
// above the hour before for error_rate_spike.
const DefaultRisePoints = 10

// RuleUpdate changes one rule's settings; nil fields are kept.
type RuleUpdate struct {
	Enabled         *bool
	CooldownMinutes *int
	MinErrors       *int
	RisePoints      *int
	Multiple        *int
	Floor           *int
	Count           *int
	Days            *[]int
}

// SettingsUpdate changes a tenant's alert settings; nil fields and rules
// left out are kept.
type SettingsUpdate struct {
	Rules      map[string]RuleUpdate
	Webhooks   *string
	WebhookIDs *[]string
	Emails     *[]string
}

// apply validates u against s and changes s. Errors name the field as the
// API spells it, with its allowed range.
func (u SettingsUpdate) apply(s *Settings) error {
	for _, name := range slices.Sorted(mapKeys(u.Rules)) {
		r := Rule(name)
		if !r.Valid() {
			return hive.FieldError("rules."+name, "unknown rule; the rules are %v", Rules())
		}
		rs := s.Rules[r]
		if err := u.Rules[name].apply(r, &rs); err != nil {
			return err
		}
		s.Rules[r] = rs
	}
	return u.applyChannels(&s.Channels)
}

func (ru RuleUpdate) apply(r Rule, rs *RuleSettings) error {
	field := "rules." + string(r) + "."
	if ru.Enabled != nil {
		rs.Enabled = *ru.Enabled
	}
	if ru.CooldownMinutes != nil {
		if !r.HasCooldown() {
			return hive.FieldError(field+"cooldown_minutes", "%s fires once per event and has no cooldown; leave it out", r)
		}
		m := *ru.CooldownMinutes
		if m < MinCooldownMinutes || m > MaxCooldownMinutes {
			return hive.FieldError(field+"cooldown_minutes", "must be from %d to %d minutes (7 days), not %d", MinCooldownMinutes, MaxCooldownMinutes, m)
		}
		rs.Cooldown = time.Duration(m) * time.Minute
	}
	given := map[string]*int{"min_errors": ru.MinErrors, "rise_points": ru.RisePoints, "multiple": ru.Multiple,
		"floor": ru.Floor, "count": ru.Count}
	have := ruleThresholds[r]
	for _, name := range slices.Sorted(mapKeys(given)) {
		v := given[name]
		if v == nil {
			continue
		}
		i := slices.IndexFunc(have, func(t threshold) bool { return t.name == name })
		if i < 0 {
			return hive.FieldError(field+name, "%s has no threshold %s; %s", r, name, ruleFieldsText(r))
		}
		t := have[i]
		if *v < t.min || *v > t.max {
			return hive.FieldError(field+name, "must be from %d to %d, not %d", t.min, t.max, *v)
		}
		*t.get(rs) = *v
	}
	if ru.Days != nil {
		if r != RuleKeyExpiring {
			return hive.FieldError(field+"days", "%s has no threshold days; %s", r, ruleFieldsText(r))
		}
		days, err := validDays(field+"days", *ru.Days)
		if err != nil {
			return err
		}
		rs.Days = days
	}
	return nil
}

// ruleFieldsText says which settings rule r has, for an error message.
func ruleFieldsText(r Rule) string {
	names := []string{"enabled"}
	if r.HasCooldown() {
		names = append(names, "cooldown_minutes")
	}
	for _, t := range ruleThresholds[r] {
		names = append(names, t.name)
	}
	if r == RuleKeyExpiring {
		names = append(names, "days")
	}
	return "its settings are " + strings.Join(names, ", ")
}

func validDays(field string, in []int) ([]int, error) {
	if len(in) == 0 || len(in) > MaxExpiryTimes {
		return nil, hive.FieldError(field, "give 1 to %d numbers of days, such as [1, 7, 14]", MaxExpiryTimes)
	}
	out := slices.Clone(in)
	slices.Sort(out)
	out = slices.Compact(out)
	for _, d := range out {
		if d < 1 || d > MaxExpiryDays {
			return nil, hive.FieldError(field, "each must be from 1 to %d days, not %d", MaxExpiryDays, d)
		}
	}
	return out, nil
}

func (u SettingsUpdate) applyChannels(c *Channels) error {
	if u.Webhooks != nil {
		switch *u.Webhooks {
		case WebhooksAll, WebhooksSelected, WebhooksNone:
			c.Webhooks = *u.Webhooks
		default:
			return hive.FieldError("channels.webhooks", "must be all, selected or none, not %q", *u.Webhooks)
		}
	}
	if u.WebhookIDs != nil {
		if len(*u.WebhookIDs) > MaxWebhookIDs {
			return hive.FieldError("channels.webhook_ids", "may list at most %d webhooks", MaxWebhookIDs)
		}
		ids := slices.Clone(*u.WebhookIDs)
		slices.Sort(ids)
		c.WebhookIDs = slices.Compact(ids)
	}
	if c.Webhooks == WebhooksSelected && len(c.WebhookIDs) == 0 {
		return hive.FieldError("channels.webhook_ids", `list at least one webhook id with webhooks "selected", or choose "all" or "none"`)
	}
	if c.Webhooks != WebhooksSelected {
		c.WebhookIDs = nil
	}
	if u.Emails != nil {
		emails, err := validEmails(*u.Emails)
		if err != nil {
			return err
		}
		c.Emails = emails
	}
	return nil
}

// validEmails accepts bare addresses (no display names), lower-cased and
// without duplicates.
func validEmails(in []string) ([]string, error) {
	if len(in) > MaxEmails {
		return nil, hive.FieldError("channels.emails", "may list at most %d addresses", MaxEmails)
	}
	out := make([]string, 0, len(in))
	for i, raw := range in {
		s := strings.ToLower(strings.TrimSpace(raw))
		a, err := mail.ParseAddress(s)
		if err != nil || a.Address != s || a.Name != "" || len(s) > 254 {
			return nil, hive.FieldError(fmt.Sprintf("channels.emails[%d]", i), "%q is not an e-mail address such as ops@example.com", raw)
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}

func mapKeys[M ~map[string]V, V any](m M) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// storedSettings is the JSON form both stores keep a tenant's settings in,
// so that adding a threshold needs no schema change.
type storedSettings struct {
	Rules    map[Rule]RuleSettings `json:"rules"`
	Channels Channels              `json:"channels"`
}

// EncodeSettings returns the stored form of s.
func EncodeSettings(s *Settings) ([]byte, error) {
	return json.Marshal(storedSettings{Rules: s.Rules, Channels: s.Channels})
}

// DecodeSettings sets s's rules and channels from their stored form.
func DecodeSettings(s *Settings, b []byte) error {
	var st storedSettings
	if err := json.Unmarshal(b, &st); err != nil {
		return fmt.Errorf("alert: decode settings: %w", err)
	}
	s.Rules, s.Channels = st.Rules, st.Channels
	return nil
}

// Email is one message of the alert e-mail outbox: an alert to be mailed
// to one address. Hive records it; a mailer the operator runs sends it.
type Email struct {
	ID       string
	TenantID string
	AlertID  string
	To       string
	Subject  string
	Body     string
	QueuedAt time.Time
}
