package console

import (
	"net/http"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/usage"
)

// usageRange is a choice of the range picker.
type usageRange struct {
	Value    string
	Label    string
	Span     time.Duration
	Interval string // the interval chosen with it unless the user picks one
}

var usageRanges = []usageRange{
	{"1h", "Last hour", time.Hour, "minute"},
	{"24h", "Last 24 hours", 24 * time.Hour, "hour"},
	{"7d", "Last 7 days", 7 * 24 * time.Hour, "hour"},
	{"30d", "Last 30 days", 30 * 24 * time.Hour, "day"},
}

var usageIntervals = []string{"minute", "hour", "day"}

// topRoutes is how many routes and keys the tables list.
const topRoutes = 10

// usageData is the Usage page, of the tenant or of one key.
type usageData struct {
	Key       *apikey.Key // nil for the whole tenant
	Range     string
	Interval  string
	Ranges    []usageRange
	Intervals []string
	Report    *usage.Report
	Chart     chart
	Mix       []mixRow
	Routes    []usage.Point
	Keys      []keyPoint // the busiest keys, on the tenant's page
}

// mixRow is one status class's share of the requests.
type mixRow struct {
	Label, Class string
	N            int64
	Share        string
}

// keyPoint is a key's usage with its name.
type keyPoint struct {
	usage.Point
	Name string
}

// tenantUsage handles "GET /console/usage?range=&interval=": every key's
// requests over time, status mix, busiest routes and keys.
func (c *Console) tenantUsage(w http.ResponseWriter, r *http.Request, v *visit) error {
	d, params := readUsagePicker(r, c.now())
	rep, err := c.usage.TenantUsage(r.Context(), v.Principal, params)
	return c.renderUsage(w, r, newView(w, r, v, "Usage", "/console/usage"), d, rep, err)
}

// keyUsage handles "GET /console/keys/{id}/usage?range=&interval=": the
// Usage tab of one key.
func (c *Console) keyUsage(w http.ResponseWriter, r *http.Request, v *visit) error {
	k, err := c.keys.Key(r.Context(), v.Principal, r.PathValue("id"))
	if err != nil {
		return err
	}
	d, params := readUsagePicker(r, c.now())
	d.Key, params.KeyID = k, k.ID
	rep, err := c.usage.KeyUsage(r.Context(), v.Principal, params)
	if err == nil {
		rep.ByRoute, err = c.usage.KeyRoutes(r.Context(), v.Principal, params)
	}
	return c.renderUsage(w, r, newView(w, r, v, "Usage of "+k.Name, "/console/keys"), d, rep, err)
}

// readUsagePicker reads the range and interval the page was asked for.
// An unknown range falls back to the last day; an unknown interval is
// left for the service to refuse by name.
func readUsagePicker(r *http.Request, now time.Time) (*usageData, usage.ReportParams) {
	q := r.URL.Query()
	rg := usageRanges[1]
	for _, x := range usageRanges {
		if x.Value == q.Get("range") {
			rg = x
		}
	}
	d := &usageData{Range: rg.Value, Interval: q.Get("interval"), Ranges: usageRanges, Intervals: usageIntervals}
	if d.Interval == "" {
		d.Interval = rg.Interval
	}
	return d, usage.ReportParams{From: now.Add(-rg.Span), To: now, Interval: d.Interval}
}

// renderUsage shows rep, or the picker with the field at fault when the
// report could not be made.
func (c *Console) renderUsage(w http.ResponseWriter, r *http.Request, vw *view, d *usageData, rep *usage.Report, err error) error {
	status := http.StatusOK
	if err != nil {
		if status, err = formError(vw, err); err != nil {
			return err
		}
		rep = &usage.Report{Interval: d.Interval}
	}
	d.Report, d.Chart, d.Mix = rep, requestsChart(rep.Points, rep.Interval), statusMix(rep.Total)
	d.Routes = rep.ByRoute[:min(len(rep.ByRoute), topRoutes)]
	if d.Key == nil && len(rep.ByKey) > 0 {
		if d.Keys, err = c.namedKeyPoints(r, vw.Visit.Principal, rep.ByKey); err != nil {
			return err
		}
	}
	vw.Data = d
	c.render(w, r, status, "usage", vw)
	return nil
}

// statusMix is the share of each status class in total.
func statusMix(total usage.Point) []mixRow {
	rows := []mixRow{{"2xx success", "ok", total.Status2xx, ""}, {"3xx redirect", "redirect", total.Status3xx, ""},
		{"4xx client error", "warn", total.Status4xx, ""}, {"5xx server error", "bad", total.Status5xx, ""},
		{"of which rate limited (429)", "warn", total.RateLimited, ""}}
	for i := range rows {
		rows[i].Share = percent(rows[i].N, total.Requests)
	}
	return rows
}

// namedKeyPoints names the busiest keys of pts.
func (c *Console) namedKeyPoints(r *http.Request, p *hive.Principal, pts []usage.Point) ([]keyPoint, error) {
	rows, err := c.keyRows(r, p, apikey.KeyFilter{})
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(rows))
	for _, k := range rows {
		names[k.ID] = k.Name + " (" + k.Hint + ")"
	}
	out := make([]keyPoint, 0, min(len(pts), topRoutes))
	for _, pt := range pts[:min(len(pts), topRoutes)] {
		out = append(out, keyPoint{Point: pt, Name: orID(names, pt.KeyID)})
	}
	return out, nil
}
