package httpapi_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

func TestKeyPolicyValidation(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		name, body, field string
	}{
		{"zero max lifetime", `{"max_lifetime_days":0}`, "max_lifetime_days"},
		{"max lifetime over ten years", `{"max_lifetime_days":3651}`, "max_lifetime_days"},
		{"never expiring with a max lifetime", `{"max_lifetime_days":30,"allow_never_expiring":true}`, "allow_never_expiring"},
		{"disable after one day", `{"disable_unused_after_days":1}`, "disable_unused_after_days"},
		{"negative disable", `{"disable_unused_after_days":-5}`, "disable_unused_after_days"},
		{"warning without disable", `{"unused_warning_days":7}`, "unused_warning_days"},
		{"warning as long as the disable", `{"disable_unused_after_days":30,"unused_warning_days":30}`, "unused_warning_days"},
		{"negative warning", `{"disable_unused_after_days":30,"unused_warning_days":-1}`, "unused_warning_days"},
		{"max lifetime as text", `{"max_lifetime_days":"90"}`, ""},
		{"unknown field", `{"max_lifetime":90}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.do("PUT", "/v1/settings/key-policy", tt.body, bearer(h.boot.Secret)...)
			if r.status != 400 || r.err.Error.Code != hive.EINVALID {
				t.Fatalf("got %d %s, want 400 invalid_request", r.status, r.body)
			}
			if tt.field != "" && r.err.Error.Details["field"] != tt.field {
				t.Errorf("details.field = %v, want %s (%s)", r.err.Error.Details["field"], tt.field, r.err.Error.Message)
			}
		})
	}
	got, err := h.admin().GetKeyPolicy(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if got.MaxLifetimeDays != nil || got.DisableUnusedAfterDays != nil || got.AdminKeysRequireIPAllowlist || got.UpdatedAt != nil {
		t.Errorf("refused updates changed the policy: %+v", got)
	}
}

func TestKeyPolicyRoundTripAndAudit(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	got, err := h.admin().SetKeyPolicy(ctx, client.KeyPolicyRequest{DisableUnusedAfterDays: new(5)})
	if err != nil {
		t.Fatal(err)
	}
	if *got.DisableUnusedAfterDays != 5 || got.UnusedWarningDays != 4 || got.UpdatedAt == nil {
		t.Errorf("policy = %+v, want disable after 5 days with the default warning cut to 4", got)
	}
	again, err := h.admin().GetKeyPolicy(ctx)
	if err != nil || *again.DisableUnusedAfterDays != 5 {
		t.Fatalf("GET after PUT = %+v, %v", again, err)
	}
	events, err := h.admin().ListAuditEvents(ctx, client.AuditParams{Action: apikey.ActionKeyPolicyUpdated})
	if err != nil {
		t.Fatal(err)
	}
	if len(events.Data) != 1 || !strings.Contains(string(mustJSON(t, events.Data[0].Details)), "disable_unused_after_days") {
		t.Errorf("audit events = %+v, want one key_policy.updated naming disable_unused_after_days", events.Data)
	}
}

// TestKeyPolicyIsEnforcedOnEveryPath checks each rule on create, edit,
// rotate and personal-key regeneration: the one place (authorizeKey) they
// all pass through.
func TestKeyPolicyIsEnforcedOnEveryPath(t *testing.T) {
	ctx := context.Background()
	type op func(h *harness) error
	create := func(req client.CreateKeyRequest) op {
		return func(h *harness) error {
			sa, _ := h.admin().CreateServiceAccount(ctx, "sa "+rand8(), "")
			req.Name, req.ServiceAccountID = "k", sa.ID
			if req.Permissions == nil && req.Preset == "" {
				req.Preset = hive.PresetData
			}
			_, err := h.admin().CreateKey(ctx, req)
			return err
		}
	}
	tests := []struct {
		name   string
		policy client.KeyPolicyRequest
		before func(h *harness) string // a key made before the policy, for edit and rotate
		op     func(h *harness, id string) error
		field  string // "" when the operation must succeed
	}{
		{name: "create beyond max lifetime", policy: client.KeyPolicyRequest{MaxLifetimeDays: new(30)},
			op: func(h *harness, _ string) error { return create(client.CreateKeyRequest{ExpiresInDays: new(31)})(h) }, field: "expires_at"},
		{name: "create at max lifetime", policy: client.KeyPolicyRequest{MaxLifetimeDays: new(30)},
			op: func(h *harness, _ string) error { return create(client.CreateKeyRequest{ExpiresInDays: new(30)})(h) }},
		{name: "create with default expiry under a shorter max", policy: client.KeyPolicyRequest{MaxLifetimeDays: new(30)},
			op: func(h *harness, _ string) error { return create(client.CreateKeyRequest{})(h) }},
		{name: "create never expiring when disallowed", policy: client.KeyPolicyRequest{},
			op: func(h *harness, _ string) error { return create(client.CreateKeyRequest{NeverExpires: true})(h) }, field: "never_expires"},
		{name: "create never expiring when allowed", policy: client.KeyPolicyRequest{AllowNeverExpiring: true},
			op: func(h *harness, _ string) error { return create(client.CreateKeyRequest{NeverExpires: true})(h) }},
		{name: "create admin key without allowlist", policy: client.KeyPolicyRequest{AdminKeysRequireIPAllowlist: true},
			op: func(h *harness, _ string) error {
				return create(client.CreateKeyRequest{Preset: hive.PresetFullAccess})(h)
			}, field: "ip_allowlist"},
		{name: "create admin:read key without allowlist", policy: client.KeyPolicyRequest{AdminKeysRequireIPAllowlist: true},
			op: func(h *harness, _ string) error {
				return create(client.CreateKeyRequest{Permissions: []string{"admin:read"}})(h)
			}, field: "ip_allowlist"},
		{name: "create admin key with allowlist", policy: client.KeyPolicyRequest{AdminKeysRequireIPAllowlist: true},
			op: func(h *harness, _ string) error {
				return create(client.CreateKeyRequest{Preset: hive.PresetFullAccess, IPAllowlist: []string{"127.0.0.1"}})(h)
			}},
		{name: "create data key without allowlist", policy: client.KeyPolicyRequest{AdminKeysRequireIPAllowlist: true},
			op: func(h *harness, _ string) error { return create(client.CreateKeyRequest{})(h) }},
		{name: "edit expiry beyond max lifetime", policy: client.KeyPolicyRequest{MaxLifetimeDays: new(30)},
			before: func(h *harness) string { return h.createKey(client.CreateKeyRequest{ExpiresInDays: new(10)}).ID },
			op: func(h *harness, id string) error {
				_, err := h.admin().UpdateKey(ctx, id, client.UpdateKeyRequest{ExpiresInDays: new(60)})
				return err
			}, field: "expires_at"},
		{name: "edit a key to admin without allowlist", policy: client.KeyPolicyRequest{AdminKeysRequireIPAllowlist: true},
			before: func(h *harness) string {
				return h.createKey(client.CreateKeyRequest{Preset: hive.PresetData}).ID
			},
			op: func(h *harness, id string) error {
				_, err := h.admin().UpdateKey(ctx, id, client.UpdateKeyRequest{Preset: new(hive.PresetFullAccess)})
				return err
			}, field: "ip_allowlist"},
		{name: "edit removing the allowlist of an admin key", policy: client.KeyPolicyRequest{AdminKeysRequireIPAllowlist: true},
			before: func(h *harness) string {
				return h.createKey(client.CreateKeyRequest{IPAllowlist: []string{"127.0.0.1"}}).ID
			},
			op: func(h *harness, id string) error {
				_, err := h.admin().UpdateKey(ctx, id, client.UpdateKeyRequest{IPAllowlist: &[]string{}})
				return err
			}, field: "ip_allowlist"},
		{name: "rotate a key whose lifetime exceeds the max", policy: client.KeyPolicyRequest{MaxLifetimeDays: new(30)},
			before: func(h *harness) string { return h.createKey(client.CreateKeyRequest{ExpiresInDays: new(90)}).ID },
			op: func(h *harness, id string) error {
				_, err := h.admin().RotateKey(ctx, id, client.RotateKeyRequest{})
				return err
			}, field: "expires_at"},
		{name: "rotate with a shorter expiry", policy: client.KeyPolicyRequest{MaxLifetimeDays: new(30)},
			before: func(h *harness) string { return h.createKey(client.CreateKeyRequest{ExpiresInDays: new(90)}).ID },
			op: func(h *harness, id string) error {
				_, err := h.admin().RotateKey(ctx, id, client.RotateKeyRequest{ExpiresInDays: new(30)})
				return err
			}},
		{name: "rotate an admin key without allowlist", policy: client.KeyPolicyRequest{AdminKeysRequireIPAllowlist: true},
			before: func(h *harness) string { return h.createKey(client.CreateKeyRequest{}).ID },
			op: func(h *harness, id string) error {
				_, err := h.admin().RotateKey(ctx, id, client.RotateKeyRequest{})
				return err
			}, field: "ip_allowlist"},
		{name: "regenerate a personal key beyond max lifetime", policy: client.KeyPolicyRequest{MaxLifetimeDays: new(30)},
			op: func(h *harness, _ string) error {
				_, err := h.ownerBasic().GeneratePersonalKey(ctx, client.PersonalKeyRequest{ExpiresInDays: new(31)})
				return err
			}, field: "expires_at"},
		{name: "regenerate a personal key with the capped default", policy: client.KeyPolicyRequest{MaxLifetimeDays: new(30)},
			op: func(h *harness, _ string) error {
				_, err := h.ownerBasic().GeneratePersonalKey(ctx, client.PersonalKeyRequest{})
				return err
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			var id string
			if tt.before != nil {
				id = tt.before(h)
			}
			if _, err := h.admin().SetKeyPolicy(ctx, tt.policy); err != nil {
				t.Fatal(err)
			}
			err := tt.op(h, id)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("want success, got %v", err)
				}
				return
			}
			ce := apiError(t, err, 400, hive.EINVALID, "")
			if ce.Details["field"] != tt.field || ce.Details["policy"] == nil {
				t.Errorf("details = %v, want field %s and the policy rule named", ce.Details, tt.field)
			}
		})
	}
}

func TestDisabledKeyIsRefusedAndEnableRestoresIt(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	k := h.createKey(client.CreateKeyRequest{Preset: hive.PresetData})
	c := h.client(k.Key)
	if _, err := c.Verify(ctx); err != nil { // now cached
		t.Fatal(err)
	}
	got, err := h.admin().DisableKey(ctx, k.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != "disabled" || got.DisabledAt == nil || got.DisabledReason == nil || *got.DisabledReason != apikey.DisableManual {
		t.Errorf("disable response: status %q disabled_at %v reason %v", got.Status, got.DisabledAt, got.DisabledReason)
	}
	_, err = c.Verify(ctx)
	apiError(t, err, 401, hive.EUNAUTHORIZED, hive.ReasonKeyDisabled)
	if _, err := h.admin().DisableKey(ctx, k.ID); err != nil {
		t.Errorf("disabling again: %v, want the key unchanged", err)
	}
	_, err = h.admin().RotateKey(ctx, k.ID, client.RotateKeyRequest{})
	apiError(t, err, 409, hive.ECONFLICT, "")
	list, err := h.admin().ListKeys(ctx, client.ListKeysParams{Status: "disabled"})
	if err != nil || len(list.Data) != 1 || list.Data[0].ID != k.ID {
		t.Fatalf("status=disabled lists %+v, %v; want the one key", list, err)
	}

	got, err = h.admin().EnableKey(ctx, k.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != "active" || got.DisabledAt != nil || got.DisabledReason != nil {
		t.Errorf("enable response: status %q disabled_at %v reason %v", got.Status, got.DisabledAt, got.DisabledReason)
	}
	if _, err := c.Verify(ctx); err != nil {
		t.Errorf("enabled key: %v", err)
	}
	events, err := h.admin().ListAuditEvents(ctx, client.AuditParams{TargetID: k.ID})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range events.Data {
		actions = append(actions, e.Action)
	}
	if want := []string{apikey.ActionKeyEnabled, apikey.ActionKeyDisabled, apikey.ActionKeyCreated}; strings.Join(actions, " ") != strings.Join(want, " ") {
		t.Errorf("audit actions = %v, want %v (one disable: the second changed nothing)", actions, want)
	}
}

func TestRevokedOrLeakedKeyIsNeverEnabled(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	leaked := h.createKey(client.CreateKeyRequest{})
	if _, err := h.admin().DisableKey(ctx, leaked.ID); err != nil {
		t.Fatal(err)
	}
	if res, err := h.svc.RevokeLeaked(ctx, leaked.Key, apikey.Leak{Source: apikey.LeakSourceReport}); err != nil || res.Revoked == nil {
		t.Fatalf("a disabled key found in public must still be revoked: %+v, %v", res, err)
	}
	_, err := h.admin().EnableKey(ctx, leaked.ID)
	apiError(t, err, 409, hive.ECONFLICT, "key_leaked")
	_, err = h.client(leaked.Key).Verify(ctx)
	apiError(t, err, 401, hive.EUNAUTHORIZED, hive.ReasonKeyRevoked)

	revoked := h.createKey(client.CreateKeyRequest{})
	if _, err := h.admin().RevokeKey(ctx, revoked.ID); err != nil {
		t.Fatal(err)
	}
	_, err = h.admin().EnableKey(ctx, revoked.ID)
	apiError(t, err, 409, hive.ECONFLICT, "key_revoked")
	_, err = h.admin().DisableKey(ctx, revoked.ID)
	apiError(t, err, 409, hive.ECONFLICT, "key_revoked")
}

func TestEnableMustKeepThePolicy(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	k := h.createKey(client.CreateKeyRequest{})
	if _, err := h.admin().DisableKey(ctx, k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := h.admin().SetKeyPolicy(ctx, client.KeyPolicyRequest{AdminKeysRequireIPAllowlist: true}); err != nil {
		t.Fatal(err)
	}
	_, err := h.admin().EnableKey(ctx, k.ID)
	ce := apiError(t, err, 400, hive.EINVALID, "")
	if ce.Details["field"] != "ip_allowlist" {
		t.Errorf("details = %v, want field ip_allowlist", ce.Details)
	}
	// Editing a disabled key is allowed, so it can be brought within the
	// policy before it is enabled.
	if _, err := h.admin().UpdateKey(ctx, k.ID, client.UpdateKeyRequest{IPAllowlist: &[]string{"127.0.0.1"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.admin().EnableKey(ctx, k.ID); err != nil {
		t.Errorf("enable within the policy: %v", err)
	}
}

func TestLowPrivilegeKeyCannotChangePolicyOrDisableStrongerKeys(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	strong := h.createKey(client.CreateKeyRequest{})
	keysOnly := h.client(h.createKey(client.CreateKeyRequest{Permissions: []string{"api_keys:read", "api_keys:write", "surveys:read"}}).Key)
	_, err := keysOnly.SetKeyPolicy(ctx, client.KeyPolicyRequest{})
	apiError(t, err, 403, hive.EFORBIDDEN, "")
	_, err = keysOnly.GetKeyPolicy(ctx)
	apiError(t, err, 403, hive.EFORBIDDEN, "")
	_, err = keysOnly.DisableKey(ctx, strong.ID)
	apiError(t, err, 403, hive.EFORBIDDEN, "")
	_, err = keysOnly.EnableKey(ctx, strong.ID)
	apiError(t, err, 403, hive.EFORBIDDEN, "")
	if got, _ := h.admin().GetKey(ctx, strong.ID); got.Status != "active" {
		t.Errorf("stronger key's status = %q after refused calls", got.Status)
	}
	weak := h.createKey(client.CreateKeyRequest{Permissions: []string{"surveys:read"}})
	if _, err := keysOnly.DisableKey(ctx, weak.ID); err != nil {
		t.Errorf("disabling a key within the caller's own rights: %v", err)
	}
	readOnly := h.client(h.createKey(client.CreateKeyRequest{Preset: hive.PresetReadOnly}).Key)
	_, err = readOnly.DisableKey(ctx, weak.ID)
	apiError(t, err, 403, hive.EFORBIDDEN, "")
}

func TestScanLookupBySecretHash(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	k := h.createKey(client.CreateKeyRequest{})
	sum := apikey.HashSecret(k.Key)
	list, err := h.admin().ListKeys(ctx, client.ListKeysParams{SecretSHA256: hexOf(sum[:])})
	if err != nil || len(list.Data) != 1 || list.Data[0].ID != k.ID {
		t.Fatalf("lookup by hash = %+v, %v; want the key", list, err)
	}
	other := h.bootstrap("globex")
	list, err = h.client(other.Secret).ListKeys(ctx, client.ListKeysParams{SecretSHA256: hexOf(sum[:])})
	if err != nil || len(list.Data) != 0 {
		t.Fatalf("another tenant's lookup = %+v, %v; want nothing", list, err)
	}
	r := h.do("GET", "/v1/api-keys?secret_sha256=xyz", "", bearer(h.boot.Secret)...)
	if r.status != 400 || r.err.Error.Details["field"] != "secret_sha256" {
		t.Errorf("bad hash: %d %s", r.status, r.body)
	}
}

// ownerBasic is a client of the bootstrap owner signing in with a password.
func (h *harness) ownerBasic() *client.Client {
	return client.New(h.url, "", client.WithBasicAuth("owner@acme.test", "correct horse"), client.WithTenant("acme"),
		client.WithMaxRetries(0))
}

func hexOf(b []byte) string { return hex.EncodeToString(b) }

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
