package alert_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

var admin = &hive.Principal{TenantID: tenant, UserID: "usr_0000000000000000000001"}

func (e *env) update(u alert.SettingsUpdate) *alert.Settings {
	e.t.Helper()
	set, err := e.eng.UpdateSettings(e.ctx, admin, u)
	if err != nil {
		e.t.Fatal(err)
	}
	return set
}

func ptr[T any](v T) *T { return &v }

func TestDisabledRuleDoesNotFire(t *testing.T) {
	e := newEnv(t)
	e.update(alert.SettingsUpdate{Rules: map[string]alert.RuleUpdate{"revoked_key_used": {Enabled: ptr(false)}}})
	e.observe(e.eng, 3, e.rec(revoked))
	if got := e.count(alert.RuleRevokedKeyUsed); got != 0 {
		t.Fatalf("a disabled rule fired %d alerts", got)
	}
	e.update(alert.SettingsUpdate{Rules: map[string]alert.RuleUpdate{"revoked_key_used": {Enabled: ptr(true)}}})
	e.observe(e.eng, 1, e.rec(revoked))
	if got := e.count(alert.RuleRevokedKeyUsed); got != 1 {
		t.Fatalf("enabled again: %d alerts, want 1", got)
	}
}

func TestChangedThresholdTakesEffect(t *testing.T) {
	e := newEnv(t)
	e.observe(e.eng, 5, e.rec(limited))
	if got := e.count(alert.RuleRateLimitRepeated); got != 0 {
		t.Fatalf("5 refusals under the default of 20 fired %d alerts", got)
	}
	e.update(alert.SettingsUpdate{Rules: map[string]alert.RuleUpdate{"rate_limit_repeated": {Count: ptr(6)}}})
	e.observe(e.eng, 1, e.rec(limited))
	if got := e.count(alert.RuleRateLimitRepeated); got != 1 {
		t.Fatalf("6 refusals with count 6: %d alerts, want 1", got)
	}
}

func TestChangedCooldownTakesEffect(t *testing.T) {
	e := newEnv(t)
	e.update(alert.SettingsUpdate{Rules: map[string]alert.RuleUpdate{"expired_key_used": {CooldownMinutes: ptr(5)}}})
	e.observe(e.eng, 1, e.rec(expired))
	e.clock.Advance(6 * time.Minute)
	e.observe(e.eng, 1, e.rec(expired))
	if got := e.count(alert.RuleExpiredKeyUsed); got != 2 {
		t.Fatalf("with a 5-minute cooldown, 6 minutes apart: %d alerts, want 2", got)
	}
}

// A change saved on another node applies within SettingsTTL.
func TestSettingsChangeReachesOtherNode(t *testing.T) {
	e := newEnv(t)
	other := e.engine()
	e.observe(other, 1, e.rec(from("198.51.100.7"))) // loads the defaults into other's cache
	e.update(alert.SettingsUpdate{Rules: map[string]alert.RuleUpdate{"expired_key_used": {Enabled: ptr(false)}}})
	e.clock.Advance(alert.DefaultSettingsTTL)
	e.observe(other, 1, e.rec(expired))
	if got := e.count(alert.RuleExpiredKeyUsed); got != 0 {
		t.Fatalf("the other node fired a rule disabled %s ago: %d alerts", alert.DefaultSettingsTTL, got)
	}
}

func TestKeyExpiringUsesTenantDays(t *testing.T) {
	e := newEnv(t)
	e.update(alert.SettingsUpdate{Rules: map[string]alert.RuleUpdate{"key_expiring": {Days: &[]int{30}}}})
	e.createKey(20 * 24 * time.Hour)
	if err := e.eng.ScanExpiring(e.ctx); err != nil {
		t.Fatal(err)
	}
	list, _, err := e.db.Alerts().ListAlerts(e.ctx, alert.Filter{TenantID: tenant})
	if err != nil || len(list) != 1 || list[0].Details["threshold_days"] != float64(30) {
		t.Fatalf("a key 20 days from expiry with days [30]: %v (err %v), want one 30-day alert", list, err)
	}
}

func TestChannels(t *testing.T) {
	e := newEnv(t)
	e.update(alert.SettingsUpdate{Webhooks: ptr("selected"), WebhookIDs: &[]string{knownWebhook},
		Emails: &[]string{"Ops@Example.com", "sec@example.com"}})
	e.observe(e.eng, 1, e.rec(revoked))
	if want := []string{tenant + " alert.fired to " + knownWebhook}; !slices.Equal(e.pub.events, want) {
		t.Errorf("published %q, want %q", e.pub.events, want)
	}
	list, _, _ := e.db.Alerts().ListAlerts(e.ctx, alert.Filter{TenantID: tenant})
	ms, err := e.eng.AlertEmails(e.ctx, admin, list[0].ID)
	if err != nil || len(ms) != 2 || ms[0].To != "ops@example.com" || !strings.Contains(ms[1].Body, list[0].Message) {
		t.Fatalf("outbox: %+v (err %v), want a message to each address", ms, err)
	}

	e.update(alert.SettingsUpdate{Webhooks: ptr("none"), Emails: &[]string{}})
	e.observe(e.eng, 1, e.rec(expired))
	if len(e.pub.events) != 1 {
		t.Errorf("webhooks none still published: %q", e.pub.events)
	}
	if got := e.count(alert.RuleExpiredKeyUsed); got != 1 {
		t.Errorf("with no channels the console lists %d alerts, want 1", got)
	}
}

