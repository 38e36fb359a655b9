package api

import (
	"encoding/json"
	"time"
)

// Webhook endpoints and deliveries.

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
