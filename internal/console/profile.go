package console

import (
	"net/http"

	"github.com/hive-platform/hive/internal/apikey"
)

// profileData is My Profile → API Info.
type profileData struct {
	Tab string      // "api" for API Info, "" for the profile itself
	Key *apikey.Key // the live personal key, if any
}

// profile handles "GET /console/profile?tab=": the profile, or with
// tab=api the API Info tab, where the personal key is generated.
func (c *Console) profile(w http.ResponseWriter, r *http.Request, v *visit) error {
	return c.renderProfile(w, r, newView(w, r, v, "My Profile", "/console/profile"), http.StatusOK, r.URL.Query().Get("tab"))
}

func (c *Console) renderProfile(w http.ResponseWriter, r *http.Request, vw *view, status int, tab string) error {
	kind, live := apikey.KindPersonal, apikey.StatusActive
	keys, _, err := c.keys.ListKeys(r.Context(), vw.Visit.Principal,
		apikey.KeyFilter{UserID: &vw.Visit.User.ID, Kind: &kind, Status: &live, Page: apikey.Page{Limit: 1}})
	if err != nil {
		return err
	}
	d := profileData{Tab: tab}
	if tab != "api" {
		d.Tab = ""
	}
	if len(keys) > 0 {
		d.Key = keys[0]
	}
	vw.Data = d
	c.render(w, r, status, "profile", vw)
	return nil
}

// generatePersonalKey handles "POST /console/profile/api-key": a new
// personal key, revoking the old one. The secret is shown once, beside the
// User ID every request with it must carry.
func (c *Console) generatePersonalKey(w http.ResponseWriter, r *http.Request, v *visit) error {
	_, secret, err := c.keys.GeneratePersonalKey(r.Context(), v.Principal, "", nil)
	if err != nil {
		return err
	}
	vw := newView(w, r, v, "My Profile", "/console/profile")
	vw.Secret = &shownSecret{Title: "Your personal API key", Label: "API key", Value: secret, Warning: keyWarning,
		Extra: v.User.ID, ReplaceURL: "/console/profile?tab=api"}
	return c.renderProfile(w, r, vw, http.StatusCreated, "api")
}
