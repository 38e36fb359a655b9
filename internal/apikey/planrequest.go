package apikey

import (
	"context"
	"strings"

	"github.com/hive-platform/hive/internal/hive"
)

// ActionPlanChangeRequested is audited when someone in a tenant asks the
// operator for another plan or higher limits. Operators find the requests
// in the audit trail; the tenant sees its own on the console's plan page.
const ActionPlanChangeRequested = "plan.change_requested"

// maxPlanRequestMessage bounds the free text of a plan request.
const maxPlanRequestMessage = 2000

// PlanRequest asks for another plan, a higher per-key rate limit, or both.
type PlanRequest struct {
	Plan               Plan   // the plan wanted; PlanDefault for "no change"
	RateLimitPerMinute int    // the per-key limit wanted; 0 for none stated
	Message            string // why, in the requester's words
}

// RequestPlanChange records p's request for another plan or higher limits
// as an audit event on the tenant. Plans themselves are set by the
// operator (SetPlan), never by the tenant.
func (s *Service) RequestPlanChange(ctx context.Context, p *hive.Principal, req PlanRequest) error {
	if p.UserID == "" {
		return hive.Errorf(hive.EFORBIDDEN, "Plan changes are requested by people signed in to the console, not by API keys.")
	}
	msg := strings.TrimSpace(req.Message)
	switch {
	case req.Plan != PlanDefault && req.Plan != PlanExplorer && req.Plan != PlanOperator && req.Plan != PlanSwarm && req.Plan != PlanCustom:
		return hive.FieldError("plan", "unknown plan %q; pick explorer, operator, swarm or custom", req.Plan)
	case req.RateLimitPerMinute < 0 || req.RateLimitPerMinute > maxRateLimit:
		return hive.FieldError("rate_limit_per_minute", "must be from 1 to %d requests per minute, or empty", maxRateLimit)
	case req.Plan == PlanDefault && req.RateLimitPerMinute == 0 && msg == "":
		return hive.FieldError("message", "say what you need: pick a plan, give a rate limit, or describe it here")
	case len([]rune(msg)) > maxPlanRequestMessage:
		return hive.FieldError("message", "must be at most %d characters", maxPlanRequestMessage)
	}
	t, err := s.store.TenantByID(ctx, p.TenantID)
	if err != nil {
		return err
	}
	details := map[string]any{"current_plan": orDefaultName(t.Plan), "message": msg}
	if req.Plan != PlanDefault {
		details["requested_plan"] = string(req.Plan)
	}
	if req.RateLimitPerMinute > 0 {
		details["requested_rate_limit_per_minute"] = req.RateLimitPerMinute
	}
	return s.audit(ctx, s.store, p, ActionPlanChangeRequested, "tenant", t.ID, details)
}
