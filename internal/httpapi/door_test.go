package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/webhook"
)

// gym is a tenant with the Door API set up through the management API: two
// doors, a membership type opening the front door, a member with a card, a
// barcode and a phone number, and a controller key.
type gym struct {
	h       *harness
	base    string // /door/{token}
	key     string // the controller's key
	member  int64
	expires int64
}

func (h *harness) admin200(method, path, body string, out any) {
	h.t.Helper()
	r := h.do(method, path, body, append(bearer(h.boot.Secret), "Content-Type", "application/json")...)
	if r.status >= 300 {
		h.t.Fatalf("%s %s: %d %s", method, path, r.status, r.body)
	}
	if out != nil {
		if err := json.Unmarshal([]byte(r.body), out); err != nil {
			h.t.Fatal(err)
		}
	}
}

func newGym(t *testing.T) *gym {
	h := newHarness(t)
	g := &gym{h: h, expires: h.clock.Now().Add(30 * 24 * time.Hour).Unix()}
	var settings struct {
		BaseURL string `json:"base_url"`
	}
	h.admin200("PUT", "/v1/door-api/settings", `{"enabled": true, "users_endpoint_enabled": true}`, &settings)
	g.base = strings.TrimSuffix(strings.TrimPrefix(settings.BaseURL, h.url), "/")
	if !strings.HasPrefix(g.base, "/door/") {
		t.Fatalf("base_url %q is not under this server's /door/", settings.BaseURL)
	}
	var mt struct{ ID int64 }
	h.admin200("POST", "/v1/membership-types", `{"name": "Standard Monthly"}`, &mt)
	h.admin200("POST", "/v1/doors", fmt.Sprintf(`{"door_id": "asdf123", "name": "Front Door", "membership_type_ids": [%d], "allow_instructors": true}`, mt.ID), nil)
	h.admin200("POST", "/v1/doors", `{"door_id": "fdsa321", "name": "Back Door", "allow_instructors": true}`, nil)
	var m struct{ ID int64 }
	h.admin200("POST", "/v1/members", `{"door_access_id": "FFCC8899", "barcode_id": "123456789abc", "first_name": "test", "last_name": "testerson", "email": "test@example.test", "phone": "(415) 555-0132"}`, &m)
	g.member = m.ID
	h.admin200("POST", fmt.Sprintf("/v1/members/%d/memberships", m.ID), fmt.Sprintf(`{"membership_type_id": %d, "expires": %d}`, mt.ID, g.expires), nil)
	g.key = h.createKey(client.CreateKeyRequest{Permissions: []string{"door:access", "door:users:read", "doors:read"}}).Key
	return g
}

// door sends a Door API request with the controller key; form is
// url-encoded for POST.
func (g *gym) door(method, path string, form url.Values, headers ...string) response {
	g.h.t.Helper()
	hs := append([]string{"X-DOOR-API-KEY", g.key}, headers...)
	body := ""
	if form != nil {
		body = form.Encode()
		hs = append(hs, "Content-Type", "application/x-www-form-urlencoded")
	}
	return g.h.do(method, g.base+path, body, hs...)
}

// envelope decodes a Door API body into a generic map.
func envelope(t *testing.T, r response) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("body is not JSON: %v: %s", err, r.body)
	}
	if _, ok := m["success"].(bool); !ok {
		t.Errorf("body lacks a boolean success: %s", r.body)
	}
	if _, ok := m["message"].(string); !ok {
		t.Errorf("body lacks a string message: %s", r.body)
	}
	return m
}

