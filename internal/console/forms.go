package console

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/people"
)

// keyForm is the create and edit form of a key, as typed, so that a form
// shown again after an error keeps what the user entered.
type keyForm struct {
	ID               string // empty when creating
	Name             string
	ServiceAccountID string
	Preset           string   // a preset name, or "custom" for the checkboxes
	Permissions      []string // the checked scopes
	DoorsMode        string   // "all" or "specific"
	Doors            []string
	SurveysMode      string // "all" or "specific"
	Surveys          []string
	ExpiresAt        string // yyyy-mm-dd
	NeverExpires     bool
	IPAllowlist      string // one entry per line
	RateLimit        string
	AllowQueryKey    bool // the key may come as ?api_key= on Open API reads

	// Key is the key being edited, shown beside the form.
	Key *keyRow

	// What the form offers.
	Accounts    []*apikey.ServiceAccount
	AllDoors    []*door.Door
	AllSurveys  []*people.Survey
	Groups      []scopeGroup
	Presets     []string
	AllowNever  bool
	GracePeriod []gracePeriod
}

// scopeGroup is one resource's scopes in the permissions picker.
type scopeGroup struct {
	Name   string
	Scopes []hive.ScopeInfo
}

// gracePeriod is a choice of how long a rotated key keeps working.
type gracePeriod struct {
	Seconds int
	Label   string
}

var gracePeriods = []gracePeriod{{0, "End it now"}, {3600, "1 hour"}, {86400, "24 hours"}, {604800, "7 days"}}

// groupLabels names the catalogue's groups for people.
var groupLabels = map[string]string{"open_api": "Open API (surveys and people)", "door_api": "Door Access API", "admin": "Administration"}

// scopeGroups returns the catalogue grouped, in catalogue order.
func scopeGroups() []scopeGroup {
	var out []scopeGroup
	for _, s := range hive.Catalogue {
		if len(out) == 0 || out[len(out)-1].Name != groupLabels[s.Group] {
			out = append(out, scopeGroup{Name: groupLabels[s.Group]})
		}
		g := &out[len(out)-1]
		g.Scopes = append(g.Scopes, s)
	}
	return out
}

// doorScopes are what a door controller's key needs, and what the door
// settings page preselects.
var doorScopes = []string{string(hive.ScopeDoorAccess), string(hive.ScopeDoorUsersRead), string(hive.ScopeDoorsRead)}

// readKeyForm reads the posted form.
func readKeyForm(r *http.Request) *keyForm {
	r.ParseForm()
	f := &keyForm{
		Name: r.PostFormValue("name"), ServiceAccountID: r.PostFormValue("service_account_id"),
		Preset: r.PostFormValue("preset"), Permissions: r.PostForm["permissions"],
		DoorsMode: r.PostFormValue("doors_mode"), Doors: r.PostForm["doors"],
		SurveysMode: r.PostFormValue("surveys_mode"), Surveys: r.PostForm["surveys"],
		ExpiresAt: r.PostFormValue("expires_at"), NeverExpires: r.PostFormValue("never_expires") == "on",
		IPAllowlist: r.PostFormValue("ip_allowlist"), RateLimit: r.PostFormValue("rate_limit_per_minute"),
		AllowQueryKey: r.PostFormValue("allow_query_key") == "on",
	}
	return f
}

// scopes returns the permissions or the preset the form chose.
func (f *keyForm) scopes() (perms []string, preset string) {
	if f.Preset != "" && f.Preset != "custom" {
		return nil, f.Preset
	}
	return f.Permissions, ""
}

func (f *keyForm) resources() *hive.Resources {
	res := &hive.Resources{}
	if f.DoorsMode == "specific" {
		res.Doors = append([]string{}, f.Doors...)
	}
	if f.SurveysMode == "specific" {
		res.Surveys = append([]string{}, f.Surveys...)
	}
	return res
}

