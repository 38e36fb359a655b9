package apikey

import (
	"context"
	"net/netip"
	"slices"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// Authenticate verifies a presented secret and returns the principal it
// stands for. userID is the X-Hive-User-Id (or user_id) the request carried,
// required for personal keys; ip is the caller's address. On a cache hit it
// neither touches the database nor allocates.
func (s *Service) Authenticate(ctx context.Context, secret, userID string, ip netip.Addr) (*hive.Principal, error) {
	if secret == "" {
		return nil, errKeyMissing
	}
	if _, ok := ParseSecret(secret); !ok {
		return nil, s.failed(ip, errKeyMalformed)
	}
	now := s.cfg.Now() // read once: on some machines a clock read is a good part of a cache hit
	e, err := s.lookup(ctx, HashSecret(secret), ip, now)
	if err != nil {
		return nil, err
	}
	switch {
	case !e.found:
		return nil, s.failed(ip, errKeyInvalid)
	case e.revoked:
		return nil, s.failed(ip, refused(e, errKeyRevoked))
	case e.disabled:
		return nil, s.failed(ip, refused(e, errKeyDisabled))
	case e.expiresAt != nil && !now.Before(*e.expiresAt):
		return nil, s.failed(ip, refused(e, errKeyExpired))
	case e.kind == KindPersonal && userID != e.userID:
		return nil, s.failed(ip, refused(e, errUserIDMismatch))
	case len(e.allow) > 0 && !allowed(e.allow, ip):
		return nil, s.failed(ip, refused(e, errIPNotAllowed))
	}
	s.usage.observe(e.keyID, now, ip)
	return e.principal, nil
}

var (
	errKeyMissing = hive.Unauthorized(hive.ReasonKeyMissing,
		"No API key was sent. Send it as 'Authorization: Bearer <key>' or in the X-Api-Key header.")
	errKeyMalformed = hive.Unauthorized(hive.ReasonKeyMalformed,
		"The API key is malformed: it is not a complete Hive key (hive_sk_... or hive_pk_...). Copy the whole key again.")
	errKeyInvalid = hive.Unauthorized(hive.ReasonKeyInvalid, "Invalid API key")
	errKeyRevoked = hive.Unauthorized(hive.ReasonKeyRevoked,
		"This API key has been revoked. Create a new key and update your integration.")
	errKeyDisabled = hive.Unauthorized(hive.ReasonKeyDisabled,
		"This API key is disabled. An administrator can enable it again on the key's page in the console or with POST /v1/api-keys/{id}/enable.")
	errKeyExpired = hive.Unauthorized(hive.ReasonKeyExpired,
		"This API key has expired. Generate a replacement and update it in every connected tool.")
	errUserIDMismatch = hive.Unauthorized(hive.ReasonUserIDMismatch,
		"A personal API key must be sent with its owner's user id in the X-Hive-User-Id header or the user_id query parameter; the id sent does not match this key.")
	errIPNotAllowed = hive.Unauthorized(hive.ReasonIPNotAllowed,
		"This API key may not be used from your IP address. Ask an administrator to add it to the key's IP allowlist.")
)

// refused returns err naming e's key as its private cause, so the API log
// and the alerts can tell which key was refused without the caller seeing it.
func refused(e *entry, err *hive.Error) error {
	c := *err
	c.Err = &hive.KeyRef{TenantID: e.principal.TenantID, KeyID: e.keyID}
	return &c
}

func allowed(list []netip.Prefix, ip netip.Addr) bool {
	ip = ip.Unmap()
	return slices.ContainsFunc(list, func(p netip.Prefix) bool { return p.Contains(ip) })
}

// failed counts a failed attempt from ip and returns err, or the throttling
// error once ip has failed too often.
func (s *Service) failed(ip netip.Addr, err error) error {
	r, _ := s.failures.Allow(context.Background(), failureKey(ip), s.cfg.FailuresPerMinute)
	if !r.Allowed {
		return errThrottled(r.RetryAfter)
	}
	return err
}

// throttled reports whether ip has failed so often that its next unknown key
// is refused without a lookup.
func (s *Service) throttled(ip netip.Addr) error {
	if r := s.failures.Peek(failureKey(ip), s.cfg.FailuresPerMinute); !r.Allowed {
		return errThrottled(r.RetryAfter)
	}
	return nil
}

func failureKey(ip netip.Addr) string { return ip.String() }

// errThrottled is the answer to an address that sent too many bad keys.
func errThrottled(retry time.Duration) error {
	secs := int((retry + time.Second - 1) / time.Second)
	return hive.Errorf(hive.ERATELIMITED,
		"Too many requests with invalid API keys from your address; try again in %d seconds", secs).
		WithDetails("reason", "invalid_key_attempts", "retry_after", secs)
}

// lookup returns the cache entry for hash as of now, loading it from the
// store on a miss unless ip is throttled for sending bad keys: keys already cached keep
// working from such an address, while a flood of made-up keys never reaches
// the database.
//
// While the node cannot prove its cache current (see Config.Current), the
// cache is neither read nor filled: every key is checked in the store, so
// that a change made on another node counts at once.
func (s *Service) lookup(ctx context.Context, hash [32]byte, ip netip.Addr, now time.Time) (*entry, error) {
	current := s.current()
	var e *entry
	var gen uint64
	if current {
		if e, gen = s.cache.get(hash, now); e != nil {
			return e, nil
		}
	}
	if err := s.throttled(ip); err != nil {
		return nil, err
	}
	e, err := s.load(ctx, hash)
	if err != nil {
		return nil, err
	}
	e.loadedAt = now
	if current {
		s.cache.put(hash, e, gen)
	}
	return e, nil
}

// load builds an entry from the store.
func (s *Service) load(ctx context.Context, hash [32]byte) (*entry, error) {
	k, err := s.store.KeyByHash(ctx, hash)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return &entry{}, nil
	} else if err != nil {
		return nil, err
	}
	t, err := s.store.TenantByID(ctx, k.TenantID)
	if err != nil {
		return nil, err
	}
	perms := hive.NewScopes(k.Permissions...)
	if k.Kind == KindPersonal {
		// A personal key acts with its user's rights, never more.
		u, err := s.store.UserByID(ctx, k.TenantID, k.UserID)
		if err != nil {
			return nil, err
		}
		perms &= u.Role.Scopes()
	}
	p := &hive.Principal{
		Kind:             hive.PrincipalServiceAccount,
		TenantID:         k.TenantID,
		TenantSlug:       t.Slug,
		KeyID:            k.ID,
		ServiceAccountID: k.ServiceAccountID,
		UserID:           k.UserID,
		Permissions:      perms,
		Resources:        k.Resources,
		ExpiresAt:        k.ExpiresAt,
		AllowQueryKey:    k.AllowQueryKey,
	}
	if k.Kind == KindPersonal {
		p.Kind = hive.PrincipalUser
	}
	p.RateLimit, p.Concurrency = t.Limits()
	if k.RateLimitPerMinute != nil {
		p.RateLimit = *k.RateLimitPerMinute
	}
	return &entry{
		found:     true,
		keyID:     k.ID,
		kind:      k.Kind,
		userID:    k.UserID,
		expiresAt: k.ExpiresAt,
		revoked:   k.RevokedAt != nil,
		disabled:  k.DisabledAt != nil,
		allow:     k.IPAllowlist,
		principal: p,
	}, nil
}
