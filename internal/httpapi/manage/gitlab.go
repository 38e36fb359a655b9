package manage

import (
	"encoding/json"
	"net/http"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// gitlabTokenType is the one token type Hive revokes for GitLab: the
// gitleaks rule "hive-api-key" the README gives, as GitLab names secret
// detection rules (primary identifier type and value).
const gitlabTokenType = "gitleaks_rule_id_hive_api_key"

// revocableTokenTypes handles "GET /v1/revocable_token_types".
func (s *API) revocableTokenTypes(w http.ResponseWriter, r *http.Request) error {
	return edge.WriteJSON(w, http.StatusOK, api.GitLabTokenTypes{Types: []string{gitlabTokenType}})
}

// revokeTokens handles "POST /v1/revoke_tokens": each Hive key GitLab found
// is revoked as leaked. Tokens of other types, and strings that are no live
// Hive key, are ignored; the answer is 204 either way, and a repeat changes
// nothing.
func (s *API) revokeTokens(w http.ResponseWriter, r *http.Request) error {
	// Unknown fields are allowed: a partner's payload may grow.
	var found []api.GitLabLeakedToken
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, edge.MaxBodyBytes)).Decode(&found); err != nil {
		return edge.DecodeError(err)
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
