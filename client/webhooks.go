package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/hive-platform/hive/api"
)

// Webhook is api.Webhook.
type Webhook = api.Webhook

// CreatedWebhook is api.CreatedWebhook.
type CreatedWebhook = api.CreatedWebhook

// CreateWebhookRequest is api.CreateWebhookRequest.
type CreateWebhookRequest = api.CreateWebhookRequest

// WebhookDelivery is api.WebhookDelivery.
type WebhookDelivery = api.WebhookDelivery

// ListDeliveriesParams filters GET /v1/webhooks/{id}/deliveries.
type ListDeliveriesParams struct {
	Status string // optional: pending, succeeded or failed
	ListParams
}

// CreateWebhook registers an endpoint: POST /v1/webhooks. The returned
// Secret is never shown again.
func (c *Client) CreateWebhook(ctx context.Context, req CreateWebhookRequest) (*CreatedWebhook, error) {
	return call[CreatedWebhook](ctx, c, http.MethodPost, "/v1/webhooks", nil, req)
}

// ListWebhooks returns one page of endpoints: GET /v1/webhooks.
func (c *Client) ListWebhooks(ctx context.Context, p ListParams) (*List[Webhook], error) {
	return call[List[Webhook]](ctx, c, http.MethodGet, "/v1/webhooks", pageQuery(p), nil)
}

// GetWebhook returns one endpoint: GET /v1/webhooks/{id}.
func (c *Client) GetWebhook(ctx context.Context, id string) (*Webhook, error) {
	return call[Webhook](ctx, c, http.MethodGet, webhookPath(id), nil, nil)
}

// DeleteWebhook deletes an endpoint and its deliveries, pending ones
// included: DELETE /v1/webhooks/{id}.
func (c *Client) DeleteWebhook(ctx context.Context, id string) error {
	return c.do(ctx, http.MethodDelete, webhookPath(id), nil, nil, nil)
}

// ListDeliveries returns one page of an endpoint's deliveries, newest
// first: GET /v1/webhooks/{id}/deliveries.
func (c *Client) ListDeliveries(ctx context.Context, webhookID string, p ListDeliveriesParams) (*List[WebhookDelivery], error) {
	q := pageQuery(p.ListParams)
	setIf(q, "status", p.Status)
	return call[List[WebhookDelivery]](ctx, c, http.MethodGet, webhookPath(webhookID)+"/deliveries", q, nil)
}

func webhookPath(id string) string { return "/v1/webhooks/" + url.PathEscape(id) }
