package webhook_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hive-platform/hive/webhook"
)

func TestSignMatchesTheDocumentedScheme(t *testing.T) {
	at := time.Unix(1762369732, 0)
	got := webhook.Sign("whsec_test", at, []byte(`{"a":1}`))
	// echo -n '1762369732.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
	const want = "t=1762369732,v1=9fb6e7de16230464ae338479a339d1a286c739eabe619442031bb15defa01e6f"
	if got != want {
		t.Errorf("Sign = %q\nwant %q", got, want)
	}
}

func TestVerify(t *testing.T) {
	const secret = "whsec_right"
	body := []byte(`{"event":"door.entry","data":{"granted":true}}`)
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	valid := webhook.Sign(secret, now.Add(-time.Minute), body)
	tests := []struct {
		name   string
		secret string
		header string
		body   []byte
		want   error
	}{
		{"valid signature is accepted", secret, valid, body, nil},
		{"tampered body is refused", secret, valid, []byte(`{"event":"door.entry","data":{"granted":false}}`), webhook.ErrSignatureMismatch},
		{"wrong secret is refused", "whsec_wrong", valid, body, webhook.ErrSignatureMismatch},
		{"stale timestamp is refused", secret, webhook.Sign(secret, now.Add(-6*time.Minute), body), body, webhook.ErrTimestampOutside},
		{"timestamp far in the future is refused", secret, webhook.Sign(secret, now.Add(6*time.Minute), body), body, webhook.ErrTimestampOutside},
		{"timestamp at the tolerance is accepted", secret, webhook.Sign(secret, now.Add(-5*time.Minute), body), body, nil},
		{"signature moved to another timestamp is refused", secret,
			strings.Replace(valid, "t=", "t=1", 1), body, webhook.ErrTimestampOutside},
		{"any matching v1 is accepted", secret,
			webhook.Sign("whsec_old", now.Add(-time.Minute), body) + ",v1=" + strings.SplitN(valid, "v1=", 2)[1], body, nil},
		{"unknown keys are ignored", secret, valid + ",v0=abc", body, nil},
		{"empty header is malformed", secret, "", body, webhook.ErrMalformedSignature},
		{"missing v1 is malformed", secret, "t=1762369732", body, webhook.ErrMalformedSignature},
		{"missing timestamp is malformed", secret, "v1=" + strings.Repeat("ab", 32), body, webhook.ErrMalformedSignature},
		{"non-hex signature is malformed", secret, "t=1,v1=zz", body, webhook.ErrMalformedSignature},
		{"short signature is malformed", secret, "t=1,v1=abcd", body, webhook.ErrMalformedSignature},
		{"two timestamps are malformed", secret, valid + ",t=1", body, webhook.ErrMalformedSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := webhook.Verify(tt.secret, tt.header, tt.body, now, 0)
			if !errors.Is(err, tt.want) {
				t.Errorf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestVerifyUsesTheGivenTolerance(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	header := webhook.Sign("whsec_x", now.Add(-30*time.Second), nil)
	if err := webhook.Verify("whsec_x", header, nil, now, 10*time.Second); !errors.Is(err, webhook.ErrTimestampOutside) {
		t.Errorf("Verify with a 10s tolerance of a 30s-old signature = %v, want ErrTimestampOutside", err)
	}
	if err := webhook.Verify("whsec_x", header, nil, now, time.Minute); err != nil {
		t.Errorf("Verify with a 1m tolerance of a 30s-old signature = %v", err)
	}
}