func TestDoorAPISpecShapes(t *testing.T) {
	g := newGym(t)
	if r := g.door("GET", "/test", nil); r.status != 200 || strings.TrimSpace(r.body) != `{"success":true,"message":""}` {
		t.Errorf("/test: %d %s", r.status, r.body)
	}

	r := g.door("GET", "/doors", nil)
	var doors struct {
		Success bool
		Message string
		Doors   []map[string]any
	}
	json.Unmarshal([]byte(r.body), &doors)
	if r.status != 200 || !doors.Success || len(doors.Doors) != 2 {
		t.Fatalf("/doors: %d %s", r.status, r.body)
	}
	wantBack := map[string]any{"door_id": "fdsa321", "name": "Back Door", "active": true, "membership_type_ids": []any{}, "allow_instructors": true}
	if diff := cmp.Diff(wantBack, doors.Doors[1]); diff != "" {
		t.Errorf("/doors back door (-want +got):\n%s", diff)
	}

	r = g.door("POST", "/access", url.Values{"id": {fmt.Sprint(g.member)}, "door_id": {"asdf123"}})
	got := envelope(t, r)
	if r.status != 200 || got["success"] != true || got["message"] != "" {
		t.Fatalf("/access: %d %s", r.status, r.body)
	}
	user := got["user"].(map[string]any)
	ms := user["memberships"].([]any)[0].(map[string]any)
	wantUser := map[string]any{"id": float64(g.member), "door_access_id": "FFCC8899", "barcode_id": "123456789abc",
		"first_name": "test", "last_name": "testerson", "is_instructor": false, "status": "active", "memberships": user["memberships"]}
	if diff := cmp.Diff(wantUser, user); diff != "" {
		t.Errorf("user object without email/phone exposure (-want +got):\n%s", diff)
	}
	for _, f := range []string{"membership_id", "membership_type_id"} {
		if _, ok := ms[f].(float64); !ok {
			t.Errorf("membership %s is not a number: %v", f, ms[f])
		}
	}
	if ms["membership_type_name"] != "Standard Monthly" || ms["expires"] != float64(g.expires) || !cmp.Equal(ms["door_ids"], []any{"asdf123"}) {
		t.Errorf("membership = %v", ms)
	}

	r = g.door("GET", "/users?p=1", nil)
	users := envelope(t, r)
	if r.status != 200 || users["page"] != float64(1) || users["next_page"] != false || len(users["users"].([]any)) != 1 {
		t.Errorf("/users: %d %s", r.status, r.body)
	}
}

func TestDoorAPIErrorsUseTheEnvelope(t *testing.T) {
	g := newGym(t)
	other := g.h.bootstrap("otherhive")
	tests := []struct {
		name, method, path string
		headers            []string
		status             int
		reason             string
	}{
		{"missing key is 401", "GET", g.base + "/test", nil, 401, hive.ReasonKeyMissing},
		{"invalid key is 401", "GET", g.base + "/test", []string{"X-DOOR-API-KEY", "hive_sk_nonsense"}, 401, hive.ReasonKeyMalformed},
		{"another Hive's key is refused", "GET", g.base + "/test", []string{"X-DOOR-API-KEY", other.Secret}, 401, hive.ReasonTenantMismatch},
		{"unknown token is 404", "GET", "/door/notatoken/test", []string{"X-DOOR-API-KEY", g.key}, 404, hive.ENOTFOUND},
		{"unknown path is 404", "GET", g.base + "/nothing", []string{"X-DOOR-API-KEY", g.key}, 404, hive.ENOTFOUND},
		{"wrong method is 405", "DELETE", g.base + "/access", []string{"X-DOOR-API-KEY", g.key}, 405, hive.EMETHOD},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := g.h.do(tc.method, tc.path, "", tc.headers...)
			m := envelope(t, r)
			if r.status != tc.status || m["success"] != false || m["reason"] != tc.reason || m["message"] == "" {
				t.Errorf("got %d %s, want %d reason %s", r.status, r.body, tc.status, tc.reason)
			}
		})
	}
	if msg, _ := envelope(t, g.h.do("GET", g.base+"/test", ""))["message"].(string); !strings.Contains(msg, "X-DOOR-API-KEY") {
		t.Errorf("the missing-key message %q does not name X-DOOR-API-KEY", msg)
	}
}

func TestDoorTokenStaysOutOfTheLog(t *testing.T) {
	g := newGym(t)
	g.door("GET", "/test", nil)
	token := strings.TrimPrefix(g.base, "/door/")
	if logs := g.h.logs.String(); strings.Contains(logs, token) || !strings.Contains(logs, "/door/{token}/test") {
		t.Error("the access log shows the door token, or no redacted door path")
	}
}

func TestDoorAPIDisabled(t *testing.T) {
	g := newGym(t)
	g.h.admin200("PUT", "/v1/door-api/settings", `{"users_endpoint_enabled": false}`, nil)
	r := g.door("GET", "/users", nil)
	if m := envelope(t, r); r.status != 403 || !strings.Contains(m["message"].(string), "Settings") {
		t.Errorf("users endpoint off: %d %s, want 403 saying where to enable it", r.status, r.body)
	}
	g.h.admin200("PUT", "/v1/door-api/settings", `{"enabled": false}`, nil)
	for _, path := range []string{"/test", "/doors", "/users"} {
		r := g.door("GET", path, nil)
		if m := envelope(t, r); r.status != 403 || !strings.Contains(m["message"].(string), "External Door API") {
			t.Errorf("API off, %s: %d %s, want 403 saying where to enable it", path, r.status, r.body)
		}
	}
	r = g.door("POST", "/access", url.Values{"id": {fmt.Sprint(g.member)}, "door_id": {"asdf123"}})
	if r.status != 403 {
		t.Errorf("API off, /access: %d", r.status)
	}
}

