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
// default), the request is counted on a local ratelimit.Memory instead and
// the limiter turns unhealthy: while Redis is down each node enforces the
// limit on its own (so N nodes allow up to N times the limit), requests cost
// no Redis call, and Redis is probed at most once per Options.ProbeInterval
// (1 s). The first answer switches back to the global limit. Each
// transition is logged once; Fallbacks and Healthy report the state.
//
// # Invalidations
//
// Invalidator publishes the hash of every key a node changes on the channel
// "hive:keys:invalidate" ("*", drop everything, for a change to many keys at
// once such as a tenant's plan), and applies what every node publishes to its
// own cache. Publishing never blocks the caller. A node that could not publish
// (Redis down, queue full) broadcasts "drop everything" as soon as Redis
// answers again; a node whose subscription broke drops its whole cache each
// time it subscribes again, since it may have missed messages meanwhile.
package redis
