package client

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"time"
)

// Webhook is a registered webhook endpoint, as every view but the create
// response shows it: without its signing secret.
type Webhook struct {
	ID        string    `json:"id"`
	Object    string    `json:"object"` // "webhook_endpoint"
	URL       string    `json:"url"`
	Events    []string  `json:"events"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
}

// CreatedWebhook is the create response: the only time the signing Secret
// (whsec_...) is ever returned. Check each request's Hive-Signature header
// with it.
type CreatedWebhook struct {
	Webhook
	Secret string `json:"secret"`
}

// CreateWebhookRequest is the body of POST /v1/webhooks. URL must be https
// (http only to localhost); Events are names such as "door.entry" and
// "alert.fired".
type CreateWebhookRequest struct {
	URL    string   `json:"url"`
	Events []string `json:"events"`
}

// WebhookDelivery is one event sent, or being sent, to one endpoint, with
// the outcome of its latest attempt.
type WebhookDelivery struct {
	ID             string          `json:"id"`
	Object         string          `json:"object"` // "webhook_delivery"
	WebhookID      string          `json:"webhook_id"`
	Event          string          `json:"event"`
	Payload        json.RawMessage `json:"payload"` // the request body, as sent
	Status         string          `json:"status"`  // "pending", "succeeded" or "failed"
	Attempts       int             `json:"attempts"`
	NextAttemptAt  *time.Time      `json:"next_attempt_at"` // set while pending
	LastStatusCode *int            `json:"last_status_code"`
	LastError      *string         `json:"last_error"`
	CreatedAt      time.Time       `json:"created_at"`
	UpdatedAt      time.Time       `json:"updated_at"`
}

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
