package manage

import (
	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// exAlertSettings is the example of the alert settings: the defaults with
// traffic_spike tuned, webhooks chosen and one e-mail address.
var exAlertSettings = func() api.AlertSettings {
	eng := alert.NewEngine(nil, alert.Config{})
	set := eng.DefaultSettings("")
	ts := set.Rules[alert.RuleTrafficSpike]
	ts.Multiple, ts.Floor = 10, 500
	set.Rules[alert.RuleTrafficSpike] = ts
	nip := set.Rules[alert.RuleNewClientIP]
	nip.Enabled = false
	set.Rules[alert.RuleNewClientIP] = nip
	set.Channels = alert.Channels{Webhooks: alert.WebhooksSelected, WebhookIDs: []string{exWebhook.ID}, Emails: []string{"ops@example.com"}}
	set.UpdatedAt = exTime
	return newAlertSettings(set)
}()

// exAlertSettingsRequest changes two thresholds, turns a rule off and
// chooses the channels.
var exAlertSettingsRequest = api.AlertSettingsRequest{
	Rules: map[string]api.AlertRuleUpdate{
		"traffic_spike":    {Multiple: intPtr(10), Floor: intPtr(500)},
		"new_client_ip":    {Enabled: edge.Ptr(false)},
		"key_expiring":     {Days: &[]int{1, 7, 30}},
		"error_rate_spike": {CooldownMinutes: intPtr(30)},
	},
	Channels: &api.AlertChannelsUpdate{Webhooks: edge.Ptr(alert.WebhooksSelected), WebhookIDs: &[]string{exWebhook.ID},
		Emails: &[]string{"ops@example.com"}},
}

// alertSettingsDoc describes PUT /v1/settings/alerts.
const alertSettingsDoc = "Rules and fields left out are kept; a refused change names the field and its allowed range " +
	"(such as rules.traffic_spike.multiple: must be from 2 to 1000). Per rule: enabled, and cooldown_minutes (1 to 10080) except " +
	"for key_expiring, key_leaked and key_unused, which fire once per event. Thresholds: error_rate_spike min_errors (1 to 100000, default 20) " +
	"and rise_points (1 to 100, default 10: points the error share must rise above the hour before, besides doubling); " +
	"traffic_spike multiple (2 to 1000, default 5) and floor (1 to 10000000, default 100); rate_limit_repeated count " +
	"(1 to 100000, default 20); key_expiring days (1 to 5 numbers of days, each 1 to 90, default [1, 7, 14]). " +
	"Channels: the console lists every alert; webhooks is all (every webhook subscribed to alert.fired), selected " +
	"(only webhook_ids) or none; emails (up to 20) each get a message per alert in the alert e-mail outbox (the alert_emails " +
	"table), which the operator's mailer sends: Hive itself has no mail server. A change applies at once on the server " +
	"that saved it and within 5 seconds on the others, and is recorded in the audit log as alert_settings.updated."
