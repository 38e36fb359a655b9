package console

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/realip"
	"github.com/hive-platform/hive/internal/session"
)

// CookieName is the session cookie.
const CookieName = "hive_session"

// visit is what a signed-in request knows about its user.
type visit struct {
	Tenant    *apikey.Tenant
	User      *apikey.User
	Principal *hive.Principal
	CSRF      string // the form token of this session
}

// pageFunc is a console handler for a signed-in user. It returns errors
// instead of rendering them.
type pageFunc func(w http.ResponseWriter, r *http.Request, v *visit) error

// page wraps h: it requires a live session, checks the form token of every
// POST, and requires scope (none when empty).
func (c *Console) page(h pageFunc, scope hive.Scope) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(hive.WithClientIP(r.Context(), c.clientIP(r)))
		v, err := c.signedIn(w, r)
		if err != nil {
			if hive.ErrorCode(err) == hive.EUNAUTHORIZED {
				setFlash(w, r, hive.ErrorMessage(err))
				http.Redirect(w, r, "/console/login", http.StatusSeeOther)
				return
			}
			c.renderError(w, r, nil, err)
			return
		}
		r = r.WithContext(hive.WithPrincipal(r.Context(), v.Principal))
		if r.Method == http.MethodPost && !validToken(r.PostFormValue("csrf"), v.CSRF) {
			err = hive.Errorf(hive.EFORBIDDEN, "This form has expired or was sent from another site. Reload the page and try again.")
		} else if scope != "" && !v.Principal.Permissions.Has(scope) {
			err = hive.Errorf(hive.EFORBIDDEN, "Only owners and integrations admins can open this page.")
		}
		if err == nil {
			err = h(w, r, v)
		}
		if err != nil {
			c.renderError(w, r, v, err)
		}
	})
}

// validToken compares the form's token with the session's in constant time.
func validToken(got, want string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// signedIn finds the session of the request's cookie and its user.
func (c *Console) signedIn(w http.ResponseWriter, r *http.Request) (*visit, error) {
	ck, err := r.Cookie(CookieName)
	if err != nil {
		return nil, hive.Unauthorized("session_missing", "Sign in to continue.")
	}
	sess, err := c.sessions.Lookup(r.Context(), ck.Value)
	if err != nil {
		if hive.ErrorCode(err) == hive.EUNAUTHORIZED {
			c.clearCookie(w, r)
		}
		return nil, err
	}
	t, u, p, err := c.keys.SessionPrincipal(r.Context(), sess.TenantID, sess.UserID)
	if err != nil {
		return nil, err
	}
	return &visit{Tenant: t, User: u, Principal: p, CSRF: session.CSRFToken(ck.Value)}, nil
}

// loginPage handles "GET /console/login".
func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	c.render(w, r, http.StatusOK, "login", &view{Title: "Sign in", Flash: takeFlash(w, r),
		Data: loginForm{Tenant: r.URL.Query().Get("tenant")}})
}

// loginForm is what the sign-in form shows again after a failure. The
// password never is.
type loginForm struct{ Tenant, Email string }

// login handles "POST /console/login": per-address limit, account lockout,
// password check, then a new session.
func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	ip := c.clientIP(r)
	form := loginForm{Tenant: strings.TrimSpace(r.PostFormValue("tenant")), Email: strings.TrimSpace(r.PostFormValue("email"))}
	fail := func(status int, err error) {
		if hive.ErrorCode(err) == hive.EINTERNAL {
			c.log.Error("console sign-in", "err", err)
		}
		c.render(w, r, status, "login", &view{Title: "Sign in", Error: hive.ErrorMessage(err), Data: form})
	}
	if res, _ := c.logins.Allow(ctx, ip.String(), c.perMin); !res.Allowed {
		w.Header().Set("Retry-After", fmt.Sprint(int(res.RetryAfter.Seconds())+1))
		fail(http.StatusTooManyRequests, hive.Errorf(hive.ERATELIMITED,
			"Too many sign-in attempts from your network. Wait a minute and try again."))
		return
	}
	// Login applies the account lockout it shares with the API's HTTP Basic.
	u, _, err := c.keys.Login(ctx, form.Tenant, form.Email, r.PostFormValue("password"))
	if err != nil {
		fail(statusOf(err), err)
		return
	}
	if err := c.startSession(w, r, u); err != nil {
		fail(http.StatusInternalServerError, err)
		return
	}
	http.Redirect(w, r, "/console/", http.StatusSeeOther)
}

// startSession sets a new session cookie.
func (c *Console) startSession(w http.ResponseWriter, r *http.Request, u *apikey.User) error {
	id, _, err := c.sessions.Start(r.Context(), u.TenantID, u.ID, c.clientIP(r).String(), r.UserAgent())
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: id, Path: "/console",
		HttpOnly: true, Secure: c.overTLS(r), SameSite: http.SameSiteLaxMode,
		MaxAge: int(session.DefaultMaxLifetime / time.Second)})
	return nil
}

// logout handles "POST /console/logout": the session is deleted, not just
// forgotten by the browser.
func (c *Console) logout(w http.ResponseWriter, r *http.Request, v *visit) error {
	if ck, err := r.Cookie(CookieName); err == nil {
		if err := c.sessions.End(r.Context(), ck.Value); err != nil {
			return err
		}
	}
	c.clearCookie(w, r)
	setFlash(w, r, "You have signed out.")
	http.Redirect(w, r, "/console/login", http.StatusSeeOther)
	return nil
}

func (c *Console) clearCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: "/console", MaxAge: -1,
		HttpOnly: true, Secure: c.overTLS(r), SameSite: http.SameSiteLaxMode})
}

// overTLS reports whether the browser reached us over HTTPS: directly, or
// through a trusted proxy that says so.
func (c *Console) overTLS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	return c.trusted.Trusts(realip.Peer(r)) && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// clientIP is the caller's address, found as the API finds it.
func (c *Console) clientIP(r *http.Request) netip.Addr { return c.trusted.Client(r) }

// securityHeaders keeps console pages out of frames and caches and limits
// what they may load to this origin.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if !strings.HasPrefix(r.URL.Path, "/console/static/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a panic into an error page.
func (c *Console) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil && v != http.ErrAbortHandler {
				c.renderError(w, r, nil, fmt.Errorf("panic: %v\n%s", v, debug.Stack()))
			}
		}()
		next.ServeHTTP(w, r)
	})
}
