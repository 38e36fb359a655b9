package httpapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/alert"
)

func TestAlertSettingsAPI(t *testing.T) {
	h, _ := newAlertHarness(t)
	c := h.admin()
	ctx := context.Background()
	def, err := c.AlertSettings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if def.UpdatedAt != nil || !def.Rules["traffic_spike"].Enabled || *def.Rules["traffic_spike"].Multiple != 5 ||
		def.Rules["key_leaked"].CooldownMinutes != nil || !def.Channels.Console || def.Channels.Webhooks != "all" {
		t.Fatalf("defaults: %+v", def)
	}
	if len(def.Rules) != len(alert.Rules()) {
		t.Errorf("defaults list %d rules, want all %d", len(def.Rules), len(alert.Rules()))
	}

	f, floor := false, 500
	got, err := c.UpdateAlertSettings(ctx, client.AlertSettingsRequest{
		Rules:    map[string]client.AlertRuleUpdate{"new_client_ip": {Enabled: &f}, "traffic_spike": {Floor: &floor}},
		Channels: &client.AlertChannelsUpdate{Emails: &[]string{"ops@example.com"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Rules["new_client_ip"].Enabled || *got.Rules["traffic_spike"].Floor != 500 || *got.Rules["traffic_spike"].Multiple != 5 ||
		got.UpdatedAt == nil || strings.Join(got.Channels.Emails, ",") != "ops@example.com" {
		t.Fatalf("after the update: %+v", got)
	}
	again, err := c.AlertSettings(ctx)
	if err != nil || again.Rules["new_client_ip"].Enabled || *again.Rules["traffic_spike"].Floor != 500 {
		t.Fatalf("read back: %+v (err %v)", again, err)
	}
	events, err := c.ListAuditEvents(ctx, client.AuditParams{Action: "alert_settings.updated"})
	if err != nil || len(events.Data) != 1 {
		t.Fatalf("audit: %+v (err %v), want one alert_settings.updated", events, err)
	}
}

func TestAlertSettingsAPIRefusesBadInput(t *testing.T) {
	h, _ := newAlertHarness(t)
	cases := []struct{ name, body, says string }{
		{"threshold out of range", `{"rules":{"traffic_spike":{"multiple":1}}}`, "rules.traffic_spike.multiple: must be from 2 to 1000"},
		{"unknown rule", `{"rules":{"coffee":{"enabled":true}}}`, "rules.coffee: unknown rule"},
		{"unknown field", `{"rules":{"traffic_spike":{"multiplier":3}}}`, "multiplier"},
		{"wrong type", `{"rules":{"traffic_spike":{"floor":"high"}}}`, "floor"},
		{"bad address", `{"channels":{"emails":["nobody"]}}`, "channels.emails[0]"},
		{"unknown webhook", `{"channels":{"webhooks":"selected","webhook_ids":["whk_0000000000000000000009"]}}`, "no webhook whk_0000000000000000000009"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := h.do("PUT", "/v1/settings/alerts", tc.body, append(bearer(h.boot.Secret), "Content-Type", "application/json")...)
			if res.status != 400 || !strings.Contains(res.err.Error.Message, tc.says) {
				t.Errorf("PUT %s = %d %q, want 400 saying %q", tc.body, res.status, res.body, tc.says)
			}
		})
	}
}
