package main

import (
	"crypto/rand"
	"hash/crc32"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// plantKey returns a secret in the documented format (prefix, 43 base62
// digits, 6 base62 digits of the CRC32 of what precedes them), built here
// from the format rather than by the code under test.
func plantKey(tb testing.TB, prefix string) string {
	tb.Helper()
	const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	base62 := func(n *big.Int, width int) string {
		b := make([]byte, width)
		for i := width - 1; i >= 0; i-- {
			var m big.Int
			n.DivMod(n, big.NewInt(62), &m)
			b[i] = digits[m.Int64()]
		}
		return string(b)
	}
	raw := make([]byte, 32)
	rand.Read(raw)
	body := prefix + base62(new(big.Int).SetBytes(raw), 43)
	return body + base62(big.NewInt(int64(crc32.ChecksumIEEE([]byte(body)))), 6)
}

func writeFiles(tb testing.TB, root string, files map[string]string) {
	tb.Helper()
	for name, text := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

func hintOf(s string) string { return s[:8] + "..." + s[len(s)-4:] }

// TestScanFindsExactlyThePlantedKeys scans a tree of planted keys among
// near misses: a wrong checksum, a wrong prefix, one character short or
// long, and the same inside a .git directory.
func TestScanFindsExactlyThePlantedKeys(t *testing.T) {
	sk, pk, sk2 := plantKey(t, "hive_sk_"), plantKey(t, "hive_pk_"), plantKey(t, "hive_sk_")
	wrongCRC := sk[:len(sk)-1] + map[bool]string{true: "B", false: "A"}[strings.HasSuffix(sk, "A")]
	root := t.TempDir()
	writeFiles(t, root, map[string]string{
		".env":             "# local settings\nHIVE_API_KEY=" + sk + "\n",
		"deploy/app.yaml":  "env:\n  - name: KEY\n    value: \"" + pk + "\"\n\ncurl -H 'Authorization: Bearer " + sk2 + "' https://hive.example\n",
		"docs/near.md":     "checksum " + wrongCRC + "\nprefix " + plantKey(t, "hive_xk_") + "\nshort " + sk[:len(sk)-1] + "\nlong " + sk + "Z\nformat hive_sk_...abcd\n",
		"notes.txt":        "nothing here\n",
		".git/objects/abc": sk + "\n",
	})
	code, out, stderr := runCLI(t, nil, "scan", root)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (stderr %s)", code, stderr)
	}
	want := []string{
		filepath.Join(root, ".env") + ":2: " + hintOf(sk),
		filepath.Join(root, "deploy/app.yaml") + ":3: " + hintOf(pk),
		filepath.Join(root, "deploy/app.yaml") + ":5: " + hintOf(sk2),
	}
	got := strings.Split(strings.TrimSpace(out), "\n")
	slices.Sort(got)
	slices.Sort(want)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	for _, s := range []string{sk, pk, sk2} {
		if strings.Contains(out+stderr, s) {
			t.Errorf("the scan printed a whole secret")
		}
	}
	if code, out, _ := runCLI(t, nil, "scan", filepath.Join(root, "notes.txt"), filepath.Join(root, "docs")); code != 0 || out != "" {
		t.Errorf("near misses only: exit %d, output %q; want 0 and nothing", code, out)
	}
	if code, _, _ := runCLI(t, nil, "scan", filepath.Join(root, "missing")); code != 2 {
		t.Errorf("a missing path: exit %d, want 2", code)
	}
}

// TestScanGitFindsKeysInHistory commits a key and then removes it: the
// tree is clean, the history is not.
func TestScanGitFindsKeysInHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not on the PATH")
	}
	root := t.TempDir()
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", root, "-c", "user.name=t", "-c", "user.email=t@example.test", "-c", "commit.gpgsign=false"}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	sk := plantKey(t, "hive_sk_")
	git("init", "-q")
	writeFiles(t, root, map[string]string{"config.js": "const a = 1;\nconst b = 2;\nconst key = '" + sk + "';\n"})
	git("add", "-A")
	git("commit", "-q", "-m", "add config")
	added := git("rev-parse", "HEAD")
	writeFiles(t, root, map[string]string{"config.js": "const a = 1;\nconst b = 2;\nconst key = process.env.HIVE_API_KEY;\n"})
	git("commit", "-q", "-am", "read the key from the environment")

	if code, out, _ := runCLI(t, nil, "scan", root); code != 0 {
		t.Fatalf("clean tree: exit %d, output %s", code, out)
	}
	code, out, stderr := runCLI(t, nil, "scan", "--git", root)
	if code != 1 {
		t.Fatalf("--git: exit %d, want 1 (stderr %s)", code, stderr)
	}
	if want := added[:12] + ":config.js:3: " + hintOf(sk) + "\n"; out != want {
		t.Errorf("--git output %q, want %q", out, want)
	}
}

// TestReadmeGitleaksRule compiles the gitleaks rule the README gives (gitleaks
// uses Go's regexp) and checks it on planted keys and near misses.
func TestReadmeGitleaksRule(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^regex = '''(.+)'''$`).FindSubmatch(readme)
	if m == nil {
		t.Fatal("no gitleaks regex in the README")
	}
	rule := regexp.MustCompile(string(m[1]))
	sk, pk := plantKey(t, "hive_sk_"), plantKey(t, "hive_pk_")
	for text, want := range map[string]bool{
		"KEY=" + sk:                   true,
		`"` + pk + `"`:                true,
		"short " + sk[:len(sk)-1]:     false,
		"long " + sk + "Z":            false,
		"prefix hive_xk_" + sk[8:]:    false,
		"placeholder hive_sk_...abcd": false,
	} {
		if got := rule.MatchString(text); got != want {
			t.Errorf("rule on %q = %v, want %v", text, got, want)
		}
	}
}
