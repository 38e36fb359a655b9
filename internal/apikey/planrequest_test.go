package apikey_test

import (
	"context"
	"strings"
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

func TestRequestPlanChangeIsAudited(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for name, tc := range map[string]struct {
		req   apikey.PlanRequest
		field string
	}{
		"nothing asked":           {apikey.PlanRequest{Message: "  "}, "message"},
		"unknown plan":            {apikey.PlanRequest{Plan: "platinum"}, "plan"},
		"negative limit":          {apikey.PlanRequest{RateLimitPerMinute: -1}, "rate_limit_per_minute"},
		"message past 2000 runes": {apikey.PlanRequest{Message: strings.Repeat("é", 2001)}, "message"},
	} {
		err := f.svc.RequestPlanChange(ctx, f.owner, tc.req)
		if field, _ := hive.ErrorDetails(err)["field"].(string); hive.ErrorCode(err) != hive.EINVALID || field != tc.field {
			t.Errorf("%s: %v, want invalid_request on %s", name, err, tc.field)
		}
	}
	keyHolder := &hive.Principal{TenantID: f.owner.TenantID, KeyID: f.boot.Key.ID}
	if err := f.svc.RequestPlanChange(ctx, keyHolder, apikey.PlanRequest{Message: "more"}); hive.ErrorCode(err) != hive.EFORBIDDEN {
		t.Errorf("request with an API key: %v, want forbidden", err)
	}
	if err := f.svc.RequestPlanChange(ctx, f.owner, apikey.PlanRequest{Plan: apikey.PlanSwarm, RateLimitPerMinute: 900, Message: "BI refresh"}); err != nil {
		t.Fatal(err)
	}
	action := apikey.ActionPlanChangeRequested
	events, _, err := f.svc.AuditEvents(ctx, f.owner, apikey.AuditFilter{Action: &action, Page: apikey.Page{Limit: 10}})
	if err != nil || len(events) != 1 {
		t.Fatalf("audit: %d events, %v; want the one valid request", len(events), err)
	}
	e := events[0]
	if e.ActorID != f.boot.Owner.ID || e.TargetID != f.boot.Tenant.ID || e.Details["requested_plan"] != "swarm" ||
		e.Details["current_plan"] != "default" || e.Details["message"] != "BI refresh" {
		t.Errorf("audited %+v", e)
	}
}
