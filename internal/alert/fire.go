package alert

import (
	"context"
	"fmt"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// retryAfterError is how long this node waits before trying an alert again
// when the store failed.
const retryAfterError = time.Minute

// event is the data of an alert.fired webhook.
type event struct {
	ID       string         `json:"id"`
	Rule     Rule           `json:"rule"`
	Severity Severity       `json:"severity"`
	KeyID    *string        `json:"key_id"`
	Message  string         `json:"message"`
	Details  map[string]any `json:"details"`
	FiredAt  time.Time      `json:"fired_at"`
}

// fire stores a unless its dedup key fired within cooldown, and publishes
// it if it was stored. The store decides across nodes; holds spare it the
// question while this node already knows the answer. A webhook that cannot
// be queued is logged: the alert itself is stored and listed.
func (e *Engine) fire(ctx context.Context, a *Alert, cooldown time.Duration) {
	now := e.cfg.Now().UTC().Truncate(time.Microsecond)
	hold := a.TenantID + "\x00" + a.DedupKey
	if until, ok := e.holds[hold]; ok && now.Before(until) {
		return
	}
	a.ID, a.FiredAt = newAlertID(now), now
	if a.Details == nil {
		a.Details = map[string]any{}
	}
	ok, err := e.store.FireAlert(ctx, a, cooldown)
	switch {
	case err != nil:
		e.log.Error("alerts: storing an alert", "err", err, "rule", a.Rule, "tenant_id", a.TenantID)
		e.holds[hold] = now.Add(retryAfterError)
		return
	case !ok:
		// Another node fired it within the cooldown; look again later
		// rather than at every request.
		e.holds[hold] = now.Add(min(cooldown, 5*time.Minute))
		return
	}
	e.holds[hold] = now.Add(cooldown)
	e.fired.Add(1)
	e.log.Info("alert fired", "alert_id", a.ID, "rule", a.Rule, "tenant_id", a.TenantID, "key_id", a.KeyID)
	e.notify(ctx, a)
}

// fireOnce stores and sends a, an alert about one event (a key found in
// public, a stage of an idle key) whose DedupKey names the event. Unlike
// fire it keeps no per-engine state, so any goroutine may call it; the
// store's conditional insert alone makes every node fire it once.
func (e *Engine) fireOnce(ctx context.Context, a *Alert) {
	now := e.cfg.Now().UTC().Truncate(time.Microsecond)
	a.ID, a.FiredAt = newAlertID(now), now
	ok, err := e.store.FireAlert(ctx, a, expiryCooldown)
	if err != nil {
		e.log.Error("alerts: storing an alert", "err", err, "rule", a.Rule, "tenant_id", a.TenantID, "key_id", a.KeyID)
		return
	}
	if !ok {
		return
	}
	e.fired.Add(1)
	e.log.Info("alert fired", "alert_id", a.ID, "rule", a.Rule, "tenant_id", a.TenantID, "key_id", a.KeyID)
	e.notify(ctx, a)
}

func newAlertID(now time.Time) string { return hive.NewID(hive.PrefixAlert, now) }

// notify sends a fired alert to the tenant's channels: the webhooks its
// settings choose, and the e-mail outbox. The console lists every alert
// whatever the settings. A failure is logged: the alert itself is stored.
func (e *Engine) notify(ctx context.Context, a *Alert) {
	ch := e.cachedSettings(ctx, a.TenantID).Channels
	ctx = context.WithoutCancel(ctx)
	if err := e.publish(ctx, a, ch); err != nil {
		e.log.Error("alerts: queueing the alert.fired webhook", "err", err, "alert_id", a.ID)
	}
	if err := e.queueEmails(ctx, a, ch.Emails); err != nil {
		e.log.Error("alerts: queueing the alert's e-mails", "err", err, "alert_id", a.ID)
	}
}

// publish queues the alert.fired webhook of a to the webhooks ch chooses.
func (e *Engine) publish(ctx context.Context, a *Alert, ch Channels) error {
	if e.cfg.Publisher == nil || ch.Webhooks == WebhooksNone {
		return nil
	}
	ev := event{ID: a.ID, Rule: a.Rule, Severity: a.Severity, Message: a.Message, Details: a.Details, FiredAt: a.FiredAt}
	if a.KeyID != "" {
		ev.KeyID = &a.KeyID
	}
	if ch.Webhooks == WebhooksSelected {
		return e.cfg.Publisher.PublishTo(ctx, a.TenantID, EventFired, ev, ch.WebhookIDs)
	}
	return e.cfg.Publisher.Publish(ctx, a.TenantID, EventFired, ev)
}

// queueEmails adds one message per address to the e-mail outbox.
func (e *Engine) queueEmails(ctx context.Context, a *Alert, to []string) error {
	if len(to) == 0 {
		return nil
	}
	subject := fmt.Sprintf("[Hive %s] %s", a.Severity, a.Rule)
	body := a.Message + "\n\nAlert " + a.ID + ", fired " + a.FiredAt.Format(time.RFC3339) +
		". Acknowledge it in the console (Alerts) or with POST /v1/alerts/" + a.ID + "/ack."
	ms := make([]*Email, len(to))
	for i, addr := range to {
		ms[i] = &Email{ID: hive.NewID(hive.PrefixAlertEmail, a.FiredAt), TenantID: a.TenantID, AlertID: a.ID,
			To: addr, Subject: subject, Body: body, QueuedAt: a.FiredAt}
	}
	return e.store.QueueAlertEmails(ctx, ms)
}
