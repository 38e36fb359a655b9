package app_test

import (
	"testing"

	"github.com/hive-platform/hive/client"
)

// TestSurveyWritesReachEveryNode lists surveys on node B, which caches the
// tenant's list, then creates and renames surveys on node A: B's very next
// list must show each change, since a write answers only once every live
// node dropped the list (or stopped trusting its cache).
func TestSurveyWritesReachEveryNode(t *testing.T) {
	for name, start := range clusters {
		t.Run(name, func(t *testing.T) {
			c := start(t)
			k := c.newKey(t, client.CreateKeyRequest{Name: "surveys", Permissions: []string{"surveys:read", "people:write"}})
			onA := client.New(c.a.url, k.Key, client.WithMaxRetries(0))
			onB := client.New(c.b.url, k.Key, client.WithMaxRetries(0))
			list := func(what string) []client.Survey {
				t.Helper()
				page, err := onB.ListSurveys(t.Context(), client.ListSurveysParams{})
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				return page.Data
			}
			if got := list("before"); len(got) != 0 {
				t.Fatalf("new tenant lists %d surveys", len(got))
			}
			for i, name := range []string{"First", "Second"} {
				sv, err := onA.CreateSurvey(t.Context(), client.CreateSurveyRequest{Name: name, Type: "pulse"})
				if err != nil {
					t.Fatal(err)
				}
				if got := list("after a create"); len(got) != i+1 || got[i].ID != sv.ID {
					t.Fatalf("node B lists %+v right after node A created %s", got, sv.ID)
				}
			}
		})
	}
}
