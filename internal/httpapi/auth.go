package httpapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/ratelimit"
)

// errorWriter writes an error in the envelope of one API family: the /v1
// error object, or the Door API's {"success": false, "message": ...}.
type errorWriter func(w http.ResponseWriter, r *http.Request, err error)

// api wraps a /v1 endpoint that needs an API key holding scope (or any valid
// key when scope is empty): authenticate, count against the rate limit, check
// the scope, then run h.
func (s *Server) api(h handlerFunc, scope hive.Scope) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.authenticate(r)
		if err == nil {
			err = checkTenant(r, p.TenantSlug)
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		s.serveAs(w, r, p, scope, h, s.writeError)
	})
}

// serveAs runs h as principal p after the rate limit and scope checks,
// writing any error with fail.
func (s *Server) serveAs(w http.ResponseWriter, r *http.Request, p *hive.Principal, scope hive.Scope, h handlerFunc, fail errorWriter) {
	info := infoFrom(r.Context())
	info.tenantID, info.keyID = p.TenantID, p.KeyID
	ctx := hive.WithPrincipal(r.Context(), p)
	rl, err := s.rateLimit(ctx, w, p)
	info.rateLimit = rl
	if err == nil && scope != "" {
		err = p.Require(scope)
	}
	if err == nil {
		err = h(w, r.WithContext(ctx))
	}
	if err != nil {
		fail(w, r, err)
	}
}

// credential returns the secret a request presents: Authorization: Bearer
// first, then X-Api-Key, then the Door API's X-DOOR-API-KEY.
func credential(r *http.Request) (string, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, rest, _ := strings.Cut(h, " ")
		if strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(rest), nil
		}
		return "", hive.Unauthorized(hive.ReasonBearerMissing,
			`The Authorization header must use the Bearer scheme: send "Authorization: Bearer hive_sk_..." (the word Bearer, a space, then your key).`)
	}
	if k := r.Header.Get("X-Api-Key"); k != "" {
		return strings.TrimSpace(k), nil
	}
	return strings.TrimSpace(r.Header.Get("X-Door-Api-Key")), nil
}

// authenticate finds the principal behind r's API key.
func (s *Server) authenticate(r *http.Request) (*hive.Principal, error) {
	secret, err := credential(r)
	if err != nil {
		return nil, err
	}
	userID := r.Header.Get("X-Hive-User-Id")
	if userID == "" {
		userID = r.URL.Query().Get("user_id")
	}
	return s.keys.Authenticate(r.Context(), secret, userID, hive.ClientIP(r.Context()))
}

// checkTenant refuses a request whose X-Hive-Tenant header or tenant query
// parameter names another tenant than the key's.
func checkTenant(r *http.Request, slug string) error {
	named := r.Header.Get("X-Hive-Tenant")
	if named == "" {
		named = r.URL.Query().Get("tenant")
	}
	if named == "" || strings.EqualFold(named, slug) {
		return nil
	}
	return hive.Unauthorized(hive.ReasonTenantMismatch,
		"This API key belongs to another tenant than the one named in the request. The tenant slug is the subdomain of your Hive URL: for yourcompany.hive.hr it is yourcompany.")
}

// rateLimit counts the request against p's limit and sets the rate-limit
// headers on every authenticated response, allowed or not.
func (s *Server) rateLimit(ctx context.Context, w http.ResponseWriter, p *hive.Principal) (ratelimit.Result, error) {
	limit := p.RateLimit
	if limit == 0 {
		limit = s.defaultRateLimit
	}
	id := p.KeyID
	if id == "" {
		id = p.UserID
	}
	res, err := s.limiter.Allow(ctx, id, limit)
	if err != nil {
		return res, err
	}
	// The keys are written in canonical form so that setting them skips the
	// canonicalisation work on every request.
	h := w.Header()
	h["X-Ratelimit-Limit"] = []string{strconv.Itoa(res.Limit)}
	h["X-Ratelimit-Remaining"] = []string{strconv.Itoa(res.Remaining)}
	h["X-Ratelimit-Reset"] = []string{strconv.FormatInt(res.Reset.Unix(), 10)}
	// The IETF fields (draft-ietf-httpapi-ratelimit-headers): the policy is
	// the key's limit per 60 s window; t is seconds until the limit is whole.
	h["Ratelimit-Policy"] = []string{`"key";q=` + strconv.Itoa(res.Limit) + `;w=60`}
	h["Ratelimit"] = []string{`"key";r=` + strconv.Itoa(res.Remaining) + `;t=` + strconv.Itoa(ceilSecs(res.ResetIn))}
	if !res.Allowed {
		secs := ceilSecs(res.RetryAfter)
		h.Set("Retry-After", strconv.Itoa(secs))
		return res, hive.Errorf(hive.ERATELIMITED,
			"Rate limit of %d requests per minute exceeded; retry after %d seconds", res.Limit, secs).
			WithDetails("limit", res.Limit, "reset", res.Reset.Unix(), "retry_after", secs)
	}
	return res, nil
}

// userAPI wraps an endpoint acting for a person: with HTTP Basic credentials
// (email and password, tenant in X-Hive-Tenant) or a personal key.
func (s *Server) userAPI(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		email, password, basic := r.BasicAuth()
		if !basic {
			s.api(h, "").ServeHTTP(w, r)
			return
		}
		// Password guesses are limited per client address before bcrypt runs.
		res, err := s.limiter.Allow(r.Context(), "login:"+hive.ClientIP(r.Context()).String(), 10)
		if err == nil && !res.Allowed {
			w.Header().Set("Retry-After", strconv.Itoa(int(res.RetryAfter/time.Second)+1))
			err = hive.Errorf(hive.ERATELIMITED, "Too many sign-in attempts from your address; wait a minute and try again")
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		tenant := r.Header.Get("X-Hive-Tenant")
		if tenant == "" {
			s.writeError(w, r, hive.FieldError("X-Hive-Tenant", "is required with email and password: give your tenant slug"))
			return
		}
		_, p, err := s.keys.Login(r.Context(), tenant, email, password)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		s.serveAs(w, r, p, "", h, s.writeError)
	})
}

// ceilSecs rounds d up to whole seconds, never below zero.
func ceilSecs(d time.Duration) int { return max(0, int((d+time.Second-1)/time.Second)) }
