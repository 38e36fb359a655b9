package storetest

import (
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/hive"
)

func testAlertSettings(t *testing.T, f *alertFixture) {
	_, err := f.s.AlertSettings(f.ctx, f.a)
	checkCode(t, err, hive.ENOTFOUND)

	set := &alert.Settings{TenantID: f.a, UpdatedAt: f.clock.tick(),
		Rules: map[alert.Rule]alert.RuleSettings{
			alert.RuleErrorRateSpike: {Enabled: false, Cooldown: 30 * time.Minute, MinErrors: 5, RisePoints: 25},
			alert.RuleKeyExpiring:    {Enabled: true, Days: []int{3, 30}},
		},
		Channels: alert.Channels{Webhooks: alert.WebhooksSelected, WebhookIDs: []string{"whk_1"}, Emails: []string{"ops@example.com"}}}
	checkCode(t, f.s.SaveAlertSettings(f.ctx, set), "")
	got, err := f.s.AlertSettings(f.ctx, f.a)
	checkCode(t, err, "")
	check(t, "saved settings", set, got)

	// Saving again replaces, and the other tenant still has none.
	set.Rules = map[alert.Rule]alert.RuleSettings{alert.RuleTrafficSpike: {Enabled: true, Cooldown: time.Hour, Multiple: 3, Floor: 50}}
	set.Channels = alert.Channels{Webhooks: alert.WebhooksNone}
	set.UpdatedAt = f.clock.tick()
	checkCode(t, f.s.SaveAlertSettings(f.ctx, set), "")
	got, err = f.s.AlertSettings(f.ctx, f.a)
	checkCode(t, err, "")
	check(t, "replaced settings", set, got)
	_, err = f.s.AlertSettings(f.ctx, f.b)
	checkCode(t, err, hive.ENOTFOUND)
}

func testAlertEmails(t *testing.T, f *alertFixture) {
	a := f.newAlert(f.a, alert.RuleKeyLeaked, "leaked:k")
	f.fire(a, time.Hour)
	var ms []*alert.Email
	for _, to := range []string{"ops@example.com", "sec@example.com"} {
		ms = append(ms, &alert.Email{ID: hive.NewID(hive.PrefixAlertEmail, f.clock.tick()), TenantID: f.a, AlertID: a.ID,
			To: to, Subject: "[Hive critical] key_leaked", Body: "café: a key leaked", QueuedAt: a.FiredAt})
	}
	checkCode(t, f.s.QueueAlertEmails(f.ctx, ms), "")
	got, err := f.s.AlertEmails(f.ctx, f.a, a.ID)
	checkCode(t, err, "")
	check(t, "queued emails", ms, got)

	got, err = f.s.AlertEmails(f.ctx, f.b, a.ID)
	checkCode(t, err, "")
	if len(got) != 0 {
		t.Errorf("another tenant reads %d of the alert's e-mails", len(got))
	}

	// All or none: a batch holding an ID already queued adds nothing.
	extra := &alert.Email{ID: hive.NewID(hive.PrefixAlertEmail, f.clock.tick()), TenantID: f.a, AlertID: a.ID,
		To: "late@example.com", Subject: "s", Body: "b", QueuedAt: a.FiredAt}
	if err := f.s.QueueAlertEmails(f.ctx, []*alert.Email{extra, ms[0]}); err == nil {
		t.Error("queueing an ID twice succeeded")
	}
	got, err = f.s.AlertEmails(f.ctx, f.a, a.ID)
	checkCode(t, err, "")
	check(t, "emails after a failed batch", ms, got)
}
