package httpapi_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	_ "modernc.org/sqlite"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

func TestSecretIsShownOnceAndNeverAgain(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	created := h.createKey(client.CreateKeyRequest{Preset: hive.PresetReadOnly})
	if !strings.HasPrefix(created.Key, apikey.PrefixSecretServiceAccount) {
		t.Fatalf("create response key = %q, want a hive_sk_ secret", created.Key)
	}
	if want := created.Key[:8] + "..." + created.Key[len(created.Key)-4:]; created.Hint != want {
		t.Errorf("hint = %q, want %q", created.Hint, want)
	}
	// Use the key so it shows up with last-used data, then look everywhere.
	if _, err := h.client(created.Key).Verify(ctx); err != nil {
		t.Fatal(err)
	}
	views := map[string]response{
		"get":   h.do("GET", "/v1/api-keys/"+created.ID, "", bearer(h.boot.Secret)...),
		"list":  h.do("GET", "/v1/api-keys", "", bearer(h.boot.Secret)...),
		"audit": h.do("GET", "/v1/audit-events", "", bearer(h.boot.Secret)...),
	}
	for name, r := range views {
		if r.status != http.StatusOK {
			t.Fatalf("%s: status %d: %s", name, r.status, r.body)
		}
		if strings.Contains(r.body, created.Key) || strings.Contains(r.body, created.Key[8:40]) {
			t.Errorf("%s response contains the secret", name)
		}
		if !strings.Contains(r.body, created.Hint) {
			t.Errorf("%s response lacks the hint %q", name, created.Hint)
		}
	}
	if strings.Contains(h.logs.String(), created.Key) || strings.Contains(h.logs.String(), h.boot.Secret) {
		t.Error("the server log contains a secret")
	}
}

