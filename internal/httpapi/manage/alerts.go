package manage

import (
	"net/http"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// listAlerts handles "GET /v1/alerts", newest first, optionally filtered by
// ?status=open|acknowledged, ?rule= and ?key_id=.
func (s *API) listAlerts(w http.ResponseWriter, r *http.Request) error {
	if err := s.alertsOn(); err != nil {
		return err
	}
	page, limit, err := edge.PageOf(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := alert.Filter{Page: alert.Page(page)}
	if v := q.Get("status"); v != "" {
		st := alert.Status(v)
		f.Status = &st
	}
	if v := q.Get("rule"); v != "" {
		rule := alert.Rule(v)
		f.Rule = &rule
	}
	if v := q.Get("key_id"); v != "" {
		f.KeyID = &v
	}
	list, total, err := s.alerts.List(r.Context(), edge.Principal(r), f)
	if err != nil {
		return err
	}
	list, more := edge.TrimPage(list, limit)
	return edge.WriteJSON(w, http.StatusOK, edge.NewList(list, total, more, newAlert, func(a *alert.Alert) string { return a.ID }))
}

// getAlert handles "GET /v1/alerts/{id}".
func (s *API) getAlert(w http.ResponseWriter, r *http.Request) error {
	if err := s.alertsOn(); err != nil {
		return err
	}
	a, err := s.alerts.Alert(r.Context(), edge.Principal(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newAlert(a))
}

// ackAlert handles "POST /v1/alerts/{id}/ack". It is idempotent: the first
// acknowledgement, and who made it, is kept.
func (s *API) ackAlert(w http.ResponseWriter, r *http.Request) error {
	if err := s.alertsOn(); err != nil {
		return err
	}
	a, err := s.alerts.Acknowledge(r.Context(), edge.Principal(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newAlert(a))
}

// keyExpiryCalendar handles "GET /v1/api-keys/expiry.ics": an iCalendar
// feed of the expiry of the tenant's active keys, to subscribe to from a
// calendar app.
func (s *API) keyExpiryCalendar(w http.ResponseWriter, r *http.Request) error {
	if err := s.alertsOn(); err != nil {
		return err
	}
	feed, err := s.alerts.ExpiryCalendar(r.Context(), edge.Principal(r), baseURL(r))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="hive-key-expiry.ics"`)
	w.Header().Set("Cache-Control", "private, max-age=300")
	_, err = w.Write(feed)
	return err
}

// baseURL is the scheme and host the request was made to, for the links in
// the calendar. Behind a proxy the host is the one the client asked for.
func baseURL(r *http.Request) string {
	scheme := "https"
	if r.TLS == nil && r.Header.Get("X-Forwarded-Proto") != "https" {
		scheme = "http"
	}
	return scheme + "://" + r.Host
}

// alertsOn answers 404 on a server built without the alert engine.
func (s *API) alertsOn() error {
	if s.alerts == nil {
		return hive.Errorf(hive.ENOTFOUND, "Alerts are not enabled on this server")
	}
	return nil
}

// newAlert is the wire view of a.
func newAlert(a *alert.Alert) api.Alert {
	details := a.Details
	if details == nil {
		details = map[string]any{}
	}
	return api.Alert{ID: a.ID, Object: "alert", Rule: string(a.Rule), Severity: string(a.Severity),
		Status: string(a.Status()), KeyID: optString(a.KeyID), Message: a.Message, Details: details,
		FiredAt: a.FiredAt, AcknowledgedAt: a.AcknowledgedAt, AcknowledgedBy: optString(a.AcknowledgedBy)}
}
