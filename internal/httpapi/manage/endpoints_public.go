package manage

import (
	"net/http"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// publicEndpoints are served without an API key: the reports of leaked
// keys.
func (s *API) publicEndpoints() []edge.Endpoint {
	return []edge.Endpoint{
		{Route: "POST /v1/leaked-keys/report", Auth: edge.AuthNone, Handler: s.reportLeakedKey,
			Doc: edge.Doc{ID: "reportLeakedKey", Tag: "Leaked keys", Summary: "Report a leaked key",
				Description: "Found a Hive key (hive_sk_... or hive_pk_...) in a repository, a paste or a log? Send it here, with the address where you saw it. " +
					"If it is a live key it is revoked at once and for good, and its tenant gets a key_leaked alert on the console and its webhooks. " +
					"The answer is 202 and the same whether or not the key existed, was live or was a Hive key at all, so this cannot be used to test keys; " +
					"each report counts against your address's budget of invalid keys (429 with Retry-After past it).",
				Body: api.LeakReport{Key: "hive_sk_…", URL: "https://github.com/acme/app/blob/main/config.yml"}, BodyRequired: []string{"key"},
				Status: http.StatusAccepted, Response: leakReceipt, Errors: []int{http.StatusTooManyRequests}}},
		{Route: "POST /v1/secret-scanning/github", Auth: edge.AuthNone, Handler: s.githubSecretScanning,
			Doc: edge.Doc{ID: "githubSecretScanning", Tag: "Leaked keys", Summary: "GitHub secret scanning",
				Description: "GitHub's secret-scanning partner callback: a JSON array of {token, type, url, source}, signed with ECDSA P-256 over SHA-256 " +
					"(base64 ASN.1 in GITHUB-PUBLIC-KEY-SIGNATURE, the key named by GITHUB-PUBLIC-KEY-IDENTIFIER). The server makes no outbound calls: " +
					"the operator saves GitHub's key document (https://api.github.com/meta/public_keys/secret_scanning) to a file named by HIVE_GITHUB_SECRET_SCANNING_KEYS. " +
					"Each Hive key in the payload is revoked as leaked and labelled true_positive; anything else is false_positive; token_hash is the hex SHA-256 of the token. " +
					"A signature that does not verify is 401 and changes nothing; a payload sent again within a day gets the same answer and changes nothing. 404 when not enabled.",
				Body:     []api.GitHubTokenAlert{{Token: "hive_sk_…", Type: "hive_api_key", URL: "https://github.com/acme/app/blob/abc123/config.yml", Source: "content"}},
				Response: []api.GitHubTokenLabel{{TokenHash: "5e8b…", TokenType: "hive_api_key", Label: "true_positive"}},
				Errors:   []int{http.StatusUnauthorized, http.StatusNotFound}}},
		{Route: "GET /v1/revocable_token_types", Auth: edge.AuthGitLab, Handler: s.revocableTokenTypes,
			Doc: edge.Doc{ID: "gitlabTokenTypes", Tag: "Leaked keys", Summary: "GitLab: revocable token types",
				Description: "GitLab's Token Revocation API, for a self-managed GitLab whose secret detection finds Hive keys: the token type Hive revokes, " +
					"gitleaks_rule_id_hive_api_key (the README's gitleaks rule). Authenticated with the token set in HIVE_GITLAB_REVOCATION_TOKEN; 404 when none is set.",
				Response: api.GitLabTokenTypes{Types: []string{"gitleaks_rule_id_hive_api_key"}}, Errors: []int{http.StatusNotFound}}},
		{Route: "POST /v1/revoke_tokens", Auth: edge.AuthGitLab, Handler: s.revokeTokens,
			Doc: edge.Doc{ID: "gitlabRevokeTokens", Tag: "Leaked keys", Summary: "GitLab: revoke leaked tokens",
				Description: "GitLab's Token Revocation API: each token of type gitleaks_rule_id_hive_api_key that is a live Hive key is revoked as leaked, " +
					"its tenant alerted (key_leaked, with location as the url). Other types and unknown tokens are ignored; 204 either way, and a repeat changes nothing.",
				Body:   []api.GitLabLeakedToken{{Type: "gitleaks_rule_id_hive_api_key", Token: "hive_sk_…", Location: "https://gitlab.example.com/acme/app/-/blob/abc123/.env"}},
				Status: http.StatusNoContent, Errors: []int{http.StatusNotFound}}},
	}
}
