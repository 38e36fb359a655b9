package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
)

// env is everything a command may touch outside its arguments, injected so
// tests can run commands in-process.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// command is one subcommand. run returns an error to print; a usageError
// or exitError picks the exit code.
type command struct {
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

// commands is the command table; each entry lives in a file of its name.
var commands = map[string]command{
	"serve":     {"run the server", runServe},
	"bootstrap": {"create a tenant, its owner and a full-access key", runBootstrap},
	"demo":      {"seed a demo tenant if absent and run the server", runDemo},
	"keys":      {"list, create, revoke, rotate, disable and enable keys on a running server", runKeys},
	"verify":    {"check the key in HIVE_API_KEY against a running server", runVerify},
	"door-sim":  {"simulate door controllers against a Door API base URL", runDoorSim},
	"plan":      {"put a tenant on a plan: its keys' default rate limit and in-flight cap", runPlan},
	"import":    {"upload people from a CSV file to a running server", runImport},
	"scan":      {"find Hive keys in files and git history (exit 1 when any is found)", runScan},
}

// exitError carries a specific exit code, such as 2 for a refused bootstrap.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// run dispatches args to a command and returns the process exit code.
func run(ctx context.Context, args []string, e *env) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(e.stderr)
		return 2
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "hive: unknown command %q\n\n", args[0])
		usage(e.stderr)
		return 2
	}
	err := cmd.run(ctx, e, args[1:])
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 2
	}
	fmt.Fprintf(e.stderr, "hive %s: %v\n", args[0], err)
	if ee, ok := errors.AsType[*exitError](err); ok {
		return ee.code
	}
	return 1
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: hive <command> [flags]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'hive <command> -h' for a command's flags.")
}

// newFlagSet returns a FlagSet that reports errors instead of exiting.
func newFlagSet(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("hive "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: hive %s %s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}
