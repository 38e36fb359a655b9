package api

import (
	"time"
)

// Alerts and alert settings.

// Alert is one firing of an alert rule, as GET /v1/alerts shows it and as
// the data of an alert.fired webhook carries it.
type Alert struct {
	ID             string         `json:"id"`
	Object         string         `json:"object"` // "alert"
	Rule           string         `json:"rule"`   // e.g. "revoked_key_used"
	Severity       string         `json:"severity"`
	Status         string         `json:"status"` // "open" or "acknowledged"
	KeyID          *string        `json:"key_id"` // null for tenant-wide rules
	Message        string         `json:"message"`
	Details        map[string]any `json:"details"`
	FiredAt        time.Time      `json:"fired_at"`
	AcknowledgedAt *time.Time     `json:"acknowledged_at"`
	AcknowledgedBy *string        `json:"acknowledged_by"` // a user or service account ID
}

// AlertSettings are a tenant's alert settings: GET /v1/settings/alerts.
type AlertSettings struct {
	Object string `json:"object"` // "alert_settings"
	// Rules holds every rule by name (error_rate_spike, traffic_spike, ...).
	Rules    map[string]AlertRuleSettings `json:"rules"`
	Channels AlertChannels                `json:"channels"`
	// UpdatedAt is null while the tenant has the defaults.
	UpdatedAt *time.Time `json:"updated_at"`
}

// AlertRuleSettings tune one rule. Only the thresholds the rule has are
// present; cooldown_minutes is absent for key_expiring and key_leaked,
// which fire once per event.
type AlertRuleSettings struct {
	Enabled         bool  `json:"enabled"`
	CooldownMinutes *int  `json:"cooldown_minutes,omitempty"`
	MinErrors       *int  `json:"min_errors,omitempty"`  // error_rate_spike: errors in 5 minutes, 1 to 100000
	RisePoints      *int  `json:"rise_points,omitempty"` // error_rate_spike: points above the hour before, 1 to 100
	Multiple        *int  `json:"multiple,omitempty"`    // traffic_spike: times the trailing mean, 2 to 1000
	Floor           *int  `json:"floor,omitempty"`       // traffic_spike: requests in 5 minutes, 1 to 10000000
	Count           *int  `json:"count,omitempty"`       // rate_limit_repeated: refusals in 10 minutes, 1 to 100000
	Days            []int `json:"days,omitempty"`        // key_expiring: days before expiry, 1 to 90, up to 5
}

// AlertChannels say where fired alerts go. The console lists every alert
// whatever they say.
type AlertChannels struct {
	Console    bool     `json:"console"`     // always true
	Webhooks   string   `json:"webhooks"`    // all, selected or none
	WebhookIDs []string `json:"webhook_ids"` // with selected
	// Emails each receive a message per alert through the e-mail outbox,
	// which the operator's mailer sends: Hive has no mail server.
	Emails []string `json:"emails"`
}

// AlertSettingsRequest is the body of PUT /v1/settings/alerts. Rules and
// fields left out are kept.
type AlertSettingsRequest struct {
	Rules    map[string]AlertRuleUpdate `json:"rules,omitempty"`
	Channels *AlertChannelsUpdate       `json:"channels,omitempty"`
}

// AlertRuleUpdate changes one rule; nil fields are kept.
type AlertRuleUpdate struct {
	Enabled         *bool  `json:"enabled,omitempty"`
	CooldownMinutes *int   `json:"cooldown_minutes,omitempty"`
	MinErrors       *int   `json:"min_errors,omitempty"`
	RisePoints      *int   `json:"rise_points,omitempty"`
	Multiple        *int   `json:"multiple,omitempty"`
	Floor           *int   `json:"floor,omitempty"`
	Count           *int   `json:"count,omitempty"`
	Days            *[]int `json:"days,omitempty"`
}

// AlertChannelsUpdate changes the channels; nil fields are kept.
type AlertChannelsUpdate struct {
	Webhooks   *string   `json:"webhooks,omitempty"`
	WebhookIDs *[]string `json:"webhook_ids,omitempty"`
	Emails     *[]string `json:"emails,omitempty"`
}
