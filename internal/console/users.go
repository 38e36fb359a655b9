package console

import (
	"net/http"

	"github.com/hive-platform/hive/internal/apikey"
)

// usersData is Settings → Users & Roles.
type usersData struct {
	Users []*apikey.User
	Roles []apikey.Role
	Email string // the invite form's values after an error
	Name  string
	Role  string
}

var roles = []apikey.Role{apikey.RoleMember, apikey.RoleIntegrationsAdmin, apikey.RoleOwner}

// users handles "GET /console/settings/users".
func (c *Console) users(w http.ResponseWriter, r *http.Request, v *visit) error {
	vw := newView(w, r, v, "Users & Roles", "/console/settings/users")
	return c.renderUsers(w, r, vw, http.StatusOK, usersData{Role: string(apikey.RoleMember)})
}

func (c *Console) renderUsers(w http.ResponseWriter, r *http.Request, vw *view, status int, d usersData) error {
	var err error
	if d.Users, err = c.keys.Users(r.Context(), vw.Visit.Principal); err != nil {
		return err
	}
	d.Roles = roles
	vw.Data = d
	c.render(w, r, status, "users", vw)
	return nil
}

// inviteUser handles "POST /console/settings/users": a new user with a
// temporary password, shown once for the inviter to pass on.
func (c *Console) inviteUser(w http.ResponseWriter, r *http.Request, v *visit) error {
	d := usersData{Email: r.PostFormValue("email"), Name: r.PostFormValue("name"), Role: r.PostFormValue("role")}
	u, password, err := c.keys.InviteUser(r.Context(), v.Principal, d.Email, d.Name, apikey.Role(d.Role))
	vw := newView(w, r, v, "Users & Roles", "/console/settings/users")
	if err != nil {
		status, err := formError(vw, err)
		if err != nil {
			return err
		}
		return c.renderUsers(w, r, vw, status, d)
	}
	vw.Flash = u.Email + " can now sign in as " + string(u.Role) + "."
	vw.Secret = &shownSecret{Title: "Temporary password for " + u.Email, Label: "Temporary password", Value: password,
		Warning:    "This password is shown only once. Give it to " + u.Email + " over a channel you trust; they sign in with it at /console/login.",
		ReplaceURL: "/console/settings/users"}
	return c.renderUsers(w, r, vw, http.StatusCreated, usersData{Role: string(apikey.RoleMember)})
}

// setRole handles "POST /console/settings/users/{id}/role". Sessions load
// their user on every request, so the new role applies to the user's open
// sessions at once.
func (c *Console) setRole(w http.ResponseWriter, r *http.Request, v *visit) error {
	u, err := c.keys.SetUserRole(r.Context(), v.Principal, r.PathValue("id"), apikey.Role(r.PostFormValue("role")))
	if err != nil {
		vw := newView(w, r, v, "Users & Roles", "/console/settings/users")
		status, err := formError(vw, err)
		if err != nil {
			return err
		}
		return c.renderUsers(w, r, vw, status, usersData{Role: string(apikey.RoleMember)})
	}
	return redirect(w, r, "/console/settings/users", u.Email+" is now "+string(u.Role)+".")
}
