package manage

import (
	"net/http"
	"time"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// getAlertSettings handles "GET /v1/settings/alerts".
func (s *API) getAlertSettings(w http.ResponseWriter, r *http.Request) error {
	if err := s.alertsOn(); err != nil {
		return err
	}
	set, err := s.alerts.Settings(r.Context(), edge.Principal(r))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newAlertSettings(set))
}

// updateAlertSettings handles "PUT /v1/settings/alerts". Rules and fields
// left out are kept.
func (s *API) updateAlertSettings(w http.ResponseWriter, r *http.Request) error {
	if err := s.alertsOn(); err != nil {
		return err
	}
	var req api.AlertSettingsRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	set, err := s.alerts.UpdateSettings(r.Context(), edge.Principal(r), alertSettingsUpdate(req))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newAlertSettings(set))
}

func alertSettingsUpdate(req api.AlertSettingsRequest) alert.SettingsUpdate {
	u := alert.SettingsUpdate{Rules: map[string]alert.RuleUpdate{}}
	for name, ru := range req.Rules {
		u.Rules[name] = alert.RuleUpdate{Enabled: ru.Enabled, CooldownMinutes: ru.CooldownMinutes, MinErrors: ru.MinErrors,
			RisePoints: ru.RisePoints, Multiple: ru.Multiple, Floor: ru.Floor, Count: ru.Count, Days: ru.Days}
	}
	if c := req.Channels; c != nil {
		u.Webhooks, u.WebhookIDs, u.Emails = c.Webhooks, c.WebhookIDs, c.Emails
	}
	return u
}

// newAlertSettings is the wire view of set.
func newAlertSettings(set *alert.Settings) api.AlertSettings {
	out := api.AlertSettings{Object: "alert_settings", Rules: map[string]api.AlertRuleSettings{},
		Channels: api.AlertChannels{Console: true, Webhooks: set.Channels.Webhooks,
			WebhookIDs: orEmpty(set.Channels.WebhookIDs), Emails: orEmpty(set.Channels.Emails)}}
	for _, r := range alert.Rules() {
		rs := set.Rules[r]
		w := api.AlertRuleSettings{Enabled: rs.Enabled, Days: rs.Days}
		if r.HasCooldown() {
			w.CooldownMinutes = intPtr(int(rs.Cooldown / time.Minute))
		}
		switch r {
		case alert.RuleErrorRateSpike:
			w.MinErrors, w.RisePoints = intPtr(rs.MinErrors), intPtr(rs.RisePoints)
		case alert.RuleTrafficSpike:
			w.Multiple, w.Floor = intPtr(rs.Multiple), intPtr(rs.Floor)
		case alert.RuleRateLimitRepeated:
			w.Count = intPtr(rs.Count)
		}
		out.Rules[string(r)] = w
	}
	if !set.UpdatedAt.IsZero() {
		out.UpdatedAt = &set.UpdatedAt
	}
	return out
}

func intPtr(n int) *int { return &n }

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
