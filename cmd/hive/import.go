package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/hive-platform/hive/client"
)

// runImport dispatches "hive import <kind>"; people is the only kind.
func runImport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(e.stderr, "Usage: hive import people FILE.csv [--dry-run] [--progress]\n\n"+
			"Uploads people to the server at HIVE_URL with the key in HIVE_API_KEY (people:write).")
		return flag.ErrHelp
	}
	if args[0] != "people" {
		return &exitError{code: 2, err: fmt.Errorf("unknown kind %q; hive import people FILE.csv", args[0])}
	}
	return runImportPeople(ctx, e, args[1:])
}

// runImportPeople implements "hive import people FILE.csv": it streams the
// file, so that a large one is never held in memory, and shows a progress
// bar on a terminal.
func runImportPeople(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "import people", "FILE.csv [--dry-run] [--progress]")
	dryRun := fs.Bool("dry-run", false, "check the file and report what would change, writing nothing")
	progress := fs.Bool("progress", false, "show upload progress even when stderr is not a terminal")
	path, err := parseWithArg(fs, args, "missing FILE.csv")
	if err != nil {
		return err
	}
	c, err := newClient(e)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	var body io.Reader = f
	if *progress || isTerminal(e.stderr) {
		bar := &progressReader{r: f, total: info.Size(), w: e.stderr, name: filepath.Base(path)}
		defer bar.finish()
		body = bar
	}
	res, err := c.ImportPeople(ctx, body, info.Size(), *dryRun)
	if err != nil {
		return explainImport(e, err)
	}
	verb := "Imported"
	if res.DryRun {
		verb = "Dry run, nothing written; would import"
	}
	fmt.Fprintf(e.stdout, "%s %s: %d created, %d updated, %d unchanged; %d new attributes, %d new segments.\n",
		verb, filepath.Base(path), res.Created, res.Updated, res.Unchanged, len(res.AttributesCreated), res.SegmentsCreated)
	return nil
}

// explainImport prints each problem of a refused file, row and column
// first, before the API's summary.
func explainImport(e *env, err error) error {
	if apiErr, ok := errors.AsType[*client.Error](err); ok {
		if list, ok := apiErr.Details["errors"].([]any); ok {
			for _, item := range list {
				if p, ok := item.(map[string]any); ok {
					fmt.Fprintf(e.stderr, "row %v, column %v: %v\n", p["row"], p["column"], p["message"])
				}
			}
		}
	}
	return explain(err)
}

// parseWithArg parses flags on either side of one positional argument.
func parseWithArg(fs *flag.FlagSet, args []string, missing string) (string, error) {
	if err := parseFlags(fs, args); err != nil {
		return "", err
	}
	if fs.NArg() == 0 || fs.Arg(0) == "" {
		return "", usageError(fs, "%s", missing)
	}
	arg := fs.Arg(0)
	if err := parseFlags(fs, fs.Args()[1:]); err != nil {
		return "", err
	}
	if fs.NArg() > 0 {
		return "", usageError(fs, "unexpected argument %q", fs.Arg(0))
	}
	return arg, nil
}

// isTerminal reports whether w is a character device, such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// progressReader draws a progress bar of the bytes read so far, at most
// ten times a second and whenever the percentage changes.
type progressReader struct {
	r       io.Reader
	w       io.Writer
	name    string
	total   int64
	read    int64
	percent int64
	drawn   time.Time
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.read += int64(n)
	pct := int64(100)
	if p.total > 0 {
		pct = p.read * 100 / p.total
	}
	if pct != p.percent && (time.Since(p.drawn) >= 100*time.Millisecond || pct == 100) {
		p.percent, p.drawn = pct, time.Now()
		p.draw()
	}
	return n, err
}

func (p *progressReader) draw() {
	const width = 30
	done := int(p.percent * width / 100)
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = ' '
		if i < done {
			bar[i] = '='
		}
	}
	fmt.Fprintf(p.w, "\rUploading %s [%s] %3d%%  %s / %s", p.name, bar, p.percent, megabytes(p.read), megabytes(p.total))
}

// finish ends the bar's line.
func (p *progressReader) finish() {
	if p.percent != 100 && p.read == p.total {
		p.percent = 100
		p.draw()
	}
	fmt.Fprintln(p.w)
}

func megabytes(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }
