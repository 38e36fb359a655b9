package console

import (
	"net/http"

	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/usage"
)

// privacyData is Settings → Privacy & Retention: the confidentiality
// thresholds and how long the API log is kept.
type privacyData struct {
	Privacy   *people.PrivacySettings
	Retention *usage.Settings
	// The forms' values as typed, shown again after an error.
	Threshold, CommentThreshold, RetentionDays string
	MinThreshold, MaxThreshold                 int
	MinRetention, MaxRetention                 int
	DefaultRetention                           int
}

// privacySettings handles "GET /console/settings/privacy".
func (c *Console) privacySettings(w http.ResponseWriter, r *http.Request, v *visit) error {
	return c.renderPrivacy(w, r, newView(w, r, v, "Privacy & Retention", "/console/settings/privacy"), http.StatusOK, &privacyData{})
}

func (c *Console) renderPrivacy(w http.ResponseWriter, r *http.Request, vw *view, status int, d *privacyData) error {
	var err error
	if d.Privacy, err = c.people.Privacy(r.Context(), vw.Visit.Principal); err != nil {
		return err
	}
	if d.Retention, err = c.usage.Settings(r.Context(), vw.Visit.Principal); err != nil {
		return err
	}
	d.MinThreshold, d.MaxThreshold = people.MinThreshold, people.MaxThreshold
	d.MinRetention, d.MaxRetention, d.DefaultRetention = usage.MinRetentionDays, usage.MaxRetentionDays, usage.DefaultRetentionDays
	vw.Data = d
	c.render(w, r, status, "privacy", vw)
	return nil
}

// updatePrivacy handles "POST /console/settings/privacy": both thresholds
// at once, checked together by the service.
func (c *Console) updatePrivacy(w http.ResponseWriter, r *http.Request, v *visit) error {
	d := &privacyData{Threshold: r.PostFormValue("threshold"), CommentThreshold: r.PostFormValue("comment_threshold")}
	var in people.PrivacyParams
	var err error
	if in.Threshold, err = number("threshold", d.Threshold); err == nil {
		in.CommentThreshold, err = number("comment_threshold", d.CommentThreshold)
	}
	if err == nil {
		_, err = c.people.SetPrivacy(r.Context(), v.Principal, in)
	}
	if err != nil {
		return c.settingsError(w, r, v, err, d)
	}
	return redirect(w, r, "/console/settings/privacy", "Confidentiality thresholds saved.")
}

// updateRetention handles "POST /console/settings/api-logs".
func (c *Console) updateRetention(w http.ResponseWriter, r *http.Request, v *visit) error {
	d := &privacyData{RetentionDays: r.PostFormValue("api_log_retention_days")}
	days, err := number("api_log_retention_days", d.RetentionDays)
	if err == nil {
		_, err = c.usage.UpdateSettings(r.Context(), v.Principal, *days)
	}
	if err != nil {
		return c.settingsError(w, r, v, err, d)
	}
	return redirect(w, r, "/console/settings/privacy", "API log retention saved.")
}

// settingsError shows the settings page again with err beside its field.
func (c *Console) settingsError(w http.ResponseWriter, r *http.Request, v *visit, err error, d *privacyData) error {
	vw := newView(w, r, v, "Privacy & Retention", "/console/settings/privacy")
	status, err := formError(vw, err)
	if err != nil {
		return err
	}
	return c.renderPrivacy(w, r, vw, status, d)
}
