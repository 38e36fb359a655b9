package edge

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/client"
)

// TestAppendVerificationMatchesEncodingJSON holds the appended verify
// response to the bytes writeJSON writes for the same value.
func TestAppendVerificationMatchesEncodingJSON(t *testing.T) {
	sa, user, odd := "sa_1", "usr_1", "tab\there \"quoted\" \\ <b>&amp; é \u2028 \x00 \xff"
	exp := time.Date(2027, 3, 2, 11, 50, 37, 160008000, time.UTC)
	local := time.Date(2027, 3, 2, 11, 50, 37, 0, time.FixedZone("", 5*3600+1800))
	farFuture := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := map[string]client.Verification{
		"service account key": {Valid: true, KeyID: "key_1", Kind: "service_account", TenantSlug: "acme",
			ServiceAccountID: &sa, Permissions: []string{"surveys:read", "admin:write"}, ExpiresAt: &exp,
			RateLimit: client.RateLimit{Limit: 1000000000, Remaining: 999999999, Reset: 1796212239}},
		"personal key with resources": {Valid: true, KeyID: "key_2", Kind: "personal", TenantSlug: "acme",
			UserID: &user, Permissions: []string{}, Resources: client.Resources{Surveys: []string{"srv_1", "srv_2"}, Doors: []string{}},
			ExpiresAt: &local, RateLimit: client.RateLimit{Limit: 60, Remaining: -1, Reset: -5}},
		"nothing set": {},
		"strings that need escaping": {KeyID: odd, Kind: odd, TenantSlug: odd, ServiceAccountID: &odd, UserID: &odd,
			Permissions: []string{odd, ""}, Resources: client.Resources{Doors: []string{odd}}},
		"expiry past year 9999":    {Valid: true, ExpiresAt: &farFuture},
		"expiry with a nanosecond": {Valid: true, ExpiresAt: new(time.Date(2030, 1, 1, 0, 0, 0, 1, time.UTC))},
	}
	for name, v := range tests {
		t.Run(name, func(t *testing.T) {
			want := httptest.NewRecorder()
			wantErr := WriteJSON(want, 200, v)
			got := httptest.NewRecorder()
			if err := WriteVerification(got, 200, &v); (err != nil) != (wantErr != nil) {
				t.Fatalf("error %v, writeJSON's %v", err, wantErr)
			}
			if diff := cmp.Diff(want.Body.String(), got.Body.String()); diff != "" {
				t.Errorf("body (-writeJSON +appended):\n%s", diff)
			}
			if diff := cmp.Diff(want.Header(), got.Header()); diff != "" {
				t.Errorf("headers (-writeJSON +appended):\n%s", diff)
			}
		})
	}
}
