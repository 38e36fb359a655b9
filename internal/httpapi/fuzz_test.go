package httpapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
)

// FuzzDecode checks the strict JSON decoder on a request type with every
// kind of field: it never panics, refuses bad bodies with a 400, and what
// it accepts survives encoding and decoding again unchanged.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`{"name":"bi","service_account_id":"sa_1","permissions":["surveys:read"],"expires_in_days":30}`,
		`{"name":"x","resources":{"surveys":["srv_1"]},"expires_at":"2030-01-01T00:00:00Z","ip_allowlist":["10.0.0.0/8"]}`,
		`{"nmae":"typo"}`, `{"name":1}`, `[]`, `{}{}`, `{"name":"a"} x`, ``, `{"name":"\u0000\ud800"}`, `{"expires_in_days":1e400}`,
		`{"name":"a","name":"b"}`, `null`, `{"rate_limit_per_minute":-1}`, `{"expires_at":"yesterday"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var got client.CreateKeyRequest
		err := edge.Decode(httptest.NewRecorder(), jsonRequest(body), &got)
		if err != nil {
			if hive.HTTPStatus(hive.ErrorCode(err)) != http.StatusBadRequest || hive.ErrorMessage(err) == "" {
				t.Fatalf("decode(%q) = %v, want a 400 with a message", body, err)
			}
			return
		}
		if !json.Valid(body) {
			t.Fatalf("decode accepted invalid JSON %q", body)
		}
		again, _ := json.Marshal(got)
		var back client.CreateKeyRequest
		if err := edge.Decode(httptest.NewRecorder(), jsonRequest(again), &back); err != nil || !reflect.DeepEqual(normal(back), normal(got)) {
			t.Fatalf("%q decoded as %+v, which re-encoded decodes as %+v, %v", body, got, back, err)
		}
	})
}

// normal drops what JSON cannot tell apart: a time's location, and an
// empty slice from a missing one.
func normal(r client.CreateKeyRequest) client.CreateKeyRequest {
	if r.ExpiresAt != nil {
		t := r.ExpiresAt.UTC()
		r.ExpiresAt = &t
	}
	if len(r.Permissions) == 0 {
		r.Permissions = nil
	}
	if len(r.IPAllowlist) == 0 {
		r.IPAllowlist = nil
	}
	if r.Resources != nil && reflect.DeepEqual(*r.Resources, client.Resources{}) {
		r.Resources = nil
	}
	return r
}

func jsonRequest(body []byte) *http.Request {
	r := httptest.NewRequest("POST", "/v1/api-keys", strings.NewReader(string(body)))
	r.Header.Set("Content-Type", "application/json")
	return r
}
