package alert

import (
	"context"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
)

// Store persists alerts, their cooldowns and the client addresses each key
// has used. Every method that takes a tenant ID only sees that tenant's
// rows: an ID of another tenant is ENOTFOUND. Errors are *hive.Error with
// code ENOTFOUND as stated; anything else is an internal error. Times are
// returned in UTC with microsecond precision.
type Store interface {
	// FireAlert inserts a unless an alert of a's tenant with a's DedupKey
	// fired after a.FiredAt minus cooldown, and reports whether it did. The
	// check and the insert are one transaction that holds a row lock, so of
	// several nodes firing the same alert at once exactly one succeeds.
	FireAlert(ctx context.Context, a *Alert, cooldown time.Duration) (bool, error)
	// AlertByID returns ENOTFOUND if the tenant has no such alert.
	AlertByID(ctx context.Context, tenantID, id string) (*Alert, error)
	// ListAlerts returns matching alerts newest first and the total number
	// matching the filter, ignoring paging.
	ListAlerts(ctx context.Context, f Filter) ([]*Alert, int, error)
	// AcknowledgeAlert marks the alert acknowledged by by at at, unless it
	// already is, and returns it as saved: acknowledging twice keeps the
	// first acknowledgement. Returns ENOTFOUND if the tenant has no such
	// alert.
	AcknowledgeAlert(ctx context.Context, tenantID, id, by string, at time.Time) (*Alert, error)
	// SeeKeyIP records that the key used the client address ip at at, and
	// says whether the address is new for the key and whether it is the
	// key's first.
	SeeKeyIP(ctx context.Context, tenantID, keyID, ip string, at time.Time) (Sighting, error)
	// AlertSettings returns the tenant's saved settings, or ENOTFOUND if
	// it never saved any.
	AlertSettings(ctx context.Context, tenantID string) (*Settings, error)
	// SaveAlertSettings inserts or replaces the tenant's settings.
	SaveAlertSettings(ctx context.Context, s *Settings) error
	// QueueAlertEmails adds messages to the alert e-mail outbox, all or
	// none.
	QueueAlertEmails(ctx context.Context, ms []*Email) error
	// AlertEmails returns the outbox messages of the tenant's alert, in the
	// order they were queued; none for another tenant's alert.
	AlertEmails(ctx context.Context, tenantID, alertID string) ([]*Email, error)
}

// KeySource is what the engine reads of the keys: apikey.Store provides it.
type KeySource interface {
	// ExpiringKeys returns the unrevoked keys of every tenant whose expiry is
	// after now and at or before before, soonest first.
	ExpiringKeys(ctx context.Context, now, before time.Time) ([]*apikey.Key, error)
	// ListKeys and ListServiceAccounts are those of apikey.Store.
	ListKeys(ctx context.Context, f apikey.KeyFilter) ([]*apikey.Key, int, error)
	ListServiceAccounts(ctx context.Context, f apikey.ServiceAccountFilter) ([]*apikey.ServiceAccount, int, error)
}

// Publisher sends an event to a tenant's webhooks; *webhook.Service is one.
type Publisher interface {
	// Publish sends to every active webhook subscribed to event.
	Publish(ctx context.Context, tenantID, event string, payload any) error
	// PublishTo sends to those of the listed webhooks that are active and
	// subscribed to event.
	PublishTo(ctx context.Context, tenantID, event string, payload any, endpointIDs []string) error
	// HasEndpoint reports whether the tenant has a webhook with that ID.
	HasEndpoint(ctx context.Context, tenantID, id string) (bool, error)
}

// AuditLog records changes to a tenant's settings; apikey.Store is one.
type AuditLog interface {
	AddAuditEvent(ctx context.Context, e *apikey.AuditEvent) error
}
