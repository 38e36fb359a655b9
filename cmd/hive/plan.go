package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
	"github.com/hive-platform/hive/internal/hive"
)

// runPlan runs "hive plan": an operator puts a tenant on a plan, which sets
// the default rate limit and in-flight cap of its keys. It writes to the
// database directly and tells the running servers, over Redis or PostgreSQL
// notifications, to drop their cached keys, so the new limits apply at once.
func runPlan(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "plan", "--tenant SLUG --plan explorer|operator|swarm|custom|default [--rate-limit N --concurrency N] [--database URL]")
	slug := fs.String("tenant", "", "the tenant's slug (required)")
	name := fs.String("plan", "", "explorer (60/min, 3 in flight), operator (300, 10), swarm (1000, 25), custom or default (required)")
	perMin := fs.Int("rate-limit", 0, "requests per minute per key, for the custom plan")
	conc := fs.Int("concurrency", 0, "requests in flight per key, for the custom plan")
	config := serverFlags(e, fs, false)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *slug == "" || *name == "" || fs.NArg() > 0 {
		fs.Usage()
		return &exitError{2, errors.New("--tenant and --plan are required")}
	}
	plan, err := apikey.ParsePlan(*name)
	if err != nil {
		return &exitError{2, errors.New(hive.ErrorMessage(err))}
	}
	var t *apikey.Tenant
	var cfg app.Config
	fctx, fleet := hive.WithFleetReport(ctx)
	err = withKeyService(ctx, config, func(c app.Config, svc *apikey.Service) error {
		var err error
		cfg = c
		t, err = svc.SetPlan(fctx, *slug, plan, *perMin, *conc)
		return operatorError(err, map[string]string{hive.ENOTFOUND: fmt.Sprintf("no tenant %q", *slug)})
	})
	if err != nil {
		return err
	}
	if _, confirmed := fleet.Outcome(); !confirmed {
		fmt.Fprintln(e.stderr, "hive: a running server did not confirm within 1s that it dropped its cached keys; it checks keys in the database until it catches up.")
	}
	rate, inFlight := t.Limits()
	if rate == 0 {
		fmt.Fprintf(e.stdout, "Tenant %s is on the default plan: %d requests per minute per key (HIVE_DEFAULT_RATE_LIMIT) and no cap on requests in flight.\n", t.Slug, cfg.DefaultRateLimit)
		return nil
	}
	fmt.Fprintf(e.stdout, "Tenant %s is on the %s plan: %d requests per minute and %d in flight per key, unless a key has its own rate limit.\n",
		t.Slug, t.Plan, rate, inFlight)
	return nil
}
