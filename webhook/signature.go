// Package webhook lets a receiver check that a request came from Hive.
//
// Hive signs every webhook delivery it sends. The Hive-Signature header
// holds "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">", keyed with
// the endpoint's secret (the whole "whsec_..." string shown once when the
// endpoint was created). A receiver calls Verify with the raw request body,
// before parsing it, and rejects the request if Verify returns an error; it
// then de-duplicates by the Hive-Delivery-Id header, since a delivery may
// arrive more than once. Hive's own sender signs with Sign, so the two
// cannot drift apart.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Request headers of every delivery.
const (
	HeaderSignature  = "Hive-Signature"
	HeaderEvent      = "Hive-Event"       // the event name, e.g. "door.entry"
	HeaderDeliveryID = "Hive-Delivery-Id" // the same on every retry of a delivery
)

// SecretPrefix begins every endpoint secret, so that one found in a log or
// a repository is recognisable.
const SecretPrefix = "whsec_"

// DefaultTolerance is how far a signature's timestamp may be from the
// receiver's clock when Verify is given no tolerance: long enough for clock
// skew and a slow network, short enough to make a replayed request useless.
const DefaultTolerance = 5 * time.Minute

// Errors returned by Verify.
var (
	ErrMalformedSignature = errors.New("webhook: malformed Hive-Signature header")
	ErrTimestampOutside   = errors.New("webhook: signature timestamp outside the tolerance")
	ErrSignatureMismatch  = errors.New("webhook: no signature matches the body")
)

// Sign returns the Hive-Signature header value for body sent at t:
// "t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with secret>".
// The key is the whole secret string, prefix included.
func Sign(secret string, t time.Time, body []byte) string {
	ts := strconv.FormatInt(t.Unix(), 10)
	return "t=" + ts + ",v1=" + hex.EncodeToString(mac(secret, ts, body))
}

func mac(secret, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Verify checks a Hive-Signature header against body and secret, as a
// receiver should before trusting a request. The timestamp must be within
// tolerance of now, in either direction (DefaultTolerance if tolerance is
// not positive), which defeats replays of old requests. Any one v1 value may
// match, so that a receiver keeps working while a secret is rolled; unknown
// keys are ignored. Comparison takes constant time.
func Verify(secret, header string, body []byte, now time.Time, tolerance time.Duration) error {
	ts, sigs, err := parseSignature(header)
	if err != nil {
		return err
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	unix, _ := strconv.ParseInt(ts, 10, 64)
	if d := now.Sub(time.Unix(unix, 0)); d > tolerance || d < -tolerance {
		return ErrTimestampOutside
	}
	want := mac(secret, ts, body)
	for _, s := range sigs {
		if hmac.Equal(want, s) {
			return nil
		}
	}
	return ErrSignatureMismatch
}

// parseSignature splits "t=...,v1=...[,v1=...]" into the timestamp and the
// decoded v1 signatures.
func parseSignature(header string) (string, [][]byte, error) {
	var ts string
	var sigs [][]byte
	for part := range strings.SplitSeq(header, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return "", nil, ErrMalformedSignature
		}
		switch k {
		case "t":
			if ts != "" {
				return "", nil, ErrMalformedSignature
			}
			if _, err := strconv.ParseInt(v, 10, 64); err != nil {
				return "", nil, ErrMalformedSignature
			}
			ts = v
		case "v1":
			b, err := hex.DecodeString(v)
			if err != nil || len(b) != sha256.Size {
				return "", nil, ErrMalformedSignature
			}
			sigs = append(sigs, b)
		}
	}
	if ts == "" || len(sigs) == 0 {
		return "", nil, ErrMalformedSignature
	}
	return ts, sigs, nil
}
