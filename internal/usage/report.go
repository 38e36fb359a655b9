package usage

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// Intervals a usage report may be broken into, by name.
var intervals = map[string]time.Duration{
	"minute": time.Minute,
	"hour":   time.Hour,
	"day":    24 * time.Hour,
}

// defaultSpan is the range a report covers when from is not given: 60
// points of minutes, 24 of hours, 30 of days.
var defaultSpan = map[string]time.Duration{
	"minute": time.Hour,
	"hour":   24 * time.Hour,
	"day":    30 * 24 * time.Hour,
}

// ReportParams choose a usage report. Zero times and an empty interval take
// the defaults: hourly, over the last day, up to now.
type ReportParams struct {
	KeyID    string // empty for the whole tenant
	From, To time.Time
	Interval string // minute, hour or day
}

// Point is the usage of one period or one group.
type Point struct {
	Start time.Time // the period's start; zero for a group
	KeyID string    // set in Report.ByKey
	Route string    // set in Report.ByRoute
	Counts
	// P50 and P99 are the latency percentiles, within 9%; HasLatency is
	// false when the point has no requests.
	P50, P99   time.Duration
	HasLatency bool
}

// Report is the usage of a tenant or a key over a range.
type Report struct {
	Interval string
	From, To time.Time // rounded out to whole intervals, To exclusive
	Points   []Point   // one per interval, oldest first, empty ones included
	Total    Point
	ByKey    []Point // the whole tenant's reports only; most requests first
	ByRoute  []Point // most requests first
}

// KeyUsage reports the usage of one key of p's tenant. The caller checks
// that the key is the tenant's.
func (s *Service) KeyUsage(ctx context.Context, p *hive.Principal, in ReportParams) (*Report, error) {
	if in.KeyID == "" {
		return nil, hive.FieldError("key_id", "is required")
	}
	return s.report(ctx, p, in, false)
}

// TenantUsage reports the usage of every key of p's tenant, in total, by
// key and by route.
func (s *Service) TenantUsage(ctx context.Context, p *hive.Principal, in ReportParams) (*Report, error) {
	in.KeyID = ""
	return s.report(ctx, p, in, true)
}

func (s *Service) report(ctx context.Context, p *hive.Principal, in ReportParams, groups bool) (*Report, error) {
	q, err := s.query(p.TenantID, in)
	if err != nil {
		return nil, err
	}
	rep := &Report{Interval: cmp.Or(in.Interval, "hour"), From: q.From, To: q.To}
	if rep.Points, err = s.sum(ctx, q); err != nil {
		return nil, err
	}
	rep.Points = fillPeriods(rep.Points, q)
	// One period as long as the range sums everything, for the totals and
	// the groups.
	whole := q
	whole.Step = q.To.Sub(q.From)
	total, err := s.sum(ctx, whole)
	if err != nil {
		return nil, err
	}
	if len(total) > 0 {
		rep.Total = total[0]
	}
	if !groups {
		return rep, nil
	}
	whole.By = ByKey
	if rep.ByKey, err = s.sum(ctx, whole); err != nil {
		return nil, err
	}
	whole.By = ByRoute
	if rep.ByRoute, err = s.sum(ctx, whole); err != nil {
		return nil, err
	}
	for _, pts := range [][]Point{rep.ByKey, rep.ByRoute} {
		slices.SortFunc(pts, func(a, b Point) int {
			return cmp.Or(cmp.Compare(b.Requests, a.Requests), cmp.Compare(a.KeyID, b.KeyID), cmp.Compare(a.Route, b.Route))
		})
	}
	return rep, nil
}

// query validates in and turns it into a query of whole periods.
func (s *Service) query(tenantID string, in ReportParams) (UsageQuery, error) {
	name := cmp.Or(in.Interval, "hour")
	step, ok := intervals[name]
	if !ok {
		return UsageQuery{}, hive.FieldError("interval", "must be minute, hour or day, not %q", in.Interval)
	}
	to := cmp.Or(in.To, s.cfg.Now())
	if !in.From.IsZero() && !in.From.Before(to) {
		return UsageQuery{}, hive.FieldError("to", "must be after from (%s)", in.From.Format(time.RFC3339))
	}
	// The range is rounded out to whole intervals; without a from it ends
	// at the end of the current interval and spans the default.
	to = floor(to.Add(step-time.Nanosecond), step)
	from := floor(in.From, step)
	if in.From.IsZero() {
		from = to.Add(-defaultSpan[name])
	}
	if n := int(to.Sub(from) / step); n > s.cfg.MaxPoints {
		return UsageQuery{}, hive.FieldError("from", "the range holds %d intervals of a %s, more than the %d allowed; narrow from and to, or choose a longer interval",
			n, name, s.cfg.MaxPoints)
	}
	return UsageQuery{TenantID: tenantID, KeyID: in.KeyID, From: from, To: to, Step: step}, nil
}

// floor rounds t down to a multiple of step since the Unix epoch, in UTC.
func floor(t time.Time, step time.Duration) time.Time {
	sec := int64(step / time.Second)
	u := t.Unix()
	u -= ((u % sec) + sec) % sec
	return time.Unix(u, 0).UTC()
}

// sum runs q and merges its counts and latency buckets into points.
func (s *Service) sum(ctx context.Context, q UsageQuery) ([]Point, error) {
	rows, buckets, err := s.store.SumUsage(ctx, q)
	if err != nil {
		return nil, err
	}
	type group struct {
		start      int64
		key, route string
	}
	hists := make(map[group]*Histogram, len(rows))
	for _, b := range buckets {
		g := group{b.Start.Unix(), b.KeyID, b.Route}
		h := hists[g]
		if h == nil {
			h = new(Histogram)
			hists[g] = h
		}
		h[b.Bucket] += b.N
	}
	out := make([]Point, 0, len(rows))
	for _, r := range rows {
		pt := Point{Start: r.Start, KeyID: r.KeyID, Route: r.Route, Counts: r.Counts}
		if q.By != ByPeriod {
			pt.Start = time.Time{}
		}
		if h := hists[group{r.Start.Unix(), r.KeyID, r.Route}]; h != nil {
			pt.setLatency(h)
		}
		out = append(out, pt)
	}
	return out, nil
}

func (pt *Point) setLatency(h *Histogram) {
	pt.P50, pt.HasLatency = h.Quantile(0.50)
	pt.P99, _ = h.Quantile(0.99)
}

// fillPeriods returns one point per period of q, oldest first, with the
// periods that had no requests as zero points.
func fillPeriods(pts []Point, q UsageQuery) []Point {
	byStart := make(map[int64]Point, len(pts))
	for _, pt := range pts {
		byStart[pt.Start.Unix()] = pt
	}
	out := make([]Point, 0, int(q.To.Sub(q.From)/q.Step))
	for t := q.From; t.Before(q.To); t = t.Add(q.Step) {
		pt, ok := byStart[t.Unix()]
		if !ok {
			pt = Point{Start: t}
		}
		out = append(out, pt)
	}
	return out
}
