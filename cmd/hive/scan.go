package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/hive-platform/hive/internal/apikey"
)

// candidate matches what could be a Hive secret: a prefix and a run of
// base62. Only runs of exactly a secret's length whose checksum matches are
// reported, so the scan has no false positives.
var candidate = regexp.MustCompile(`hive_[sp]k_[0-9A-Za-z]{49,}`)

// maxScanFile is the largest file the scan reads; larger ones are named on
// stderr and skipped.
const maxScanFile = 32 << 20

// finding is one Hive secret found at a place: a file and line, or a
// commit, file and line of git history.
type finding struct {
	where  string
	secret string
}

// runScan implements "hive scan": it finds Hive keys in files, and with
// --git in the history of git repositories, and prints where each is with
// its hint, never the secret. Exit code 1 when any is found, 0 when none,
// 2 on an error. With --live it asks the server what state each key is in
// (see keyStates), and exits 1 only for keys that are not revoked.
func runScan(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "scan", "[--git] [--live [--url URL]] [PATH...]")
	git := fs.Bool("git", false, "also scan the git history of each PATH (git log -p --all), which must be in a git work tree")
	live := fs.Bool("live", false, "ask the server at --url (or HIVE_URL) whether each key found is live, disabled, expired, revoked or unknown, "+
		"with HIVE_API_KEY, which needs api_keys:read; only each secret's SHA-256 is sent. Exit 1 only when some key is not revoked")
	base := fs.String("url", "", "the server for --live (default HIVE_URL, or "+defaultURL+")")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	paths := fs.Args()
	if len(paths) == 0 {
		paths = []string{"."}
	}
	var found []finding
	for _, p := range paths {
		f, err := scanTree(e, p)
		if err != nil {
			return &exitError{code: 2, err: err}
		}
		found = append(found, f...)
		if *git {
			f, err := scanGitHistory(ctx, p)
			if err != nil {
				return &exitError{code: 2, err: err}
			}
			found = append(found, f...)
		}
	}
	if *live && len(found) > 0 {
		return reportLive(ctx, e, found, *base)
	}
	for _, f := range found {
		fmt.Fprintf(e.stdout, "%s: %s\n", f.where, apikey.Hint(f.secret))
	}
	if len(found) > 0 {
		return &exitError{code: 1, err: fmt.Errorf("%d Hive key(s) found: revoke each (hive keys revoke, or POST /v1/leaked-keys/report) and remove it", len(found))}
	}
	return nil
}

// scanTree scans every regular file under root, skipping .git directories.
func scanTree(e *env, root string) ([]finding, error) {
	var found []finding
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == ".git" {
			return filepath.SkipDir
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if info, err := d.Info(); err == nil && info.Size() > maxScanFile {
			fmt.Fprintf(e.stderr, "hive scan: skipping %s: larger than %d MiB\n", path, maxScanFile>>20)
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range bytes.Split(b, []byte("\n")) {
			for _, s := range secretsIn(line) {
				found = append(found, finding{where: path + ":" + strconv.Itoa(i+1), secret: s})
			}
		}
		return nil
	})
	return found, err
}

// secretsIn returns the checksum-valid Hive secrets in line.
func secretsIn(line []byte) []string {
	var out []string
	for _, m := range candidate.FindAll(line, -1) {
		if _, ok := apikey.ParseSecret(string(m)); ok {
			out = append(out, string(m))
		}
	}
	return out
}

// scanGitHistory scans the lines every commit of the repository at dir
// added, and names each find commit:file:line.
func scanGitHistory(ctx context.Context, dir string) ([]finding, error) {
	if info, err := os.Stat(dir); err == nil && !info.IsDir() {
		dir = filepath.Dir(dir)
	}
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "log", "-p", "--all", "--no-color", "--no-ext-diff",
		"--unified=0", "--format=commit %H")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("--git needs git on the PATH: %w", err)
	}
	found, perr := parseGitLog(out)
	if err := cmd.Wait(); err != nil {
		return nil, fmt.Errorf("git log in %s: %v: %s", dir, err, strings.TrimSpace(stderr.String()))
	}
	return found, perr
}

// parseGitLog reads "git log -p --unified=0" output and returns the secrets
// on added lines, numbered as in the commit's version of the file.
func parseGitLog(r io.Reader) ([]finding, error) {
	var found []finding
	var commit, file string
	line, header := 0, false
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxScanFile)
	for sc.Scan() {
		t := sc.Bytes()
		// "+++ " names the file only right after "--- "; elsewhere it is an
		// added line that starts with "++ ".
		afterMinus := header
		header = bytes.HasPrefix(t, []byte("--- "))
		switch {
		case bytes.HasPrefix(t, []byte("commit ")):
			commit, file = string(t[len("commit "):]), ""
		case afterMinus && bytes.HasPrefix(t, []byte("+++ ")):
			file = strings.TrimPrefix(string(t[4:]), "b/")
		case bytes.HasPrefix(t, []byte("@@ ")):
			line = hunkStart(string(t))
		case bytes.HasPrefix(t, []byte("+")) && file != "":
			for _, s := range secretsIn(t[1:]) {
				found = append(found, finding{where: shortCommit(commit) + ":" + file + ":" + strconv.Itoa(line), secret: s})
			}
			line++
		}
	}
	if err := sc.Err(); err != nil {
		return nil, errors.Join(errors.New("reading git log"), err)
	}
	return found, nil
}

// hunkStart returns the first new line number of a hunk header
// "@@ -a,b +c,d @@".
func hunkStart(h string) int {
	_, rest, _ := strings.Cut(h, " +")
	n, _, _ := strings.Cut(rest, " ")
	n, _, _ = strings.Cut(n, ",")
	v, _ := strconv.Atoi(n)
	return v
}

func shortCommit(h string) string { return h[:min(len(h), 12)] }
