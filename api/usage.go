package api

import (
	"time"
)

// The API log and usage reports.

// APILog is one request in the API log. Its response body, when kept, is
// at ResponseURL.
type APILog struct {
	ID          string    `json:"id"`
	Object      string    `json:"object"` // "api_log"
	Time        time.Time `json:"time"`
	KeyID       *string   `json:"key_id"`
	UserID      *string   `json:"user_id"`
	Method      string    `json:"method"`
	Route       *string   `json:"route"` // the route pattern; null for an unknown path
	Path        string    `json:"path"`
	Query       string    `json:"query"` // secrets redacted
	Status      int       `json:"status"`
	ErrorCode   *string   `json:"error_code"`
	Reason      *string   `json:"reason"`
	RateLimited bool      `json:"rate_limited"`
	// AuthVia is "query" when the key came from the ?api_key= query
	// parameter (its value is redacted from query), and "header" otherwise.
	AuthVia       string  `json:"auth_via"`
	LatencyMS     float64 `json:"latency_ms"`
	ClientIP      *string `json:"client_ip"`
	UserAgent     string  `json:"user_agent"`
	RequestID     string  `json:"request_id"`
	ResponseBytes int     `json:"response_bytes"`
	ContentType   string  `json:"content_type"`
	BodyTruncated bool    `json:"body_truncated"` // the stored body is the first 64 KiB
	BodyDropped   bool    `json:"body_dropped"`   // the body was not kept under load
	// SuppressedCount is set on a summary of refused unauthenticated
	// requests: how many more from this client address were counted
	// instead of stored one row each.
	SuppressedCount int    `json:"suppressed_count"`
	ResponseURL     string `json:"response_url"`
}

// APILogList is one page of the API log, newest first. It has no total:
// counting a busy tenant's log on every page would cost more than the page.
type APILogList struct {
	Object     string   `json:"object"` // "list"
	Data       []APILog `json:"data"`
	HasMore    bool     `json:"has_more"`
	NextCursor *string  `json:"next_cursor"`
}

// APILogSettings are a tenant's API-log settings.
type APILogSettings struct {
	Object               string `json:"object"` // "api_log_settings"
	APILogRetentionDays  int    `json:"api_log_retention_days"`
	DefaultRetentionDays int    `json:"default_retention_days"`
}

// APILogSettingsRequest is the body of PUT /v1/settings/api-logs.
type APILogSettingsRequest struct {
	APILogRetentionDays int `json:"api_log_retention_days"` // 1 to 90
}

// UsagePoint is the usage of one interval, key or route. P50MS and P99MS
// are latency percentiles in milliseconds, within 9%; null without
// requests.
type UsagePoint struct {
	Start       *time.Time `json:"start,omitempty"`
	KeyID       *string    `json:"key_id,omitempty"`
	Route       *string    `json:"route,omitempty"`
	Requests    int64      `json:"requests"`
	Status2xx   int64      `json:"status_2xx"`
	Status3xx   int64      `json:"status_3xx"`
	Status4xx   int64      `json:"status_4xx"`
	Status5xx   int64      `json:"status_5xx"`
	RateLimited int64      `json:"rate_limited"`
	P50MS       *float64   `json:"p50_ms"`
	P99MS       *float64   `json:"p99_ms"`
}

// Usage is a usage report. ByKey and ByRoute are in tenant-wide reports
// only, most requests first.
type Usage struct {
	Object   string       `json:"object"` // "usage"
	KeyID    *string      `json:"key_id,omitempty"`
	Interval string       `json:"interval"`
	From     time.Time    `json:"from"`
	To       time.Time    `json:"to"`
	Data     []UsagePoint `json:"data"`
	Total    UsagePoint   `json:"total"`
	ByKey    []UsagePoint `json:"by_key,omitempty"`
	ByRoute  []UsagePoint `json:"by_route,omitempty"`
}
