package alert

import (
	"context"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// List returns the alerts of p's tenant matching f, newest first, with the
// total count. f.TenantID is set from p.
func (e *Engine) List(ctx context.Context, p *hive.Principal, f Filter) ([]*Alert, int, error) {
	if f.Status != nil && *f.Status != StatusOpen && *f.Status != StatusAcknowledged {
		return nil, 0, hive.FieldError("status", "must be open or acknowledged, not %q", *f.Status)
	}
	if f.Rule != nil && !f.Rule.Valid() {
		return nil, 0, hive.FieldError("rule", "unknown rule %q; the rules are %v", *f.Rule, Rules())
	}
	if f.KeyID != nil && !hive.ValidID(hive.PrefixKey, *f.KeyID) {
		return nil, 0, hive.FieldError("key_id", "%q is not a key ID; key IDs look like key_…", *f.KeyID)
	}
	f.TenantID = p.TenantID
	return e.store.ListAlerts(ctx, f)
}

// Alert returns one alert of p's tenant.
func (e *Engine) Alert(ctx context.Context, p *hive.Principal, id string) (*Alert, error) {
	if !hive.ValidID(hive.PrefixAlert, id) {
		return nil, errNotFound(id)
	}
	a, err := e.store.AlertByID(ctx, p.TenantID, id)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return nil, errNotFound(id)
	}
	return a, err
}

// Acknowledge marks an alert of p's tenant acknowledged by p. Acknowledging
// an acknowledged alert changes nothing and succeeds.
func (e *Engine) Acknowledge(ctx context.Context, p *hive.Principal, id string) (*Alert, error) {
	if !hive.ValidID(hive.PrefixAlert, id) {
		return nil, errNotFound(id)
	}
	now := e.cfg.Now().UTC().Truncate(time.Microsecond)
	a, err := e.store.AcknowledgeAlert(ctx, p.TenantID, id, p.ActorID(), now)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return nil, errNotFound(id)
	}
	return a, err
}

func errNotFound(id string) error {
	return hive.Errorf(hive.ENOTFOUND, "No alert %s in this tenant; GET /v1/alerts lists them", id)
}
