package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/webhook"
)

// WebhookStore implements webhook.Store on the Store's database.
type WebhookStore struct{ s *Store }

// Webhooks returns the webhook store sharing s's connections, and s's
// transaction if it is bound to one.
func (s *Store) Webhooks() *WebhookStore { return &WebhookStore{s} }

var _ webhook.Store = (*WebhookStore)(nil)

// WithinTx runs fn in a transaction on the writer connection; see
// Store.WithinTx.
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
	_, err := w.s.writes().ExecContext(ctx, `INSERT INTO webhook_endpoints (`+webhookEndpointColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, webhookEndpointFields(e)...)
	return failure{op: "create webhook endpoint"}.translate(err)
}

// EndpointByID returns the tenant's endpoint, or ENOTFOUND.
func (w *WebhookStore) EndpointByID(ctx context.Context, tenantID, id string) (*webhook.Endpoint, error) {
	e, err := scanWebhookEndpoint(w.s.reads().QueryRowContext(ctx,
		`SELECT `+webhookEndpointColumns+` FROM webhook_endpoints WHERE tenant_id = ? AND id = ?`, tenantID, id))
	if err != nil {
		return nil, failure{op: "webhook endpoint by id", notFound: webhookEndpointNotFound}.translate(err)
	}
	return e, nil
}

// ListEndpoints returns a page of the tenant's endpoints, newest first, and
// how many it has.
func (w *WebhookStore) ListEndpoints(ctx context.Context, f webhook.EndpointFilter) ([]*webhook.Endpoint, int, error) {
	var where filter
	where.where("tenant_id = :tenant", sql.Named("tenant", f.TenantID))
	out, total, err := list(ctx, w.s.reads(), "webhook_endpoints", webhookEndpointColumns, where,
		apikey.Page(f.Page), scanWebhookEndpoint)
	return out, total, failure{op: "list webhook endpoints"}.translate(err)
}

// DeleteEndpoint deletes the endpoint; the foreign key deletes its
// deliveries.
func (w *WebhookStore) DeleteEndpoint(ctx context.Context, tenantID, id string) error {
	err := w.s.writes().QueryRowContext(ctx,
		`DELETE FROM webhook_endpoints WHERE tenant_id = ? AND id = ? RETURNING id`, tenantID, id).Scan(new(string))
	return failure{op: "delete webhook endpoint", notFound: webhookEndpointNotFound}.translate(err)
}

// SubscribedEndpoints returns the tenant's active endpoints subscribed to
// event, oldest first. Endpoints per tenant are few, so json_each over each
// of them costs less than a table of subscriptions would.
func (w *WebhookStore) SubscribedEndpoints(ctx context.Context, tenantID, event string) ([]*webhook.Endpoint, error) {
	rows, err := w.s.reads().QueryContext(ctx, `SELECT `+webhookEndpointColumns+` FROM webhook_endpoints
		WHERE tenant_id = ? AND active AND EXISTS (SELECT 1 FROM json_each(events) WHERE value = ?)
		ORDER BY id`, tenantID, event)
	if err != nil {
		return nil, failure{op: "subscribed webhook endpoints"}.translate(err)
	}
	out, err := webhookRows(rows, scanWebhookEndpoint)
	return out, failure{op: "subscribed webhook endpoints"}.translate(err)
}

