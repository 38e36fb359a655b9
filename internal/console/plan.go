package console

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// planChoice is one plan as the plan page compares them.
type planChoice struct {
	Plan        apikey.Plan
	Label       string
	PerMinute   int // 0: the server's default
	Concurrency int // 0: no cap
}

// planChoices are the plans a tenant may ask for, smallest first; their
// numbers come from the plans themselves.
func planChoices() []planChoice {
	var out []planChoice
	for _, p := range []apikey.Plan{apikey.PlanExplorer, apikey.PlanOperator, apikey.PlanSwarm} {
		per, conc := (&apikey.Tenant{Plan: p}).Limits()
		out = append(out, planChoice{Plan: p, Label: planLabel(p), PerMinute: per, Concurrency: conc})
	}
	return append(out, planChoice{Plan: apikey.PlanCustom, Label: planLabel(apikey.PlanCustom)})
}

func planLabel(p apikey.Plan) string {
	if p == apikey.PlanDefault {
		return "Standard"
	}
	return strings.ToUpper(string(p[:1])) + string(p[1:])
}

// planData is Settings → Plan & Limits.
type planData struct {
	Current     planChoice
	Choices     []planChoice
	Requests    []*apikey.AuditEvent // this tenant's earlier requests, newest first
	CanRequest  bool
	Form        planRequestForm
	Names       map[string]string
	SupportNote string
}

// planRequestForm is the request form as typed.
type planRequestForm struct {
	Plan, RateLimit, Message string
}

// plan handles "GET /console/settings/plan": the tenant's plan, the
// per-key limits it sets, and how to ask for more.
func (c *Console) plan(w http.ResponseWriter, r *http.Request, v *visit) error {
	return c.renderPlan(w, r, newView(w, r, v, "Plan & Limits", "/console/settings/plan"), http.StatusOK, planRequestForm{})
}

func (c *Console) renderPlan(w http.ResponseWriter, r *http.Request, vw *view, status int, f planRequestForm) error {
	p := vw.Visit.Principal
	t, err := c.keys.TenantOf(r.Context(), p)
	if err != nil {
		return err
	}
	per, conc := t.Limits()
	if per == 0 {
		per = c.defaultRate
	}
	d := &planData{Current: planChoice{Plan: t.Plan, Label: planLabel(t.Plan), PerMinute: per, Concurrency: conc},
		Choices: planChoices(), CanRequest: p.Permissions.Has(hive.ScopeAdminWrite), Form: f}
	if p.Permissions.Has(hive.ScopeAdminRead) {
		action := apikey.ActionPlanChangeRequested
		if d.Requests, _, err = c.keys.AuditEvents(r.Context(), p, apikey.AuditFilter{Action: &action, Page: apikey.Page{Limit: 10}}); err != nil {
			return err
		}
		if d.Names, err = c.actorNames(r.Context(), p); err != nil {
			return err
		}
	}
	vw.Data = d
	c.render(w, r, status, "plan", vw)
	return nil
}

// requestPlan handles "POST /console/settings/plan/request": records the
// request on the tenant's audit trail and in the operator's log, since the
// operator sets plans.
func (c *Console) requestPlan(w http.ResponseWriter, r *http.Request, v *visit) error {
	f := planRequestForm{Plan: r.PostFormValue("plan"), RateLimit: strings.TrimSpace(r.PostFormValue("rate_limit_per_minute")),
		Message: r.PostFormValue("message")}
	req := apikey.PlanRequest{Plan: apikey.Plan(f.Plan), Message: f.Message}
	var err error
	if f.RateLimit != "" {
		if req.RateLimitPerMinute, err = strconv.Atoi(f.RateLimit); err != nil || req.RateLimitPerMinute < 1 {
			err = hive.FieldError("rate_limit_per_minute", "must be a whole number of requests per minute, or empty")
		}
	}
	if err == nil {
		err = c.keys.RequestPlanChange(r.Context(), v.Principal, req)
	}
	if err != nil {
		vw := newView(w, r, v, "Plan & Limits", "/console/settings/plan")
		status, err := formError(vw, err)
		if err != nil {
			return err
		}
		return c.renderPlan(w, r, vw, status, f)
	}
	// The operator sets plans; their process log is where they hear of it.
	c.log.Info("plan change requested", "tenant", v.Tenant.Slug, "user", v.User.Email,
		"plan", string(req.Plan), "rate_limit_per_minute", req.RateLimitPerMinute)
	return redirect(w, r, "/console/settings/plan", "Request sent. The Hive team will contact "+v.User.Email+" about it; it is listed below until then.")
}
