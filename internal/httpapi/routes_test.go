package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi"
	"github.com/hive-platform/hive/internal/sqlite"
)

// lastRoute keeps the route of the last request record.
type lastRoute struct {
	mu    sync.Mutex
	route string
}

func (l *lastRoute) ObserveRequest(r *hive.RequestRecord) {
	l.mu.Lock()
	l.route = r.Route
	l.mu.Unlock()
}

// TestRoutingMatchesOnceAndAnswersTheRest checks what the mux's catch-all
// and the unclean-path detour answer: every unserved request gets its API
// family's envelope and no route in the API log, and only a path some
// endpoint serves is redirected to its cleaned form (logged, as the mux
// reports it, under the route it leads to).
func TestRoutingMatchesOnceAndAnswersTheRest(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "hive.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	seen := &lastRoute{}
	h := httpapi.New(httpapi.Config{Keys: apikey.NewService(st, apikey.Config{BcryptCost: 4}),
		Observers: []hive.RequestObserver{seen}})
	for _, tc := range []struct {
		name, method, target string
		status               int
		code                 string // of a /v1 error envelope
		door                 bool   // the answer is in the Door API envelope
		route, location      string
	}{
		{name: "served route keeps its pattern", method: "GET", target: "/v1/auth/verify", status: 401, code: hive.EUNAUTHORIZED, route: "GET /v1/auth/verify"},
		{name: "unknown path is 404 without a route", method: "GET", target: "/v1/nothing-here", status: 404, code: hive.ENOTFOUND},
		{name: "wrong method is 405 without a route", method: "DELETE", target: "/v1/auth/verify", status: 405, code: hive.EMETHOD},
		{name: "unclean path to an endpoint is redirected", method: "GET", target: "/v1//auth/verify", status: 307, location: "/v1/auth/verify", route: "GET /v1/auth/verify"},
		{name: "unclean path to nothing is 404", method: "GET", target: "/v1//nothing-here", status: 404, code: hive.ENOTFOUND},
		{name: "dot segment to nothing is 404", method: "GET", target: "/v1/./nothing-here", status: 404, code: hive.ENOTFOUND},
		{name: "subtree without its slash is redirected", method: "GET", target: "/docs/static", status: 307, location: "/docs/static/", route: "GET /docs/static/"},
		{name: "NUL in an unknown path is 400", method: "GET", target: "/v1/no%00where", status: 400, code: hive.EINVALID},
		{name: "unknown Door API path is 404 in the door envelope", method: "GET", target: "/door/tok/nothing", status: 404, door: true},
		{name: "wrong method on the Door API is 405 in the door envelope", method: "DELETE", target: "/door/tok/access", status: 405, door: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seen.route = "unset"
			req := httptest.NewRequest(tc.method, tc.target, nil)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if w.Code != tc.status {
				t.Fatalf("status = %d, want %d: %s", w.Code, tc.status, w.Body)
			}
			if seen.route != tc.route {
				t.Errorf("API log route = %q, want %q", seen.route, tc.route)
			}
			if got := w.Header().Get("Location"); got != tc.location {
				t.Errorf("Location = %q, want %q", got, tc.location)
			}
			if tc.status == 405 && w.Header().Get("Allow") == "" {
				t.Error("a 405 without Allow")
			}
			var body struct {
				Success *bool `json:"success"`
				Error   struct {
					Code string `json:"code"`
				} `json:"error"`
			}
			if tc.location != "" {
				return
			}
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
				t.Fatalf("body is not JSON: %v: %s", err, w.Body)
			}
			if tc.door && (body.Success == nil || *body.Success) {
				t.Errorf("body = %s, want the Door API envelope with success false", w.Body)
			}
			if !tc.door && body.Error.Code != tc.code {
				t.Errorf("error code = %q, want %q: %s", body.Error.Code, tc.code, w.Body)
			}
		})
	}
}
