package console

import (
	"net/http"
	"net/url"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/hive"
)

// alertsPerPage is how many alerts one page lists.
const alertsPerPage = 50

// alertsData is the Alerts page.
type alertsData struct {
	Status string // "open", "acknowledged", or "" for all
	KeyID  string // only the alerts about this key, when set
	Alerts []alertRow
	Total  int
	Next   string // the next page's address; empty on the last page
}

// alertRow is an alert with its key and acknowledger named.
type alertRow struct {
	*alert.Alert
	KeyName string
	AckedBy string
}

// listAlerts handles "GET /console/alerts?status=&key_id=": open alerts by
// default, newest first, a page at a time.
func (c *Console) listAlerts(w http.ResponseWriter, r *http.Request, v *visit) error {
	q := r.URL.Query()
	d := &alertsData{Status: q.Get("status"), KeyID: q.Get("key_id")}
	if _, ok := q["status"]; !ok {
		d.Status = string(alert.StatusOpen)
	}
	f := alert.Filter{Page: alert.Page{Limit: alertsPerPage + 1, After: q.Get("starting_after")}}
	if d.Status != "" {
		st := alert.Status(d.Status)
		f.Status = &st
	}
	if d.KeyID != "" {
		f.KeyID = &d.KeyID
	}
	list, total, err := c.alerts.List(r.Context(), v.Principal, f)
	if err != nil {
		return err
	}
	if len(list) > alertsPerPage {
		list = list[:alertsPerPage]
		d.Next = "/console/alerts?" + url.Values{"status": {d.Status}, "key_id": {d.KeyID}, "starting_after": {list[len(list)-1].ID}}.Encode()
	}
	if d.Alerts, err = c.alertRows(r, v.Principal, list); err != nil {
		return err
	}
	d.Total = total
	vw := newView(w, r, v, "Alerts", "/console/alerts")
	vw.Data = d
	c.render(w, r, http.StatusOK, "alerts", vw)
	return nil
}

// alertRows names the keys and the people who acknowledged the alerts.
func (c *Console) alertRows(r *http.Request, p *hive.Principal, list []*alert.Alert) ([]alertRow, error) {
	names, err := c.actorNames(r.Context(), p)
	if err != nil {
		return nil, err
	}
	rows := make([]alertRow, len(list))
	for i, a := range list {
		rows[i] = alertRow{Alert: a, AckedBy: orID(names, a.AcknowledgedBy)}
		if a.KeyID != "" {
			rows[i].KeyName = a.KeyID
			if k, err := c.keys.Key(r.Context(), p, a.KeyID); err == nil {
				rows[i].KeyName = k.Name + " (" + k.Hint + ")"
			}
		}
	}
	return rows, nil
}

// ackAlert handles "POST /console/alerts/{id}/ack". Acknowledging twice
// keeps the first acknowledgement.
func (c *Console) ackAlert(w http.ResponseWriter, r *http.Request, v *visit) error {
	a, err := c.alerts.Acknowledge(r.Context(), v.Principal, r.PathValue("id"))
	if err != nil {
		return err
	}
	return redirect(w, r, "/console/alerts", "Alert acknowledged: "+a.Message)
}
