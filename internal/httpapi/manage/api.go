// Package manage serves Hive's management API under /v1: service accounts,
// API keys and personal keys, checking a key (verify, permissions), the
// tenant with its plan and limits, the audit log, the API log and its
// retention, usage reports, alerts and their settings and the key expiry
// calendar, the key policy, webhooks and their deliveries, and the reports
// of leaked keys (anyone's, GitHub secret scanning, GitLab's token
// revocation).
package manage

import (
	"slices"
	"time"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/httpapi/edge"
	"github.com/hive-platform/hive/internal/secretscan"
	"github.com/hive-platform/hive/internal/usage"
	"github.com/hive-platform/hive/internal/webhook"
)

// Config is what the management API needs from the composition root.
type Config struct {
	Keys     *apikey.Service
	Webhooks *webhook.Service
	// Alerts may be nil: the alert routes then answer 404.
	Alerts *alert.Engine
	Usage  *usage.Service
	// GitHubKeys may be nil: GitHub secret scanning then answers 404.
	GitHubKeys *secretscan.GitHubKeys
	// DefaultRateLimit is requests per minute for keys without their own,
	// as GET /v1/tenant reports it.
	DefaultRateLimit int
}

// API holds the management API's handlers.
type API struct {
	keys             *apikey.Service
	webhooks         *webhook.Service
	alerts           *alert.Engine
	usage            *usage.Service
	defaultRateLimit int
	github           *secretscan.GitHubKeys
	replays          *secretscan.Replays // secret-scanning payloads already answered
}

// New returns the management API cfg describes.
func New(cfg Config) *API {
	return &API{
		keys:             cfg.Keys,
		webhooks:         cfg.Webhooks,
		alerts:           cfg.Alerts,
		usage:            cfg.Usage,
		defaultRateLimit: cfg.DefaultRateLimit,
		github:           cfg.GitHubKeys,
		// A day covers GitHub's retries; 10,000 payloads bound the memory.
		replays: secretscan.NewReplays(24*time.Hour, 10_000, nil),
	}
}

// Endpoints is the management API's table, with handlers bound to s: the
// leaked-key reports, served without a key, then keys, then the tenant's
// resources.
func (s *API) Endpoints() []edge.Endpoint {
	return slices.Concat(s.publicEndpoints(), s.keyEndpoints(), s.tenantEndpoints())
}
