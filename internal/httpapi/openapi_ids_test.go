package httpapi_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/webhook"
)

// TestDocumentExampleIDsAreIDsHiveMakes walks every value in the OpenAPI
// document and checks each "id" and "..._id" that looks like a Hive ID (a
// lower-case prefix, an underscore, base62): its prefix must be one Hive
// gives out and the rest as long as Hive's, so that a reader who copies an example's ID shape, or matches
// on its prefix, meets the IDs the API really returns.
func TestDocumentExampleIDsAreIDsHiveMakes(t *testing.T) {
	h := newHarness(t)
	_, body := loadOpenAPI(t, h)
	var doc any
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	prefixes := []string{hive.PrefixTenant, hive.PrefixUser, hive.PrefixServiceAccount, hive.PrefixKey, hive.PrefixAudit,
		hive.PrefixAttribute, hive.PrefixSegment, hive.PrefixSurvey, hive.PrefixQuestion, hive.PrefixResponse,
		hive.PrefixAlert, hive.PrefixLog, hive.PrefixCustomMetric, hive.PrefixOpenDoor, hive.PrefixHiveFive,
		hive.PrefixAlertEmail, webhook.PrefixEndpoint, webhook.PrefixDelivery}
	shape := regexp.MustCompile(`^([a-z0-9]+_)[0-9A-Za-z]{16,}$`)
	checked := 0
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				if s, ok := e.(string); ok && (k == "id" || strings.HasSuffix(k, "_id")) {
					if m := shape.FindStringSubmatch(s); m != nil {
						checked++
						if !slices.Contains(prefixes, m[1]) {
							t.Errorf("%s/%s = %q: %q is not a prefix Hive gives IDs", path, k, s, m[1])
						} else if !hive.ValidID(m[1], s) {
							t.Errorf("%s/%s = %q: not the shape of a %s ID", path, k, s, m[1])
						}
					}
				}
				walk(path+"/"+k, e)
			}
		case []any:
			for _, e := range v {
				walk(path+"[]", e)
			}
		}
	}
	walk("", doc)
	if checked < 20 {
		t.Fatalf("only %d example IDs found: the walk does not reach the examples", checked)
	}
}
