package redis

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/hive-platform/hive/internal/ratelimit"
)

// Defaults of Options.
const (
	DefaultPrefix        = "hive:rl:"
	DefaultChannel       = "hive:keys:invalidate"
	DefaultTimeout       = 50 * time.Millisecond
	DefaultProbeInterval = 100 * time.Millisecond
)

// Recovery of the Limiter. A request's Redis call that times out may be a
// slow moment rather than an outage, so only failureThreshold in a row turn
// the limiter local; an error that says Redis is gone does at once. While
// local, one goroutine probes Redis with probeTimeout, loads the script
// (a restarted Redis has forgotten it) and opens warmConns connections
// before the requests return to Redis, so that they do not time out
// dialling all at once and send the limiter back.
const (
	failureThreshold = 3
	probeTimeout     = time.Second
	warmConns        = 8
)

// Options tunes a Limiter and an Invalidator. Zero values take the defaults;
// tests set Prefix and Channel to isolate themselves on a shared server.
type Options struct {
	Prefix        string        // prefix of rate-limit keys (default "hive:rl:")
	Channel       string        // invalidation channel (default "hive:keys:invalidate")
	Timeout       time.Duration // per Redis call on the request path (default 50ms)
	ProbeInterval time.Duration // while Redis is down, how often it is tried (default 100ms)
	Logger        *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.Prefix == "" {
		o.Prefix = DefaultPrefix
	}
	if o.Channel == "" {
		o.Channel = DefaultChannel
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.ProbeInterval <= 0 {
		o.ProbeInterval = DefaultProbeInterval
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

// NewClient returns a client for a redis:// or rediss:// URL. Context
// deadlines are honoured, so that the limiter's short timeout holds, and
// commands are not retried unless the URL asks for it (max_retries): a
// retried script could count one request twice, and the limiter has its own
// fallback.
func NewClient(rawURL string) (*goredis.Client, error) {
	opt, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	driver() // before the client: see driverLog
	opt.ContextTimeoutEnabled = true
	if opt.MaxRetries == 0 {
		opt.MaxRetries = -1
	}
	return goredis.NewClient(opt), nil
}

// ParseURL is goredis.ParseURL with errors that do not repeat the URL, which
// may hold a password.
func ParseURL(rawURL string) (*goredis.Options, error) {
	opt, err := goredis.ParseURL(rawURL)
	if uerr, ok := errors.AsType[*url.Error](err); ok {
		err = uerr.Err
	}
	return opt, err
}

//go:embed gcra.lua
var gcraSource string

var gcra = goredis.NewScript(gcraSource)

// Limiter is a ratelimit.Limiter shared by every node through Redis, falling
// back to a local limiter while Redis is unreachable. See the package doc.
type Limiter struct {
	rdb   goredis.Scripter
	opt   Options
	local *ratelimit.Memory

	healthy   atomic.Bool
	failures  atomic.Int32 // Redis calls failed in a row
	fallbacks atomic.Int64
}

var _ ratelimit.Limiter = (*Limiter)(nil)

// NewLimiter returns a Limiter on rdb. It starts healthy: the first failure
// is what turns it local.
func NewLimiter(rdb goredis.Scripter, opt Options) *Limiter {
	l := &Limiter{rdb: rdb, opt: opt.withDefaults(), local: ratelimit.NewMemory(nil)}
	l.healthy.Store(true)
	return l
}

// Healthy reports whether requests are counted on Redis.
func (l *Limiter) Healthy() bool { return l.healthy.Load() }

// Fallbacks returns how many requests were counted locally because Redis was
// unreachable.
func (l *Limiter) Fallbacks() int64 { return l.fallbacks.Load() }

// Allow implements ratelimit.Limiter. It never returns an error: when Redis
// fails, the request is counted locally.
func (l *Limiter) Allow(ctx context.Context, key string, limit int) (ratelimit.Result, error) {
	if !l.healthy.Load() {
		return l.fallback(ctx, key, limit)
	}
	r, err := l.allow(ctx, key, limit)
	if err != nil {
		if ctx.Err() == nil { // the caller is still waiting: Redis is at fault
			l.failed(err)
		}
		return l.fallback(ctx, key, limit)
	}
	l.failures.Store(0)
	return r, nil
}

// allow counts the request on Redis.
func (l *Limiter) allow(ctx context.Context, key string, limit int) (ratelimit.Result, error) {
	allowed, now, tat, err := l.eval(ctx, key, limit)
	if err != nil {
		return ratelimit.Result{}, err
	}
	r, _ := ratelimit.Decide(now, tat, limit)
	if r.Allowed != allowed {
		return r, fmt.Errorf("redis: GCRA script and ratelimit.Decide disagree for %s", key)
	}
	return r, nil
}

// eval runs the GCRA script and returns its decision, Redis's time and the
// TAT stored before the request (zero if none).
func (l *Limiter) eval(ctx context.Context, key string, limit int) (allowed bool, now, tat time.Time, err error) {
	limit = max(limit, 1)
	ctx, cancel := context.WithTimeout(ctx, l.opt.Timeout)
	defer cancel()
	interval := ratelimit.Window / time.Duration(limit)
	v, err := gcra.Run(ctx, l.rdb, []string{l.opt.Prefix + key},
		int64(interval), int64(ratelimit.Window), ratelimit.Window.Milliseconds()).Int64Slice()
	if err != nil {
		return false, now, tat, fmt.Errorf("redis: rate limit script: %w", err)
	}
	if len(v) != 5 {
		return false, now, tat, errors.New("redis: rate limit script returned " + strconv.Itoa(len(v)) + " values, want 5")
	}
	now = time.Unix(v[1], v[2]*int64(time.Microsecond))
	if v[3] != 0 || v[4] != 0 {
		tat = time.Unix(v[3], v[4])
	}
	return v[0] == 1, now, tat, nil
}

// fallback counts the request on the local limiter.
func (l *Limiter) fallback(ctx context.Context, key string, limit int) (ratelimit.Result, error) {
	l.fallbacks.Add(1)
	return l.local.Allow(ctx, key, limit)
}

// failed records a failed Redis call, and turns the limiter local after
// failureThreshold in a row or an error that is not a timeout.
func (l *Limiter) failed(err error) {
	if l.failures.Add(1) < failureThreshold && isTimeout(err) {
		return
	}
	if l.healthy.CompareAndSwap(true, false) {
		l.opt.Logger.Warn("Redis unreachable: rate limits are per node until it answers again", "err", err)
		go l.probe()
	}
}

// probe tries Redis every ProbeInterval until it is ready, then returns the
// limiter to it. It ends early if the client is closed.
func (l *Limiter) probe() {
	t := time.NewTicker(l.opt.ProbeInterval)
	defer t.Stop()
	for range t.C {
		err := l.ready()
		if errors.Is(err, goredis.ErrClosed) {
			return
		}
		if err == nil {
			l.failures.Store(0)
			l.healthy.Store(true)
			l.opt.Logger.Info("Redis answers again: rate limits are global", "fallbacks", l.fallbacks.Load())
			return
		}
	}
}

// ready loads the script on Redis over warmConns connections at once.
func (l *Limiter) ready() error {
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	errs := make(chan error, warmConns)
	for range warmConns {
		go func() { errs <- gcra.Load(ctx, l.rdb).Err() }()
	}
	var err error
	for range warmConns {
		err = errors.Join(err, <-errs)
	}
	return err
}
