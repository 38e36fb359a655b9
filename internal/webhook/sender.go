package webhook

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"time"

	hook "github.com/hive-platform/hive/webhook"
)

// Sender makes one HTTP POST of a delivery. It returns the response status,
// whatever it is, or an error if no response arrived. It is the package's
// only contact with net/http, and tests replace it.
type Sender interface {
	Send(ctx context.Context, url string, headers http.Header, body []byte) (status int, err error)
}

// userAgent names the sender to receivers and their firewalls.
const userAgent = "Hive-Webhooks/1"

// maxResponseBody bounds how much of a response is read before the
// connection is reused; the body itself is ignored.
const maxResponseBody = 64 << 10

// HTTPSender sends deliveries with net/http. It connects only to public
// addresses and the ranges it was told to allow, checked by the dialer
// after name resolution, for every connection. It follows no redirects (a
// 3xx counts as a failed attempt) and uses no proxy, so that the address
// checked is the address reached.
type HTTPSender struct {
	client *http.Client
}

// NewHTTPSender returns a sender with its own connection pool that may reach
// the allow ranges besides public addresses. Each call to Send is bounded by
// its context, which the Service gives a timeout.
func NewHTTPSender(allow ...netip.Prefix) *HTTPSender {
	policy := addressPolicy{allow: allow}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second, ControlContext: policy.control}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
	}
	return &HTTPSender{client: &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// Send posts body to target with headers and returns the response status.
func (s *HTTPSender) Send(ctx context.Context, target string, headers http.Header, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header = headers
	resp, err := s.client.Do(req)
	if err != nil {
		if uerr, ok := errors.AsType[*url.Error](err); ok {
			// The *url.Error repeats the method and URL, which the delivery
			// record already shows.
			err = uerr.Err
		}
		return 0, err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponseBody))
	resp.Body.Close()
	return resp.StatusCode, nil
}

// requestHeaders returns the headers of one attempt to deliver d, signed
// with secret at t.
func requestHeaders(d *Delivery, secret string, t time.Time) http.Header {
	h := make(http.Header, 5)
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", userAgent)
	h.Set(hook.HeaderEvent, d.Event)
	h.Set(hook.HeaderDeliveryID, d.ID)
	h.Set(hook.HeaderSignature, hook.Sign(secret, t, d.Payload))
	return h
}
