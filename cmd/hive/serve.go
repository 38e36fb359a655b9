package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"runtime/debug"

	"github.com/hive-platform/hive/internal/app"
	"github.com/hive-platform/hive/internal/logbuf"
)

// serverFlags registers the flags every server-side command shares and
// returns a function that resolves the configuration after parsing: flags
// win over HIVE_* variables, which win over defaults.
func serverFlags(e *env, fs *flag.FlagSet, withAddr bool) func() (app.Config, error) {
	var addr, db string
	if withAddr {
		fs.StringVar(&addr, "addr", "", "listen address (env HIVE_ADDR, default 127.0.0.1:8080)")
	}
	fs.StringVar(&db, "database", "", "postgres://... URL or SQLite file path (env HIVE_DATABASE_URL, default "+app.DefaultSQLitePath+")")
	return func() (app.Config, error) {
		cfg, err := app.DefaultConfig().FromEnv(e.getenv)
		if err != nil {
			return cfg, err
		}
		if addr != "" {
			cfg.Addr = addr
		}
		if db != "" {
			cfg.DatabaseURL = db
		}
		return cfg, nil
	}
}

// newLogger returns the process log of a server command and the function
// that writes what it still holds. Lines are buffered (logbuf): one line per
// request costs no write system call, and a stalled stderr holds up the log,
// not the requests; warnings and errors are written at once. The request
// lines skip slog's formatting: cfg.RequestLog is set to the buffer.
func newLogger(e *env, cfg *app.Config) (*slog.Logger, func()) {
	w := logbuf.New(e.stderr, logbuf.DefaultFlushInterval)
	cfg.RequestLog = w
	h := slog.NewTextHandler(w, &slog.HandlerOptions{Level: cfg.LogLevel})
	return slog.New(logbuf.Handler(h, w, slog.LevelWarn)), func() { w.Close() }
}

// The collector settings of "hive serve" when GOGC and GOMEMLIMIT are not
// set. A server's live heap is small (tens of MB) and each request leaves a
// few KB of garbage, so at Go's default GOGC=100 the heap is collected many
// times a second and the collector takes about a sixth of the CPU of an
// authenticated request (BenchmarkVerifyApp's gc-cpu-ns/op: ~3 µs of ~18 µs
// at 100, ~0.7 µs at 400). GOGC=400 lets the heap grow to five times the
// live data between collections; the soft memory limit makes the collector
// work harder before the process passes it, so the larger factor cannot
// grow the heap without bound. The operator's GOGC or GOMEMLIMIT (which the
// runtime reads itself) win over these.
const (
	serveGCPercent   = 400
	serveMemoryLimit = 1 << 30
)

// tuneGC applies the collector settings of a server, except those the
// operator set through the environment.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemoryLimit)
	}
}

// runServe runs "hive serve": the API until SIGINT or SIGTERM.
func runServe(ctx context.Context, e *env, args []string) error {
	a, ln, flush, err := openServer(ctx, e, "serve", args)
	if err != nil {
		return err
	}
	defer flush()
	return serve(ctx, a, ln, func(url string) {
		fmt.Fprintf(e.stdout, "hive: serving on %s\n", url)
	})
}

// openServer parses the flags of a serving command (serve, demo), takes
// its address, opens the app on its database, logging as newLogger does,
// and sets the collector as tuneGC does. The listener and the app are the caller's to serve or close, and
// flush writes out the buffered log once the caller is done.
func openServer(ctx context.Context, e *env, name string, args []string) (*app.App, net.Listener, func(), error) {
	fs := newFlagSet(e, name, "[--addr 127.0.0.1:8080] [--database URL]")
	config := serverFlags(e, fs, true)
	if err := fs.Parse(args); err != nil {
		return nil, nil, nil, err
	}
	cfg, err := config()
	if err != nil {
		return nil, nil, nil, err
	}
	ln, err := listen(cfg.Addr)
	if err != nil {
		return nil, nil, nil, err
	}
	log, flush := newLogger(e, &cfg)
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		ln.Close()
		flush()
		return nil, nil, nil, err
	}
	tuneGC(e.getenv)
	return a, ln, flush, nil
}

// listen takes the address to serve on. Commands take it before they open
// the database, so that one started on a busy port fails before it changes
// anything (hive demo revokes the previous demo keys).
func listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %s (set --addr or HIVE_ADDR to another address): %w", addr, err)
	}
	return ln, nil
}

// serve reports the URL of ln and serves a on it until ctx ends.
func serve(ctx context.Context, a *app.App, ln net.Listener, started func(url string)) error {
	started("http://" + ln.Addr().String())
	return a.Serve(ctx, ln)
}
