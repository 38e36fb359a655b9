// Package usage keeps the API log and the per-key usage rollups: every
// request the API answers, with its response body for a retention period,
// and per-minute counts and latency histograms per tenant, key and route.
//
// # Recording
//
// The Recorder is a hive.RequestObserver. ObserveRequest runs on the
// request's goroutine, so it does no I/O and never waits: it copies the
// record into a bounded in-memory queue and returns. Run drains the queue
// on its own goroutine every FlushInterval (or sooner, once BatchSize rows
// wait), writing each batch of rows and the rollups they add to in one
// transaction. When Run's context ends it writes everything still queued
// before it returns, so a graceful shutdown that stops the HTTP server
// first loses no row.
//
// # Overload
//
// Memory is bounded twice: by rows (MaxQueued, default 50,000) and by the
// bytes of the response bodies they hold (MaxQueuedBytes, default 64 MiB).
// When the body budget is spent, a row is still queued but without its
// body: it is marked body_dropped and counted in BodiesDropped. Only when
// the row queue itself is full is a new row dropped (the newest, not the
// oldest), counted in Dropped and reported by a warning in the process log
// at most every 10 seconds. Stats reports the numbers for the metrics
// endpoint.
//
// # Outages and refused rows
//
// A batch the store cannot take because it is unavailable (hive
// EUNAVAILABLE: PostgreSQL down or restarting, SQLite locked or its disk
// failing) is written to the spool, a directory of one file per batch
// (SpoolDir), synced before the write counts as done, and bounded by
// SpoolMaxBytes (default 256 MiB, some 350,000 rows). Each Flush replays
// the spool first, oldest batch first, so rows reach the store in the
// order they came; a restarted process replays what an earlier one left.
// When the spool is full or its disk refuses a write (a full disk), the
// batch waits in memory instead, within MaxQueued, and past that new rows
// are dropped and counted as above: the bound on loss is the spool's size
// plus the queue's. Without a SpoolDir, batches wait in memory.
//
// A connection cut while a batch's COMMIT is on the wire leaves the
// recorder not knowing whether it was written: it takes the batch as not
// written and tries it again. Its IDs make that safe: the store refuses a
// batch holding a stored ID (ECONFLICT), the recorder looks up which of
// its rows are stored, counts those in Written and AlreadyStored, and
// writes the rest. A batch is one transaction, so rows found stored had
// their rollups added with them, and nothing is counted twice.
//
// A batch the store refuses for any other reason (a value it will not
// take) is split in halves until the refused rows are alone, so one bad
// row never takes its batch with it; such a row is written cleaned (its
// text made valid UTF-8 without NULs, its body left out) and counted in
// Sanitised, or, refused even so, written to the process log and counted
// in Quarantined. Text fields are cleaned of NULs and invalid UTF-8 before
// every write anyway, since refused requests are logged as sent.
//
// A kill -9 loses what was in memory: the rows queued since the last
// Flush (FlushInterval, 250ms of requests by default) and the batches
// waiting in memory because the spool was full. Spooled batches survive.
//
// # Rollups
//
// Usage is kept per (tenant, key, route, minute): requests, requests by
// status class, rate-limited requests, and a latency histogram stored as one
// additive row per bucket. Every write adds to what is there (ON CONFLICT DO
// UPDATE SET n = n + excluded.n), so several nodes writing the same minute
// sum correctly. Percentiles are computed when read from the summed
// histogram. Buckets are a quarter of a power of two wide, so a reported
// p50 or p99 is within 9% of the true one (see BucketOf). Requests without
// a key are logged but are not in the rollups.
//
// # Retention
//
// Log rows and their bodies are deleted once older than the tenant's
// retention (Settings.RetentionDays, default 7, at most 90); Run does it
// every hour. Rollups are kept for UsageRetention (default 90 days).
package usage

