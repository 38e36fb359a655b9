package hive

import (
	"net/netip"
	"time"
)

// MaxLoggedBody is how much of a response body the API keeps for its
// observers: bodies are cut at 64 KiB.
const MaxLoggedBody = 64 << 10

// RequestRecord is what the API reports about each finished request, whether
// or not it was authenticated. It never holds a credential: the query string
// has secret-looking parameters redacted and the Door API token is cut from
// the path.
type RequestRecord struct {
	Time      time.Time // when the request arrived
	RequestID string
	TenantID  string // empty when no tenant could be told
	KeyID     string // the key presented, when it is known (also for a revoked or expired key)
	UserID    string // the user behind a personal key or a sign-in
	Method    string
	Route     string // the route pattern, e.g. "GET /v1/api-keys/{id}"; empty for an unknown path
	Path      string
	Query     string // encoded, with secrets redacted
	Status    int
	ErrorCode string // the error code of an error response, e.g. rate_limited
	Reason    string // details.reason of an error response, e.g. api_key_revoked
	// RateLimited is set when the key's rate limit refused the request.
	RateLimited bool
	// AuthVia is "query" when the key came from the ?api_key= query
	// parameter, and empty otherwise.
	AuthVia       string
	Latency       time.Duration
	ClientIP      netip.Addr
	UserAgent     string
	ResponseBytes int
	ContentType   string // of the response
	// Body is the start of the response body, at most MaxLoggedBody bytes.
	// It is only valid during ObserveRequest: an observer that keeps it must
	// copy it.
	Body          []byte
	BodyTruncated bool
}

// RequestObserver is told about every finished API request. ObserveRequest
// runs on the request's goroutine after the response is written, so it must
// be quick and must not block: queue the work, never do I/O inline.
type RequestObserver interface {
	ObserveRequest(*RequestRecord)
}

// KeyRef names the key behind a refused request, for the API's logs and
// alerts. It travels as the private cause of a 401 for a key that exists but
// may not be used (revoked, expired, wrong user, wrong address), and is never
// shown to the caller.
type KeyRef struct {
	TenantID string
	KeyID    string
}

func (k *KeyRef) Error() string { return "key " + k.KeyID + " of tenant " + k.TenantID }
