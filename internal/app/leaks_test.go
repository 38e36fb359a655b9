package app_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
	"github.com/hive-platform/hive/internal/postgres/pgtest"
	"github.com/hive-platform/hive/internal/secretscan"
	"github.com/hive-platform/hive/webhook"
)

// githubSigner signs payloads the way GitHub's secret scanning does, with a
// key whose public half the nodes are configured with, as an operator would
// from GitHub's key document.
type githubSigner struct {
	priv *ecdsa.PrivateKey
	id   string
}

func newGitHubSigner(tb testing.TB, cfg *app.Config) *githubSigner {
	tb.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	doc, _ := json.Marshal(map[string]any{"public_keys": []map[string]any{{
		"key_identifier": "90a421169f0a406205f1563a953312f0be898d3c7b6c06b681aa86a874555f4a",
		"key":            string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})), "is_current": true}}})
	path := filepath.Join(tb.TempDir(), "github-keys.json")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		tb.Fatal(err)
	}
	// Through the environment, as an operator configures it.
	c, err := cfg.FromEnv(func(k string) string {
		switch k {
		case "HIVE_GITHUB_SECRET_SCANNING_KEYS":
			return path
		case "HIVE_WEBHOOK_ALLOW_CIDRS":
			// The test's webhook receiver listens on 127.0.0.1.
			return "127.0.0.0/8"
		}
		return ""
	})
	if err != nil {
		tb.Fatal(err)
	}
	*cfg = c
	return &githubSigner{priv: priv, id: "90a421169f0a406205f1563a953312f0be898d3c7b6c06b681aa86a874555f4a"}
}

