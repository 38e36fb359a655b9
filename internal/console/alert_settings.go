package console

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/webhook"
)

// alertSettingsData is Alerts → Alert settings.
type alertSettingsData struct {
	Rules     []alertRuleRow
	Channels  alert.Channels
	Webhooks  []*webhook.Endpoint
	Emails    string // one address per line
	MaxEmails int
	Saved     bool // the tenant saved its own settings
}

// alertRuleRow is one rule's line of the form. Inputs are named
// "<rule>.<setting>", as the API's field names end.
type alertRuleRow struct {
	Rule       alert.Rule
	Enabled    bool
	Cooldown   string // minutes; empty for rules without a cooldown
	Thresholds []alertThreshold
}

type alertThreshold struct {
	Name, Label, Value string
	Min, Max           int
}

// alertSettings handles "GET /console/alerts/settings".
func (c *Console) alertSettings(w http.ResponseWriter, r *http.Request, v *visit) error {
	set, err := c.alerts.Settings(r.Context(), v.Principal)
	if err != nil {
		return err
	}
	return c.renderAlertSettings(w, r, newView(w, r, v, "Alert settings", "/console/alerts"), http.StatusOK, set)
}

func (c *Console) renderAlertSettings(w http.ResponseWriter, r *http.Request, vw *view, status int, set *alert.Settings) error {
	d := &alertSettingsData{Channels: set.Channels, Emails: strings.Join(set.Channels.Emails, "\n"),
		MaxEmails: alert.MaxEmails, Saved: !set.UpdatedAt.IsZero()}
	if c.webhooks != nil {
		var err error
		if d.Webhooks, _, err = c.webhooks.ListEndpoints(r.Context(), vw.Visit.Principal, webhook.Page{Limit: alert.MaxWebhookIDs}); err != nil {
			return err
		}
	}
	for _, rule := range alert.Rules() {
		rs := set.Rules[rule]
		row := alertRuleRow{Rule: rule, Enabled: rs.Enabled}
		if rule.HasCooldown() {
			row.Cooldown = strconv.Itoa(int(rs.Cooldown / time.Minute))
		}
		row.Thresholds = thresholdsOf(rule, rs)
		d.Rules = append(d.Rules, row)
	}
	vw.Data = d
	c.render(w, r, status, "alert_settings", vw)
	return nil
}

// thresholdsOf lists the thresholds of rule with their values in rs.
func thresholdsOf(rule alert.Rule, rs alert.RuleSettings) []alertThreshold {
	n := strconv.Itoa
	switch rule {
	case alert.RuleErrorRateSpike:
		return []alertThreshold{{"min_errors", "Errors in 5 minutes, at least", n(rs.MinErrors), 1, 100_000},
			{"rise_points", "Error share rise, percentage points", n(rs.RisePoints), 1, 100}}
	case alert.RuleTrafficSpike:
		return []alertThreshold{{"multiple", "Times the hour's mean", n(rs.Multiple), 2, 1000},
			{"floor", "Requests in 5 minutes, at least", n(rs.Floor), 1, 10_000_000}}
	case alert.RuleRateLimitRepeated:
		return []alertThreshold{{"count", "Refusals in 10 minutes", n(rs.Count), 1, 100_000}}
	case alert.RuleKeyExpiring:
		days := make([]string, len(rs.Days))
		for i, d := range rs.Days {
			days[i] = n(d)
		}
		return []alertThreshold{{"days", "Days before expiry (comma-separated)", strings.Join(days, ", "), 0, 0}}
	}
	return nil
}

// updateAlertSettings handles "POST /console/alerts/settings": the whole
// form at once, checked by the engine as PUT /v1/settings/alerts is.
func (c *Console) updateAlertSettings(w http.ResponseWriter, r *http.Request, v *visit) error {
	u, err := alertSettingsForm(r)
	if err == nil {
		_, err = c.alerts.UpdateSettings(r.Context(), v.Principal, u)
	}
	if err == nil {
		return redirect(w, r, "/console/alerts/settings", "Alert settings saved.")
	}
	if hive.ErrorCode(err) != hive.EINVALID {
		return err
	}
	// The form comes back with the saved settings and the error, which
	// names the rule and setting, on top.
	vw := newView(w, r, v, "Alert settings", "/console/alerts")
	vw.Error = hive.ErrorMessage(err)
	set, serr := c.alerts.Settings(r.Context(), v.Principal)
	if serr != nil {
		return serr
	}
	return c.renderAlertSettings(w, r, vw, statusOf(err), set)
}

// alertSettingsForm reads the form into an update of every rule and
// channel.
func alertSettingsForm(r *http.Request) (alert.SettingsUpdate, error) {
	u := alert.SettingsUpdate{Rules: map[string]alert.RuleUpdate{}}
	for _, rule := range alert.Rules() {
		name := string(rule)
		on := r.PostFormValue(name+".enabled") == "on"
		ru := alert.RuleUpdate{Enabled: &on}
		var err error
		if rule.HasCooldown() {
			if ru.CooldownMinutes, err = number("rules."+name+".cooldown_minutes", r.PostFormValue(name+".cooldown_minutes")); err != nil {
				return u, err
			}
		}
		for _, t := range thresholdsOf(rule, alert.RuleSettings{}) {
			field, raw := "rules."+name+"."+t.Name, r.PostFormValue(name+"."+t.Name)
			if t.Name == "days" {
				days, err := dayList(field, raw)
				if err != nil {
					return u, err
				}
				ru.Days = &days
				continue
			}
			n, err := number(field, raw)
			if err != nil {
				return u, err
			}
			*thresholdField(&ru, t.Name) = n
		}
		u.Rules[name] = ru
	}
	mode := r.PostFormValue("webhooks")
	ids := r.PostForm["webhook_ids"]
	emails := strings.FieldsFunc(r.PostFormValue("emails"), func(c rune) bool { return c == '\n' || c == '\r' || c == ',' || c == ' ' })
	u.Webhooks, u.WebhookIDs, u.Emails = &mode, &ids, &emails
	return u, nil
}

func thresholdField(ru *alert.RuleUpdate, name string) **int {
	switch name {
	case "min_errors":
		return &ru.MinErrors
	case "rise_points":
		return &ru.RisePoints
	case "multiple":
		return &ru.Multiple
	case "floor":
		return &ru.Floor
	}
	return &ru.Count
}

func dayList(field, s string) ([]int, error) {
	var out []int
	for _, part := range strings.FieldsFunc(s, func(c rune) bool { return c == ',' || c == ' ' }) {
		n, err := number(field, part)
		if err != nil {
			return nil, hive.FieldError(field, "give whole numbers of days separated by commas, such as 1, 7, 14")
		}
		out = append(out, *n)
	}
	return out, nil
}