func TestDoorAccessCheckOnlyVariants(t *testing.T) {
	g := newGym(t)
	entries := func() int {
		var l struct{ Total int }
		g.h.admin200("GET", "/v1/door-entries", "", &l)
		return l.Total
	}
	for _, tc := range []struct {
		value  string
		record bool
	}{
		{"true", false}, {"1", false}, {"yes", false}, {"on", false}, {"TRUE", false},
		{"false", true}, {"0", true}, {"no", true}, {"off", true}, {"", true},
	} {
		before := entries()
		form := url.Values{"barcode_id": {"123456789abc"}, "door_id": {"asdf123"}, "check_only": {tc.value}}
		r := g.door("POST", "/access", form)
		if m := envelope(t, r); r.status != 200 || m["success"] != true || m["recorded"] != tc.record {
			t.Errorf("check_only=%q: %d %s", tc.value, r.status, r.body)
		}
		if got := entries() - before; got != map[bool]int{true: 1, false: 0}[tc.record] {
			t.Errorf("check_only=%q recorded %d entries", tc.value, got)
		}
	}
	r := g.door("POST", "/access", url.Values{"barcode_id": {"123456789abc"}, "door_id": {"asdf123"}, "check_only": {"maybe"}})
	if m := envelope(t, r); r.status != 400 || m["reason"] != hive.EINVALID {
		t.Errorf("check_only=maybe: %d %s, want 400", r.status, r.body)
	}
}

func TestDoorAccessDenialsAreRecordedWithTheirReason(t *testing.T) {
	g := newGym(t)
	tests := []struct {
		name   string
		form   url.Values
		reason string
	}{
		{"identifiers of different members", url.Values{"id": {fmt.Sprint(g.member)}, "barcode_id": {"nobody"}, "door_id": {"asdf123"}}, "identifiers_mismatch"},
		{"unknown card", url.Values{"door_access_id": {"NOPE"}, "door_id": {"asdf123"}}, "member_not_found"},
		{"unknown door", url.Values{"door_access_id": {"FFCC8899"}, "door_id": {"zzz"}}, "door_not_found"},
		{"no membership opens the back door", url.Values{"door_access_id": {"FFCC8899"}, "door_id": {"fdsa321"}}, "no_membership_for_door"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := g.door("POST", "/access", tc.form)
			if m := envelope(t, r); r.status != 200 || m["success"] != false || m["reason"] != tc.reason || m["message"] == "" || m["recorded"] != true {
				t.Errorf("got %d %s, want a recorded denial %s", r.status, r.body, tc.reason)
			}
		})
	}
	var l struct {
		Data []struct {
			Granted bool
			Reason  string
		}
	}
	g.h.admin200("GET", "/v1/door-entries?granted=false", "", &l)
	if len(l.Data) != len(tests) || l.Data[0].Reason != "no_membership_for_door" {
		t.Errorf("denied entries: %+v", l.Data)
	}
	r := g.door("POST", "/access", url.Values{"door_id": {"asdf123"}})
	if m := envelope(t, r); r.status != 400 || !strings.Contains(m["message"].(string), "barcode_id") {
		t.Errorf("no identifier: %d %s, want 400 naming the fields", r.status, r.body)
	}
}

func TestDoorEmailAndPhoneToggles(t *testing.T) {
	g := newGym(t)
	user := func() map[string]any {
		r := g.door("POST", "/access", url.Values{"door_access_id": {"FFCC8899"}, "door_id": {"asdf123"}, "check_only": {"1"}})
		return envelope(t, r)["user"].(map[string]any)
	}
	if u := user(); u["email"] != nil || u["phone"] != nil {
		t.Errorf("hidden by default, got email %v phone %v", u["email"], u["phone"])
	}
	g.h.admin200("PUT", "/v1/door-api/settings", `{"expose_email": true, "expose_phone": true}`, nil)
	if u := user(); u["email"] != "test@example.test" || u["phone"] != "+14155550132" {
		t.Errorf("exposed: email %v phone %v, want the email and +14155550132", u["email"], u["phone"])
	}
	g.h.admin200("PATCH", fmt.Sprintf("/v1/members/%d", g.member), `{"phone": "not a number"}`, nil)
	if u := user(); u["phone"] != "" {
		t.Errorf("unparseable phone = %v, want the empty string", u["phone"])
	}
}

