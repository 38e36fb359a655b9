// Package redis holds what lets many hive nodes behave as one on a shared
// Redis: a global rate limiter and the broadcast of key-cache invalidations.
//
// # Rate limits
//
// Limiter implements ratelimit.Limiter with the same GCRA as the in-memory
// limiter: one theoretical arrival time (TAT) per key under "hive:rl:<key>",
// kept for one window. Each request runs one Lua script that reads the clock
// with Redis TIME, decides, and stores the new TAT atomically, so the limit is
// exact across any number of nodes — no request is counted twice or lost to a
// race, and nodes whose clocks disagree still share one timeline. The numbers
// in the headers (limit, remaining, reset, retry-after) come from
// ratelimit.Decide applied to the time and TAT the script saw, so they match
// the single-node limiter to the nanosecond. The cost is one round trip per
// request.
//
// If Redis fails or does not answer within Options.Timeout (50 ms by
// default), the request is counted on a local ratelimit.Memory instead. An
// error that says Redis is gone, or three timeouts in a row, turn the
// limiter unhealthy: while Redis is down each node enforces the limit on its
// own (so N nodes allow up to N times the limit) and requests cost no Redis
// call, while one goroutine probes Redis every Options.ProbeInterval
// (100 ms). A probe succeeds once it has loaded the script (a restarted
// Redis has forgotten it) over several connections at once, so that the
// requests switching back find a warm pool rather than all dialling within
// their 50 ms and failing back to local counting. Each transition is logged
// once; Fallbacks and Healthy report the state.
//
// # Invalidations
//
// Invalidator publishes the hash of every key a node changes on the channel
// "hive:keys:invalidate" ("*", drop everything, for a change to many keys at
// once such as a tenant's plan), and applies what every node publishes to its
// own cache; invalidation.Fleet numbers the changes and waits for every
// node's acknowledgement. A node that could not publish
// (Redis down, queue full) broadcasts "drop everything" as soon as Redis
// answers again; a node whose subscription broke drops its whole cache each
// time it subscribes again, since it may have missed messages meanwhile.
package redis
