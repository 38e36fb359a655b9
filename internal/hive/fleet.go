package hive

import (
	"context"
	"sync/atomic"
)

// FleetReport says whether a request's key changes reached every node:
// whether there were any, and whether every live node confirmed it had
// dropped the old state before the change returned.
type FleetReport struct {
	changed     atomic.Bool
	unconfirmed atomic.Bool
}

type fleetReportKey struct{}

// WithFleetReport returns ctx carrying a new FleetReport, for a handler that
// tells its caller whether the fleet confirmed its change.
func WithFleetReport(ctx context.Context) (context.Context, *FleetReport) {
	r := new(FleetReport)
	return context.WithValue(ctx, fleetReportKey{}, r), r
}

// ReportFleet records the outcome of one change in ctx's FleetReport, if any.
func ReportFleet(ctx context.Context, confirmed bool) {
	r, _ := ctx.Value(fleetReportKey{}).(*FleetReport)
	if r == nil {
		return
	}
	r.changed.Store(true)
	if !confirmed {
		r.unconfirmed.Store(true)
	}
}

// Outcome reports whether anything changed and, if so, whether every change
// was confirmed by every live node.
func (r *FleetReport) Outcome() (changed, confirmed bool) {
	return r.changed.Load(), !r.unconfirmed.Load()
}
