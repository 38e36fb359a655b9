package console

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/hive-platform/hive/internal/apikey"
)

// keyPolicyData is Settings → Key policy: the policy as saved, and the
// form's values as typed, shown again after an error.
type keyPolicyData struct {
	Policy *apikey.KeyPolicy
	Form   *keyPolicyForm
}

// keyPolicyForm holds the form's fields as text; an empty number is "no
// limit" or "never".
type keyPolicyForm struct {
	MaxLifetimeDays, DisableUnusedAfterDays, UnusedWarningDays string
	AllowNeverExpiring, AdminKeysRequireIPAllowlist            bool
}

// keyPolicyPage handles "GET /console/settings/key-policy".
func (c *Console) keyPolicyPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	return c.renderKeyPolicy(w, r, newView(w, r, v, "Key Policy", "/console/settings/key-policy"), http.StatusOK, nil)
}

func (c *Console) renderKeyPolicy(w http.ResponseWriter, r *http.Request, vw *view, status int, f *keyPolicyForm) error {
	pol, err := c.keys.KeyPolicy(r.Context(), vw.Visit.Principal)
	if err != nil {
		return err
	}
	if f == nil {
		f = &keyPolicyForm{MaxLifetimeDays: optNumber(pol.MaxLifetimeDays), DisableUnusedAfterDays: optNumber(pol.DisableUnusedAfterDays),
			AllowNeverExpiring: pol.AllowNeverExpiring, AdminKeysRequireIPAllowlist: pol.AdminKeysRequireIPAllowlist}
		if pol.DisableUnusedAfterDays != nil {
			f.UnusedWarningDays = strconv.Itoa(pol.UnusedWarningDays)
		}
	}
	vw.Data = &keyPolicyData{Policy: pol, Form: f}
	c.render(w, r, status, "keypolicy", vw)
	return nil
}

// updateKeyPolicy handles "POST /console/settings/key-policy": the whole
// policy, validated by the service as PUT /v1/settings/key-policy is.
func (c *Console) updateKeyPolicy(w http.ResponseWriter, r *http.Request, v *visit) error {
	f := &keyPolicyForm{MaxLifetimeDays: r.PostFormValue("max_lifetime_days"), DisableUnusedAfterDays: r.PostFormValue("disable_unused_after_days"),
		UnusedWarningDays: r.PostFormValue("unused_warning_days"), AllowNeverExpiring: r.PostFormValue("allow_never_expiring") == "on",
		AdminKeysRequireIPAllowlist: r.PostFormValue("admin_keys_require_ip_allowlist") == "on"}
	u := apikey.KeyPolicyUpdate{AllowNeverExpiring: f.AllowNeverExpiring, AdminKeysRequireIPAllowlist: f.AdminKeysRequireIPAllowlist}
	var err error
	if u.MaxLifetimeDays, err = optionalNumber("max_lifetime_days", f.MaxLifetimeDays); err == nil {
		if u.DisableUnusedAfterDays, err = optionalNumber("disable_unused_after_days", f.DisableUnusedAfterDays); err == nil {
			u.UnusedWarningDays, err = optionalNumber("unused_warning_days", f.UnusedWarningDays)
		}
	}
	if err == nil {
		_, err = c.keys.SetKeyPolicy(r.Context(), v.Principal, u)
	}
	if err != nil {
		vw := newView(w, r, v, "Key Policy", "/console/settings/key-policy")
		status, err := formError(vw, err)
		if err != nil {
			return err
		}
		return c.renderKeyPolicy(w, r, vw, status, f)
	}
	return redirect(w, r, "/console/settings/key-policy", "Key policy saved. It applies to keys from their next change, and to unused keys at the next scan.")
}

// disableKey handles "POST /console/keys/{id}/disable".
func (c *Console) disableKey(w http.ResponseWriter, r *http.Request, v *visit) error {
	k, err := c.keys.DisableKey(r.Context(), v.Principal, r.PathValue("id"))
	if err != nil {
		return err
	}
	return redirect(w, r, "/console/keys/"+k.ID, "API key "+k.Name+" ("+k.Hint+") disabled. Requests with it are refused until you enable it.")
}

// enableKey handles "POST /console/keys/{id}/enable".
func (c *Console) enableKey(w http.ResponseWriter, r *http.Request, v *visit) error {
	k, err := c.keys.EnableKey(r.Context(), v.Principal, r.PathValue("id"))
	if err != nil {
		return err
	}
	return redirect(w, r, "/console/keys/"+k.ID, "API key "+k.Name+" ("+k.Hint+") enabled.")
}

// optionalNumber reads a whole number, or nil from an empty field.
func optionalNumber(field, s string) (*int, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	return number(field, s)
}

func optNumber(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}
