// Package client is the typed Go client for Hive's API: key verification,
// the permission catalogue, service accounts, API keys, personal keys, the
// audit log, the API log and usage, alerts, webhooks, and the Open API for
// engagement analytics (people import, surveys and responses, Open Door,
// Hive Fives, statistics, metrics, Key Drivers, heatmap, facets and custom
// metrics). The hive CLI and the end-to-end tests use it, and so can any Go
// program. The request and response types are declared once, for the server
// and the client alike, in package github.com/hive-platform/hive/api; this
// package's names for them are aliases. The parameter types that build a
// query string (ListKeysParams, UsageParams, ...) and Error are its own.
//
// A Client authenticates every request with one identity: a service-account
// key, a personal key plus its user's id, or (only to generate a personal
// key) an email and password. Every method returns a *Error when the API
// answers with an error, so callers can branch on its Code and Reason:
//
//	c := client.New("http://127.0.0.1:8080", os.Getenv("HIVE_API_KEY"))
//	v, err := c.Verify(ctx)
//	if apiErr, ok := errors.AsType[*client.Error](err); ok && apiErr.Reason() == "api_key_expired" {
//		log.Fatal("the key has expired: rotate it")
//	}
//	fmt.Println(v.KeyID, v.Permissions)
//
//	created, err := c.CreateKey(ctx, client.CreateKeyRequest{
//		Name:             "power-bi",
//		ServiceAccountID: "sa_123",
//		Preset:           "read_only",
//	})
//	// created.Key is the secret; the API never shows it again.
//
// Requests rejected with 429 are retried after the server's Retry-After (or
// an exponential backoff when it sends none). Requests that failed with 502,
// 503, 504 or a connection error are retried only when their method is
// idempotent, so a POST is never sent twice after it may have reached the
// server. WithMaxRetries(0) turns retries off.
package client
