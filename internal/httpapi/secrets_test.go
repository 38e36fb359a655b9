package httpapi_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/hive-platform/hive/client"
)

// TestOneTimeSecretsStayOutOfEveryLog issues every kind of one-time secret
// the API hands out, and puts keys where callers put them by mistake (a
// path, any query name, a query value, the user agent), then searches every
// observed record, every stored API-log row and body, and the process log.
func TestOneTimeSecretsStayOutOfEveryLog(t *testing.T) {
	g := newGym(t)
	h := g.h
	ctx := context.Background()
	admin := h.admin()
	k := h.createKey(client.CreateKeyRequest{})
	rotated, err := admin.RotateKey(ctx, k.ID, client.RotateKeyRequest{})
	if err != nil {
		t.Fatal(err)
	}
	personal, err := client.New(h.url, "", client.WithBasicAuth("owner@acme.test", "correct horse"), client.WithTenant("acme"),
		client.WithMaxRetries(0)).GeneratePersonalKey(ctx, client.PersonalKeyRequest{})
	if err != nil {
		t.Fatal(err)
	}
	hook, err := admin.CreateWebhook(ctx, client.CreateWebhookRequest{URL: "https://hooks.example/x", Events: []string{"door.entry"}})
	if err != nil {
		t.Fatal(err)
	}
	oldToken := strings.TrimPrefix(g.base, "/door/")
	if r := g.door("GET", "/test", nil); r.status != 200 {
		t.Fatalf("door test = %d %s", r.status, r.body)
	}
	g.door("GET", "/nope", nil)
	h.do("GET", "//door/"+oldToken+"/test", "", "X-DOOR-API-KEY", g.key)
	var settings struct {
		BaseURL string `json:"base_url"`
	}
	h.admin200("POST", "/v1/door-api/settings/regenerate-token", "", &settings)
	newToken := strings.TrimSuffix(settings.BaseURL[strings.Index(settings.BaseURL, "/door/")+len("/door/"):], "/")
	h.admin200("GET", "/v1/door-api/settings", "", nil)
	h.do("GET", "/door/"+newToken+"/test", "", "X-DOOR-API-KEY", g.key)

	keys := []string{k.Key, rotated.Key, personal.Key}
	for _, key := range keys {
		h.do("GET", "/v1/api-keys/"+key, "", bearer(rotated.Key)...)
		h.do("GET", "/v1/"+key, "", bearer(rotated.Key)...)
		h.do("GET", "/v1/auth/verify?q="+key+"&"+key+"=1&enc="+url.QueryEscape(strings.Replace(key, "_", "%5F", -1)),
			"", append(bearer(rotated.Key), "User-Agent", "tool "+key, "X-Request-Id", key)...)
		h.do("GET", "/v1/auth/verify?q=hive_sk_0123456789abcdefhive_sk_"+key[8:], "", bearer(rotated.Key)...)
	}
	h.flushLog()

	var haystack strings.Builder
	for _, r := range h.seen.records() {
		haystack.WriteString(r.Path + "\n" + r.Query + "\n" + r.UserAgent + "\n" + r.RequestID + "\n" + string(r.Body) + "\n")
	}
	stored := h.allLogs(h.client(rotated.Key), client.ListAPILogsParams{ListParams: client.ListParams{Limit: 100}})
	if len(stored) < 20 {
		t.Fatalf("only %d requests in the API log", len(stored))
	}
	bodies := 0
	for _, l := range stored {
		b, _ := json.Marshal(l)
		haystack.Write(b)
		res := h.do("GET", "/v1/api-logs/"+l.ID+"/response", "", bearer(rotated.Key)...)
		if res.status == 200 && res.body != "" {
			bodies++
		}
		haystack.WriteString(res.body + "\n")
	}
	if bodies < 10 {
		t.Fatalf("only %d stored bodies were read back", bodies)
	}
	haystack.WriteString(h.logs.String())
	all := haystack.String()

	secrets := map[string]string{"webhook secret": hook.Secret, "door token": oldToken, "regenerated door token": newToken}
	for i, key := range keys {
		secrets["key "+string(rune('0'+i))] = key[8:] // the part after the prefix is the secret
	}
	for name, sec := range secrets {
		if len(sec) < 20 {
			t.Fatalf("%s %q is too short to search for", name, sec)
		}
		if i := strings.Index(all, sec); i >= 0 {
			t.Errorf("the %s is kept in the logs: ...%s...", name, all[max(0, i-200):min(len(all), i+len(sec)+50)])
		}
	}
	if !strings.Contains(all, "/door/{token}/test") {
		t.Error("no door request is logged under /door/{token}")
	}
}
