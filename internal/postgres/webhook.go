package postgres

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/webhook"
)

// WebhookStore implements webhook.Store on the Store's database.
type WebhookStore struct{ s *Store }

// Webhooks returns the webhook store sharing s's pool, and s's transaction
// if it is bound to one.
func (s *Store) Webhooks() *WebhookStore { return &WebhookStore{s} }

var _ webhook.Store = (*WebhookStore)(nil)

// WithinTx runs fn in a transaction on one connection of the pool.
func (w *WebhookStore) WithinTx(ctx context.Context, fn func(tx webhook.Store) error) error {
	return w.s.transact(ctx, func(tx *Store) error { return fn(&WebhookStore{tx}) })
}

const webhookEndpointColumns = `id, tenant_id, url, events, secret, active, created_at`

const webhookDeliveryColumns = `id, tenant_id, endpoint_id, event, payload, status, attempts,
	next_attempt_at, last_status_code, last_error, created_at, updated_at`

const (
	webhookEndpointNotFound = "webhook endpoint not found"
	webhookDeliveryNotFound = "webhook delivery not found"
)

// CreateEndpoint inserts e.
func (w *WebhookStore) CreateEndpoint(ctx context.Context, e *webhook.Endpoint) error {
	_, err := w.s.db().Exec(ctx, `INSERT INTO webhook_endpoints (`+webhookEndpointColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, webhookEndpointFields(e)...)
	return failure{op: "create webhook endpoint"}.translate(err)
}

// EndpointByID returns the tenant's endpoint, or ENOTFOUND.
func (w *WebhookStore) EndpointByID(ctx context.Context, tenantID, id string) (*webhook.Endpoint, error) {
	e, err := scanWebhookEndpoint(w.s.db().QueryRow(ctx,
		`SELECT `+webhookEndpointColumns+` FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	if err != nil {
		return nil, failure{op: "webhook endpoint by id", notFound: webhookEndpointNotFound}.translate(err)
	}
	return e, nil
}

// ListEndpoints returns a page of the tenant's endpoints, newest first, and
// how many it has.
func (w *WebhookStore) ListEndpoints(ctx context.Context, f webhook.EndpointFilter) ([]*webhook.Endpoint, int, error) {
	var where filter
	where.where("tenant_id = @tenant", pgx.NamedArgs{"tenant": f.TenantID})
	out, total, err := list(ctx, w.s.db(), "webhook_endpoints", webhookEndpointColumns, where,
		apikey.Page(f.Page), scanWebhookEndpoint)
	return out, total, failure{op: "list webhook endpoints"}.translate(err)
}

// DeleteEndpoint deletes the endpoint; the foreign key deletes its
// deliveries.
func (w *WebhookStore) DeleteEndpoint(ctx context.Context, tenantID, id string) error {
	err := w.s.db().QueryRow(ctx,
		`DELETE FROM webhook_endpoints WHERE tenant_id = $1 AND id = $2 RETURNING id`, tenantID, id).Scan(new(string))
	return failure{op: "delete webhook endpoint", notFound: webhookEndpointNotFound}.translate(err)
}

// SubscribedEndpoints returns the tenant's active endpoints subscribed to
// event, oldest first.
func (w *WebhookStore) SubscribedEndpoints(ctx context.Context, tenantID, event string) ([]*webhook.Endpoint, error) {
	rows, err := w.s.db().Query(ctx, `SELECT `+webhookEndpointColumns+` FROM webhook_endpoints
		WHERE tenant_id = $1 AND active AND events @> jsonb_build_array($2::text)
		ORDER BY id`, tenantID, event)
	if err != nil {
		return nil, failure{op: "subscribed webhook endpoints"}.translate(err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*webhook.Endpoint, error) { return scanWebhookEndpoint(row) })
	return out, failure{op: "subscribed webhook endpoints"}.translate(err)
}

// CreateDeliveries inserts ds in one transaction, sent as one batch.
func (w *WebhookStore) CreateDeliveries(ctx context.Context, ds []*webhook.Delivery) error {
	if len(ds) == 0 {
		return nil
	}
	err := w.s.transact(ctx, func(tx *Store) error {
		var b pgx.Batch
		for _, d := range ds {
			b.Queue(`INSERT INTO webhook_deliveries (`+webhookDeliveryColumns+`)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, webhookDeliveryFields(d)...)
		}
		return tx.tx.SendBatch(ctx, &b).Close()
	})
	return failure{op: "create webhook deliveries"}.translate(err)
}

