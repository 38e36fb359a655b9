package console

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
)

// doorData is Settings → External Door API.
type doorData struct {
	Settings *door.Settings
	BaseURL  string
	Keys     []*keyRow // keys that may call the Door API
}

// doorSettings handles "GET /console/settings/door".
func (c *Console) doorSettings(w http.ResponseWriter, r *http.Request, v *visit) error {
	return c.renderDoor(w, r, newView(w, r, v, "External Door API", "/console/settings/door"), http.StatusOK)
}

func (c *Console) renderDoor(w http.ResponseWriter, r *http.Request, vw *view, status int) error {
	p := vw.Visit.Principal
	st, err := c.doors.Settings(r.Context(), p)
	if err != nil {
		return err
	}
	rows, err := c.keyRows(r, p, apikey.KeyFilter{})
	if err != nil {
		return err
	}
	d := doorData{Settings: st, BaseURL: c.baseURL(r) + "/door/" + st.Token + "/"}
	for _, k := range rows {
		if hive.NewScopes(k.Permissions...).Has(hive.ScopeDoorAccess) {
			d.Keys = append(d.Keys, k)
		}
	}
	vw.Data = d
	c.render(w, r, status, "door", vw)
	return nil
}

// baseURL is the scheme and host the browser reached us at.
func (c *Console) baseURL(r *http.Request) string {
	if c.overTLS(r) {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// updateDoorSettings handles "POST /console/settings/door". Unticked boxes
// are absent from a posted form, so every toggle is set from the form.
func (c *Console) updateDoorSettings(w http.ResponseWriter, r *http.Request, v *visit) error {
	on := func(name string) *bool { b := r.PostFormValue(name) == "on"; return &b }
	u := door.SettingsUpdate{Enabled: on("enabled"), UsersEndpointEnabled: on("users_endpoint_enabled"),
		ExposeEmail: on("expose_email"), ExposePhone: on("expose_phone")}
	region := r.PostFormValue("default_phone_region")
	u.DefaultPhoneRegion = &region
	var err error
	if u.ReentryWindow, err = seconds("reentry_window_seconds", r.PostFormValue("reentry_window_seconds")); err == nil {
		u.GraceDays, err = number("grace_days", r.PostFormValue("grace_days"))
	}
	if err == nil {
		_, err = c.doors.UpdateSettings(r.Context(), v.Principal, u)
	}
	if err != nil {
		vw := newView(w, r, v, "External Door API", "/console/settings/door")
		status, err := formError(vw, err)
		if err != nil {
			return err
		}
		return c.renderDoor(w, r, vw, status)
	}
	return redirect(w, r, "/console/settings/door", "Door API settings saved.")
}

func number(field, s string) (*int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return nil, hive.FieldError(field, "must be a whole number")
	}
	return &n, nil
}

func seconds(field, s string) (*time.Duration, error) {
	n, err := number(field, s)
	if err != nil {
		return nil, err
	}
	d := time.Duration(*n) * time.Second
	return &d, nil
}