// expiry reads the date as the end of that day in UTC, so a key set to
// expire "on" a date works throughout it.
func (f *keyForm) expiry() (*time.Time, error) {
	if f.NeverExpires {
		return nil, nil
	}
	d, err := time.Parse("2006-01-02", strings.TrimSpace(f.ExpiresAt))
	if err != nil {
		return nil, hive.FieldError("expires_at", "pick a date, such as %s", time.Now().AddDate(0, 0, 90).Format("2006-01-02"))
	}
	end := d.Add(24*time.Hour - time.Second)
	return &end, nil
}

func (f *keyForm) allowlist() []string {
	return strings.FieldsFunc(f.IPAllowlist, func(r rune) bool { return r == '\n' || r == ',' || r == ' ' || r == '\r' })
}

func (f *keyForm) rateLimit() (*int, error) {
	s := strings.TrimSpace(f.RateLimit)
	if s == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return nil, hive.FieldError("rate_limit_per_minute", "must be a whole number of requests per minute, or empty for the plan's default")
	}
	return &n, nil
}

// params turns the form into the domain's create parameters.
func (f *keyForm) params() (apikey.KeyParams, error) {
	perms, preset := f.scopes()
	in := apikey.KeyParams{Name: f.Name, ServiceAccountID: f.ServiceAccountID, Permissions: perms, Preset: preset,
		Resources: f.resources(), NeverExpires: f.NeverExpires, IPAllowlist: f.allowlist(), AllowQueryKey: f.AllowQueryKey}
	var err error
	if in.ExpiresAt, err = f.expiry(); err != nil {
		return in, err
	}
	in.RateLimitPerMinute, err = f.rateLimit()
	return in, err
}

// update turns the form into the domain's changes to k. The expiry is only
// changed when the date differs from the key's, so saving a form leaves an
// expiry to the second as it was.
func (f *keyForm) update(k *apikey.Key) (apikey.KeyUpdate, error) {
	perms, preset := f.scopes()
	list := f.allowlist()
	u := apikey.KeyUpdate{Name: &f.Name, Resources: f.resources(), IPAllowlist: &list, AllowQueryKey: &f.AllowQueryKey}
	if preset != "" {
		u.Preset = &preset
	} else {
		u.Permissions = &perms
	}
	limit, err := f.rateLimit()
	if err != nil {
		return u, err
	}
	zero := 0
	u.RateLimitPerMinute = &zero
	if limit != nil {
		u.RateLimitPerMinute = limit
	}
	switch {
	case f.NeverExpires && k.ExpiresAt != nil:
		u.NeverExpires = &f.NeverExpires
	case !f.NeverExpires && (k.ExpiresAt == nil || k.ExpiresAt.UTC().Format("2006-01-02") != f.ExpiresAt):
		if u.ExpiresAt, err = f.expiry(); err != nil {
			return u, err
		}
	}
	return u, nil
}

// keyFormOf fills the edit form from k.
func keyFormOf(k *apikey.Key) *keyForm {
	f := &keyForm{ID: k.ID, Name: k.Name, ServiceAccountID: k.ServiceAccountID, Preset: "custom", DoorsMode: "all", SurveysMode: "all"}
	if name, ok := hive.PresetOf(hive.NewScopes(k.Permissions...)); ok {
		f.Preset = name
	}
	for _, s := range k.Permissions {
		f.Permissions = append(f.Permissions, string(s))
	}
	if k.Resources.Doors != nil {
		f.DoorsMode, f.Doors = "specific", k.Resources.Doors
	}
	if k.Resources.Surveys != nil {
		f.SurveysMode, f.Surveys = "specific", k.Resources.Surveys
	}
	if k.ExpiresAt == nil {
		f.NeverExpires = true
	} else {
		f.ExpiresAt = k.ExpiresAt.UTC().Format("2006-01-02")
	}
	var ips []string
	for _, p := range k.IPAllowlist {
		ips = append(ips, p.String())
	}
	f.IPAllowlist = strings.Join(ips, "\n")
	f.AllowQueryKey = k.AllowQueryKey
	if k.RateLimitPerMinute != nil {
		f.RateLimit = strconv.Itoa(*k.RateLimitPerMinute)
	}
	return f
}