// DeliveryByID returns the tenant's delivery, or ENOTFOUND.
func (w *WebhookStore) DeliveryByID(ctx context.Context, tenantID, id string) (*webhook.Delivery, error) {
	d, err := scanWebhookDelivery(w.s.db().QueryRow(ctx,
		`SELECT `+webhookDeliveryColumns+` FROM webhook_deliveries WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	if err != nil {
		return nil, failure{op: "webhook delivery by id", notFound: webhookDeliveryNotFound}.translate(err)
	}
	return d, nil
}

// ListDeliveries returns a page of the deliveries matching f, newest first,
// and how many match.
func (w *WebhookStore) ListDeliveries(ctx context.Context, f webhook.DeliveryFilter) ([]*webhook.Delivery, int, error) {
	var where filter
	where.where("tenant_id = @tenant", pgx.NamedArgs{"tenant": f.TenantID})
	if f.EndpointID != nil {
		where.where("endpoint_id = @endpoint", pgx.NamedArgs{"endpoint": *f.EndpointID})
	}
	if f.Status != nil {
		where.where("status = @status", pgx.NamedArgs{"status": string(*f.Status)})
	}
	out, total, err := list(ctx, w.s.db(), "webhook_deliveries", webhookDeliveryColumns, where,
		apikey.Page(f.Page), scanWebhookDelivery)
	return out, total, failure{op: "list webhook deliveries"}.translate(err)
}

// claimDue leases the longest-due pending deliveries. FOR UPDATE SKIP LOCKED
// lets nodes claim at the same moment without waiting for each other or
// taking the same rows: each skips the rows another has locked, and once
// that claim commits the rows are no longer due.
const claimDue = `UPDATE webhook_deliveries
	SET attempts = attempts + 1, next_attempt_at = @until, updated_at = @now
	WHERE id IN (
		SELECT id FROM webhook_deliveries
		WHERE status = 'pending' AND next_attempt_at <= @now
		ORDER BY next_attempt_at, id
		LIMIT @limit
		FOR UPDATE SKIP LOCKED
	)
	RETURNING ` + webhookDeliveryColumns

// ClaimDue claims up to limit due deliveries, returned in ID order.
func (w *WebhookStore) ClaimDue(ctx context.Context, now, leaseUntil time.Time, limit int) ([]*webhook.Delivery, error) {
	rows, err := w.s.db().Query(ctx, claimDue, pgx.NamedArgs{"now": now, "until": leaseUntil, "limit": limit})
	if err != nil {
		return nil, failure{op: "claim webhook deliveries"}.translate(err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*webhook.Delivery, error) { return scanWebhookDelivery(row) })
	if err != nil {
		return nil, failure{op: "claim webhook deliveries"}.translate(err)
	}
	slices.SortFunc(out, func(a, b *webhook.Delivery) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// UpdateDelivery saves the outcome fields of d, or returns ENOTFOUND.
func (w *WebhookStore) UpdateDelivery(ctx context.Context, d *webhook.Delivery) error {
	err := w.s.db().QueryRow(ctx, `UPDATE webhook_deliveries SET status = $1, attempts = $2,
		next_attempt_at = $3, last_status_code = $4, last_error = $5, updated_at = $6
		WHERE tenant_id = $7 AND id = $8 RETURNING id`,
		string(d.Status), d.Attempts, d.NextAttemptAt, d.LastStatusCode, d.LastError, d.UpdatedAt,
		d.TenantID, d.ID).Scan(new(string))
	return failure{op: "update webhook delivery", notFound: webhookDeliveryNotFound}.translate(err)
}

// PruneDeliveries deletes finished deliveries last updated before before.
func (w *WebhookStore) PruneDeliveries(ctx context.Context, before time.Time) (int, error) {
	tag, err := w.s.db().Exec(ctx,
		`DELETE FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < $1`, before)
	if err != nil {
		return 0, failure{op: "prune webhook deliveries"}.translate(err)
	}
	return int(tag.RowsAffected()), nil
}

// webhookEndpointFields returns e's fields in webhookEndpointColumns order,
// as arguments or as Scan targets.
func webhookEndpointFields(e *webhook.Endpoint) []any {
	return []any{&e.ID, &e.TenantID, &e.URL, &e.Events, &e.Secret, &e.Active, &e.CreatedAt}
}

func scanWebhookEndpoint(row pgx.Row) (*webhook.Endpoint, error) {
	var e webhook.Endpoint
	if err := row.Scan(webhookEndpointFields(&e)...); err != nil {
		return nil, err
	}
	return &e, nil
}

// webhookDeliveryFields returns d's fields in webhookDeliveryColumns order,
// as arguments or as Scan targets. The payload goes as text, which the json
// column keeps byte for byte.
func webhookDeliveryFields(d *webhook.Delivery) []any {
	return []any{&d.ID, &d.TenantID, &d.EndpointID, &d.Event, (*[]byte)(&d.Payload), &d.Status, &d.Attempts,
		&d.NextAttemptAt, &d.LastStatusCode, &d.LastError, &d.CreatedAt, &d.UpdatedAt}
}

func scanWebhookDelivery(row pgx.Row) (*webhook.Delivery, error) {
	var d webhook.Delivery
	if err := row.Scan(webhookDeliveryFields(&d)...); err != nil {
		return nil, err
	}
	return &d, nil
}
