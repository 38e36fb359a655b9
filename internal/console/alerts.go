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
	Rule   string // only the alerts of this rule, when set
	Rules  []alert.Rule
	Alerts []alertRow
	Total  int
	Next   string // the next page's address; empty on the last page
}

// Link is the page's address with status and after in place of its own,
// keeping the key and rule filters.
func (d *alertsData) Link(status, after string) string {
	v := url.Values{"status": {status}}
	if d.KeyID != "" {
		v.Set("key_id", d.KeyID)
	}
	if d.Rule != "" {
		v.Set("rule", d.Rule)
	}
	if after != "" {
		v.Set("starting_after", after)
	}
	return "/console/alerts?" + v.Encode()
}

// alertRow is an alert with its key and acknowledger named.
type alertRow struct {
	*alert.Alert
	KeyName string
	AckedBy string
}

// listAlerts handles "GET /console/alerts?status=&key_id=&rule=": open
// alerts by default, newest first, a page at a time.
func (c *Console) listAlerts(w http.ResponseWriter, r *http.Request, v *visit) error {
	q := r.URL.Query()
	d := &alertsData{Status: q.Get("status"), KeyID: q.Get("key_id"), Rule: q.Get("rule"), Rules: alert.Rules()}
	if _, ok := q["status"]; !ok {
		d.Status = string(alert.StatusOpen)
	}
	f := alert.Filter{Page: alert.Page{Limit: alertsPerPage + 1, After: q.Get("starting_after")}}
	switch alert.Status(d.Status) {
	case "":
	case alert.StatusOpen, alert.StatusAcknowledged:
		st := alert.Status(d.Status)
		f.Status = &st
	default:
		return hive.FieldError("status", "must be open, acknowledged or empty for all, not %q", d.Status)
	}
	if d.KeyID != "" {
		f.KeyID = &d.KeyID
	}
	if d.Rule != "" {
		rule := alert.Rule(d.Rule)
		if !rule.Valid() {
			return hive.FieldError("rule", "unknown alert rule %q; pick one from the list", d.Rule)
		}
		f.Rule = &rule
	}
	list, total, err := c.alerts.List(r.Context(), v.Principal, f)
	if err != nil {
		return err
	}
	if len(list) > alertsPerPage {
		list = list[:alertsPerPage]
		d.Next = d.Link(d.Status, list[len(list)-1].ID)
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
