package manage

import (
	"net/http"
	"time"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// createKey handles "POST /v1/api-keys". The secret appears in this response
// only.
func (s *API) createKey(w http.ResponseWriter, r *http.Request) error {
	var req api.CreateKeyRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	k, secret, err := s.keys.CreateKey(r.Context(), edge.Principal(r), apikey.KeyParams{
		Name: req.Name, ServiceAccountID: req.ServiceAccountID, Permissions: req.Permissions,
		Preset: req.Preset, Resources: (*hive.Resources)(req.Resources), ExpiresAt: req.ExpiresAt,
		ExpiresInDays: req.ExpiresInDays, NeverExpires: req.NeverExpires, IPAllowlist: req.IPAllowlist,
		RateLimitPerMinute: req.RateLimitPerMinute, AllowQueryKey: req.AllowQueryKey,
	})
	if err != nil {
		return err
	}
	edge.DeclareSecrets(w, r, secret)
	return edge.WriteJSON(w, http.StatusCreated, api.CreatedAPIKey{APIKey: newAPIKey(k, s.keys.Now()), Key: secret})
}

// listKeys handles "GET /v1/api-keys".
func (s *API) listKeys(w http.ResponseWriter, r *http.Request) error {
	page, limit, err := edge.PageOf(r)
	if err != nil {
		return err
	}
	f := apikey.KeyFilter{Page: page}
	q := r.URL.Query()
	if v := q.Get("service_account_id"); v != "" {
		f.ServiceAccountID = &v
	}
	if v := q.Get("status"); v != "" {
		st := apikey.KeyStatus(v)
		if st != apikey.StatusActive && st != apikey.StatusExpired && st != apikey.StatusRevoked && st != apikey.StatusDisabled {
			return hive.FieldError("status", "must be active, expired, revoked or disabled, not %q", v)
		}
		f.Status = &st
	}
	if v := q.Get("kind"); v != "" {
		kind := apikey.KeyKind(v)
		if kind != apikey.KindServiceAccount && kind != apikey.KindPersonal {
			return hive.FieldError("kind", "must be service_account or personal, not %q", v)
		}
		f.Kind = &kind
	}
	if v := q.Get("secret_sha256"); v != "" {
		if err := secretHashFilter(&f, v); err != nil {
			return err
		}
	}
	keys, total, err := s.keys.ListKeys(r.Context(), edge.Principal(r), f)
	if err != nil {
		return err
	}
	keys, more := edge.TrimPage(keys, limit)
	now := s.keys.Now()
	return edge.WriteJSON(w, http.StatusOK, edge.NewList(keys, total, more,
		func(k *apikey.Key) api.APIKey { return newAPIKey(k, now) },
		func(k *apikey.Key) string { return k.ID }))
}

// getKey handles "GET /v1/api-keys/{id}".
func (s *API) getKey(w http.ResponseWriter, r *http.Request) error {
	k, err := s.keys.Key(r.Context(), edge.Principal(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newAPIKey(k, s.keys.Now()))
}

// updateKeyRequest accepts the fields a caller might try to change the
// secret with, so the answer can say to rotate instead of "unknown field".
type updateKeyRequest struct {
	api.UpdateKeyRequest
	Key    any `json:"key"`
	Secret any `json:"secret"`
	Value  any `json:"value"`
}

// updateKey handles "PATCH /v1/api-keys/{id}".
func (s *API) updateKey(w http.ResponseWriter, r *http.Request) error {
	var req updateKeyRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	if req.Key != nil || req.Secret != nil || req.Value != nil {
		return hive.FieldError("key", "the key value cannot be changed; rotate the key instead with POST /v1/api-keys/%s/rotate", r.PathValue("id"))
	}
	u := req.UpdateKeyRequest
	k, err := s.keys.UpdateKey(r.Context(), edge.Principal(r), r.PathValue("id"), apikey.KeyUpdate{
		Name: u.Name, Permissions: u.Permissions, Preset: u.Preset, Resources: (*hive.Resources)(u.Resources),
		ExpiresAt: u.ExpiresAt, ExpiresInDays: u.ExpiresInDays, NeverExpires: u.NeverExpires,
		IPAllowlist: u.IPAllowlist, RateLimitPerMinute: u.RateLimitPerMinute, AllowQueryKey: u.AllowQueryKey,
	})
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newAPIKey(k, s.keys.Now()))
}

// revokeKey handles "DELETE /v1/api-keys/{id}": revocation is immediate and
// final.
func (s *API) revokeKey(w http.ResponseWriter, r *http.Request) error {
	k, err := s.keys.RevokeKey(r.Context(), edge.Principal(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newAPIKey(k, s.keys.Now()))
}

// rotateKey handles "POST /v1/api-keys/{id}/rotate". The new secret appears
// in this response only; the old key keeps working for the grace period.
func (s *API) rotateKey(w http.ResponseWriter, r *http.Request) error {
	var req api.RotateKeyRequest
	if r.ContentLength != 0 {
		if err := edge.Decode(w, r, &req); err != nil {
			return err
		}
	}
	var grace time.Duration
	if req.GracePeriodSeconds != nil {
		grace = time.Duration(*req.GracePeriodSeconds) * time.Second
	}
	nk, old, secret, err := s.keys.RotateKey(r.Context(), edge.Principal(r), r.PathValue("id"), grace, req.ExpiresInDays)
	if err != nil {
		return err
	}
	now := s.keys.Now()
	prev := newAPIKey(old, now)
	edge.DeclareSecrets(w, r, secret)
	return edge.WriteJSON(w, http.StatusCreated, api.CreatedAPIKey{APIKey: newAPIKey(nk, now), Key: secret, PreviousKey: &prev})
}

// generatePersonalKey handles "POST /v1/me/api-key": a new personal key for
// the calling user, replacing their previous one.
func (s *API) generatePersonalKey(w http.ResponseWriter, r *http.Request) error {
	var req api.PersonalKeyRequest
	if r.ContentLength != 0 {
		if err := edge.Decode(w, r, &req); err != nil {
			return err
		}
	}
	k, secret, err := s.keys.GeneratePersonalKey(r.Context(), edge.Principal(r), req.Name, req.ExpiresInDays)
	if err != nil {
		return err
	}
	edge.DeclareSecrets(w, r, secret)
	return edge.WriteJSON(w, http.StatusCreated, api.CreatedAPIKey{APIKey: newAPIKey(k, s.keys.Now()), Key: secret})
}
