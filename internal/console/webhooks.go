package console

import (
	"net/http"

	"github.com/hive-platform/hive/internal/webhook"
)

// webhooksData is the Webhooks page: the endpoints and the create form.
type webhooksData struct {
	Endpoints []*webhook.Endpoint
	Events    []string // what an endpoint may subscribe to
	URL       string   // the create form's values after an error
	Chosen    []string
}

// listWebhooks handles "GET /console/webhooks".
func (c *Console) listWebhooks(w http.ResponseWriter, r *http.Request, v *visit) error {
	vw := newView(w, r, v, "Webhooks", "/console/webhooks")
	return c.renderWebhooks(w, r, vw, http.StatusOK, &webhooksData{Chosen: c.webhooks.Events()})
}

func (c *Console) renderWebhooks(w http.ResponseWriter, r *http.Request, vw *view, status int, d *webhooksData) error {
	var err error
	if d.Endpoints, _, err = c.webhooks.ListEndpoints(r.Context(), vw.Visit.Principal, webhook.Page{Limit: 1000}); err != nil {
		return err
	}
	d.Events = c.webhooks.Events()
	vw.Data = d
	c.render(w, r, status, "webhooks", vw)
	return nil
}

// createWebhook handles "POST /console/webhooks". The signing secret is
// shown once, in this response, as a key's is.
func (c *Console) createWebhook(w http.ResponseWriter, r *http.Request, v *visit) error {
	r.ParseForm()
	d := &webhooksData{URL: r.PostFormValue("url"), Chosen: r.PostForm["events"]}
	e, secret, err := c.webhooks.CreateEndpoint(r.Context(), v.Principal, webhook.EndpointParams{URL: d.URL, Events: d.Chosen})
	vw := newView(w, r, v, "Webhooks", "/console/webhooks")
	if err != nil {
		status, err := formError(vw, err)
		if err != nil {
			return err
		}
		return c.renderWebhooks(w, r, vw, status, d)
	}
	vw.Flash = "Webhook endpoint " + e.URL + " added."
	vw.Secret = &shownSecret{Title: "Signing secret of your webhook", Label: "Signing secret", Value: secret,
		Warning:    "The signing secret is shown only once. Store it where your endpoint can read it: it verifies the Hive-Signature header of every delivery. If you lose it, delete the endpoint and add it again.",
		ReplaceURL: "/console/webhooks"}
	return c.renderWebhooks(w, r, vw, http.StatusCreated, &webhooksData{Chosen: c.webhooks.Events()})
}

// deleteWebhook handles "POST /console/webhooks/{id}/delete": the endpoint
// goes with its deliveries, pending ones included.
func (c *Console) deleteWebhook(w http.ResponseWriter, r *http.Request, v *visit) error {
	e, err := c.webhooks.Endpoint(r.Context(), v.Principal, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := c.webhooks.DeleteEndpoint(r.Context(), v.Principal, e.ID); err != nil {
		return err
	}
	return redirect(w, r, "/console/webhooks", "Webhook endpoint "+e.URL+" deleted.")
}

// webhookData is one endpoint and its latest deliveries.
type webhookData struct {
	Endpoint   *webhook.Endpoint
	Deliveries []*webhook.Delivery
	Total      int
}

// showWebhook handles "GET /console/webhooks/{id}": the endpoint's
// deliveries, newest first, with their attempts and status.
func (c *Console) showWebhook(w http.ResponseWriter, r *http.Request, v *visit) error {
	e, err := c.webhooks.Endpoint(r.Context(), v.Principal, r.PathValue("id"))
	if err != nil {
		return err
	}
	d := &webhookData{Endpoint: e}
	if d.Deliveries, d.Total, err = c.webhooks.ListDeliveries(r.Context(), v.Principal,
		webhook.DeliveryFilter{EndpointID: &e.ID, Page: webhook.Page{Limit: 100}}); err != nil {
		return err
	}
	vw := newView(w, r, v, "Webhook "+e.URL, "/console/webhooks")
	vw.Data = d
	c.render(w, r, http.StatusOK, "webhook", vw)
	return nil
}

// eventLabels say what each webhook event is sent for.
var eventLabels = map[string]string{
	"door.entry":  "a door let someone in",
	"alert.fired": "an alert fired on one of your keys",
}

func eventLabel(event string) string { return eventLabels[event] }