import (
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// Retention bounds, in days, of Settings.RetentionDays.
const (
	DefaultRetentionDays = 7
	MinRetentionDays     = 1
	MaxRetentionDays     = 90
)

// NewLogID returns a new ID for the entry of a request that arrived at t.
// Log IDs sort by arrival time to the microsecond, whichever node made
// them and in whatever order, so stores may order the log, range over
// its time and page through it by ID alone.
func NewLogID(t time.Time) string { return hive.NewTimeID(hive.PrefixLog, t) }

// LogIDFloor returns the least ID NewLogID makes for t: the entries of
// requests that arrived before t have IDs less than it, the others not.
func LogIDFloor(t time.Time) string { return hive.TimeIDFloor(hive.PrefixLog, t) }

// Entry is one request in the API log.
type Entry struct {
	ID        string    // made by NewLogID from Time
	Time      time.Time // when the request arrived, UTC, microseconds; stores rely on ID having been made from it
	TenantID  string    // empty when no tenant could be told
	KeyID     string
	UserID    string
	Method    string
	Route     string // the route pattern; empty for an unknown path
	Path      string
	Query     string // encoded, secrets redacted
	Status    int
	ErrorCode string
	Reason    string
	// RateLimited is set when the key's rate limit refused the request.
	RateLimited bool
	// AuthVia is "query" when the key came from the query string, and
	// empty otherwise.
	AuthVia       string
	Latency       time.Duration // microsecond precision
	ClientIP      string
	UserAgent     string
	RequestID     string
	ResponseBytes int
	ContentType   string
	// Body is the start of the response body. Stores write it when it is
	// not empty and never read it back into an Entry: LogBody reads it.
	Body          []byte
	BodyTruncated bool // the response was longer than the stored body
	BodyDropped   bool // the body was not kept because the queue was full
	// SuppressedCount, on a summary row, is how many refused
	// unauthenticated requests from the same address in the minute before
	// it were counted instead of stored (see Recorder).
	SuppressedCount int
}

// Counts are the additive totals of a set of requests.
type Counts struct {
	Requests    int64
	Status2xx   int64
	Status3xx   int64
	Status4xx   int64
	Status5xx   int64
	RateLimited int64
}

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	c.Requests += o.Requests
	c.Status2xx += o.Status2xx
	c.Status3xx += o.Status3xx
	c.Status4xx += o.Status4xx
	c.Status5xx += o.Status5xx
	c.RateLimited += o.RateLimited
}

// count adds one request with the given status.
func (c *Counts) count(status int, rateLimited bool) {
	c.Requests++
	switch status / 100 {
	case 2:
		c.Status2xx++
	case 3:
		c.Status3xx++
	case 4:
		c.Status4xx++
	case 5:
		c.Status5xx++
	}
	if rateLimited {
		c.RateLimited++
	}
}

// Rollup is what one batch adds to one (tenant, key, route, minute).
type Rollup struct {
	TenantID string
	KeyID    string
	Route    string
	Minute   time.Time // the start of the minute, UTC
	Counts
	Latency Histogram
}

// LogFilter selects log entries of one tenant, newest first.
type LogFilter struct {
	TenantID string
	KeyID    *string
	Status   *int // an exact status, such as 429
	// StatusClass selects a class of statuses: 4 is 400 to 499.
	StatusClass *int
	Route       *string
	From        *time.Time // inclusive
	To          *time.Time // exclusive
	Limit       int        // 0 means 100; stores cap it at 1000
	// After is the ID of the last entry of the previous page: entries
	// older than it come next.
	After string
	// Visible, when set, leaves out the entries it rejects (those outside
	// the reader's rights); Logs reads on until the page is full.
	Visible func(*Entry) bool
}

// Grouping says how SumUsage groups the rollups it sums.
type Grouping int

const (
	ByPeriod Grouping = iota // one row per period
	ByKey                    // one row per period and key
	ByRoute                  // one row per period and route
)

// UsageQuery selects rollups of one tenant and how to sum them.
type UsageQuery struct {
	TenantID string
	KeyID    string    // empty for every key
	From, To time.Time // whole minutes, To exclusive
	// Step is the length of a period, a whole number of minutes. Periods
	// start at From, From+Step, and so on; a Step as long as the range sums
	// it all in one period.
	Step time.Duration
	By   Grouping
}

// UsageRow is the sum of the rollups of one group: the period that starts
// at Start and, for ByKey, a key or, for ByRoute, a route.
type UsageRow struct {
	Start time.Time
	KeyID string
	Route string
	Counts
	Latency Histogram
}

// BucketCount is the number of requests of one group that fell in one
// latency bucket.
type BucketCount struct {
	Start  time.Time
	KeyID  string
	Route  string
	Bucket int
	N      int64
}

// Settings are a tenant's API-log settings.
type Settings struct {
	TenantID      string
	RetentionDays int
	UpdatedAt     time.Time
}
