package apikey

import (
	"context"
	"strings"

	"github.com/hive-platform/hive/internal/hive"
)

// maxCustomConcurrency bounds a custom plan's in-flight cap.
const maxCustomConcurrency = 10_000

// ParsePlan reads a plan name; "default" and "" are PlanDefault.
func ParsePlan(name string) (Plan, error) {
	switch p := Plan(strings.ToLower(strings.TrimSpace(name))); p {
	case PlanExplorer, PlanOperator, PlanSwarm, PlanCustom:
		return p, nil
	case "", "default":
		return PlanDefault, nil
	}
	return "", hive.FieldError("plan", "unknown plan %q; use explorer, operator, swarm, custom or default", name)
}

// SetPlan puts the tenant with slug on plan. A custom plan needs its own
// per-key rate limit and in-flight cap; the other plans take none. It is an
// operator's action, not a tenant's, so it takes no principal. Every node
// drops its cached keys (through OnInvalidateAll), so the new limits apply
// at once everywhere.
func (s *Service) SetPlan(ctx context.Context, slug string, plan Plan, perMinute, concurrency int) (*Tenant, error) {
	if err := validPlanLimits(plan, perMinute, concurrency); err != nil {
		return nil, err
	}
	t, err := s.store.TenantBySlug(ctx, strings.ToLower(slug))
	if err != nil {
		return nil, err
	}
	t.Plan, t.RateLimitPerMinute, t.ConcurrencyLimit = plan, perMinute, concurrency
	if err := s.store.UpdateTenant(ctx, t); err != nil {
		return nil, err
	}
	s.changedAll(ctx)
	return t, nil
}

func validPlanLimits(plan Plan, perMinute, concurrency int) error {
	if plan != PlanCustom {
		if perMinute != 0 || concurrency != 0 {
			return hive.FieldError("plan", "the %s plan sets its own limits; give a rate limit and concurrency only with the custom plan", orDefaultName(plan))
		}
		return nil
	}
	switch {
	case perMinute < 1 || perMinute > maxRateLimit:
		return hive.FieldError("rate_limit_per_minute", "the custom plan needs a rate limit from 1 to %d requests per minute", maxRateLimit)
	case concurrency < 1 || concurrency > maxCustomConcurrency:
		return hive.FieldError("concurrency_limit", "the custom plan needs a cap from 1 to %d requests in flight", maxCustomConcurrency)
	}
	return nil
}

func orDefaultName(p Plan) string {
	if p == PlanDefault {
		return "default"
	}
	return string(p)
}

// TenantOf returns the tenant p acts in.
func (s *Service) TenantOf(ctx context.Context, p *hive.Principal) (*Tenant, error) {
	return s.store.TenantByID(ctx, p.TenantID)
}
