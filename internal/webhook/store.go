package webhook

import (
	"context"
	"time"
)

// Store persists endpoints and the delivery outbox. Every method that takes
// a tenant ID only sees that tenant's rows: an ID of another tenant is
// ENOTFOUND. Errors are *hive.Error with code ENOTFOUND as stated; anything
// else is an internal error. Times are returned in UTC with microsecond
// precision.
type Store interface {
	// WithinTx runs fn with a Store bound to one transaction, committing if fn
	// returns nil and rolling back otherwise. Calling WithinTx on a Store
	// already bound to a transaction runs fn in that same transaction.
	WithinTx(ctx context.Context, fn func(tx Store) error) error

	// CreateEndpoint inserts e.
	CreateEndpoint(ctx context.Context, e *Endpoint) error
	// EndpointByID returns ENOTFOUND if the tenant has no such endpoint.
	EndpointByID(ctx context.Context, tenantID, id string) (*Endpoint, error)
	// ListEndpoints returns the tenant's endpoints newest first and the total
	// number matching the filter, ignoring paging.
	ListEndpoints(ctx context.Context, f EndpointFilter) ([]*Endpoint, int, error)
	// DeleteEndpoint deletes an endpoint and every delivery to it. Returns
	// ENOTFOUND if the tenant has no such endpoint.
	DeleteEndpoint(ctx context.Context, tenantID, id string) error
	// SubscribedEndpoints returns the tenant's active endpoints whose Events
	// hold event exactly, oldest first.
	SubscribedEndpoints(ctx context.Context, tenantID, event string) ([]*Endpoint, error)

	// CreateDeliveries inserts ds, all or none.
	CreateDeliveries(ctx context.Context, ds []*Delivery) error
	// DeliveryByID returns ENOTFOUND if the tenant has no such delivery.
	DeliveryByID(ctx context.Context, tenantID, id string) (*Delivery, error)
	// ListDeliveries returns matching deliveries newest first and the total
	// number matching the filter, ignoring paging.
	ListDeliveries(ctx context.Context, f DeliveryFilter) ([]*Delivery, int, error)
	// ClaimDue claims up to limit pending deliveries of any tenant whose
	// NextAttemptAt is at or before now, the longest due first. It increments
	// their Attempts, sets their NextAttemptAt to leaseUntil and UpdatedAt to
	// now, and returns them as saved. Until leaseUntil no other call claims
	// them, even one running at the same moment on another node.
	ClaimDue(ctx context.Context, now, leaseUntil time.Time, limit int) ([]*Delivery, error)
	// UpdateDelivery saves Status, Attempts, NextAttemptAt, LastStatusCode,
	// LastError and UpdatedAt. Returns ENOTFOUND if the tenant has no such
	// delivery, as when its endpoint was deleted meanwhile.
	UpdateDelivery(ctx context.Context, d *Delivery) error
	// PruneDeliveries deletes succeeded and failed deliveries last updated
	// before before, and returns how many it deleted. Pending ones stay.
	PruneDeliveries(ctx context.Context, before time.Time) (int, error)
}
