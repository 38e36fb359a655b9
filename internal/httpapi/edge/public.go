package edge

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/hive-platform/hive/internal/hive"
)

// public wraps an endpoint that takes no API key.
func (s *Edge) public(h HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.WriteError(w, r, err)
		}
	}
}

// reasonGitLabToken is the 401 reason of a GitLab call without the token.
const reasonGitLabToken = "gitlab_token_invalid"

// gitlab wraps an endpoint of GitLab's Token Revocation API: 404 while the
// operator has not set a token, 401 without it. Hashes are compared in
// constant time, as for the metrics token.
func (s *Edge) gitlab(h HandlerFunc) HandlerFunc {
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

func Principal(r *http.Request) *hive.Principal { return hive.PrincipalFrom(r.Context()) }

// ReasonMetricsToken is the 401 reason of a scrape without the right token.
const ReasonMetricsToken = "metrics_token_invalid"
