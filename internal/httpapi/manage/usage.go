package manage

import (
	"net/http"
	"net/url"
	"time"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/httpapi/edge"
	"github.com/hive-platform/hive/internal/usage"
)

// keyUsage handles "GET /v1/api-keys/{id}/usage?from=&to=&interval=".
func (s *API) keyUsage(w http.ResponseWriter, r *http.Request) error {
	k, err := s.keys.Key(r.Context(), edge.Principal(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	params, err := reportParams(r.URL.Query())
	if err != nil {
		return err
	}
	params.KeyID = k.ID
	rep, err := s.usage.KeyUsage(r.Context(), edge.Principal(r), params)
	if err != nil {
		return err
	}
	out := newUsage(rep)
	out.KeyID = &k.ID
	return edge.WriteJSON(w, http.StatusOK, out)
}

// tenantUsage handles "GET /v1/usage?from=&to=&interval=": the tenant's
// totals, by key and by route.
func (s *API) tenantUsage(w http.ResponseWriter, r *http.Request) error {
	params, err := reportParams(r.URL.Query())
	if err != nil {
		return err
	}
	rep, err := s.usage.TenantUsage(r.Context(), edge.Principal(r), params)
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newUsage(rep))
}

// reportParams reads the range and interval of a usage report.
func reportParams(q url.Values) (usage.ReportParams, error) {
	p := usage.ReportParams{Interval: q.Get("interval")}
	from, err := queryTime(q, "from")
	if err != nil {
		return p, err
	}
	to, err := queryTime(q, "to")
	if err != nil {
		return p, err
	}
	if from != nil {
		p.From = *from
	}
	if to != nil {
		p.To = *to
	}
	return p, nil
}

// newUsage is the wire view of a report.
func newUsage(rep *usage.Report) api.Usage {
	out := api.Usage{Object: "usage", Interval: rep.Interval, From: rep.From, To: rep.To,
		Data: make([]api.UsagePoint, len(rep.Points)), Total: newUsagePoint(rep.Total)}
	for i, pt := range rep.Points {
		out.Data[i] = newUsagePoint(pt)
	}
	out.Total.Start = nil
	for _, pt := range rep.ByKey {
		out.ByKey = append(out.ByKey, newUsagePoint(pt))
	}
	for _, pt := range rep.ByRoute {
		out.ByRoute = append(out.ByRoute, newUsagePoint(pt))
	}
	return out
}

func newUsagePoint(pt usage.Point) api.UsagePoint {
	out := api.UsagePoint{Requests: pt.Requests, Status2xx: pt.Status2xx, Status3xx: pt.Status3xx,
		Status4xx: pt.Status4xx, Status5xx: pt.Status5xx, RateLimited: pt.RateLimited}
	if !pt.Start.IsZero() {
		out.Start = &pt.Start
	}
	if pt.KeyID != "" {
		out.KeyID = &pt.KeyID
	}
	if pt.Route != "" {
		out.Route = &pt.Route
	}
	if pt.HasLatency {
		out.P50MS, out.P99MS = millis(pt.P50), millis(pt.P99)
	}
	return out
}

// millis returns d in milliseconds, to the microsecond.
func millis(d time.Duration) *float64 {
	ms := float64(d.Microseconds()) / 1000
	return &ms
}
