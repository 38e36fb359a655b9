// Package webhook delivers signed event notifications to the HTTPS endpoints
// tenants register: door entries, fired alerts and any other event the
// composition root registers in Config.Events.
//
// Publish writes one Delivery per subscribed endpoint to an outbox in the
// store before any network I/O, so an event is never lost to a crash or a
// slow receiver. A worker (Run, or DeliverDue called directly) claims due
// deliveries in batches, sends them with bounded concurrency and a timeout,
// and retries failures with exponential backoff until MaxAttempts. Claims
// are leases: a node that dies mid-send leaves its deliveries to be claimed
// again once the lease ends, so delivery is at least once and receivers
// de-duplicate by the Hive-Delivery-Id header.
//
// Every request is signed: Hive-Signature: t=<unix>,v1=<hex HMAC-SHA256 of
// "<t>.<body>"> with the endpoint's secret. The public package
// github.com/hive-platform/hive/webhook holds Sign, which this sender uses,
// and Verify, for receivers and tests.
package webhook

import (
	"encoding/json"
	"time"
)

// ID prefixes of the package's identifiers, in the style of hive's.
const (
	PrefixEndpoint = "whk_"
	PrefixDelivery = "whd_"
)

// Endpoint is a URL of a tenant that receives the events it subscribed to.
type Endpoint struct {
	ID       string
	TenantID string
	URL      string   // https, or http to a loopback address
	Events   []string // the event names it receives, each registered with the Service
	// Secret signs every request to the endpoint. Unlike an API key it is
	// stored as it is, not hashed: computing an HMAC needs the secret itself.
	// The API shows it once, in the response that creates the endpoint.
	Secret    string
	Active    bool // inactive endpoints receive nothing
	CreatedAt time.Time
}

// Status is where a delivery stands.
type Status string

const (
	StatusPending   Status = "pending"   // waiting for its first or next attempt
	StatusSucceeded Status = "succeeded" // the endpoint answered 2xx
	StatusFailed    Status = "failed"    // every attempt failed; no more are made
)

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	return s == StatusPending || s == StatusSucceeded || s == StatusFailed
}

// Delivery is one event on its way to one endpoint, and the record of the
// attempts to send it.
type Delivery struct {
	ID         string
	TenantID   string
	EndpointID string
	Event      string
	// Payload is the exact request body. Every attempt sends the same bytes
	// and signs them with the time of that attempt.
	Payload  json.RawMessage
	Status   Status
	Attempts int // attempts started, counting one in progress
	// NextAttemptAt is when a pending delivery is next due. While an attempt
	// is in progress it is the end of the claim's lease.
	NextAttemptAt  time.Time
	LastStatusCode int    // HTTP status of the last attempt; 0 if no response arrived
	LastError      string // why the last attempt failed; empty after a success
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Page selects a page of a list ordered newest first. IDs sort by creation
// time, so After is the ID of the last item of the previous page.
type Page struct {
	Limit int    // 0 means 100; stores cap it at 1000
	After string // return items with IDs strictly below this one
}

// EndpointFilter selects endpoints of one tenant.
type EndpointFilter struct {
	TenantID string
	Page
}

// DeliveryFilter selects deliveries of one tenant.
type DeliveryFilter struct {
	TenantID   string
	EndpointID *string
	Status     *Status
	Page
}
