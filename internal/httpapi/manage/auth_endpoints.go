package manage

import (
	"net/http"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// verify handles "GET /v1/auth/verify": what the presented key is and may do,
// with the live rate-limit numbers.
func (s *API) verify(w http.ResponseWriter, r *http.Request) error {
	return edge.WriteVerificationOf(w, edge.Principal(r), edge.RateLimitResult(r))
}

// permissions handles "GET /v1/permissions": the scope catalogue and presets.
func (s *API) permissions(w http.ResponseWriter, r *http.Request) error {
	var out api.Permissions
	for _, c := range hive.Catalogue {
		out.Permissions = append(out.Permissions, api.Permission{Scope: string(c.Scope), Group: c.Group, Description: c.Description})
	}
	for _, name := range hive.Presets() {
		scopes, _ := hive.PresetScopes(name)
		out.Presets = append(out.Presets, api.Preset{Name: name, Permissions: scopeStrings(scopes)})
	}
	return edge.WriteJSON(w, http.StatusOK, out)
}

// listAuditEvents handles "GET /v1/audit-events".
func (s *API) listAuditEvents(w http.ResponseWriter, r *http.Request) error {
	page, limit, err := edge.PageOf(r)
	if err != nil {
		return err
	}
	f := apikey.AuditFilter{Page: page}
	if v := r.URL.Query().Get("target_id"); v != "" {
		f.TargetID = &v
	}
	if v := r.URL.Query().Get("action"); v != "" {
		f.Action = &v
	}
	events, total, err := s.keys.AuditEvents(r.Context(), edge.Principal(r), f)
	if err != nil {
		return err
	}
	events, more := edge.TrimPage(events, limit)
	return edge.WriteJSON(w, http.StatusOK, edge.NewList(events, total, more, newAuditEvent,
		func(e *apikey.AuditEvent) string { return e.ID }))
}

// getTenant handles "GET /v1/tenant": the caller's tenant, its plan and the
// default limits of its keys.
func (s *API) getTenant(w http.ResponseWriter, r *http.Request) error {
	t, err := s.keys.TenantOf(r.Context(), edge.Principal(r))
	if err != nil {
		return err
	}
	perMin, conc := t.Limits()
	if perMin == 0 {
		perMin = s.defaultRateLimit
	}
	plan := string(t.Plan)
	if plan == "" {
		plan = "default"
	}
	return edge.WriteJSON(w, http.StatusOK, api.Tenant{ID: t.ID, Slug: t.Slug, Name: t.Name, Plan: plan,
		RateLimitPerMinute: perMin, ConcurrencyLimit: optInt(conc), AllowNonExpiringKeys: t.AllowNonExpiringKeys})
}

func optInt(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}