func TestOnlyTheHashIsStored(t *testing.T) {
	h := newHarness(t)
	created := h.createKey(client.CreateKeyRequest{})
	db, err := sql.Open("sqlite", "file:"+h.dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT * FROM keys WHERE id = ?`, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	if !rows.Next() {
		t.Fatal("key row not found")
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(created.Key))
	var sawHash bool
	for i, v := range vals {
		text := fmt.Sprint(v)
		if b, ok := v.([]byte); ok {
			text = string(b)
			sawHash = sawHash || (cols[i] == "hash" && string(b) == string(sum[:]))
		}
		if strings.Contains(text, created.Key[8:51]) {
			t.Errorf("column %s holds the secret", cols[i])
		}
	}
	if !sawHash {
		t.Error("the hash column does not hold the SHA-256 of the secret")
	}
}

func TestAuthenticationFailures(t *testing.T) {
	h := newHarness(t)
	good := h.createKey(client.CreateKeyRequest{}).Key
	last := "0"
	if good[len(good)-1] == '0' {
		last = "1"
	}
	badChecksum := good[:len(good)-1] + last
	tests := []struct {
		name    string
		headers []string
		reason  string
	}{
		{"no credentials is api_key_missing", nil, hive.ReasonKeyMissing},
		{"bad checksum is api_key_malformed", bearer(badChecksum), hive.ReasonKeyMalformed},
		{"garbage is api_key_malformed", bearer("not-a-key"), hive.ReasonKeyMalformed},
		{"key without Bearer prefix is bearer_prefix_missing", []string{"Authorization", good}, hive.ReasonBearerMissing},
		{"other scheme is bearer_prefix_missing", []string{"Authorization", "Token " + good}, hive.ReasonBearerMissing},
		{"other tenant slug is tenant_mismatch", append(bearer(good), "X-Hive-Tenant", "globex"), hive.ReasonTenantMismatch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do("GET", "/v1/auth/verify", "", tc.headers...)
			if r.status != http.StatusUnauthorized || r.err.Error.Code != hive.EUNAUTHORIZED || r.err.Error.Details["reason"] != tc.reason {
				t.Fatalf("got %d %s, want 401 reason %s", r.status, r.body, tc.reason)
			}
			if strings.Contains(r.body, good) || strings.Contains(r.body, badChecksum) {
				t.Error("the error echoes the key")
			}
		})
	}
	r := h.do("GET", "/v1/auth/verify", "", "Authorization", good)
	if !strings.Contains(r.err.Error.Message, "Bearer ") {
		t.Errorf("bearer_prefix_missing message %q does not show the fix", r.err.Error.Message)
	}
	if ok := h.do("GET", "/v1/auth/verify", "", "X-Api-Key", good); ok.status != http.StatusOK {
		t.Errorf("X-Api-Key: status %d %s, want 200", ok.status, ok.body)
	}
	if ok := h.do("GET", "/v1/auth/verify", "", append(bearer(good), "X-Hive-Tenant", "ACME")...); ok.status != http.StatusOK {
		t.Errorf("matching tenant slug: status %d, want 200", ok.status)
	}
}

func TestMalformedKeyNeverReachesTheDatabase(t *testing.T) {
	h := newHarness(t)
	good := h.createKey(client.CreateKeyRequest{}).Key
	before := h.store.byHash.Load()
	for i := range 50 {
		bad := good[:20] + string("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx"[i]) + good[21:]
		if bad == good {
			continue
		}
		r := h.do("GET", "/v1/auth/verify", "", bearer(bad)...)
		if r.err.Error.Details["reason"] != hive.ReasonKeyMalformed {
			t.Fatalf("tampered key: %s, want api_key_malformed", r.body)
		}
	}
	if n := h.store.byHash.Load() - before; n != 0 {
		t.Errorf("%d database lookups for keys with a bad checksum, want 0", n)
	}
}

func TestUnknownWellFormedKeyIsInvalid(t *testing.T) {
	h := newHarness(t)
	// A real key of another installation is well formed and unknown here.
	stranger := newHarness(t).createKey(client.CreateKeyRequest{}).Key
	before := h.store.byHash.Load()
	for range 3 {
		r := h.do("GET", "/v1/auth/verify", "", bearer(stranger)...)
		if r.status != http.StatusUnauthorized || r.err.Error.Details["reason"] != hive.ReasonKeyInvalid || r.err.Error.Message != "Invalid API key" {
			t.Fatalf("unknown key: %d %s, want 401 api_key_invalid", r.status, r.body)
		}
	}
	if n := h.store.byHash.Load() - before; n != 1 {
		t.Errorf("%d lookups for one unknown key tried 3 times, want 1 (misses are cached)", n)
	}
}

func TestInvalidKeyFloodIsThrottledPerAddress(t *testing.T) {
	h := newHarness(t)
	good := h.createKey(client.CreateKeyRequest{}).Key
	if _, err := h.client(good).Verify(context.Background()); err != nil { // cached from now on
		t.Fatal(err)
	}
	stranger := newHarness(t)
	var unknown []string
	for range 3 {
		unknown = append(unknown, stranger.createKey(client.CreateKeyRequest{}).Key)
	}
	for i := range 60 {
		r := h.do("GET", "/v1/auth/verify", "", bearer("hive_sk_not-a-key-"+fmt.Sprint(i))...)
		if r.status != 401 {
			t.Fatalf("bad key %d: %d, want 401 until the limit", i+1, r.status)
		}
	}
	before := h.store.byHash.Load()
	for _, k := range unknown {
		r := h.do("GET", "/v1/auth/verify", "", bearer(k)...)
		if r.status != 429 || r.err.Error.Code != hive.ERATELIMITED || r.header.Get("Retry-After") == "" {
			t.Errorf("unknown key after the flood: %d %s, want 429 with Retry-After", r.status, r.body)
		}
	}
	if n := h.store.byHash.Load() - before; n != 0 {
		t.Errorf("%d database lookups from a throttled address, want 0", n)
	}
	if r := h.do("GET", "/v1/auth/verify", "", bearer(good)...); r.status != 200 {
		t.Errorf("a cached valid key from the throttled address: %d, want 200", r.status)
	}
	h.clock.Advance(time.Minute)
	if r := h.do("GET", "/v1/auth/verify", "", bearer(unknown[0])...); r.status != 401 {
		t.Errorf("a minute later: %d, want the 401 of an unknown key again", r.status)
	}
}

func TestExpiredKey(t *testing.T) {
	h := newHarness(t)
	days := 1
	k := h.createKey(client.CreateKeyRequest{ExpiresInDays: &days})
	if _, err := h.client(k.Key).Verify(context.Background()); err != nil {
		t.Fatalf("fresh key: %v", err)
	}
	h.clock.Advance(24*time.Hour + time.Second)
	_, err := h.client(k.Key).Verify(context.Background())
	apiError(t, err, 401, hive.EUNAUTHORIZED, hive.ReasonKeyExpired)
	got, _ := h.admin().GetKey(context.Background(), k.ID)
	if got.Status != "expired" {
		t.Errorf("status = %q, want expired", got.Status)
	}
}

func TestDefaultExpiryIs90Days(t *testing.T) {
	h := newHarness(t)
	k := h.createKey(client.CreateKeyRequest{})
	if k.ExpiresAt == nil || k.ExpiresAt.Sub(k.CreatedAt) != 90*24*time.Hour {
		t.Errorf("expires_at = %v for created_at %v, want 90 days later", k.ExpiresAt, k.CreatedAt)
	}
}

func TestRevokedKeyIsRefusedOnTheVeryNextRequest(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	k := h.createKey(client.CreateKeyRequest{})
	c := h.client(k.Key)
	if _, err := c.Verify(ctx); err != nil { // now cached
		t.Fatal(err)
	}
	revoked, err := h.admin().RevokeKey(ctx, k.ID)
	if err != nil {
		t.Fatal(err)
	}
	if revoked.Status != "revoked" || revoked.RevokedAt == nil {
		t.Errorf("revoke response status %q revoked_at %v", revoked.Status, revoked.RevokedAt)
	}
	_, err = c.Verify(ctx)
	apiError(t, err, 401, hive.EUNAUTHORIZED, hive.ReasonKeyRevoked)
	// Revoke is final: editing or rotating a revoked key is a conflict.
	name := "again"
	_, err = h.admin().UpdateKey(ctx, k.ID, client.UpdateKeyRequest{Name: &name})
	apiError(t, err, 409, hive.ECONFLICT, "")
	_, err = h.admin().RotateKey(ctx, k.ID, client.RotateKeyRequest{})
	apiError(t, err, 409, hive.ECONFLICT, "")
}

func TestRotateWithGracePeriod(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	old := h.createKey(client.CreateKeyRequest{Preset: hive.PresetReadOnly})
	if _, err := h.client(old.Key).Verify(ctx); err != nil {
		t.Fatal(err)
	}
	grace := 3600
	rot, err := h.admin().RotateKey(ctx, old.ID, client.RotateKeyRequest{GracePeriodSeconds: &grace})
	if err != nil {
		t.Fatal(err)
	}
	if rot.Key == "" || rot.Key == old.Key || rot.ID == old.ID {
		t.Fatal("rotate did not return a new key")
	}
	if diff := cmp.Diff(old.Permissions, rot.Permissions); diff != "" {
		t.Errorf("new key permissions (-old +new):\n%s", diff)
	}
	if rot.RotatedFrom == nil || *rot.RotatedFrom != old.ID || rot.PreviousKey == nil || *rot.PreviousKey.ReplacedBy != rot.ID {
		t.Errorf("rotation links: rotated_from %v, previous %+v", rot.RotatedFrom, rot.PreviousKey)
	}
	for _, secret := range []string{old.Key, rot.Key} {
		if _, err := h.client(secret).Verify(ctx); err != nil {
			t.Errorf("during the grace period: %v", err)
		}
	}
	h.clock.Advance(time.Hour - time.Second)
	if _, err := h.client(old.Key).Verify(ctx); err != nil {
		t.Errorf("a second before the grace ends: %v", err)
	}
	h.clock.Advance(time.Second)
	_, err = h.client(old.Key).Verify(ctx)
	apiError(t, err, 401, hive.EUNAUTHORIZED, hive.ReasonKeyExpired)
	if _, err := h.client(rot.Key).Verify(ctx); err != nil {
		t.Errorf("new key after the grace period: %v", err)
	}
	// Rotating the old key again is refused: rotate the replacement.
	_, err = h.admin().RotateKey(ctx, old.ID, client.RotateKeyRequest{})
	ce := apiError(t, err, 409, hive.ECONFLICT, "")
	if !strings.Contains(ce.Message, rot.ID) {
		t.Errorf("message %q does not name the replacement", ce.Message)
	}
}

func TestRotateGraceChoices(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		grace  int
		status int
	}{
		{"zero grace ends the old key now", 0, 201},
		{"seven days is allowed", 7 * 24 * 3600, 201},
		{"more than seven days is refused", 7*24*3600 + 1, 400},
		{"negative is refused", -1, 400},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := h.createKey(client.CreateKeyRequest{})
			g := tc.grace
			_, err := h.admin().RotateKey(ctx, k.ID, client.RotateKeyRequest{GracePeriodSeconds: &g})
			if tc.status != 201 {
				ce := apiError(t, err, tc.status, hive.EINVALID, "")
				if ce.Details["field"] != "grace_period_seconds" {
					t.Errorf("details %v do not name grace_period_seconds", ce.Details)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			_, err = h.client(k.Key).Verify(ctx)
			if tc.grace == 0 {
				apiError(t, err, 401, hive.EUNAUTHORIZED, hive.ReasonKeyExpired)
			} else if err != nil {
				t.Error(err)
			}
		})
	}
}

func TestPatchCannotChangeTheSecret(t *testing.T) {
	h := newHarness(t)
	k := h.createKey(client.CreateKeyRequest{})
	for _, field := range []string{"key", "secret", "value"} {
		r := h.do("PATCH", "/v1/api-keys/"+k.ID, `{"`+field+`": "hive_sk_chosen"}`, bearer(h.boot.Secret)...)
		if r.status != 400 || !strings.Contains(r.err.Error.Message, "rotate") {
			t.Errorf("PATCH with %s: %d %s, want 400 telling to rotate", field, r.status, r.body)
		}
	}
	if _, err := h.client(k.Key).Verify(context.Background()); err != nil {
		t.Errorf("key stopped working after refused PATCH: %v", err)
	}
}

func TestPatchEditsEverythingButTheValue(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	k := h.createKey(client.CreateKeyRequest{Preset: hive.PresetFullAccess})
	c := h.client(k.Key)
	if _, err := c.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	name, perms, limit, days := "renamed", []string{"surveys:read"}, 42, 10
	allow := []string{"127.0.0.1", "10.0.0.0/8"}
	got, err := h.admin().UpdateKey(ctx, k.ID, client.UpdateKeyRequest{
		Name: &name, Permissions: &perms, RateLimitPerMinute: &limit, ExpiresInDays: &days,
		IPAllowlist: &allow, Resources: &client.Resources{Surveys: []string{"srv_1"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := client.APIKey{Name: name, Permissions: perms, RateLimitPerMinute: &limit,
		IPAllowlist: []string{"127.0.0.1/32", "10.0.0.0/8"}, Resources: client.Resources{Surveys: []string{"srv_1"}}}
	if diff := cmp.Diff(want, client.APIKey{Name: got.Name, Permissions: got.Permissions, RateLimitPerMinute: got.RateLimitPerMinute,
		IPAllowlist: got.IPAllowlist, Resources: got.Resources}); diff != "" {
		t.Errorf("updated key (-want +got):\n%s", diff)
	}
	// The cached principal changed at once.
	v, err := c.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(perms, v.Permissions); diff != "" {
		t.Errorf("verify after edit (-want +got):\n%s", diff)
	}
	if v.RateLimit.Limit != 42 {
		t.Errorf("rate limit after edit = %d, want 42", v.RateLimit.Limit)
	}
	events, _ := h.admin().ListAuditEvents(ctx, client.AuditParams{TargetID: k.ID})
	if len(events.Data) == 0 || events.Data[0].Action != apikey.ActionKeyUpdated {
		t.Errorf("no api_key.updated audit event: %+v", events.Data)
	}
}

func TestMissingScopeIs403WithBothLists(t *testing.T) {
	h := newHarness(t)
	k := h.createKey(client.CreateKeyRequest{Permissions: []string{"surveys:read", "api_keys:read"}})
	r := h.do("POST", "/v1/service-accounts", `{"name":"x"}`, bearer(k.Key)...)
	if r.status != 403 || r.err.Error.Code != hive.EFORBIDDEN || r.err.Error.Message != "Insufficient permissions" {
		t.Fatalf("got %d %s, want 403 forbidden", r.status, r.body)
	}
	want := map[string]any{"required_permission": "service_accounts:write", "provided_permissions": []any{"surveys:read", "api_keys:read"}}
	if diff := cmp.Diff(want, r.err.Error.Details); diff != "" {
		t.Errorf("details (-want +got):\n%s", diff)
	}
}

func TestKeyCannotGrantMoreThanItHolds(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	sa, _ := h.admin().CreateServiceAccount(ctx, "limited", "")
	limited := h.createKey(client.CreateKeyRequest{ServiceAccountID: sa.ID,
		Permissions: []string{"api_keys:write", "api_keys:read", "surveys:read"},
		Resources:   &client.Resources{Surveys: []string{"s1"}}})
	c := h.client(limited.Key)
	_, err := c.CreateKey(ctx, client.CreateKeyRequest{Name: "stronger", ServiceAccountID: sa.ID, Preset: hive.PresetFullAccess})
	apiError(t, err, 403, hive.EFORBIDDEN, "")
	_, err = c.CreateKey(ctx, client.CreateKeyRequest{Name: "unrestricted", ServiceAccountID: sa.ID, Permissions: []string{"surveys:read"}})
	apiError(t, err, 403, hive.EFORBIDDEN, "")
	if _, err := c.CreateKey(ctx, client.CreateKeyRequest{Name: "narrower", ServiceAccountID: sa.ID,
		Permissions: []string{"surveys:read"}, Resources: &client.Resources{Surveys: []string{"s1"}}}); err != nil {
		t.Errorf("a key within the creator's own rights: %v", err)
	}
}

func TestPersonalKeyNeedsItsUserID(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	pk, err := client.New(h.url, "", client.WithBasicAuth("owner@acme.test", "correct horse"), client.WithTenant("acme"),
		client.WithMaxRetries(0)).GeneratePersonalKey(ctx, client.PersonalKeyRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if pk.Kind != "personal" || pk.UserID == nil || *pk.UserID != h.boot.Owner.ID || !strings.HasPrefix(pk.Key, "hive_pk_") {
		t.Fatalf("personal key response: kind %q user %v key prefix %q", pk.Kind, pk.UserID, pk.Key[:8])
	}
	for name, c := range map[string]*client.Client{
		"without a user id": h.client(pk.Key),
		"with another's id": h.client(pk.Key, client.WithUserID("usr_someoneelse")),
	} {
		_, err := c.Verify(ctx)
		if ce, ok := err.(*client.Error); !ok || ce.Reason() != hive.ReasonUserIDMismatch {
			t.Errorf("%s: %v, want user_id_mismatch", name, err)
		}
	}
	if _, err := h.client(pk.Key, client.WithUserID(h.boot.Owner.ID)).Verify(ctx); err != nil {
		t.Errorf("with the X-Hive-User-Id header: %v", err)
	}
	if r := h.do("GET", "/v1/auth/verify?user_id="+h.boot.Owner.ID, "", bearer(pk.Key)...); r.status != 200 {
		t.Errorf("with the user_id query parameter: %d %s", r.status, r.body)
	}
	// Regenerating replaces the old personal key at once.
	again, err := h.client(pk.Key, client.WithUserID(h.boot.Owner.ID)).GeneratePersonalKey(ctx, client.PersonalKeyRequest{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = h.client(pk.Key, client.WithUserID(h.boot.Owner.ID)).Verify(ctx)
	apiError(t, err, 401, hive.EUNAUTHORIZED, hive.ReasonKeyRevoked)
	if _, err := h.client(again.Key, client.WithUserID(h.boot.Owner.ID)).Verify(ctx); err != nil {
		t.Errorf("regenerated key: %v", err)
	}
}

func TestWrongPasswordForPersonalKey(t *testing.T) {
	h := newHarness(t)
	_, err := client.New(h.url, "", client.WithBasicAuth("owner@acme.test", "wrong"), client.WithTenant("acme"),
		client.WithMaxRetries(0)).GeneratePersonalKey(context.Background(), client.PersonalKeyRequest{})
	apiError(t, err, 401, hive.EUNAUTHORIZED, hive.ReasonBadCredentials)
}

func TestMemberCannotCreateKeys(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	member, err := h.svc.CreateUser(ctx, h.owner, "member@acme.test", "Member", "member password", apikey.RoleMember)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := client.New(h.url, "", client.WithBasicAuth("member@acme.test", "member password"), client.WithTenant("acme"),
		client.WithMaxRetries(0)).GeneratePersonalKey(ctx, client.PersonalKeyRequest{})
	if err != nil {
		t.Fatal(err)
	}
	c := h.client(pk.Key, client.WithUserID(member.ID))
	sa, _ := h.admin().CreateServiceAccount(ctx, "for member", "")
	_, err = c.CreateKey(ctx, client.CreateKeyRequest{Name: "x", ServiceAccountID: sa.ID, Preset: hive.PresetReadOnly})
	ce := apiError(t, err, 403, hive.EFORBIDDEN, "")
	if ce.Details["required_permission"] != "api_keys:write" {
		t.Errorf("details %v, want required_permission api_keys:write", ce.Details)
	}
	for _, path := range []string{"/v1/api-keys", "/v1/service-accounts", "/v1/audit-events"} {
		r := h.do("GET", path, "", append(bearer(pk.Key), "X-Hive-User-Id", member.ID)...)
		if r.status != 403 {
			t.Errorf("member GET %s: %d, want 403", path, r.status)
		}
	}
}

func TestIPAllowlist(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	outside := h.createKey(client.CreateKeyRequest{IPAllowlist: []string{"203.0.113.0/24"}})
	_, err := h.client(outside.Key).Verify(ctx)
	apiError(t, err, 401, hive.EUNAUTHORIZED, hive.ReasonIPNotAllowed)
	inside := h.createKey(client.CreateKeyRequest{IPAllowlist: []string{"203.0.113.0/24", "127.0.0.0/8"}})
	if _, err := h.client(inside.Key).Verify(ctx); err != nil {
		t.Errorf("allowed address: %v", err)
	}
	r := h.do("POST", "/v1/api-keys", `{"name":"x","service_account_id":"`+*inside.ServiceAccountID+`","preset":"read_only","ip_allowlist":["10.0.0.300"]}`, bearer(h.boot.Secret)...)
	if r.status != 400 || r.err.Error.Details["field"] != "ip_allowlist[0]" {
		t.Errorf("bad CIDR: %d %s, want 400 naming ip_allowlist[0]", r.status, r.body)
	}
}

func TestTenantsAreIsolated(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	mine := h.createKey(client.CreateKeyRequest{})
	other := h.bootstrap("globex")
	oc := h.client(other.Secret)
	id, sa := mine.ID, *mine.ServiceAccountID
	name := "stolen"
	checks := map[string]error{}
	_, checks["get key"] = oc.GetKey(ctx, id)
	_, checks["patch key"] = oc.UpdateKey(ctx, id, client.UpdateKeyRequest{Name: &name})
	_, checks["revoke key"] = oc.RevokeKey(ctx, id)
	_, checks["rotate key"] = oc.RotateKey(ctx, id, client.RotateKeyRequest{})
	_, checks["get service account"] = oc.GetServiceAccount(ctx, sa)
	_, checks["patch service account"] = oc.UpdateServiceAccount(ctx, sa, client.ServiceAccountRequest{Name: &name})
	checks["delete service account"] = oc.DeleteServiceAccount(ctx, sa)
	_, checks["key on another tenant's account"] = oc.CreateKey(ctx, client.CreateKeyRequest{Name: "x", ServiceAccountID: sa, Preset: "read_only"})
	for name, err := range checks {
		t.Run(name, func(t *testing.T) { apiError(t, err, 404, hive.ENOTFOUND, "") })
	}
	list, err := oc.ListKeys(ctx, client.ListKeysParams{})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range list.Data {
		if k.ID == id {
			t.Error("other tenant's list shows our key")
		}
	}
	if _, err := h.client(mine.Key).Verify(ctx); err != nil {
		t.Errorf("our key after the other tenant's attempts: %v", err)
	}
}

func TestBadRequestBodies(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name, body, mention string
	}{
		{"malformed JSON", `{"name": "x",`, "not valid JSON"},
		{"syntax error", `{"name" "x"}`, "not valid JSON"},
		{"unknown field", `{"name": "x", "colour": "red"}`, "colour"},
		{"wrong type", `{"name": 7}`, "name"},
		{"empty body", ``, "empty"},
		{"two objects", `{"name":"a"} {"name":"b"}`, "one JSON object"},
		{"oversized body", `{"name": "` + strings.Repeat("a", 2<<20) + `"}`, "larger than"},
		{"missing name", `{}`, "name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do("POST", "/v1/service-accounts", tc.body, append(bearer(h.boot.Secret), "Content-Type", "application/json")...)
			if r.status != 400 || r.err.Error.Code != hive.EINVALID || !strings.Contains(r.err.Error.Message, tc.mention) {
				t.Errorf("got %d %s, want 400 mentioning %q", r.status, r.body, tc.mention)
			}
		})
	}
	list, _ := h.admin().ListServiceAccounts(context.Background(), client.ListParams{})
	if list.Total != 1 {
		t.Errorf("%d service accounts after refused requests, want only bootstrap's", list.Total)
	}
}

func TestKeyValidation(t *testing.T) {
	h := newHarness(t)
	sa := h.createKey(client.CreateKeyRequest{}).ServiceAccountID
	past := time.Now().Add(-time.Hour)
	zero, big := 0, 100000
	tests := []struct {
		name  string
		req   client.CreateKeyRequest
		field string
	}{
		{"no name", client.CreateKeyRequest{ServiceAccountID: *sa, Preset: "read_only"}, "name"},
		{"no service account", client.CreateKeyRequest{Name: "x", Preset: "read_only"}, "service_account_id"},
		{"no permissions", client.CreateKeyRequest{Name: "x", ServiceAccountID: *sa}, "permissions"},
		{"unknown permission", client.CreateKeyRequest{Name: "x", ServiceAccountID: *sa, Permissions: []string{"crews:read"}}, "permissions"},
		{"unknown preset", client.CreateKeyRequest{Name: "x", ServiceAccountID: *sa, Preset: "god_mode"}, "preset"},
		{"expiry in the past", client.CreateKeyRequest{Name: "x", ServiceAccountID: *sa, Preset: "read_only", ExpiresAt: &past}, "expires_at"},
		{"zero days", client.CreateKeyRequest{Name: "x", ServiceAccountID: *sa, Preset: "read_only", ExpiresInDays: &zero}, "expires_in_days"},
		{"never expires not allowed", client.CreateKeyRequest{Name: "x", ServiceAccountID: *sa, Preset: "read_only", NeverExpires: true}, "never_expires"},
		{"zero rate limit", client.CreateKeyRequest{Name: "x", ServiceAccountID: *sa, Preset: "read_only", RateLimitPerMinute: &zero}, "rate_limit_per_minute"},
		{"empty resource id", client.CreateKeyRequest{Name: "x", ServiceAccountID: *sa, Preset: "read_only", Resources: &client.Resources{Doors: []string{""}}}, "resources.doors[0]"},
		{"days too many", client.CreateKeyRequest{Name: "x", ServiceAccountID: *sa, Preset: "read_only", ExpiresInDays: &big}, "expires_in_days"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := h.admin().CreateKey(context.Background(), tc.req)
			ce := apiError(t, err, 400, hive.EINVALID, "")
			if ce.Details["field"] != tc.field {
				t.Errorf("field = %v (%s), want %s", ce.Details["field"], ce.Message, tc.field)
			}
		})
	}
}

func TestDeletingServiceAccountRevokesItsKeys(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	k1 := h.createKey(client.CreateKeyRequest{})
	k2 := h.createKey(client.CreateKeyRequest{ServiceAccountID: *k1.ServiceAccountID})
	if _, err := h.client(k1.Key).Verify(ctx); err != nil {
		t.Fatal(err)
	}
	if err := h.admin().DeleteServiceAccount(ctx, *k1.ServiceAccountID); err != nil {
		t.Fatal(err)
	}
	for _, k := range []*client.CreatedAPIKey{k1, k2} {
		_, err := h.client(k.Key).Verify(ctx)
		apiError(t, err, 401, hive.EUNAUTHORIZED, hive.ReasonKeyRevoked)
	}
	_, err := h.admin().GetServiceAccount(ctx, *k1.ServiceAccountID)
	apiError(t, err, 404, hive.ENOTFOUND, "")
}

func TestListKeysFiltersAndPages(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	first := h.createKey(client.CreateKeyRequest{})
	sa := *first.ServiceAccountID
	ids := []string{first.ID}
	for range 4 {
		ids = append(ids, h.createKey(client.CreateKeyRequest{ServiceAccountID: sa}).ID)
	}
	h.admin().RevokeKey(ctx, ids[0])
	var seen []string
	params := client.ListKeysParams{ServiceAccountID: sa, ListParams: client.ListParams{Limit: 2}}
	for {
		page, err := h.admin().ListKeys(ctx, params)
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != 5 {
			t.Errorf("total = %d, want 5", page.Total)
		}
		for _, k := range page.Data {
			seen = append(seen, k.ID)
		}
		if !page.HasMore {
			break
		}
		params.StartingAfter = *page.NextCursor
	}
	want := []string{ids[4], ids[3], ids[2], ids[1], ids[0]}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("paged ids, newest first (-want +got):\n%s", diff)
	}
	revoked, _ := h.admin().ListKeys(ctx, client.ListKeysParams{ServiceAccountID: sa, Status: "revoked"})
	if len(revoked.Data) != 1 || revoked.Data[0].ID != ids[0] {
		t.Errorf("status=revoked lists %d keys, want only %s", len(revoked.Data), ids[0])
	}
	r := h.do("GET", "/v1/api-keys?status=dead", "", bearer(h.boot.Secret)...)
	if r.status != 400 || r.err.Error.Details["field"] != "status" {
		t.Errorf("bad status filter: %d %s", r.status, r.body)
	}
}

func TestLastUsedIsRecordedOffTheRequestPath(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	k := h.createKey(client.CreateKeyRequest{})
	if _, err := h.client(k.Key).Verify(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := h.admin().GetKey(ctx, k.ID)
	if got.LastUsedAt != nil {
		t.Error("last_used_at written on the request path, before any flush")
	}
	if err := h.svc.FlushUsage(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ = h.admin().GetKey(ctx, k.ID)
	if got.LastUsedAt == nil || got.LastUsedIP == nil || *got.LastUsedIP != "127.0.0.1" {
		t.Errorf("after flush: last_used_at %v, ip %v; want set to 127.0.0.1", got.LastUsedAt, got.LastUsedIP)
	}
}

func TestVerifyReportsTheKeyAndRateLimit(t *testing.T) {
	h := newHarness(t)
	limit := 5
	k := h.createKey(client.CreateKeyRequest{Permissions: []string{"doors:read", "door:access"}, RateLimitPerMinute: &limit,
		Resources: &client.Resources{Doors: []string{"front"}}})
	v, err := h.client(k.Key).Verify(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := &client.Verification{Valid: true, KeyID: k.ID, Kind: "service_account", TenantSlug: "acme",
		ServiceAccountID: k.ServiceAccountID, Permissions: []string{"doors:read", "door:access"},
		Resources: client.Resources{Doors: []string{"front"}}, ExpiresAt: k.ExpiresAt,
		RateLimit: client.RateLimit{Limit: 5, Remaining: 4, Reset: v.RateLimit.Reset}}
	if diff := cmp.Diff(want, v); diff != "" {
		t.Errorf("verify (-want +got):\n%s", diff)
	}
	for range 4 {
		h.do("GET", "/v1/auth/verify", "", bearer(k.Key)...)
	}
	r := h.do("GET", "/v1/auth/verify", "", bearer(k.Key)...)
	if r.status != 429 || r.err.Error.Code != hive.ERATELIMITED || r.header.Get("Retry-After") == "" {
		t.Fatalf("6th request: %d %s Retry-After %q, want 429 rate_limited", r.status, r.body, r.header.Get("Retry-After"))
	}
	if r.header.Get("X-RateLimit-Limit") != "5" || r.header.Get("X-RateLimit-Remaining") != "0" || r.header.Get("X-RateLimit-Reset") == "" {
		t.Errorf("rate-limit headers: %v", r.header)
	}
	// Five requests at 5/min used the whole minute: one request comes back
	// every 12 s, counted in whole seconds from the current second, so 12
	// or 13; RateLimit's t says the same on a 429.
	if got := r.header.Get("RateLimit-Policy"); got != `"key";q=5;w=60` {
		t.Errorf("RateLimit-Policy = %q", got)
	}
	ra := r.header.Get("Retry-After")
	if ra != "12" && ra != "13" {
		t.Errorf("Retry-After = %q, want 12 (13 from mid-second)", ra)
	}
	if got := r.header.Get("RateLimit"); got != `"key";r=0;t=`+ra {
		t.Errorf("RateLimit = %q, want t = Retry-After %s", got, ra)
	}
}

func TestPermissionsCatalogue(t *testing.T) {
	h := newHarness(t)
	p, err := h.admin().Permissions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Permissions) != len(hive.Catalogue) {
		t.Errorf("%d permissions served, catalogue has %d", len(p.Permissions), len(hive.Catalogue))
	}
	// Each preset is served with exactly what it holds; none below full
	// access holds a scope that manages the platform.
	got := map[string][]string{}
	var names []string
	for _, pr := range p.Presets {
		names = append(names, pr.Name)
		got[pr.Name] = pr.Permissions
	}
	if diff := cmp.Diff([]string{"data", "read_only", "read_write", "full_access"}, names); diff != "" {
		t.Errorf("presets (-want +got):\n%s", diff)
	}
	data := []string{"surveys:read", "responses:read", "open_door:read", "hive_fives:read"}
	readOnly := append(slices.Clone(data), "doors:read", "door:users:read")
	readWrite := []string{"surveys:read", "responses:read", "open_door:read", "hive_fives:read", "people:write",
		"doors:read", "doors:write", "door:access", "door:users:read"}
	var all []string
	for _, c := range hive.Catalogue {
		all = append(all, string(c.Scope))
	}
	want := map[string][]string{"data": data, "read_only": readOnly, "read_write": readWrite, "full_access": all}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("preset contents (-want +got):\n%s", diff)
	}
}

func TestUnknownRoutesAnswerInTheEnvelope(t *testing.T) {
	h := newHarness(t)
	if r := h.do("GET", "/v1/nothing-here", ""); r.status != 404 || r.err.Error.Code != hive.ENOTFOUND {
		t.Errorf("unknown path: %d %s", r.status, r.body)
	}
	if r := h.do("PUT", "/v1/api-keys", ""); r.status != 405 || r.err.Error.Code != hive.EMETHOD || r.header.Get("Allow") == "" {
		t.Errorf("wrong method: %d %s allow %q", r.status, r.body, r.header.Get("Allow"))
	}
	if r := h.do("GET", "/healthz", ""); r.status != 200 {
		t.Errorf("healthz: %d", r.status)
	}
	if r := h.do("GET", "/readyz", ""); r.status != 200 {
		t.Errorf("readyz: %d", r.status)
	}
}

func TestAuditTrail(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	k := h.createKey(client.CreateKeyRequest{})
	g := 0
	rot, _ := h.admin().RotateKey(ctx, k.ID, client.RotateKeyRequest{GracePeriodSeconds: &g})
	h.admin().RevokeKey(ctx, rot.ID)
	events, err := h.admin().ListAuditEvents(ctx, client.AuditParams{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range events.Data {
		if e.TargetID == k.ID || e.TargetID == rot.ID || e.TargetID == *k.ServiceAccountID {
			actions = append(actions, e.Action)
			if e.ActorID != h.boot.ServiceAccount.ID || e.ActorKeyID == nil || *e.ActorKeyID != h.boot.Key.ID {
				t.Errorf("%s: actor %s key %v, want the bootstrap account and key", e.Action, e.ActorID, e.ActorKeyID)
			}
		}
	}
	want := []string{"api_key.revoked", "api_key.rotated", "api_key.created", "service_account.created"}
	if diff := cmp.Diff(want, actions); diff != "" {
		t.Errorf("audit actions, newest first (-want +got):\n%s", diff)
	}
}
