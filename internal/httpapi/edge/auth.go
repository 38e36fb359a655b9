package edge

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/ratelimit"
)

// ErrorWriter writes an error in the envelope of one API family: the /v1
// error object, or the Door API's {"success": false, "message": ...}.
type ErrorWriter func(w http.ResponseWriter, r *http.Request, err error)

// api wraps a /v1 endpoint that needs an API key holding scope (or any valid
// key when scope is empty): authenticate, count against the rate limit, check
// the scope, then run h.
func (s *Edge) api(h HandlerFunc, scope hive.Scope) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.authenticate(r)
		if err == nil {
			err = checkTenant(r, p.TenantSlug)
		}
		if err != nil {
			s.WriteError(w, r, err)
			return
		}
		s.serveAs(w, r, p, scope, h, s.WriteError)
	})
}

// serveAs runs h as principal p after the rate limit and scope checks,
// writing any error with fail.
func (s *Edge) serveAs(w http.ResponseWriter, r *http.Request, p *hive.Principal, scope hive.Scope, h HandlerFunc, fail ErrorWriter) {
	info := infoFrom(r.Context())
	info.tenantID, info.keyID, info.userID = p.TenantID, p.KeyID, p.UserID
	if info.ctx != nil && info.ctx.Principal == nil {
		info.ctx.Principal = p
	} else {
		r = r.WithContext(hive.WithPrincipal(r.Context(), p))
	}
	ctx := r.Context()
	rl, err := s.rateLimit(ctx, w, p)
	info.rateLimit = rl
	if err == nil && scope != "" {
		err = p.Require(scope)
	}
	if err == nil {
		err = s.runCapped(w, r, p, h)
	}
	if err != nil {
		fail(w, r, err)
	}
}

// runCapped runs h unless p already has as many requests in flight as its
// plan allows. Keys of tenants without a plan have no cap.
func (s *Edge) runCapped(w http.ResponseWriter, r *http.Request, p *hive.Principal, h HandlerFunc) error {
	if p.Concurrency <= 0 {
		return h(w, r)
	}
	id := limiterKey(p)
	if !s.inflight.acquire(id, p.Concurrency) {
		return errTooManyInFlight(p.Concurrency)
	}
	defer s.inflight.release(id)
	return h(w, r)
}

// limiterKey names p in the rate limiter and the in-flight count: its key,
// or its user for a console session.
func limiterKey(p *hive.Principal) string {
	if p.KeyID != "" {
		return p.KeyID
	}
	return p.UserID
}

// credential returns the secret a request presents: Authorization: Bearer
// first, then X-Api-Key, then the Door API's X-DOOR-API-KEY.
func credential(r *http.Request) (string, error) {
	if h := headerValue(r.Header, "Authorization"); h != "" {
		scheme, rest, _ := strings.Cut(h, " ")
		if strings.EqualFold(scheme, "Bearer") {
			return strings.TrimSpace(rest), nil
		}
		return "", hive.Unauthorized(hive.ReasonBearerMissing,
			`The Authorization header must use the Bearer scheme: send "Authorization: Bearer hive_sk_..." (the word Bearer, a space, then your key).`)
	}
	if k := headerValue(r.Header, "X-Api-Key"); k != "" {
		return strings.TrimSpace(k), nil
	}
	return strings.TrimSpace(headerValue(r.Header, "X-Door-Api-Key")), nil
}

