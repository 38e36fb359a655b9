package console

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/people"
)

// keyRow is a key as the lists show it, with its creator and account named.
type keyRow struct {
	*apikey.Key
	Creator string
	Account string
}

// keyRows lists the keys matching f, newest first, with names for the
// creators and accounts.
func (c *Console) keyRows(r *http.Request, p *hive.Principal, f apikey.KeyFilter) ([]*keyRow, error) {
	f.Limit = 1000
	keys, _, err := c.keys.ListKeys(r.Context(), p, f)
	if err != nil {
		return nil, err
	}
	names, err := c.actorNames(r.Context(), p)
	if err != nil {
		return nil, err
	}
	rows := make([]*keyRow, len(keys))
	for i, k := range keys {
		rows[i] = &keyRow{Key: k, Creator: orID(names, k.CreatedBy), Account: orID(names, k.ServiceAccountID+k.UserID)}
	}
	return rows, nil
}

// actorNames maps the IDs of the tenant's users and service accounts to
// names people recognise.
func (c *Console) actorNames(ctx context.Context, p *hive.Principal) (map[string]string, error) {
	users, err := c.keys.Users(ctx, p)
	if err != nil {
		return nil, err
	}
	accounts, _, err := c.keys.ListServiceAccounts(ctx, p, apikey.Page{Limit: 1000})
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(users)+len(accounts))
	for _, u := range users {
		names[u.ID] = u.Email
	}
	for _, a := range accounts {
		names[a.ID] = a.Name
	}
	return names, nil
}

func orID(names map[string]string, id string) string {
	if n, ok := names[id]; ok {
		return n
	}
	return id
}

// keysPerPage is how many keys one page of the list shows.
const keysPerPage = 50

// keyTable is the key table: its rows, and what its empty state says.
type keyTable struct {
	Rows      []*keyRow
	Now       time.Time
	Filtered  bool   // filters are set, so "none match" rather than "none yet"
	Clear     string // the list without filters
	AccountID string // the account whose keys these are, on its page
}

// keyQuery is the key list's search form, as typed.
type keyQuery struct {
	Q       string // part of the name, or the start of the key
	Status  string // active, expired, revoked, or "" for any
	Account string // a service account's ID
	Page    int    // from 1
}

func readKeyQuery(q url.Values) keyQuery {
	kq := keyQuery{Q: strings.TrimSpace(q.Get("q")), Status: q.Get("status"), Account: q.Get("account"), Page: 1}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 {
		kq.Page = n
	}
	return kq
}

// url is the list's address with q's filters and page.
func (q keyQuery) url(page int) string {
	v := url.Values{}
	for name, s := range map[string]string{"q": q.Q, "status": q.Status, "account": q.Account} {
		if s != "" {
			v.Set(name, s)
		}
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/console/keys"
	}
	return "/console/keys?" + v.Encode()
}

// filter is the store's filter for q, naming the field at fault.
func (q keyQuery) filter() (apikey.KeyFilter, error) {
	var f apikey.KeyFilter
	if q.Status != "" {
		st := apikey.KeyStatus(q.Status)
		if !slices.Contains(keyStatuses, st) {
			return f, hive.FieldError("status", "must be active, expired or revoked, not %q", q.Status)
		}
		f.Status = &st
	}
	if q.Account != "" {
		f.ServiceAccountID = &q.Account
	}
	return f, nil
}

// matches reports whether k's name contains the search text, or its
// hint or ID starts with it, ignoring case.
func (q keyQuery) matches(k *keyRow) bool {
	if q.Q == "" {
		return true
	}
	s := strings.ToLower(q.Q)
	hint := strings.ToLower(k.Hint)
	prefix, last, _ := strings.Cut(hint, "...")
	// The hint keeps the key's prefix and last four characters: a whole
	// pasted key matches by both ends, a typed part by the hint's text.
	return strings.Contains(strings.ToLower(k.Name), s) || strings.HasPrefix(strings.ToLower(k.ID), s) ||
		strings.Contains(hint, s) || (last != "" && len(s) > len(hint) && strings.HasPrefix(s, prefix) && strings.HasSuffix(s, last))
}

var keyStatuses = []apikey.KeyStatus{apikey.StatusActive, apikey.StatusExpired, apikey.StatusRevoked}

// keysData is the API Keys page.
type keysData struct {
	Query      keyQuery
	Statuses   []apikey.KeyStatus
	Accounts   []*apikey.ServiceAccount
	Table      keyTable
	Total      int
	Prev, Next string
}

