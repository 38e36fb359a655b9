package client

import (
	"context"
	"net/http"
	"strconv"
	"time"
)

const (
	backoffBase = 500 * time.Millisecond
	backoffCap  = 30 * time.Second

	// maxRetryAfter bounds how long a Retry-After header can make the client
	// wait, so a misbehaving server cannot stall a caller indefinitely.
	maxRetryAfter = 60 * time.Second
)

// retryable reports whether the attempt that produced res may be repeated.
func (c *Client) retryable(ctx context.Context, method string, res result) bool {
	if res.err == nil || ctx.Err() != nil {
		return false
	}
	if res.network {
		// The request may have reached the server and been acted on before
		// the connection failed, so only an idempotent method is repeated.
		return idempotent(method)
	}
	switch res.status {
	case http.StatusTooManyRequests:
		// The rate limiter refuses a request before anything acts on it,
		// so even a POST is safe to send again.
		return true
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return idempotent(method)
	}
	return false
}

// idempotent reports whether sending a request with method twice has the
// same effect as sending it once (RFC 9110, section 9.2.2).
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace,
		http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// delay returns how long to wait after attempt (0-based) produced res: the
// server's Retry-After up to maxRetryAfter, else an exponential backoff.
func (c *Client) delay(attempt int, res result) time.Duration {
	if res.retryAfter >= 0 {
		return min(res.retryAfter, maxRetryAfter)
	}
	return backoff(attempt, c.randN)
}

// backoff returns backoffBase·2^attempt, capped at backoffCap, with equal
// jitter: half of it fixed and half random, so that clients rate-limited at
// the same moment do not all retry at the same moment, yet none retries at
// once. randN returns a number in [0, n).
func backoff(attempt int, randN func(n int64) int64) time.Duration {
	d := backoffCap
	if attempt < 16 { // beyond this the shift would overflow; the cap applies anyway
		d = min(backoffBase<<attempt, backoffCap)
	}
	half := d / 2
	return half + time.Duration(randN(int64(half)+1))
}

// parseRetryAfter returns the wait a Retry-After header asks for, given as
// delay-seconds or an HTTP date, or -1 when v is absent or malformed.
func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return -1
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return -1
		}
		// Clamp before converting so a huge value cannot overflow.
		return time.Duration(min(secs, int64(maxRetryAfter/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0)
	}
	return -1
}

// sleepContext waits for d or until ctx is done, whichever comes first.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
