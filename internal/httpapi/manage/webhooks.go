package manage

import (
	"net/http"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/httpapi/edge"
	"github.com/hive-platform/hive/internal/webhook"
)

// createWebhook handles "POST /v1/webhooks". The signing secret appears in
// this response only.
func (s *API) createWebhook(w http.ResponseWriter, r *http.Request) error {
	var req api.CreateWebhookRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	e, secret, err := s.webhooks.CreateEndpoint(r.Context(), edge.Principal(r),
		webhook.EndpointParams{URL: req.URL, Events: req.Events})
	if err != nil {
		return err
	}
	edge.DeclareSecrets(w, r, secret)
	return edge.WriteJSON(w, http.StatusCreated, api.CreatedWebhook{Webhook: newWebhook(e), Secret: secret})
}

// listWebhooks handles "GET /v1/webhooks".
func (s *API) listWebhooks(w http.ResponseWriter, r *http.Request) error {
	page, limit, err := edge.PageOf(r)
	if err != nil {
		return err
	}
	list, total, err := s.webhooks.ListEndpoints(r.Context(), edge.Principal(r), webhook.Page(page))
	if err != nil {
		return err
	}
	list, more := edge.TrimPage(list, limit)
	return edge.WriteJSON(w, http.StatusOK, edge.NewList(list, total, more, newWebhook,
		func(e *webhook.Endpoint) string { return e.ID }))
}

// getWebhook handles "GET /v1/webhooks/{id}".
func (s *API) getWebhook(w http.ResponseWriter, r *http.Request) error {
	e, err := s.webhooks.Endpoint(r.Context(), edge.Principal(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newWebhook(e))
}

// deleteWebhook handles "DELETE /v1/webhooks/{id}". Pending deliveries to
// the endpoint are deleted with it.
func (s *API) deleteWebhook(w http.ResponseWriter, r *http.Request) error {
	if err := s.webhooks.DeleteEndpoint(r.Context(), edge.Principal(r), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// listWebhookDeliveries handles "GET /v1/webhooks/{id}/deliveries", newest
// first, optionally filtered by ?status=pending|succeeded|failed.
func (s *API) listWebhookDeliveries(w http.ResponseWriter, r *http.Request) error {
	page, limit, err := edge.PageOf(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	f := webhook.DeliveryFilter{EndpointID: &id, Page: webhook.Page(page)}
	if v := r.URL.Query().Get("status"); v != "" {
		st := webhook.Status(v)
		f.Status = &st
	}
	list, total, err := s.webhooks.ListDeliveries(r.Context(), edge.Principal(r), f)
	if err != nil {
		return err
	}
	list, more := edge.TrimPage(list, limit)
	return edge.WriteJSON(w, http.StatusOK, edge.NewList(list, total, more, newWebhookDelivery,
		func(d *webhook.Delivery) string { return d.ID }))
}

// newWebhook is the wire view of e, without its secret.
func newWebhook(e *webhook.Endpoint) api.Webhook {
	events := append([]string{}, e.Events...)
	return api.Webhook{ID: e.ID, Object: "webhook_endpoint", URL: e.URL, Events: events,
		Active: e.Active, CreatedAt: e.CreatedAt}
}

// newWebhookDelivery is the wire view of d. The next attempt is shown only
// while one is to come.
func newWebhookDelivery(d *webhook.Delivery) api.WebhookDelivery {
	out := api.WebhookDelivery{ID: d.ID, Object: "webhook_delivery", WebhookID: d.EndpointID, Event: d.Event,
		Payload: d.Payload, Status: string(d.Status), Attempts: d.Attempts, LastError: optString(d.LastError),
		CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}
	if d.Status == webhook.StatusPending {
		out.NextAttemptAt = &d.NextAttemptAt
	}
	if d.LastStatusCode != 0 {
		out.LastStatusCode = &d.LastStatusCode
	}
	return out
}
