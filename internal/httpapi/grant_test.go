package httpapi_test

import (
	"context"
	"testing"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

// personalKey signs in with a password and returns a client on the user's
// new personal key.
func (h *harness) personalKey(email, password, userID string) (*client.CreatedAPIKey, *client.Client) {
	h.t.Helper()
	pk, err := client.New(h.url, "", client.WithBasicAuth(email, password), client.WithTenant("acme"),
		client.WithMaxRetries(0)).GeneratePersonalKey(context.Background(), client.PersonalKeyRequest{})
	if err != nil {
		h.t.Fatal(err)
	}
	return pk, h.client(pk.Key, client.WithUserID(userID))
}

func TestRotationNeverYieldsMoreThanTheCallerHolds(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	keysOnly := h.client(h.createKey(client.CreateKeyRequest{Permissions: []string{"api_keys:write", "api_keys:read"}}).Key)
	full := h.createKey(client.CreateKeyRequest{Preset: hive.PresetFullAccess})
	_, err := keysOnly.RotateKey(ctx, full.ID, client.RotateKeyRequest{})
	apiError(t, err, 403, hive.EFORBIDDEN, "")
	if k, _ := h.admin().GetKey(ctx, full.ID); k.ReplacedBy != nil {
		t.Errorf("the refused rotation replaced the key by %s", *k.ReplacedBy)
	}
	ownerPK, _ := h.personalKey("owner@acme.test", "correct horse", h.boot.Owner.ID)
	for name, c := range map[string]*client.Client{"a keys-only key": keysOnly, "a full-access service-account key": h.admin()} {
		if _, err := c.RotateKey(ctx, ownerPK.ID, client.RotateKeyRequest{}); err == nil {
			t.Errorf("%s rotated the owner's personal key", name)
		} else {
			apiError(t, err, 403, hive.EFORBIDDEN, "")
		}
	}
	narrow := h.createKey(client.CreateKeyRequest{Permissions: []string{"api_keys:read"}})
	if _, err := keysOnly.RotateKey(ctx, narrow.ID, client.RotateKeyRequest{}); err != nil {
		t.Errorf("rotating a key within the caller's rights: %v", err)
	}
}

func TestServiceAccountKeysCannotReshapePersonalKeys(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	ownerPK, _ := h.personalKey("owner@acme.test", "correct horse", h.boot.Owner.ID)
	name := "renamed"
	_, err := h.admin().UpdateKey(ctx, ownerPK.ID, client.UpdateKeyRequest{Name: &name})
	apiError(t, err, 403, hive.EFORBIDDEN, "")
}

func TestMemberPersonalKeyHoldsTheMembersRoleOnly(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	member, err := h.svc.CreateUser(ctx, h.owner, "member@acme.test", "Member", "member password", apikey.RoleMember)
	if err != nil {
		t.Fatal(err)
	}
	pk, mc := h.personalKey("member@acme.test", "member password", member.ID)
	v, err := mc.Verify(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range v.Permissions {
		if hive.Scope(s).Admin() || s == string(hive.ScopeDoorsRead) {
			t.Errorf("member's personal key holds %s", s)
		}
	}
	if r := h.do("GET", "/v1/members", "", append(bearer(pk.Key), "X-Hive-User-Id", member.ID)...); r.status != 403 {
		t.Errorf("member's key reads gym members' contact details: %d", r.status)
	}
	// The owner signs in, and asks to widen the member's personal key.
	_, oc := h.personalKey("owner@acme.test", "correct horse", h.boot.Owner.ID)
	full := hive.PresetFullAccess
	_, err = oc.UpdateKey(ctx, pk.ID, client.UpdateKeyRequest{Preset: &full})
	ce := apiError(t, err, 403, hive.EFORBIDDEN, "")
	if ce.Details["role"] != string(apikey.RoleMember) {
		t.Errorf("details %v do not name the member role", ce.Details)
	}
}