func TestDoorUsersPaging(t *testing.T) {
	g := newGym(t)
	var mt struct{ Data []struct{ ID int64 } }
	g.h.admin200("GET", "/v1/membership-types", "", &mt)
	var csv strings.Builder
	csv.WriteString("door_access_id,barcode_id,first_name,last_name,email,phone,is_instructor,status\n")
	for i := range 100 {
		fmt.Fprintf(&csv, "CARD%03d,BAR%03d,First%d,Last%d,m%d@example.test,,true,active\n", i, i, i, i, i)
	}
	r := g.h.do("POST", "/v1/members/import", csv.String(), append(bearer(g.h.boot.Secret), "Content-Type", "text/csv")...)
	if r.status != 200 {
		t.Fatalf("import: %d %s", r.status, r.body)
	}
	// 101 members with access: the first one and 100 instructors.
	page := func(p string) map[string]any { return envelope(t, g.door("GET", "/users?p="+p, nil)) }
	p1, p2 := page("1"), page("2")
	if len(p1["users"].([]any)) != 100 || p1["next_page"] != float64(2) || p1["page"] != float64(1) {
		t.Errorf("page 1: %d users, next_page %v", len(p1["users"].([]any)), p1["next_page"])
	}
	if len(p2["users"].([]any)) != 1 || p2["next_page"] != false {
		t.Errorf("page 2: %d users, next_page %v", len(p2["users"].([]any)), p2["next_page"])
	}
	if r := g.door("GET", "/users?p=zero", nil); r.status != 400 {
		t.Errorf("p=zero: %d", r.status)
	}
}

func TestDoorIdempotentRetryRecordsOneEntry(t *testing.T) {
	g := newGym(t)
	form := url.Values{"door_access_id": {"FFCC8899"}, "door_id": {"asdf123"}}
	first := envelope(t, g.door("POST", "/access", form, "Idempotency-Key", "swipe-42"))
	again := envelope(t, g.door("POST", "/access", form, "Idempotency-Key", "swipe-42"))
	if first["entry_id"] == nil || again["entry_id"] != first["entry_id"] || again["replayed"] != true {
		t.Errorf("retry: first %v, again %v; want the same entry, replayed", first["entry_id"], again)
	}
	var l struct{ Total int }
	g.h.admin200("GET", "/v1/door-entries", "", &l)
	if l.Total != 1 {
		t.Errorf("%d entries after a retried swipe, want 1", l.Total)
	}
}

func TestDoorKeyRestrictedToDoors(t *testing.T) {
	g := newGym(t)
	g.key = g.h.createKey(client.CreateKeyRequest{Permissions: []string{"door:access", "doors:read"},
		Resources: &client.Resources{Doors: []string{"fdsa321"}}}).Key
	r := g.door("POST", "/access", url.Values{"door_access_id": {"FFCC8899"}, "door_id": {"asdf123"}})
	if m := envelope(t, r); r.status != 403 || m["success"] != false {
		t.Errorf("other door with a restricted key: %d %s, want 403", r.status, r.body)
	}
	var doors struct {
		Doors []struct {
			DoorID string `json:"door_id"`
		}
	}
	json.Unmarshal([]byte(g.door("GET", "/doors", nil).body), &doors)
	if len(doors.Doors) != 1 || doors.Doors[0].DoorID != "fdsa321" {
		t.Errorf("/doors with a restricted key: %+v", doors.Doors)
	}
	if r := g.door("GET", "/users", nil); r.status != 403 {
		t.Errorf("/users without door:users:read: %d", r.status)
	}
}