// post sends body to node n's GitHub endpoint signed with s, or with sig
// when given.
func (s *githubSigner) post(tb testing.TB, n node, body []byte, sig string) (int, []byte) {
	tb.Helper()
	if sig == "" {
		d := sha256.Sum256(body)
		der, err := ecdsa.SignASN1(rand.Reader, s.priv, d[:])
		if err != nil {
			tb.Fatal(err)
		}
		sig = base64.StdEncoding.EncodeToString(der)
	}
	req, _ := http.NewRequest("POST", n.url+"/v1/secret-scanning/github", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("GITHUB-PUBLIC-KEY-IDENTIFIER", s.id)
	req.Header.Set("GITHUB-PUBLIC-KEY-SIGNATURE", sig)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// TestGitHubLeakSingleNode runs the leaked-key scenario on one SQLite node.
func TestGitHubLeakSingleNode(t *testing.T) {
	cfg := app.DefaultConfig()
	cfg.DatabaseURL = filepath.Join(t.TempDir(), "hive.db")
	gh := newGitHubSigner(t, &cfg)
	n := startNode(t, cfg)
	b, err := n.app.Keys.Bootstrap(t.Context(), apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{a: n, b: n, admin: client.New(n.url, b.Secret, client.WithMaxRetries(0))}
	leakScenario(t, c, gh)
}

// TestGitHubLeakRefusedOnEveryNode reports a key to node A and sees node B,
// which had it cached as live, refuse it.
func TestGitHubLeakRefusedOnEveryNode(t *testing.T) {
	if os.Getenv(envRedis) == "" || os.Getenv(pgtest.EnvURL) == "" {
		t.Skip("set " + envRedis + " and " + pgtest.EnvURL + " to run the multi-node tests")
	}
	cfg := app.DefaultConfig()
	cfg.DatabaseURL = pgtest.NewSchema(t)
	cfg.RedisURL = os.Getenv(envRedis)
	cfg.RedisTimeout = 2 * time.Second
	gh := newGitHubSigner(t, &cfg)
	leakScenario(t, startCluster(t, cfg), gh)
}

// leakScenario: GitHub reports a live key, an unknown key and noise to node
// A. A forged signature changes nothing; the signed payload revokes the
// live key, which node B then refuses; the tenant's webhook receives a
// signed key_leaked alert; the audit trail says why and where; a replay
// gets the same answer and changes nothing.
func leakScenario(t *testing.T, c *cluster, gh *githubSigner) {
	ctx := t.Context()
	deliveries := make(chan *http.Request, 8)
	bodies := make(chan []byte, 8)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		deliveries <- r
		bodies <- b
	}))
	t.Cleanup(receiver.Close)
	hook, err := c.admin.CreateWebhook(ctx, client.CreateWebhookRequest{URL: receiver.URL, Events: []string{"alert.fired"}})
	if err != nil {
		t.Fatal(err)
	}

	leaked := c.newKey(t, client.CreateKeyRequest{Name: "CI deploy", Preset: "read_only"})
	onB, _ := cached(t, c.b, leaked.Key)
	unknown := otherTenantsSecret(t)
	where := "https://github.com/acme/app/blob/abc123/.env"
	payload, _ := json.Marshal([]client.GitHubTokenAlert{
		{Token: leaked.Key, Type: "hive_api_key", URL: where, Source: "commit"},
		{Token: unknown, Type: "hive_api_key", URL: where, Source: "commit"},
		{Token: "hive_sk_notakey", Type: "hive_api_key", URL: where, Source: "content"},
	})

	// A forged signature: 401, and the key still works on B.
	forged := base64.StdEncoding.EncodeToString([]byte("not a signature"))
	if status, body := gh.post(t, c.a, payload, forged); status != http.StatusUnauthorized || !strings.Contains(string(body), secretscan.ReasonSignatureInvalid) {
		t.Fatalf("forged signature: %d %s, want 401 %s", status, body, secretscan.ReasonSignatureInvalid)
	}
	if _, err := onB.Verify(ctx); err != nil {
		t.Fatalf("after a forged report the key is refused on node B: %v", err)
	}

	status, answer := gh.post(t, c.a, payload, "")
	reported := time.Now()
	if status != http.StatusOK {
		t.Fatalf("signed report: %d %s", status, answer)
	}
	var labels []client.GitHubTokenLabel
	if err := json.Unmarshal(answer, &labels); err != nil {
		t.Fatal(err)
	}
	want := []client.GitHubTokenLabel{
		{TokenHash: sha256Hex(leaked.Key), TokenType: "hive_api_key", Label: "true_positive"},
		{TokenHash: sha256Hex(unknown), TokenType: "hive_api_key", Label: "false_positive"},
		{TokenHash: sha256Hex("hive_sk_notakey"), TokenType: "hive_api_key", Label: "false_positive"},
	}
	if diff := cmp.Diff(want, labels); diff != "" {
		t.Errorf("labels (-want +got):\n%s", diff)
	}

	// Node B refuses the key.
	for {
		_, err := onB.Verify(ctx)
		if reason(err) == "api_key_revoked" {
			t.Logf("report to refusal on node B: %v", time.Since(reported))
			break
		}
		if time.Since(reported) > 10*time.Second {
			t.Fatalf("node B still answers %v 10s after the report", err)
		}
		time.Sleep(2 * time.Millisecond)
	}

	// The tenant's webhook gets a signed key_leaked alert.
	select {
	case r := <-deliveries:
		body := <-bodies
		if err := webhook.Verify(hook.Secret, r.Header.Get("Hive-Signature"), body, time.Now(), 5*time.Minute); err != nil {
			t.Fatalf("webhook signature: %v", err)
		}
		var ev struct {
			Event string       `json:"event"`
			Data  client.Alert `json:"data"`
		}
		json.Unmarshal(body, &ev)
		if ev.Event != "alert.fired" || ev.Data.Rule != "key_leaked" || ev.Data.KeyID == nil || *ev.Data.KeyID != leaked.ID ||
			ev.Data.Details["url"] != where || ev.Data.Details["source"] != "github" {
			t.Errorf("webhook = %s, want alert.fired key_leaked for %s with source and url", body, leaked.ID)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no webhook delivery within 10s")
	}

	// A replay: the same answer, and nothing more happens.
	if status, again := gh.post(t, c.a, payload, ""); status != http.StatusOK || !bytes.Equal(again, answer) {
		t.Errorf("replay: %d %s, want 200 %s", status, again, answer)
	}
	events, err := c.admin.ListAuditEvents(ctx, client.AuditParams{TargetID: leaked.ID, Action: "api_key.revoked"})
	if err != nil {
		t.Fatal(err)
	}
	if len(events.Data) != 1 {
		t.Fatalf("%d revocation events for the leaked key, want 1", len(events.Data))
	}
	d := events.Data[0].Details
	if d["because"] != "leaked" || d["source"] != "github" || d["location"] != "commit" || d["url"] != where {
		t.Errorf("audit details = %v, want because leaked, source github, location commit, url %s", d, where)
	}
	alerts, err := c.admin.ListAlerts(ctx, client.ListAlertsParams{Rule: "key_leaked"})
	if err != nil {
		t.Fatal(err)
	}
	if len(alerts.Data) != 1 {
		t.Errorf("%d key_leaked alerts after a report and a replay, want 1", len(alerts.Data))
	}
	if m := scrape(t, c.a); !strings.Contains(m, `hive_leaked_keys_total{source="github"} 1`) {
		t.Errorf("metrics lack hive_leaked_keys_total{source=\"github\"} 1")
	}
}

func sha256Hex(s string) string {
	d := sha256.Sum256([]byte(s))
	return hex.EncodeToString(d[:])
}

// otherTenantsSecret returns a well-formed secret no node knows.
func otherTenantsSecret(tb testing.TB) string {
	tb.Helper()
	cfg := app.DefaultConfig()
	cfg.DatabaseURL = filepath.Join(tb.TempDir(), "other.db")
	stores, err := app.OpenStores(tb.Context(), cfg.DatabaseURL)
	if err != nil {
		tb.Fatal(err)
	}
	defer stores.Close()
	b, err := apikey.NewService(stores.Keys, apikey.Config{BcryptCost: 4}).Bootstrap(tb.Context(),
		apikey.BootstrapParams{Slug: "elsewhere", AdminEmail: "o@elsewhere.test"})
	if err != nil {
		tb.Fatal(err)
	}
	return b.Secret
}

// scrape returns node n's /metrics.
func scrape(tb testing.TB, n node) string {
	tb.Helper()
	res, err := http.Get(n.url + "/metrics")
	if err != nil {
		tb.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

// TestGitLabRevokeTokens drives GitLab's Token Revocation API on one node:
// only the configured token is let in, only Hive's token type is revoked,
// and a repeat changes nothing.
func TestGitLabRevokeTokens(t *testing.T) {
	const token = "gitlab-0123456789abcdef"
	cfg, err := app.DefaultConfig().FromEnv(func(k string) string {
		return map[string]string{"HIVE_GITLAB_REVOCATION_TOKEN": token}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg.DatabaseURL = filepath.Join(t.TempDir(), "hive.db")
	n := startNode(t, cfg)
	b, err := n.app.Keys.Bootstrap(t.Context(), apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{a: n, b: n, admin: client.New(n.url, b.Secret, client.WithMaxRetries(0))}
	leaked, other := c.newKey(t, client.CreateKeyRequest{Name: "CI", Preset: "read_only"}), c.newKey(t, client.CreateKeyRequest{Name: "BI", Preset: "read_only"})
	const where = "https://gitlab.example.com/acme/app/-/blob/abc/.env"
	body, _ := json.Marshal([]client.GitLabLeakedToken{
		{Type: "gitleaks_rule_id_hive_api_key", Token: leaked.Key, Location: where},
		{Type: "gitleaks_rule_id_gitlab_personal_access_token", Token: other.Key, Location: where},
	})
	call := func(method, path, auth string, body []byte) (int, string) {
		req, _ := http.NewRequest(method, n.url+path, bytes.NewReader(body))
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for _, auth := range []string{"", "Bearer wrong-token-0123456789", b.Secret} {
		if status, _ := call("POST", "/v1/revoke_tokens", auth, body); status != http.StatusUnauthorized {
			t.Errorf("revoke_tokens with Authorization %q: %d, want 401", auth, status)
		}
	}
	if _, err := client.New(n.url, leaked.Key, client.WithMaxRetries(0)).Verify(t.Context()); err != nil {
		t.Fatalf("the key is refused after unauthorized calls: %v", err)
	}
	if status, got := call("GET", "/v1/revocable_token_types", token, nil); status != http.StatusOK || got != `{"types":["gitleaks_rule_id_hive_api_key"]}`+"\n" {
		t.Errorf("revocable_token_types: %d %s", status, got)
	}
	for range 2 {
		if status, got := call("POST", "/v1/revoke_tokens", "Bearer "+token, body); status != http.StatusNoContent {
			t.Fatalf("revoke_tokens: %d %s, want 204", status, got)
		}
	}
	if _, err := client.New(n.url, leaked.Key, client.WithMaxRetries(0)).Verify(t.Context()); reason(err) != "api_key_revoked" {
		t.Errorf("the reported key: %v, want api_key_revoked", err)
	}
	if _, err := client.New(n.url, other.Key, client.WithMaxRetries(0)).Verify(t.Context()); err != nil {
		t.Errorf("a key reported under another token type was revoked: %v", err)
	}
	events, err := c.admin.ListAuditEvents(t.Context(), client.AuditParams{TargetID: leaked.ID, Action: "api_key.revoked"})
	if err != nil {
		t.Fatal(err)
	}
	if len(events.Data) != 1 || events.Data[0].Details["source"] != "gitlab" || events.Data[0].Details["url"] != where {
		t.Errorf("audit events = %+v, want one revocation from gitlab at %s", events.Data, where)
	}
	if m := scrape(t, n); !strings.Contains(m, `hive_leaked_keys_total{source="gitlab"} 1`) {
		t.Errorf("metrics lack hive_leaked_keys_total{source=\"gitlab\"} 1")
	}
}
