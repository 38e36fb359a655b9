package api

// Leaked-key reports: Hive's own endpoint, GitHub secret scanning and
// GitLab's Token Revocation API.

// LeakReport is the body of POST /v1/leaked-keys/report: a Hive key someone
// found in public, and where.
type LeakReport struct {
	Key string `json:"key"`
	URL string `json:"url,omitempty"` // where it was found, an http(s) URL
}

// LeakReceipt is the answer to a leak report. It is the same whatever the
// key was, so the endpoint cannot be used to test keys.
type LeakReceipt struct {
	Status  string `json:"status"` // "received"
	Message string `json:"message"`
}

// GitHubTokenAlert is one item of a GitHub secret-scanning alert.
type GitHubTokenAlert struct {
	Token  string `json:"token"`
	Type   string `json:"type"`
	URL    string `json:"url"`
	Source string `json:"source"` // "content", "commit", "issue_comment", ...
}

// GitHubTokenLabel is one item of the answer to a GitHub secret-scanning
// alert: true_positive for a Hive key, false_positive for anything else.
type GitHubTokenLabel struct {
	TokenHash string `json:"token_hash"` // hex SHA-256 of the token
	TokenType string `json:"token_type"`
	Label     string `json:"label"`
}

// GitLabTokenTypes answers GET /v1/revocable_token_types, GitLab's Token
// Revocation API.
type GitLabTokenTypes struct {
	Types []string `json:"types"`
}

// GitLabLeakedToken is one item of POST /v1/revoke_tokens.
type GitLabLeakedToken struct {
	Type     string `json:"type"`
	Token    string `json:"token"`
	Location string `json:"location"`
}
