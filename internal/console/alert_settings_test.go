package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/console"
)

// alertForm is the alert settings form as the page fills it by default.
func alertForm() url.Values {
	v := url.Values{"webhooks": {"all"}, "emails": {""}}
	for _, r := range alert.Rules() {
		v.Set(string(r)+".enabled", "on")
		if r.HasCooldown() {
			v.Set(string(r)+".cooldown_minutes", "60")
		}
	}
	v.Set("error_rate_spike.min_errors", "20")
	v.Set("error_rate_spike.rise_points", "10")
	v.Set("traffic_spike.multiple", "5")
	v.Set("traffic_spike.floor", "100")
	v.Set("rate_limit_repeated.count", "20")
	v.Set("key_expiring.days", "1, 7, 14")
	return v
}

func TestAlertSettingsPage(t *testing.T) {
	h := newHarness(t, console.Config{})
	b := h.browser()
	b.login(ownerEmail)
	mustContain(t, b.get("/console/alerts"), `href="/console/alerts/settings"`)
	mustContain(t, b.get("/console/alerts/settings"), `name="traffic_spike.multiple" min="2" max="1000" value="5"`,
		`name="key_expiring.days" value="1, 7, 14"`, "These are the defaults")

	bad := alertForm()
	bad.Set("traffic_spike.multiple", "1")
	if p := b.post("/console/alerts/settings", bad); p.StatusCode != http.StatusBadRequest ||
		!strings.Contains(p.Body, "rules.traffic_spike.multiple: must be from 2 to 1000") {
		t.Errorf("multiple 1: %d, want 400 naming the field and its range\n%s", p.StatusCode, p.Body)
	}
	good := alertForm()
	good.Del("new_client_ip.enabled")
	good.Set("traffic_spike.floor", "500")
	good.Set("emails", "ops@example.com\nsec@example.com")
	if p := b.post("/console/alerts/settings", good); p.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d, want 303\n%s", p.StatusCode, p.Body)
	}
	set, err := h.alerts.Settings(t.Context(), h.owner())
	if err != nil {
		t.Fatal(err)
	}
	if set.Rules[alert.RuleNewClientIP].Enabled || set.Rules[alert.RuleTrafficSpike].Floor != 500 || len(set.Channels.Emails) != 2 {
		t.Errorf("saved: %+v", set)
	}
	mustContain(t, b.get("/console/alerts/settings"), `name="traffic_spike.floor" min="1" max="10000000" value="500"`, "sec@example.com")
}
