package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestImportPeopleStreamsALargeFile uploads 20,000 people with a progress
// bar, then a dry run of the same file, then a file with a bad date.
func TestImportPeopleStreamsALargeFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "hive.db")
	code, out, stderr := runCmd(t, nil, "bootstrap", "--tenant", "acme", "--admin-email", "a@acme.test", "--database", db, "--json")
	if code != 0 {
		t.Fatalf("bootstrap: %d %s", code, stderr)
	}
	var boot bootstrapOutput
	if err := json.Unmarshal([]byte(out), &boot); err != nil {
		t.Fatal(err)
	}
	url, _ := startServe(t, db)
	vars := map[string]string{"HIVE_URL": url, "HIVE_API_KEY": boot.APIKey}

	var b strings.Builder
	b.WriteString("employee_id;email;first_name;last_name;start_date;date_of_birth;department;location\n")
	for i := range 20_000 {
		fmt.Fprintf(&b, "E%05d;p%d@example.com;First%d;Last%d;2019-%02d-%02d;1985-%02d-01;Dept %d;City %d\n",
			i, i, i, i, i%12+1, i%28+1, i%12+1, i%12, i%5)
	}
	file := filepath.Join(dir, "people.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	code, out, stderr = runCmd(t, vars, "import", "people", file, "--progress")
	t.Logf("imported 20,000 people (%d bytes) through the API in %v", b.Len(), time.Since(start).Round(time.Millisecond))
	if code != 0 || !strings.Contains(out, "20000 created") || !strings.Contains(stderr, "100%") {
		t.Fatalf("import: %d %q %q", code, out, stderr)
	}
	code, out, stderr = runCmd(t, vars, "import", "people", "--dry-run", file)
	if code != 0 || !strings.Contains(out, "Dry run") || !strings.Contains(out, "20000 unchanged") || stderr != "" {
		t.Fatalf("dry run: %d %q %q", code, out, stderr)
	}
	bad := filepath.Join(dir, "bad.csv")
	os.WriteFile(bad, []byte("employee_id,email,first_name,last_name,start_date,date_of_birth\nE1,a@b.example,A,B,31/12/2020,\n"), 0o600)
	code, _, stderr = runCmd(t, vars, "import", "people", bad)
	if code != 1 || !strings.Contains(stderr, "row 2, column start_date") {
		t.Errorf("bad file: %d %q", code, stderr)
	}
	if code, _, _ = runCmd(t, vars, "import", "people"); code != 2 {
		t.Errorf("missing file: exit %d, want 2", code)
	}
}