// CreateDeliveries inserts ds in one transaction.
func (w *WebhookStore) CreateDeliveries(ctx context.Context, ds []*webhook.Delivery) error {
	if len(ds) == 0 {
		return nil
	}
	err := w.s.transact(ctx, func(tx *Store) error {
		stmt, err := tx.tx.PrepareContext(ctx, `INSERT INTO webhook_deliveries (`+webhookDeliveryColumns+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, d := range ds {
			if _, err := stmt.ExecContext(ctx, webhookDeliveryFields(d)...); err != nil {
				return err
			}
		}
		return nil
	})
	return failure{op: "create webhook deliveries"}.translate(err)
}

// DeliveryByID returns the tenant's delivery, or ENOTFOUND.
func (w *WebhookStore) DeliveryByID(ctx context.Context, tenantID, id string) (*webhook.Delivery, error) {
	d, err := scanWebhookDelivery(w.s.reads().QueryRowContext(ctx,
		`SELECT `+webhookDeliveryColumns+` FROM webhook_deliveries WHERE tenant_id = ? AND id = ?`, tenantID, id))
	if err != nil {
		return nil, failure{op: "webhook delivery by id", notFound: webhookDeliveryNotFound}.translate(err)
	}
	return d, nil
}

// ListDeliveries returns a page of the deliveries matching f, newest first,
// and how many match.
func (w *WebhookStore) ListDeliveries(ctx context.Context, f webhook.DeliveryFilter) ([]*webhook.Delivery, int, error) {
	var where filter
	where.where("tenant_id = :tenant", sql.Named("tenant", f.TenantID))
	if f.EndpointID != nil {
		where.where("endpoint_id = :endpoint", sql.Named("endpoint", *f.EndpointID))
	}
	if f.Status != nil {
		where.where("status = :status", sql.Named("status", string(*f.Status)))
	}
	out, total, err := list(ctx, w.s.reads(), "webhook_deliveries", webhookDeliveryColumns, where,
		apikey.Page(f.Page), scanWebhookDelivery)
	return out, total, failure{op: "list webhook deliveries"}.translate(err)
}

// claimDue leases the longest-due pending deliveries in one statement. The
// store has one writer, so no other claim can run between its read and its
// write.
const claimDue = `UPDATE webhook_deliveries
	SET attempts = attempts + 1, next_attempt_at = :until, updated_at = :now
	WHERE id IN (
		SELECT id FROM webhook_deliveries
		WHERE status = 'pending' AND next_attempt_at <= :now
		ORDER BY next_attempt_at, id
		LIMIT :limit
	)
	RETURNING ` + webhookDeliveryColumns

// ClaimDue claims up to limit due deliveries, returned in ID order.
func (w *WebhookStore) ClaimDue(ctx context.Context, now, leaseUntil time.Time, limit int) ([]*webhook.Delivery, error) {
	rows, err := w.s.writes().QueryContext(ctx, claimDue, sql.Named("now", now.UnixMicro()),
		sql.Named("until", leaseUntil.UnixMicro()), sql.Named("limit", limit))
	if err != nil {
		return nil, failure{op: "claim webhook deliveries"}.translate(err)
	}
	out, err := webhookRows(rows, scanWebhookDelivery)
	if err != nil {
		return nil, failure{op: "claim webhook deliveries"}.translate(err)
	}
	slices.SortFunc(out, func(a, b *webhook.Delivery) int { return cmp.Compare(a.ID, b.ID) })
	return out, nil
}

// UpdateDelivery saves the outcome fields of d, or returns ENOTFOUND.
func (w *WebhookStore) UpdateDelivery(ctx context.Context, d *webhook.Delivery) error {
	err := w.s.writes().QueryRowContext(ctx, `UPDATE webhook_deliveries SET status = ?, attempts = ?,
		next_attempt_at = ?, last_status_code = ?, last_error = ?, updated_at = ?
		WHERE tenant_id = ? AND id = ? RETURNING id`,
		string(d.Status), d.Attempts, micros{&d.NextAttemptAt}, d.LastStatusCode, d.LastError,
		micros{&d.UpdatedAt}, d.TenantID, d.ID).Scan(new(string))
	return failure{op: "update webhook delivery", notFound: webhookDeliveryNotFound}.translate(err)
}

// PruneDeliveries deletes finished deliveries last updated before before.
func (w *WebhookStore) PruneDeliveries(ctx context.Context, before time.Time) (int, error) {
	res, err := w.s.writes().ExecContext(ctx,
		`DELETE FROM webhook_deliveries WHERE status <> 'pending' AND updated_at < ?`, before.UnixMicro())
	if err != nil {
		return 0, failure{op: "prune webhook deliveries"}.translate(err)
	}
	n, err := res.RowsAffected()
	return int(n), failure{op: "prune webhook deliveries"}.translate(err)
}

// webhookEndpointFields returns e's fields in webhookEndpointColumns order,
// as arguments or as Scan targets.
func webhookEndpointFields(e *webhook.Endpoint) []any {
	return []any{&e.ID, &e.TenantID, &e.URL, jsonText{&e.Events}, &e.Secret, &e.Active, micros{&e.CreatedAt}}
}

func scanWebhookEndpoint(row rowScanner) (*webhook.Endpoint, error) {
	var e webhook.Endpoint
	if err := row.Scan(webhookEndpointFields(&e)...); err != nil {
		return nil, err
	}
	return &e, nil
}

// webhookDeliveryFields returns d's fields in webhookDeliveryColumns order,
// as arguments or as Scan targets.
func webhookDeliveryFields(d *webhook.Delivery) []any {
	return []any{&d.ID, &d.TenantID, &d.EndpointID, &d.Event, webhookPayload{&d.Payload}, &d.Status, &d.Attempts,
		micros{&d.NextAttemptAt}, &d.LastStatusCode, &d.LastError, micros{&d.CreatedAt}, micros{&d.UpdatedAt}}
}

func scanWebhookDelivery(row rowScanner) (*webhook.Delivery, error) {
	var d webhook.Delivery
	if err := row.Scan(webhookDeliveryFields(&d)...); err != nil {
		return nil, err
	}
	return &d, nil
}

// webhookRows scans every row and closes rows.
func webhookRows[T any](rows *sql.Rows, scan func(rowScanner) (*T, error)) ([]*T, error) {
	defer rows.Close()
	var out []*T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// webhookPayload adapts JSON kept byte for byte to a TEXT column.
type webhookPayload struct{ b *json.RawMessage }

func (r webhookPayload) Value() (driver.Value, error) { return string(*r.b), nil }

func (r webhookPayload) Scan(src any) error {
	switch src := src.(type) {
	case string:
		*r.b = json.RawMessage(src)
	case []byte:
		*r.b = append(json.RawMessage(nil), src...)
	default:
		return fmt.Errorf("JSON column holds %T, want TEXT", src)
	}
	return nil
}