// listKeys handles "GET /console/keys?q=&status=&account=&page=": the
// tenant's keys, searched by name or key prefix and filtered by status and
// service account, a page at a time.
func (c *Console) listKeys(w http.ResponseWriter, r *http.Request, v *visit) error {
	vw := newView(w, r, v, "API Keys", "/console/keys")
	q := readKeyQuery(r.URL.Query())
	d := &keysData{Query: q, Statuses: keyStatuses, Table: keyTable{Now: c.now(), Clear: "/console/keys",
		Filtered: q.Q != "" || q.Status != "" || q.Account != ""}}
	var err error
	if d.Accounts, _, err = c.keys.ListServiceAccounts(r.Context(), v.Principal, apikey.Page{Limit: 1000}); err != nil {
		return err
	}
	status := http.StatusOK
	f, err := q.filter()
	var rows []*keyRow
	if err == nil {
		rows, err = c.keyRows(r, v.Principal, f)
	}
	if err != nil {
		if status, err = formError(vw, err); err != nil {
			return err
		}
	}
	rows = slices.DeleteFunc(rows, func(k *keyRow) bool { return !q.matches(k) })
	d.Total = len(rows)
	from := min((q.Page-1)*keysPerPage, len(rows))
	d.Table.Rows = rows[from:min(from+keysPerPage, len(rows))]
	if q.Page > 1 {
		d.Prev = q.url(q.Page - 1)
	}
	if from+keysPerPage < len(rows) {
		d.Next = q.url(q.Page + 1)
	}
	vw.Data = d
	c.render(w, r, status, "keys", vw)
	return nil
}

// newKeyPage handles "GET /console/keys/new": the create form, for the
// account in ?service_account_id=, preset for a door controller with
// ?for=door.
func (c *Console) newKeyPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	q := r.URL.Query()
	f := &keyForm{ServiceAccountID: q.Get("service_account_id"), Preset: hive.PresetData, DoorsMode: "all", SurveysMode: "all",
		ExpiresAt: c.now().Add(apikey.DefaultKeyLifetime).UTC().Format("2006-01-02")}
	if q.Get("for") == "door" {
		f.Name, f.Preset, f.Permissions = "Door controller", "custom", doorScopes
	}
	return c.renderKeyForm(w, r, newView(w, r, v, "Create API key", "/console/keys"), http.StatusOK, f)
}

// renderKeyForm shows the create or edit form with what it offers.
func (c *Console) renderKeyForm(w http.ResponseWriter, r *http.Request, vw *view, status int, f *keyForm) error {
	p := vw.Visit.Principal
	var err error
	if f.Accounts, _, err = c.keys.ListServiceAccounts(r.Context(), p, apikey.Page{Limit: 1000}); err != nil {
		return err
	}
	if f.AllDoors, err = c.doors.Doors(r.Context(), p); err != nil {
		return err
	}
	if c.people != nil {
		if f.AllSurveys, err = c.people.ListSurveys(r.Context(), p, people.SurveyFilter{Limit: 1000}); err != nil {
			return err
		}
	}
	f.Groups, f.Presets, f.AllowNever, f.GracePeriod = scopeGroups(), hive.Presets(), vw.Visit.Tenant.AllowNonExpiringKeys, gracePeriods
	vw.Data = f
	page := "key_new"
	if f.ID != "" {
		page = "key"
	}
	c.render(w, r, status, page, vw)
	return nil
}

// createKey handles "POST /console/keys". The secret is shown in this
// response only: the page is not cached, and the browser's history is
// pointed at the account's page, so reloading shows the list without it.
func (c *Console) createKey(w http.ResponseWriter, r *http.Request, v *visit) error {
	f := readKeyForm(r)
	in, err := f.params()
	var k *apikey.Key
	var secret string
	if err == nil {
		k, secret, err = c.keys.CreateKey(r.Context(), v.Principal, in)
	}
	if err != nil {
		vw := newView(w, r, v, "Create API key", "/console/keys")
		status, err := formError(vw, err)
		if err != nil {
			return err
		}
		return c.renderKeyForm(w, r, vw, status, f)
	}
	vw := newView(w, r, v, "", "/console/service-accounts")
	vw.Flash = "API key " + k.Name + " created."
	vw.Secret = &shownSecret{Title: "Your new API key", Label: "API key", Value: secret, Warning: keyWarning,
		ReplaceURL: "/console/service-accounts/" + k.ServiceAccountID}
	r.SetPathValue("id", k.ServiceAccountID)
	return c.renderAccount(w, r, vw, http.StatusCreated)
}

