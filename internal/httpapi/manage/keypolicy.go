package manage

import (
	"encoding/hex"
	"net/http"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// getKeyPolicy handles "GET /v1/settings/key-policy".
func (s *API) getKeyPolicy(w http.ResponseWriter, r *http.Request) error {
	pol, err := s.keys.KeyPolicy(r.Context(), edge.Principal(r))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newKeyPolicy(pol))
}

// updateKeyPolicy handles "PUT /v1/settings/key-policy": the whole policy,
// applied to keys from the next time each is created, edited, rotated or
// enabled, and by the unused-key scan.
func (s *API) updateKeyPolicy(w http.ResponseWriter, r *http.Request) error {
	var req api.KeyPolicyRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	pol, err := s.keys.SetKeyPolicy(r.Context(), edge.Principal(r), apikey.KeyPolicyUpdate{
		MaxLifetimeDays: req.MaxLifetimeDays, AllowNeverExpiring: req.AllowNeverExpiring,
		DisableUnusedAfterDays: req.DisableUnusedAfterDays, UnusedWarningDays: req.UnusedWarningDays,
		AdminKeysRequireIPAllowlist: req.AdminKeysRequireIPAllowlist,
	})
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newKeyPolicy(pol))
}

func newKeyPolicy(p *apikey.KeyPolicy) api.KeyPolicy {
	out := api.KeyPolicy{Object: "key_policy", MaxLifetimeDays: p.MaxLifetimeDays, AllowNeverExpiring: p.AllowNeverExpiring,
		DisableUnusedAfterDays: p.DisableUnusedAfterDays, UnusedWarningDays: p.UnusedWarningDays,
		AdminKeysRequireIPAllowlist: p.AdminKeysRequireIPAllowlist, UpdatedBy: optString(p.UpdatedBy)}
	if !p.UpdatedAt.IsZero() {
		out.UpdatedAt = &p.UpdatedAt
	}
	return out
}

// disableKey handles "POST /v1/api-keys/{id}/disable": refused on every node
// before the response, until enabled again.
func (s *API) disableKey(w http.ResponseWriter, r *http.Request) error {
	k, err := s.keys.DisableKey(r.Context(), edge.Principal(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newAPIKey(k, s.keys.Now()))
}

// enableKey handles "POST /v1/api-keys/{id}/enable". A revoked key is never
// enabled.
func (s *API) enableKey(w http.ResponseWriter, r *http.Request) error {
	k, err := s.keys.EnableKey(r.Context(), edge.Principal(r), r.PathValue("id"))
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusOK, newAPIKey(k, s.keys.Now()))
}

// secretHashFilter reads ?secret_sha256=, the hex SHA-256 of a secret, so
// that a scanner can ask whether a secret it found is one of the tenant's
// keys without sending the secret.
func secretHashFilter(f *apikey.KeyFilter, v string) error {
	b, err := hex.DecodeString(v)
	if err != nil || len(b) != 32 {
		return hive.FieldError("secret_sha256", "must be the 64 hex digits of a SHA-256, such as the output of 'printf %%s \"$KEY\" | sha256sum'")
	}
	var h [32]byte
	copy(h[:], b)
	f.Hash = &h
	return nil
}
