// Package api holds the public request and response types of Hive's three
// API families, the shapes the server reads and writes:
//
//   - the management API: API keys and the key policy, service accounts,
//     the permission catalogue and the audit log, key verification, the
//     API log and usage reports, alerts and their settings, webhooks and
//     their deliveries, leaked-key reports (Hive's own, GitHub secret
//     scanning and GitLab's Token Revocation API), lists and error bodies;
//   - the Open API for engagement analytics: surveys, questions and
//     responses, the people import, attributes and privacy settings, and
//     the rows of the analytics tables (statistics, metrics, Key Drivers,
//     heatmap, facets, custom metrics) with their paging;
//   - the Door Access API that door controllers call (DoorEnvelope, Door,
//     DoorUser, DoorAccessRequest, DoorAccess, ...) and its administration
//     under /v1 (DoorSettings, Member, Membership, Entry, ...).
//
// The Go client (package client, which keeps its names as aliases of
// these), the server's handlers, its API reference and its tests use the
// same declarations, so a field's JSON name and type are written once.
// Times are time.Time, sent as RFC 3339 in UTC. A nil pointer is JSON
// null: in an analytics row it means not computable or suppressed (then
// Suppressed is true and SuppressionReason says why).
package api
