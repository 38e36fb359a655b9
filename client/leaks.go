package client

import "github.com/hive-platform/hive/api"

// LeakReport is api.LeakReport.
type LeakReport = api.LeakReport

// LeakReceipt is api.LeakReceipt.
type LeakReceipt = api.LeakReceipt

// GitHubTokenAlert is api.GitHubTokenAlert.
type GitHubTokenAlert = api.GitHubTokenAlert

// GitHubTokenLabel is api.GitHubTokenLabel.
type GitHubTokenLabel = api.GitHubTokenLabel

// GitLabTokenTypes is api.GitLabTokenTypes.
type GitLabTokenTypes = api.GitLabTokenTypes

// GitLabLeakedToken is api.GitLabLeakedToken.
type GitLabLeakedToken = api.GitLabLeakedToken
