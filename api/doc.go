// Package api holds the public request and response types of Hive's Open
// API for engagement analytics: surveys, questions and responses, the
// people import, attributes and privacy settings, and the rows of the
// analytics tables (statistics, metrics, Key Drivers, heatmap, facets,
// custom metrics) with their paging. The Go client (package client, which
// keeps its names as aliases of these), the server's API reference and its
// tests use the same declarations, so a field's JSON name and type are
// written once. Times are time.Time, sent as RFC 3339 in UTC; a nil pointer
// is JSON null, which in an analytics row means not computable or
// suppressed (then Suppressed is true and SuppressionReason says why).
package api