// showKey handles "GET /console/keys/{id}": details, edit, rotate, revoke.
func (c *Console) showKey(w http.ResponseWriter, r *http.Request, v *visit) error {
	return c.renderKey(w, r, newView(w, r, v, "", "/console/keys"), http.StatusOK, nil)
}

// renderKey shows a key's page, with f as its edit form if given.
func (c *Console) renderKey(w http.ResponseWriter, r *http.Request, vw *view, status int, f *keyForm) error {
	k, err := c.keys.Key(r.Context(), vw.Visit.Principal, r.PathValue("id"))
	if err != nil {
		return err
	}
	if f == nil {
		f = keyFormOf(k)
	}
	f.ID = k.ID
	vw.Title = k.Name
	f.Key = &keyRow{Key: k}
	if names, err := c.actorNames(r.Context(), vw.Visit.Principal); err == nil {
		f.Key.Creator, f.Key.Account = orID(names, k.CreatedBy), orID(names, k.ServiceAccountID+k.UserID)
	}
	return c.renderKeyForm(w, r, vw, status, f)
}

// updateKey handles "POST /console/keys/{id}": saves the edit form.
func (c *Console) updateKey(w http.ResponseWriter, r *http.Request, v *visit) error {
	k, err := c.keys.Key(r.Context(), v.Principal, r.PathValue("id"))
	if err != nil {
		return err
	}
	f := readKeyForm(r)
	u, err := f.update(k)
	if err == nil {
		_, err = c.keys.UpdateKey(r.Context(), v.Principal, k.ID, u)
	}
	if err != nil {
		vw := newView(w, r, v, "", "/console/keys")
		status, err := formError(vw, err)
		if err != nil {
			return err
		}
		return c.renderKey(w, r, vw, status, f)
	}
	return redirect(w, r, "/console/keys/"+k.ID, "Changes to "+k.Name+" saved.")
}

// rotateKey handles "POST /console/keys/{id}/rotate": a new key with the
// same settings, and a grace period for the old one. The new secret is
// shown once, as on creation.
func (c *Console) rotateKey(w http.ResponseWriter, r *http.Request, v *visit) error {
	secs, err := strconv.Atoi(r.PostFormValue("grace_period_seconds"))
	if err != nil {
		return hive.FieldError("grace_period_seconds", "choose how long the old key keeps working")
	}
	nk, old, secret, err := c.keys.RotateKey(r.Context(), v.Principal, r.PathValue("id"), time.Duration(secs)*time.Second, nil)
	if err != nil {
		return err
	}
	vw := newView(w, r, v, "", "/console/keys")
	vw.Flash = "Key rotated. The old key " + old.Hint + " stops working at " + fmtTime(old.ExpiresAt) + "."
	vw.Secret = &shownSecret{Title: "Your rotated API key", Label: "API key", Value: secret, Warning: keyWarning,
		ReplaceURL: "/console/keys/" + nk.ID}
	r.SetPathValue("id", nk.ID)
	return c.renderKey(w, r, vw, http.StatusCreated, nil)
}

// confirmRevoke handles "GET /console/keys/{id}/revoke": the confirm step.
func (c *Console) confirmRevoke(w http.ResponseWriter, r *http.Request, v *visit) error {
	k, err := c.keys.Key(r.Context(), v.Principal, r.PathValue("id"))
	if err != nil {
		return err
	}
	vw := newView(w, r, v, "Revoke "+k.Name, "/console/keys")
	vw.Data = k
	c.render(w, r, http.StatusOK, "revoke", vw)
	return nil
}

// revokeKey handles "POST /console/keys/{id}/revoke". It is final.
func (c *Console) revokeKey(w http.ResponseWriter, r *http.Request, v *visit) error {
	k, err := c.keys.RevokeKey(r.Context(), v.Principal, r.PathValue("id"))
	if err != nil {
		return err
	}
	to := "/console/keys/" + k.ID
	if k.ServiceAccountID != "" {
		to = "/console/service-accounts/" + k.ServiceAccountID
	}
	return redirect(w, r, to, "API key "+k.Name+" ("+k.Hint+") revoked. Requests with it are refused from now on.")
}
