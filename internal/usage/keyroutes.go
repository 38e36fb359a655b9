package usage

import (
	"cmp"
	"context"
	"slices"

	"github.com/hive-platform/hive/internal/hive"
)

// KeyRoutes returns one key's usage over the range of in, one point per
// route, most requests first: the busiest routes of a key, which KeyUsage
// leaves out to keep the key report of the API as documented.
func (s *Service) KeyRoutes(ctx context.Context, p *hive.Principal, in ReportParams) ([]Point, error) {
	if in.KeyID == "" {
		return nil, hive.FieldError("key_id", "is required")
	}
	q, err := s.query(p.TenantID, in)
	if err != nil {
		return nil, err
	}
	q.Step, q.By = q.To.Sub(q.From), ByRoute
	pts, err := s.sum(ctx, q)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(pts, func(a, b Point) int {
		return cmp.Or(cmp.Compare(b.Requests, a.Requests), cmp.Compare(a.Route, b.Route))
	})
	return pts, nil
}
