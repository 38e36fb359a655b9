package console

import (
	"net/http"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// accountsData is the Service Accounts page.
type accountsData struct {
	Accounts []*apikey.ServiceAccount
	Name     string // the create form's value after an error
}

// listAccounts handles "GET /console/service-accounts".
func (c *Console) listAccounts(w http.ResponseWriter, r *http.Request, v *visit) error {
	return c.renderAccounts(w, r, newView(w, r, v, "Service Accounts", "/console/service-accounts"), http.StatusOK, "")
}

func (c *Console) renderAccounts(w http.ResponseWriter, r *http.Request, vw *view, status int, name string) error {
	accounts, _, err := c.keys.ListServiceAccounts(r.Context(), vw.Visit.Principal, apikey.Page{Limit: 1000})
	if err != nil {
		return err
	}
	vw.Data = accountsData{Accounts: accounts, Name: name}
	c.render(w, r, status, "accounts", vw)
	return nil
}

// createAccount handles "POST /console/service-accounts".
func (c *Console) createAccount(w http.ResponseWriter, r *http.Request, v *visit) error {
	name := r.PostFormValue("name")
	a, err := c.keys.CreateServiceAccount(r.Context(), v.Principal, name, r.PostFormValue("description"))
	if err != nil {
		vw := newView(w, r, v, "Service Accounts", "/console/service-accounts")
		status, err := formError(vw, err)
		if err != nil {
			return err
		}
		return c.renderAccounts(w, r, vw, status, name)
	}
	return redirect(w, r, "/console/service-accounts/"+a.ID, "Service account "+a.Name+" created. Create its first API key below.")
}

// accountData is one service account's page: the account and its keys.
type accountData struct {
	Account *apikey.ServiceAccount
	Keys    []*keyRow
}

// showAccount handles "GET /console/service-accounts/{id}".
func (c *Console) showAccount(w http.ResponseWriter, r *http.Request, v *visit) error {
	return c.renderAccount(w, r, newView(w, r, v, "", "/console/service-accounts"), http.StatusOK)
}

func (c *Console) renderAccount(w http.ResponseWriter, r *http.Request, vw *view, status int) error {
	p := vw.Visit.Principal
	a, err := c.keys.ServiceAccount(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	rows, err := c.keyRows(r, p, apikey.KeyFilter{ServiceAccountID: &a.ID})
	if err != nil {
		return err
	}
	vw.Title, vw.Data = a.Name, accountData{Account: a, Keys: rows}
	c.render(w, r, status, "account", vw)
	return nil
}

// renameAccount handles "POST /console/service-accounts/{id}/rename".
func (c *Console) renameAccount(w http.ResponseWriter, r *http.Request, v *visit) error {
	name, desc := r.PostFormValue("name"), r.PostFormValue("description")
	a, err := c.keys.UpdateServiceAccount(r.Context(), v.Principal, r.PathValue("id"), &name, &desc)
	if err != nil {
		vw := newView(w, r, v, "", "/console/service-accounts")
		status, err := formError(vw, err)
		if err != nil {
			return err
		}
		return c.renderAccount(w, r, vw, status)
	}
	return redirect(w, r, "/console/service-accounts/"+a.ID, "Saved.")
}

// deleteAccount handles "POST /console/service-accounts/{id}/delete". The
// account's keys are revoked with it.
func (c *Console) deleteAccount(w http.ResponseWriter, r *http.Request, v *visit) error {
	a, err := c.keys.ServiceAccount(r.Context(), v.Principal, r.PathValue("id"))
	if err != nil {
		return err
	}
	if r.PostFormValue("confirm") != a.Name {
		return hive.FieldError("confirm", "type the account's name, %q, to confirm that it and all its keys go", a.Name)
	}
	if err := c.keys.DeleteServiceAccount(r.Context(), v.Principal, a.ID); err != nil {
		return err
	}
	return redirect(w, r, "/console/service-accounts", "Service account "+a.Name+" deleted and its keys revoked.")
}
