package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"net/netip"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/sqlite"
)

// runCmd runs hive in-process and returns its exit code and output.
func runCmd(t *testing.T, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &env{getenv: func(k string) string { return vars[k] },
		stdin: strings.NewReader(""), stdout: &out, stderr: &errb})
	return code, out.String(), errb.String()
}

func tableCounts(t *testing.T, path string) map[string]int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	counts := map[string]int{}
	for _, table := range []string{"tenants", "users", "service_accounts", "keys", "audit_events"} {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		counts[table] = n
	}
	return counts
}

func TestBootstrapJSONContract(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hive.db")
	code, stdout, stderr := runCmd(t, nil, "bootstrap", "--tenant", "acme", "--admin-email", "Admin@Acme.test", "--database", db, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	dec := json.NewDecoder(strings.NewReader(stdout))
	var got map[string]string
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("stdout is not a JSON object: %v\n%s", err, stdout)
	}
	if dec.More() {
		t.Errorf("stdout holds more than one JSON value:\n%s", stdout)
	}
	fields := []string{"tenant_slug", "tenant_id", "user_id", "admin_email", "admin_password", "service_account_id", "api_key_id", "api_key"}
	for _, f := range fields {
		if got[f] == "" {
			t.Errorf("field %s is missing or empty", f)
		}
	}
	if len(got) != len(fields) {
		t.Errorf("got %d fields, want exactly %d: %v", len(got), len(fields), got)
	}
	if got["tenant_slug"] != "acme" || got["admin_email"] != "admin@acme.test" {
		t.Errorf("slug %q email %q", got["tenant_slug"], got["admin_email"])
	}

	// The printed key and password work, and act for the printed ids.
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	svc := apikey.NewService(st, apikey.Config{})
	p, err := svc.Authenticate(context.Background(), got["api_key"], "", netip.MustParseAddr("127.0.0.1"))
	if err != nil {
		t.Fatalf("printed key: %v", err)
	}
	if p.KeyID != got["api_key_id"] || p.ServiceAccountID != got["service_account_id"] || p.TenantID != got["tenant_id"] {
		t.Errorf("key acts as %+v, not the printed ids", p)
	}
	u, _, err := svc.Login(context.Background(), "acme", got["admin_email"], got["admin_password"])
	if err != nil || u.ID != got["user_id"] || u.Role != apikey.RoleOwner {
		t.Errorf("printed password: user %+v, err %v; want the owner", u, err)
	}
	st.Close()

	before := tableCounts(t, db)
	code, stdout, stderr = runCmd(t, nil, "bootstrap", "--tenant", "acme", "--admin-email", "other@acme.test", "--database", db, "--json")
	if code != 2 || !strings.Contains(stderr, "already exists") || stdout != "" {
		t.Errorf("existing slug: exit %d, stdout %q, stderr %q; want exit 2 saying it exists", code, stdout, stderr)
	}
	if after := tableCounts(t, db); !equalCounts(before, after) {
		t.Errorf("refused bootstrap changed the database: %v -> %v", before, after)
	}
}

func equalCounts(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}

func TestBootstrapRefusesBadInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hive.db")
	tests := map[string][]string{
		"no tenant":      {"bootstrap", "--admin-email", "a@b.test", "--database", db},
		"no email":       {"bootstrap", "--tenant", "acme", "--database", db},
		"bad slug":       {"bootstrap", "--tenant", "Not A Slug!", "--admin-email", "a@b.test", "--database", db},
		"bad email":      {"bootstrap", "--tenant", "acme", "--admin-email", "nobody", "--database", db},
		"stray argument": {"bootstrap", "--tenant", "acme", "--admin-email", "a@b.test", "--database", db, "extra"},
	}
	for name, args := range tests {
		t.Run(name, func(t *testing.T) {
			if code, _, stderr := runCmd(t, nil, args...); code != 2 || stderr == "" {
				t.Errorf("exit %d, stderr %q; want 2 with a message", code, stderr)
			}
		})
	}
}

func TestBootstrapTextOutputShowsSecretsOnce(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hive.db")
	code, stdout, stderr := runCmd(t, map[string]string{"HIVE_DATABASE_URL": db}, "bootstrap", "--tenant", "acme", "--admin-email", "a@acme.test")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Count(stdout, "hive_sk_") != 1 || !strings.Contains(stdout, "shown this once") {
		t.Errorf("text output should show the key once with a warning:\n%s", stdout)
	}
}
