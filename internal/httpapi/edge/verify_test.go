package edge

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/ratelimit"
)

// TestWriteVerificationOfMatchesEncodingJSON holds the answer written from
// the kept heads to what WriteJSON writes for verificationOf, for each
// request of each principal: the first, which encodes its head, and the
// next ones, which find it, with other rate-limit counts.
func TestWriteVerificationOfMatchesEncodingJSON(t *testing.T) {
	exp := time.Date(2027, 3, 2, 11, 50, 37, 160008000, time.UTC)
	far := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	odd := "tab\there \"quoted\" \\ <b> é \u2028 \x00 \xff"
	principals := map[string]*hive.Principal{
		"service account key": {Kind: hive.PrincipalServiceAccount, TenantSlug: "acme", KeyID: "key_1", ServiceAccountID: "sa_1",
			Permissions: hive.NewScopes(hive.ScopeSurveysRead, hive.ScopeKeysWrite), ExpiresAt: &exp},
		"personal key restricted to resources": {Kind: hive.PrincipalUser, TenantSlug: "acme", KeyID: "key_2", UserID: "usr_1",
			Resources: hive.Resources{Surveys: []string{"srv_1", "srv_2"}, Doors: []string{}}},
		"strings that need escaping": {Kind: hive.PrincipalServiceAccount, TenantSlug: odd, KeyID: odd, ServiceAccountID: odd},
		"expiry past year 9999":      {Kind: hive.PrincipalServiceAccount, KeyID: "key_3", ExpiresAt: &far},
	}
	counts := []ratelimit.Result{
		{Limit: 200, Remaining: 199, Reset: time.Unix(1796212239, 0)},
		{Limit: 200, Remaining: 0, Reset: time.Unix(1796212299, 0)},
		{Limit: 1000000000, Remaining: -1},
	}
	for name, p := range principals {
		t.Run(name, func(t *testing.T) {
			for _, rl := range counts {
				want := httptest.NewRecorder()
				wantErr := WriteJSON(want, 200, verificationOf(p, rl))
				got := httptest.NewRecorder()
				if err := WriteVerificationOf(got, p, rl); (err != nil) != (wantErr != nil) {
					t.Fatalf("error %v, WriteJSON's %v", err, wantErr)
				}
				if diff := cmp.Diff(want.Body.String(), got.Body.String()); diff != "" {
					t.Errorf("body with %+v (-WriteJSON +kept):\n%s", rl, diff)
				}
			}
		})
	}
}

// TestWriteVerificationOfTellsPrincipalsApart answers for more principals
// than the table has slots, round after round, so that principals share
// slots and take them from each other, and a key changed since (a new
// principal of the same key) is answered as it now is.
func TestWriteVerificationOfTellsPrincipalsApart(t *testing.T) {
	var ps []*hive.Principal
	for i := range 3 * len(verifiedHeads) {
		ps = append(ps, &hive.Principal{Kind: hive.PrincipalServiceAccount, TenantSlug: "acme",
			KeyID: fmt.Sprintf("key_%d", i), ServiceAccountID: "sa_1", Permissions: hive.Scopes(i)})
	}
	rl := ratelimit.Result{Limit: 200, Remaining: 10, Reset: time.Unix(1796212239, 0)}
	for round := range 3 {
		for i, p := range ps {
			if round == 2 && i%2 == 0 {
				changed := *p
				changed.Permissions = hive.NewScopes(hive.ScopeAdminWrite)
				ps[i] = &changed
				p = ps[i]
			}
			want := httptest.NewRecorder()
			WriteJSON(want, 200, verificationOf(p, rl))
			got := httptest.NewRecorder()
			if err := WriteVerificationOf(got, p, rl); err != nil {
				t.Fatal(err)
			}
			if got.Body.String() != want.Body.String() {
				t.Fatalf("round %d, principal %d:\n got %s\nwant %s", round, i, got.Body, want.Body)
			}
		}
	}
}
