package httpapi_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi"
)

// matrixPrincipal is one column of the permission matrix: a credential and
// the headers it is sent with.
type matrixPrincipal struct {
	name    string
	bit     uint8
	headers []string
}

// TestEveryRouteHasAPermissionDeclaration fails when a route is served
// without a row in the permission matrix (an authenticated entry without
// Allow panics, so New fails first), or a row names no served route.
func TestEveryRouteHasAPermissionDeclaration(t *testing.T) {
	matrix := httpapi.PermissionMatrix()
	served := httpapi.New(httpapi.Config{}).Routes()
	for _, route := range served {
		if _, ok := matrix[route]; !ok && !slices.Contains(httpapi.PublicRoutes, route) {
			t.Errorf("route %q is served without a permission declaration: give its entry in the endpoints table an Allow", route)
		}
	}
	for route := range matrix {
		if !slices.Contains(served, route) {
			t.Errorf("the permission matrix declares %q, which no route serves", route)
		}
	}
}

// TestPermissionMatrix calls every authenticated route as every kind of
// principal against a real server, and checks that each is refused with 403
// exactly where the matrix declares a denial.
func TestPermissionMatrix(t *testing.T) {
	g := newGym(t) // doors asdf123 and fdsa321, Door API enabled
	h := g.h
	ctx := context.Background()
	surveys := [2]string{}
	for i, name := range []string{"Survey A", "Survey B"} {
		sv, err := h.admin().CreateSurvey(ctx, client.CreateSurveyRequest{Name: name, Type: "pulse", Status: "live", StartDate: "2024-03-01"})
		if err != nil {
			t.Fatal(err)
		}
		surveys[i] = sv.ID
	}
	user := func(email string, role apikey.Role) []string {
		u, err := h.svc.CreateUser(ctx, h.owner, email, email, "a long password", role)
		if err != nil {
			t.Fatal(err)
		}
		pk, _ := h.personalKey(email, "a long password", u.ID)
		return append(bearer(pk.Key), "X-Hive-User-Id", u.ID)
	}
	principals := []matrixPrincipal{
		{"owner's full-access key", httpapi.MatrixOwner, bearer(h.boot.Secret)},
		{"integrations admin's personal key", httpapi.MatrixIntegrations, user("ia@acme.test", apikey.RoleIntegrationsAdmin)},
		{"Data preset key", httpapi.MatrixData, bearer(h.createKey(client.CreateKeyRequest{Preset: hive.PresetData}).Key)},
		{"Read-only preset key", httpapi.MatrixReadOnly, bearer(h.createKey(client.CreateKeyRequest{Preset: hive.PresetReadOnly}).Key)},
		{"member's personal key", httpapi.MatrixMember, user("member@acme.test", apikey.RoleMember)},
		{"key restricted to survey A and door asdf123", httpapi.MatrixRestricted, bearer(h.createKey(client.CreateKeyRequest{
			Preset: hive.PresetReadWrite, Resources: &client.Resources{Surveys: []string{surveys[0]}, Doors: []string{"asdf123"}}}).Key)},
	}
	matrix := httpapi.PermissionMatrix()
	routes := make([]string, 0, len(matrix))
	for route := range matrix {
		routes = append(routes, route)
	}
	// A new door token would turn every later Door API call into a 404.
	slices.SortFunc(routes, func(a, b string) int {
		return cmpBool(strings.Contains(a, "regenerate-token"), strings.Contains(b, "regenerate-token"), a, b)
	})
	cells, denials := 0, 0
	for _, route := range routes {
		method, path := matrixRequest(route, g.base, surveys[1])
		for _, p := range principals {
			allowed := matrix[route]&p.bit != 0
			body, ctype := matrixBody(route)
			r := h.do(method, path, body, append(slices.Clone(p.headers), "Content-Type", ctype)...)
			cells++
			if !allowed {
				denials++
			}
			if denied(route, r.status, p.bit) == allowed {
				t.Errorf("%s as %s: status %d, want %s\n%s", route, p.name, r.status, map[bool]string{true: "not 403", false: "403"}[allowed], r.body)
			}
		}
	}
	t.Logf("permission matrix: %d operations × %d principals = %d cells, %d denials checked", len(routes), len(principals), cells, denials)
}

// denied tells a refusal: 403, or for the restricted key on a route that
// names a survey also 404, since those hide the surveys outside a key's
// restriction as absent.
func denied(route string, status int, bit uint8) bool {
	hidden := bit == httpapi.MatrixRestricted && strings.Contains(route, "{survey_id}") && status == 404
	return status == 403 || hidden
}

func cmpBool(x, y bool, a, b string) int {
	switch {
	case x && !y:
		return 1
	case y && !x:
		return -1
	}
	return strings.Compare(a, b)
}

// matrixRequest fills route's parameters: the Door API token, survey B, door
// fdsa321 (neither is the restricted key's) and ids that name nothing.
func matrixRequest(route, doorBase, survey string) (string, string) {
	method, pattern, _ := strings.Cut(route, " ")
	r := strings.NewReplacer("/door/{token}", doorBase, "{survey_id}", survey, "{door_id}", "fdsa321",
		"{question_id}", "qst_none", "{membership_id}", "999999")
	path := r.Replace(pattern)
	if strings.HasPrefix(pattern, "/v1/members/") || strings.HasPrefix(pattern, "/v1/membership-types/") {
		return method, strings.Replace(path, "{id}", "999999", 1)
	}
	return method, strings.Replace(path, "{id}", "none_0", 1)
}

// matrixBody is a body that passes no handler's validation, so no allowed
// call changes anything; a personal-key request asks for an impossible
// expiry rather than replacing the key the matrix goes on using.
func matrixBody(route string) (string, string) {
	switch {
	case route == "POST /v1/me/api-key":
		return `{"expires_in_days": -5}`, "application/json"
	case strings.HasPrefix(route, "POST /door/"):
		return "", "application/x-www-form-urlencoded"
	}
	return `{}`, "application/json"
}