func TestMemberImportRejectsABadFileWhole(t *testing.T) {
	g := newGym(t)
	csv := "door_access_id,barcode_id,first_name,last_name,email,phone,is_instructor,status\n" +
		"GOOD1,,Ann,A,,,false,active\n" +
		"GOOD2,,Bob,B,,,false,sleeping\n"
	r := g.h.do("POST", "/v1/members/import", csv, append(bearer(g.h.boot.Secret), "Content-Type", "text/csv")...)
	var body struct {
		Error struct {
			Code    string
			Details struct {
				Errors []struct {
					Row     int
					Column  string
					Message string
				}
			}
		}
	}
	json.Unmarshal([]byte(r.body), &body)
	if r.status != 400 || len(body.Error.Details.Errors) != 1 || body.Error.Details.Errors[0].Row != 3 || body.Error.Details.Errors[0].Column != "status" {
		t.Fatalf("bad import: %d %s, want 400 naming row 3, column status", r.status, r.body)
	}
	var l struct{ Total int }
	g.h.admin200("GET", "/v1/members", "", &l)
	if l.Total != 1 {
		t.Errorf("%d members after a refused import, want only the gym's first", l.Total)
	}
}

func TestMemberEntriesExport(t *testing.T) {
	g := newGym(t)
	g.door("POST", "/access", url.Values{"door_access_id": {"FFCC8899"}, "door_id": {"asdf123"}})
	r := g.h.do("GET", fmt.Sprintf("/v1/members/%d/entries", g.member), "", bearer(g.h.boot.Secret)...)
	var out struct {
		Member  struct{ ID int64 }
		Entries []struct {
			DoorID  string `json:"door_id"`
			Granted bool
		}
	}
	json.Unmarshal([]byte(r.body), &out)
	if r.status != 200 || out.Member.ID != g.member || len(out.Entries) != 1 || !out.Entries[0].Granted ||
		!strings.Contains(r.header.Get("Content-Disposition"), "attachment") {
		t.Errorf("export: %d %s", r.status, r.body)
	}
}

// TestDoorEntryWebhook checks the path from a swipe to a receiver: the
// recorded entry is queued as a door.entry delivery, sent signed, and the
// signature verifies with the endpoint's secret.
func TestDoorEntryWebhook(t *testing.T) {
	g := newGym(t)
	type received struct {
		sig, event string
		body       []byte
	}
	got := make(chan received, 4)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- received{r.Header.Get("Hive-Signature"), r.Header.Get("Hive-Event"), b}
	}))
	defer receiver.Close()
	var ep struct {
		ID     string
		Secret string
	}
	g.h.admin200("POST", "/v1/webhooks", `{"url": "`+receiver.URL+`/hook", "events": ["door.entry"]}`, &ep)
	if ep.Secret == "" {
		t.Fatal("webhook creation did not return its secret")
	}
	g.door("POST", "/access", url.Values{"door_access_id": {"FFCC8899"}, "door_id": {"asdf123"}})
	g.door("POST", "/access", url.Values{"door_access_id": {"FFCC8899"}, "door_id": {"asdf123"}, "check_only": {"1"}})
	if n, err := g.h.hooks.DeliverDue(context.Background()); err != nil || n != 1 {
		t.Fatalf("DeliverDue = %d, %v; want one delivery for the one recorded entry", n, err)
	}
	r := <-got
	if r.event != "door.entry" {
		t.Errorf("Hive-Event = %q", r.event)
	}
	if err := webhook.Verify(ep.Secret, r.sig, r.body, g.h.clock.Now(), 5*time.Minute); err != nil {
		t.Errorf("signature does not verify: %v", err)
	}
	var body struct {
		Event string
		Data  struct {
			MemberID int64  `json:"member_id"`
			DoorID   string `json:"door_id"`
			Granted  bool
		}
	}
	json.Unmarshal(r.body, &body)
	if body.Event != "door.entry" || body.Data.MemberID != g.member || body.Data.DoorID != "asdf123" || !body.Data.Granted {
		t.Errorf("payload = %s", r.body)
	}
}

func TestDoorRateLimitUsesTheEnvelope(t *testing.T) {
	g := newGym(t)
	limit := 2
	g.key = g.h.createKey(client.CreateKeyRequest{Permissions: []string{"door:access"}, RateLimitPerMinute: &limit}).Key
	g.door("GET", "/test", nil)
	g.door("GET", "/test", nil)
	r := g.door("GET", "/test", nil)
	m := envelope(t, r)
	if r.status != 429 || m["success"] != false || m["reason"] != hive.ERATELIMITED || r.header.Get("Retry-After") == "" || r.header.Get("X-RateLimit-Limit") != "2" {
		t.Errorf("third request at 2/min: %d %s Retry-After %q", r.status, r.body, r.header.Get("Retry-After"))
	}
}