func TestUpdateSettingsValidation(t *testing.T) {
	rule := func(name string, u alert.RuleUpdate) alert.SettingsUpdate {
		return alert.SettingsUpdate{Rules: map[string]alert.RuleUpdate{name: u}}
	}
	cases := []struct {
		name  string
		u     alert.SettingsUpdate
		field string // the start of the message
		says  string
	}{
		{"unknown rule", rule("coffee_low", alert.RuleUpdate{Enabled: ptr(true)}), "rules.coffee_low", "unknown rule"},
		{"cooldown too short", rule("traffic_spike", alert.RuleUpdate{CooldownMinutes: ptr(0)}), "rules.traffic_spike.cooldown_minutes", "from 1 to 10080"},
		{"cooldown on a once-only rule", rule("key_leaked", alert.RuleUpdate{CooldownMinutes: ptr(5)}), "rules.key_leaked.cooldown_minutes", "no cooldown"},
		{"threshold the rule lacks", rule("revoked_key_used", alert.RuleUpdate{Floor: ptr(5)}), "rules.revoked_key_used.floor", "its settings are enabled, cooldown_minutes"},
		{"rise points above 100", rule("error_rate_spike", alert.RuleUpdate{RisePoints: ptr(101)}), "rules.error_rate_spike.rise_points", "from 1 to 100"},
		{"multiple of 1", rule("traffic_spike", alert.RuleUpdate{Multiple: ptr(1)}), "rules.traffic_spike.multiple", "from 2 to 1000"},
		{"days on another rule", rule("traffic_spike", alert.RuleUpdate{Days: &[]int{3}}), "rules.traffic_spike.days", "no threshold days"},
		{"no days", rule("key_expiring", alert.RuleUpdate{Days: &[]int{}}), "rules.key_expiring.days", "1 to 5"},
		{"days past 90", rule("key_expiring", alert.RuleUpdate{Days: &[]int{7, 91}}), "rules.key_expiring.days", "1 to 90"},
		{"unknown webhook mode", alert.SettingsUpdate{Webhooks: ptr("some")}, "channels.webhooks", "all, selected or none"},
		{"selected without ids", alert.SettingsUpdate{Webhooks: ptr("selected")}, "channels.webhook_ids", "at least one"},
		{"another tenant's webhook", alert.SettingsUpdate{Webhooks: ptr("selected"), WebhookIDs: &[]string{"whk_0000000000000000000002"}}, "channels.webhook_ids", "no webhook whk_0000000000000000000002"},
		{"not an address", alert.SettingsUpdate{Emails: &[]string{"ops@example.com", "Ops <x@y.z>"}}, "channels.emails[1]", "not an e-mail address"},
		{"too many addresses", alert.SettingsUpdate{Emails: ptr(slices.Repeat([]string{"a@b.c"}, 21))}, "channels.emails", "at most 20"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			_, err := e.eng.UpdateSettings(e.ctx, admin, c.u)
			msg := hive.ErrorMessage(err)
			if hive.ErrorCode(err) != hive.EINVALID || !strings.HasPrefix(msg, c.field+": ") || !strings.Contains(msg, c.says) {
				t.Errorf("error %v (%s), want invalid_request %q mentioning %q", err, hive.ErrorCode(err), c.field, c.says)
			}
			if set, _ := e.eng.Settings(e.ctx, admin); !set.UpdatedAt.IsZero() {
				t.Error("a refused update was saved")
			}
		})
	}
}

func TestUpdateSettingsIsAudited(t *testing.T) {
	e := newEnv(t)
	e.seedTenant()
	e.eng = e.engine(func(c *alert.Config) { c.Audit = e.db })
	e.update(alert.SettingsUpdate{Rules: map[string]alert.RuleUpdate{"traffic_spike": {Floor: ptr(500)}},
		Emails: &[]string{"ops@example.com"}})
	action := alert.ActionSettingsUpdated
	evs, _, err := e.db.ListAuditEvents(e.ctx, apikey.AuditFilter{TenantID: tenant, Action: &action})
	if err != nil || len(evs) != 1 {
		t.Fatalf("audit events: %v (err %v), want one", evs, err)
	}
	got := evs[0]
	if got.ActorID != admin.UserID || !slices.Equal(got.Details["changed"].([]any), []any{"rules.traffic_spike", "channels.emails"}) {
		t.Errorf("audit event %+v, want by %s changing rules.traffic_spike and channels.emails", got, admin.UserID)
	}
}
