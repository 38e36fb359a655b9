package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/sqlite"
)

// startServe runs "hive serve" in-process on a free port and returns its URL
// and a function that stops it with the equivalent of SIGTERM and returns its
// exit code.
func startServe(t *testing.T, db string) (string, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &lockedBuffer{}
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--database", db},
			&env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: out, stderr: &lockedBuffer{}})
	}()
	pattern := regexp.MustCompile(`serving on (http://\S+)`)
	deadline := time.Now().Add(20 * time.Second)
	for !pattern.MatchString(out.String()) {
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve printed no URL: %q", out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	stopped := false
	stop := func() int {
		if stopped {
			return 0
		}
		stopped = true
		cancel()
		return <-done
	}
	t.Cleanup(func() { stop() })
	return pattern.FindStringSubmatch(out.String())[1], stop
}

// TestKeyCommandsAgainstARealServer drives the acceptance path: bootstrap,
// serve, then keys create|list|rotate|revoke and verify through the client.
func TestKeyCommandsAgainstARealServer(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hive.db")
	code, out, stderr := runCmd(t, nil, "bootstrap", "--tenant", "acme", "--admin-email", "a@acme.test", "--database", db, "--json")
	if code != 0 {
		t.Fatalf("bootstrap: %d %s", code, stderr)
	}
	var boot bootstrapOutput
	if err := json.Unmarshal([]byte(out), &boot); err != nil {
		t.Fatal(err)
	}
	url, stop := startServe(t, db)
	admin := map[string]string{"HIVE_URL": url, "HIVE_API_KEY": boot.APIKey}

	code, out, stderr = runCmd(t, admin, "keys", "create", "--name", "Power BI", "--service-account", boot.ServiceAccountID,
		"--preset", "read_only", "--expires-in-days", "30", "--json")
	if code != 0 {
		t.Fatalf("keys create: %d %s", code, stderr)
	}
	var created client.CreatedAPIKey
	if err := json.Unmarshal([]byte(out), &created); err != nil {
		t.Fatal(err)
	}
	reader := map[string]string{"HIVE_URL": url, "HIVE_API_KEY": created.Key}
	if code, out, stderr = runCmd(t, reader, "verify"); code != 0 || !strings.Contains(out, created.ID) {
		t.Errorf("verify with the new key: %d %q %q", code, out, stderr)
	}
	// A read-only key may not create keys: the CLI shows the API's reason.
	if code, _, stderr = runCmd(t, reader, "keys", "create", "--name", "x", "--service-account", boot.ServiceAccountID, "--preset", "read_only"); code != 1 || !strings.Contains(stderr, "api_keys:write") {
		t.Errorf("create with a read-only key: exit %d, stderr %q; want 1 naming api_keys:write", code, stderr)
	}

	code, out, _ = runCmd(t, admin, "keys", "list")
	if code != 0 || !strings.Contains(out, created.ID) || !strings.Contains(out, created.Hint) || strings.Contains(out, created.Key) {
		t.Errorf("keys list: exit %d, want the id and hint and never the secret:\n%s", code, out)
	}

	code, out, stderr = runCmd(t, admin, "keys", "rotate", created.ID, "--grace", "1h", "--json")
	if code != 0 {
		t.Fatalf("keys rotate: %d %s", code, stderr)
	}
	var rotated client.CreatedAPIKey
	if err := json.Unmarshal([]byte(out), &rotated); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{created.Key, rotated.Key} {
		if code, _, stderr := runCmd(t, map[string]string{"HIVE_URL": url, "HIVE_API_KEY": secret}, "verify"); code != 0 {
			t.Errorf("verify during the grace period: %s", stderr)
		}
	}

	if code, _, stderr = runCmd(t, admin, "keys", "revoke", rotated.ID); code != 0 {
		t.Fatalf("keys revoke: %s", stderr)
	}
	code, _, stderr = runCmd(t, map[string]string{"HIVE_URL": url, "HIVE_API_KEY": rotated.Key}, "verify")
	if code != 1 || !strings.Contains(stderr, "api_key_revoked") {
		t.Errorf("verify a revoked key: exit %d, stderr %q; want 1 with api_key_revoked", code, stderr)
	}

	// A graceful shutdown writes the last-used times collected so far.
	if code := stop(); code != 0 {
		t.Fatalf("serve exited %d on shutdown", code)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	k, err := st.KeyByID(context.Background(), boot.TenantID, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if k.LastUsedAt == nil || k.LastUsedIP != "127.0.0.1" {
		t.Errorf("after shutdown: last_used_at %v ip %q, want the verify calls recorded", k.LastUsedAt, k.LastUsedIP)
	}
	if k.Status(time.Now()) != apikey.StatusActive || k.ReplacedBy != rotated.ID {
		t.Errorf("old key after rotation: status %s replaced_by %q", k.Status(time.Now()), k.ReplacedBy)
	}
}

func TestDemoRestartIssuesFreshKeysAndRevokesOldOnes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hive.db")
	first := func() []string {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		out := &lockedBuffer{}
		done := make(chan int)
		go func() {
			done <- run(ctx, []string{"demo", "--addr", "127.0.0.1:0", "--database", db},
				&env{getenv: func(string) string { return "" }, stdin: strings.NewReader(""), stdout: out, stderr: &lockedBuffer{}})
		}()
		for !urlPattern.MatchString(out.String()) {
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
		<-done
		return secretPattern.FindAllString(out.String(), -1)
	}()
	url, out := startDemo(t, db)
	second := secretPattern.FindAllString(out, -1)
	if len(first) == 0 || len(second) != len(first) {
		t.Fatalf("first start printed %d keys, second %d", len(first), len(second))
	}
	old := client.New(url, first[0], client.WithMaxRetries(0))
	_, err := old.Verify(context.Background())
	if ce, ok := err.(*client.Error); !ok || ce.Reason() != "api_key_revoked" {
		t.Errorf("a key from the previous start: %v, want api_key_revoked", err)
	}
}
