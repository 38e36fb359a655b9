package alert

import (
	"context"
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
	e.publish(ctx, a)
}

func newAlertID(now time.Time) string { return hive.NewID(hive.PrefixAlert, now) }

// publish queues the alert.fired webhook of a.
func (e *Engine) publish(ctx context.Context, a *Alert) {
	if e.cfg.Publisher == nil {
		return
	}
	ev := event{ID: a.ID, Rule: a.Rule, Severity: a.Severity, Message: a.Message, Details: a.Details, FiredAt: a.FiredAt}
	if a.KeyID != "" {
		ev.KeyID = &a.KeyID
	}
	if err := e.cfg.Publisher.Publish(context.WithoutCancel(ctx), a.TenantID, EventFired, ev); err != nil {
		e.log.Error("alerts: queueing the alert.fired webhook", "err", err, "alert_id", a.ID)
	}
}
