package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// gitlabTokenType is the one token type Hive revokes for GitLab: the
// gitleaks rule "hive-api-key" the README gives, as GitLab names secret
// detection rules (primary identifier type and value).
const gitlabTokenType = "gitleaks_rule_id_hive_api_key"

// reasonGitLabToken is the 401 reason of a GitLab call without the token.
const reasonGitLabToken = "gitlab_token_invalid"

// gitlab wraps an endpoint of GitLab's Token Revocation API: 404 while the
// operator has not set a token, 401 without it. Hashes are compared in
// constant time, as for the metrics token.
func (s *Server) gitlab(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.gitlabToken == nil {
			return hive.Errorf(hive.ENOTFOUND, "GitLab token revocation is not enabled on this server; the operator sets HIVE_GITLAB_REVOCATION_TOKEN")
		}
		token := strings.TrimSpace(r.Header.Get("Authorization"))
		if scheme, rest, ok := strings.Cut(token, " "); ok && strings.EqualFold(scheme, "Bearer") {
			token = strings.TrimSpace(rest)
		}
		got := sha256.Sum256([]byte(token))
		if subtle.ConstantTimeCompare(got[:], s.gitlabToken) != 1 {
			return hive.Unauthorized(reasonGitLabToken,
				"Send the token set in HIVE_GITLAB_REVOCATION_TOKEN in the Authorization header, as GitLab's Token Revocation API configuration does.")
		}
		return h(w, r)
	}
}

// revocableTokenTypes handles "GET /v1/revocable_token_types".
func (s *Server) revocableTokenTypes(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, client.GitLabTokenTypes{Types: []string{gitlabTokenType}})
}

// revokeTokens handles "POST /v1/revoke_tokens": each Hive key GitLab found
// is revoked as leaked. Tokens of other types, and strings that are no live
// Hive key, are ignored; the answer is 204 either way, and a repeat changes
// nothing.
func (s *Server) revokeTokens(w http.ResponseWriter, r *http.Request) error {
	// Unknown fields are allowed: a partner's payload may grow.
	var found []client.GitLabLeakedToken
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBodyBytes)).Decode(&found); err != nil {
		return decodeError(err)
	}
	for _, t := range found {
		if t.Type != gitlabTokenType {
			continue
		}
		where := apikey.Leak{Source: apikey.LeakSourceGitLab, URL: t.Location}
		if _, err := s.keys.RevokeLeaked(r.Context(), t.Token, where); err != nil {
			return err
		}
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