// authenticate finds the principal behind r's API key.
// A request without a key in a header may carry one as ?api_key= (see
// query_key.go).
func (s *Edge) authenticate(r *http.Request) (*hive.Principal, error) {
	secret, err := credential(r)
	if err == nil && secret == "" {
		secret, err = queryCredential(r)
	}
	if err != nil {
		return nil, err
	}
	userID := headerValue(r.Header, "X-Hive-User-Id")
	if userID == "" && r.URL.RawQuery != "" { // parsing an empty query still allocates
		userID = r.URL.Query().Get("user_id")
	}
	p, err := s.keys.Authenticate(r.Context(), secret, userID, hive.ClientIP(r.Context()))
	if err == nil {
		err = checkQueryKey(r, p)
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// checkTenant refuses a request whose X-Hive-Tenant header or tenant query
// parameter names another tenant than the key's.
func checkTenant(r *http.Request, slug string) error {
	named := headerValue(r.Header, "X-Hive-Tenant")
	if named == "" && r.URL.RawQuery != "" {
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
func (s *Edge) rateLimit(ctx context.Context, w http.ResponseWriter, p *hive.Principal) (ratelimit.Result, error) {
	limit := p.RateLimit
	if limit == 0 {
		limit = s.defaultRateLimit
	}
	res, err := s.limiter.Allow(ctx, limiterKey(p), limit)
	if err != nil {
		return res, err
	}
	setRateLimitHeaders(w.Header(), res, &infoFrom(ctx).rateLimitValues)
	if !res.Allowed {
		secs := ceilSecs(res.RetryAfter)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		return res, hive.Errorf(hive.ERATELIMITED,
			"Rate limit of %d requests per minute exceeded; retry after %d seconds", res.Limit, secs).
			WithDetails("limit", res.Limit, "reset", res.Reset.Unix(), "retry_after", secs)
	}
	return res, nil
}

// userAPI wraps an endpoint acting for a person: with HTTP Basic credentials
// (email and password, tenant in X-Hive-Tenant) or a personal key, either
// holding scope when it is not empty.
func (s *Edge) userAPI(h HandlerFunc, scope hive.Scope) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		email, password, basic := r.BasicAuth()
		if !basic {
			s.api(h, scope).ServeHTTP(w, r)
			return
		}
		// Password guesses are limited per client address before bcrypt runs.
		res, err := s.limiter.Allow(r.Context(), "login:"+hive.ClientIP(r.Context()).String(), 10)
		if err == nil && !res.Allowed {
			w.Header().Set("Retry-After", strconv.Itoa(ceilSecs(res.RetryAfter)))
			err = hive.Errorf(hive.ERATELIMITED, "Too many sign-in attempts from your address; wait a minute and try again")
		}
		if err != nil {
			s.WriteError(w, r, err)
			return
		}
		tenant := r.Header.Get("X-Hive-Tenant")
		if tenant == "" {
			s.WriteError(w, r, hive.FieldError("X-Hive-Tenant", "is required with email and password: give your tenant slug"))
			return
		}
		_, p, err := s.keys.Login(r.Context(), tenant, email, password)
		if err != nil {
			s.WriteError(w, r, err)
			return
		}
		s.serveAs(w, r, p, scope, h, s.WriteError)
	})
}

// ceilSecs rounds d up to whole seconds, never below zero.
func ceilSecs(d time.Duration) int { return max(0, int((d+time.Second-1)/time.Second)) }

// setRateLimitHeaders writes X-RateLimit-Limit, -Remaining and -Reset and the
// IETF fields (draft-ietf-httpapi-ratelimit-headers: the policy is the key's
// limit per 60 s window; t is seconds until the limit is whole again). They
// go on every authenticated response, so the five values are built in one
// buffer and share one string and one slice array, and the keys are set in
// canonical form to skip canonicalisation. The slice array is vals, which
// the request's state holds.
func setRateLimitHeaders(h http.Header, res ratelimit.Result, vals *[5]string) {
	var buf [160]byte
	b := buf[:0]
	var ends [5]int
	b = strconv.AppendInt(b, int64(res.Limit), 10)
	ends[0] = len(b)
	b = strconv.AppendInt(b, int64(res.Remaining), 10)
	ends[1] = len(b)
	b = strconv.AppendInt(b, res.Reset.Unix(), 10)
	ends[2] = len(b)
	b = append(b, `"key";q=`...)
	b = strconv.AppendInt(b, int64(res.Limit), 10)
	b = append(b, ";w=60"...)
	ends[3] = len(b)
	b = append(b, `"key";r=`...)
	b = strconv.AppendInt(b, int64(res.Remaining), 10)
	b = append(b, ";t="...)
	b = strconv.AppendInt(b, int64(ceilSecs(res.ResetIn)), 10)
	ends[4] = len(b)
	all := string(b)
	start := 0
	for i, end := range ends {
		vals[i] = all[start:end]
		start = end
	}
	h["X-Ratelimit-Limit"] = vals[0:1:1]
	h["X-Ratelimit-Remaining"] = vals[1:2:2]
	h["X-Ratelimit-Reset"] = vals[2:3:3]
	h["Ratelimit-Policy"] = vals[3:4:4]
	h["Ratelimit"] = vals[4:5:5]
}
