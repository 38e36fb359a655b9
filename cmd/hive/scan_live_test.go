package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/client"
)

// TestScanLiveAgainstARealServer plants a live, a disabled, a revoked and
// an unknown key, then runs "hive scan --live" against a real server: each
// is named with its state, the exit code is 1 while any is not revoked and
// 0 once every one found is, and no secret is printed.
func TestScanLiveAgainstARealServer(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hive.db")
	code, out, stderr := runCmd(t, nil, "bootstrap", "--tenant", "acme", "--admin-email", "a@acme.test", "--database", db, "--json")
	if code != 0 {
		t.Fatalf("bootstrap: %d %s", code, stderr)
	}
	var boot bootstrapOutput
	if err := json.Unmarshal([]byte(out), &boot); err != nil {
		t.Fatal(err)
	}
	url, _ := startServe(t, db)
	admin := map[string]string{"HIVE_URL": url, "HIVE_API_KEY": boot.APIKey}
	newKey := func(then ...string) *client.CreatedAPIKey {
		t.Helper()
		code, out, stderr := runCmd(t, admin, "keys", "create", "--name", "k", "--service-account", boot.ServiceAccountID, "--preset", "read_only", "--json")
		if code != 0 {
			t.Fatalf("keys create: %s", stderr)
		}
		var k client.CreatedAPIKey
		if err := json.Unmarshal([]byte(out), &k); err != nil {
			t.Fatal(err)
		}
		for _, verb := range then {
			if code, _, stderr := runCmd(t, admin, "keys", verb, k.ID); code != 0 {
				t.Fatalf("keys %s: %s", verb, stderr)
			}
		}
		return &k
	}
	live, disabled, revoked := newKey(), newKey("disable"), newKey("revoke")
	unknown := plantKey(t, "hive_sk_")
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		"a.env": "LIVE=" + live.Key + "\nDISABLED=" + disabled.Key + "\n",
		"b.env": "REVOKED=" + revoked.Key + "\nOTHER=" + unknown + "\n",
	})

	code, out, stderr = runCmd(t, admin, "scan", "--live", root)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (stderr %s)", code, stderr)
	}
	want := []string{
		filepath.Join(root, "a.env") + ":1: " + live.Hint + " live",
		filepath.Join(root, "a.env") + ":2: " + disabled.Hint + " disabled",
		filepath.Join(root, "b.env") + ":1: " + revoked.Hint + " revoked",
		filepath.Join(root, "b.env") + ":2: " + hintOf(unknown) + " unknown",
	}
	got := strings.Split(strings.TrimSpace(out), "\n")
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	if !strings.Contains(stderr, "3 of 4") {
		t.Errorf("stderr %q, want the count of keys not revoked", stderr)
	}
	for _, s := range []string{live.Key, disabled.Key, revoked.Key, unknown} {
		if strings.Contains(out+stderr, s) {
			t.Error("the scan printed a whole secret")
		}
	}

	if code, _, stderr := runCmd(t, admin, "scan", "--live", filepath.Join(root, "b.env")); code != 1 {
		t.Errorf("an unknown key may be another tenant's live key: exit %d, want 1 (%s)", code, stderr)
	}
	writeFiles(t, root, map[string]string{"b.env": "REVOKED=" + revoked.Key + "\n"})
	if code, out, stderr := runCmd(t, admin, "scan", "--live", filepath.Join(root, "b.env")); code != 0 || !strings.HasSuffix(strings.TrimSpace(out), " revoked") {
		t.Errorf("only revoked keys: exit %d, output %q %q; want 0", code, out, stderr)
	}
	// Nothing found needs no server.
	writeFiles(t, root, map[string]string{"c/clean.txt": "nothing here\n"})
	if code, out, stderr := runCmd(t, nil, "scan", "--live", filepath.Join(root, "c")); code != 0 || out != "" {
		t.Errorf("nothing found: exit %d, output %q %q; want 0 and nothing", code, out, stderr)
	}
	// --url overrides HIVE_URL; a key that may not read keys is exit 2 with the API's reason.
	reader := map[string]string{"HIVE_URL": "http://127.0.0.1:1", "HIVE_API_KEY": live.Key}
	code, _, stderr = runCmd(t, reader, "scan", "--live", "--url", url, root)
	if code != 2 || !strings.Contains(stderr, "api_keys:read") {
		t.Errorf("a key without api_keys:read: exit %d, stderr %q; want 2 naming api_keys:read", code, stderr)
	}
}
