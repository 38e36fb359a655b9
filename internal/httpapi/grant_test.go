package httpapi_test

import (
	"context"
	"fmt"
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
	_, err = h.admin().RevokeKey(ctx, ownerPK.ID)
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

// TestLogsStayWithinTheReadersRestrictions reads the API log with a key
// restricted to survey A: it sees survey A's entries, and neither the rows
// nor the stored bodies of survey B, of requests that span every survey, or
// of admin routes it could not call itself.
func TestLogsStayWithinTheReadersRestrictions(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	var ids [2]string
	for i, name := range []string{"Survey A", "Survey B"} {
		sv, err := h.admin().CreateSurvey(ctx, client.CreateSurveyRequest{Name: name, Type: "pulse", Status: "live", StartDate: "2024-03-01"})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = sv.ID
	}
	paths := []string{"/v1/surveys/" + ids[0], "/v1/surveys/" + ids[1], "/v1/surveys/" + ids[1] + "/key-drivers",
		"/v1/open-door", "/v1/api-keys"}
	for _, p := range paths {
		h.do("GET", p, "", bearer(h.boot.Secret)...)
	}
	h.flushLog()
	byPath := map[string]string{}
	for _, l := range h.allLogs(h.admin(), client.ListAPILogsParams{}) {
		byPath[l.Path] = l.ID
	}
	readerKey := h.createKey(client.CreateKeyRequest{Permissions: []string{"logs:read", "surveys:read", "responses:read", "open_door:read"},
		Resources: &client.Resources{Surveys: []string{ids[0]}}}).Key
	reader := h.client(readerKey)
	seen := map[string]bool{}
	for _, l := range h.allLogs(reader, client.ListAPILogsParams{ListParams: client.ListParams{Limit: 2}}) {
		seen[l.Path] = true
	}
	if !seen[paths[0]] {
		t.Errorf("the reader does not see its own survey's entry %s", paths[0])
	}
	for _, p := range paths[1:] {
		if seen[p] {
			t.Errorf("the reader restricted to survey A lists the entry of %s", p)
		}
		if _, err := reader.GetAPILog(ctx, byPath[p]); err == nil {
			t.Errorf("the reader gets the entry of %s", p)
		}
		if r := h.do("GET", "/v1/api-logs/"+byPath[p]+"/response", "", bearer(readerKey)...); r.status != 404 {
			t.Errorf("the reader reads the stored body of %s: %d %s", p, r.status, r.body)
		}
	}
	if r := h.do("GET", "/v1/api-logs/"+byPath[paths[0]]+"/response", "", bearer(readerKey)...); r.status != 200 {
		t.Errorf("the reader cannot read its own survey's body: %d %s", r.status, r.body)
	}
}

// TestOtherTenantsMembershipTypeIsNotFound deletes a membership type that
// memberships use from another tenant: the answer is 404, not the 409 that
// would tell the id exists and how many memberships it has.
func TestOtherTenantsMembershipTypeIsNotFound(t *testing.T) {
	g := newGym(t)
	var types struct{ Data []struct{ ID int64 } }
	g.h.admin200("GET", "/v1/membership-types", "", &types)
	if len(types.Data) == 0 {
		t.Fatal("the gym has no membership type")
	}
	other := g.h.bootstrap("other")
	r := g.h.do("DELETE", fmt.Sprintf("/v1/membership-types/%d", types.Data[0].ID), "", bearer(other.Secret)...)
	if r.status != 404 {
		t.Errorf("another tenant deletes the type: %d %s, want 404", r.status, r.body)
	}
}
