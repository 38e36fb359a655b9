package apikey_test

import (
	"context"
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

func TestPlansSetKeyLimits(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	sa, _ := f.svc.CreateServiceAccount(ctx, f.owner, "plan", "")
	override := 7
	_, ownSecret, _ := f.svc.CreateKey(ctx, f.owner, apikey.KeyParams{Name: "own limit", ServiceAccountID: sa.ID, Preset: hive.PresetReadOnly, RateLimitPerMinute: &override})
	tests := []struct {
		plan             apikey.Plan
		perMin, conc     int
		wantRate, wantIn int // for the bootstrap key, which has no limit of its own
	}{
		{apikey.PlanDefault, 0, 0, 0, 0},
		{apikey.PlanExplorer, 0, 0, 60, 3},
		{apikey.PlanOperator, 0, 0, 300, 10},
		{apikey.PlanSwarm, 0, 0, 1000, 25},
		{apikey.PlanCustom, 5000, 40, 5000, 40},
	}
	for _, tc := range tests {
		t.Run(string(tc.plan)+" plan", func(t *testing.T) {
			if _, err := f.svc.SetPlan(ctx, "acme", tc.plan, tc.perMin, tc.conc); err != nil {
				t.Fatal(err)
			}
			p, err := f.svc.Authenticate(ctx, f.boot.Secret, "", localhost)
			if err != nil {
				t.Fatal(err)
			}
			if p.RateLimit != tc.wantRate || p.Concurrency != tc.wantIn {
				t.Errorf("limits = %d/min, %d in flight; want %d, %d", p.RateLimit, p.Concurrency, tc.wantRate, tc.wantIn)
			}
			p, _ = f.svc.Authenticate(ctx, ownSecret, "", localhost)
			if p.RateLimit != 7 || p.Concurrency != tc.wantIn {
				t.Errorf("key with its own limit: %d/min, %d in flight; want 7 and the plan's cap", p.RateLimit, p.Concurrency)
			}
		})
	}
}

func TestSetPlanValidates(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	for name, tc := range map[string]struct {
		plan       apikey.Plan
		perMin, in int
	}{
		"custom without numbers":  {apikey.PlanCustom, 0, 0},
		"custom without a cap":    {apikey.PlanCustom, 100, 0},
		"numbers on a fixed plan": {apikey.PlanSwarm, 100, 5},
	} {
		if _, err := f.svc.SetPlan(ctx, "acme", tc.plan, tc.perMin, tc.in); hive.ErrorCode(err) != hive.EINVALID {
			t.Errorf("%s: %v, want invalid_request", name, err)
		}
	}
	if _, err := f.svc.SetPlan(ctx, "nobody", apikey.PlanSwarm, 0, 0); hive.ErrorCode(err) != hive.ENOTFOUND {
		t.Errorf("unknown tenant: %v, want not_found", err)
	}
	if _, err := apikey.ParsePlan("platinum"); hive.ErrorCode(err) != hive.EINVALID {
		t.Errorf("ParsePlan(platinum) = %v", err)
	}
}

func TestSetPlanTellsOtherNodesToDropTheirCaches(t *testing.T) {
	f := newFixture(t)
	var all int
	svc := apikey.NewService(f.store, apikey.Config{BcryptCost: 4, Propagate: func(_ context.Context, hs [][32]byte) bool {
		if hs == nil {
			all++
		}
		return true
	}})
	ctx := context.Background()
	if _, err := svc.Authenticate(ctx, f.boot.Secret, "", localhost); err != nil {
		t.Fatal(err)
	}
	if n := svc.CachedKeys(); n != 1 {
		t.Fatalf("cache holds %d entries after one verification, want 1", n)
	}
	if _, err := svc.SetPlan(ctx, "acme", apikey.PlanExplorer, 0, 0); err != nil {
		t.Fatal(err)
	}
	if all != 1 || svc.CachedKeys() != 0 {
		t.Errorf("after a plan change: Propagate(all) called %d times, %d cached entries; want 1 and 0", all, svc.CachedKeys())
	}
	if _, err := svc.SetPlan(ctx, "acme", apikey.PlanCustom, 0, 0); err == nil || all != 1 {
		t.Errorf("a refused plan change: %v, Propagate(all) called %d times; want an error and no call", err, all)
	}
}
