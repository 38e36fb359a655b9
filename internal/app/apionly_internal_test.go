package app

import (
	"net/http/httptest"
	"testing"
)

// TestAPIOnlySkipsTheMuxOnlyWhenItWouldPassTheRequestOn checks which
// requests go straight to the API: the front mux would hand them over
// unchanged. The console's paths, a path the mux would clean (and
// redirect) and CONNECT still go through it.
func TestAPIOnlySkipsTheMuxOnlyWhenItWouldPassTheRequestOn(t *testing.T) {
	for _, tc := range []struct {
		method, target string
		want           bool
	}{
		{"GET", "/v1/auth/verify", true},
		{"POST", "/v1/api-keys", true},
		{"GET", "/v1/surveys/", true},
		{"GET", "/", true},
		{"GET", "/healthz?x=1", true},
		{"GET", "/console", false},
		{"GET", "/console/", false},
		{"GET", "/console/keys", false},
		{"GET", "/consoles", false},
		{"GET", "/v1//auth/verify", false},
		{"GET", "/v1/./auth/verify", false},
		{"GET", "/v1/../console/", false},
		{"GET", "/v1/auth/verify//", false},
		{"CONNECT", "/v1/auth/verify", false},
	} {
		r := httptest.NewRequest(tc.method, tc.target, nil)
		if got := apiOnly(r); got != tc.want {
			t.Errorf("apiOnly(%s %s) = %v, want %v", tc.method, tc.target, got, tc.want)
		}
	}
}
