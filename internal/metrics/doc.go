// Package metrics exposes the node's Prometheus metrics: what the API
// served, by route and status; why callers were refused; and gauges and
// counters that other components report at scrape time (Redis availability,
// the key cache, the API log's queue).
//
// A Metrics owns its registry rather than using Prometheus's global one, so
// that several servers in one process (tests, two nodes of a cluster test)
// keep their own counts.
//
// Labels are bounded: the route label is the route's pattern, never the raw
// path, and the path of a request no route matches is counted as
// "unmatched"; methods outside the standard set are counted as "OTHER";
// reasons are the API's own reason codes. A scrape therefore stays the same
// size however many keys, ids and bogus paths the API sees.
package metrics
