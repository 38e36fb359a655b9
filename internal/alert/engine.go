package alert

import (
	"context"
	"log/slog"
	"net/netip"
	"sync/atomic"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// Defaults of Config.
const (
	DefaultQueueSize        = 8192
	DefaultMaxKeys          = 100_000
	DefaultMaxIPs           = 100_000
	DefaultCooldown         = time.Hour
	DefaultScanInterval     = 10 * time.Minute
	DefaultMinErrors        = 20
	DefaultTrafficFloor     = 100
	DefaultTrafficFactor    = 5
	DefaultRateLimitedTimes = 20
	DefaultSettingsTTL      = 5 * time.Second
	DefaultPace             = 20 * time.Millisecond
)

// expiryCooldown outlasts any expiry threshold, so each threshold of one
// expiry date fires once.
const expiryCooldown = 400 * 24 * time.Hour

// expiryThresholds are the days before expiry at which key_expiring fires.
var expiryThresholds = []int{1, 7, 14}

// Config tunes an Engine. Zero values take the defaults.
type Config struct {
	Now    func() time.Time // the clock; tests inject their own
	Logger *slog.Logger
	// Publisher sends each fired alert to the tenant's webhooks as
	// alert.fired; nil sends none.
	Publisher Publisher
	// Keys feeds the expiry scan and the expiry calendar; nil turns both off.
	Keys KeySource
	// RateLimiterHealthy reports whether the shared rate limiter (Redis) is
	// reachable; nil means there is none to watch.
	RateLimiterHealthy func() bool
	// Audit records changes to alert settings; nil records none.
	Audit AuditLog
	// SettingsTTL is how long a node trusts the tenant settings it read
	// (default 5 s): a change made on another node applies here within it.
	SettingsTTL      time.Duration
	QueueSize        int           // records waiting for the engine (default 8192)
	MaxKeys          int           // keys with a window in memory (default 100 000)
	MaxIPs           int           // key and address pairs remembered as seen (default 100 000)
	Cooldown         time.Duration // between firings of one alert (default 1h)
	ScanInterval     time.Duration // between expiry scans (default 10 min)
	MinErrors        int           // errors in 5 minutes before error_rate_spike (default 20)
	TrafficFloor     int           // requests in 5 minutes before traffic_spike (default 100)
	TrafficFactor    int           // times the trailing mean for traffic_spike (default 5)
	RateLimitedTimes int           // refusals in 10 minutes for rate_limit_repeated (default 20)
	// Pace is how long Run rests after emptying its queue before it waits
	// for more (default 20ms). Records meanwhile queue without waking it: a
	// busy server wakes the engine about 50 times a second, not once per
	// request, and the rules see each record at most Pace later.
	Pace time.Duration
}

// observation is the part of a hive.RequestRecord the rules read.
type observation struct {
	at          time.Time
	tenantID    string
	keyID       string
	status      int
	reason      string
	rateLimited bool
	ip          netip.Addr
}

// keyIP names one client address of one key.
type keyIP struct {
	keyID string
	ip    netip.Addr
}

// Engine evaluates the alert rules and serves the alerts API. The maps are
// owned by the goroutine running Run (or a test calling drain).
type Engine struct {
	store   Store
	cfg     Config
	log     *slog.Logger
	queue   chan observation
	dropped atomic.Uint64
	fired   atomic.Uint64
	started time.Time

	tenants map[string]*window
	keys    map[string]*window
	ips     map[keyIP]int64      // minute each pair was last confirmed in the store
	holds   map[string]time.Time // dedup keys this node will not try before the time

	settings settingsCache // read by Run and by request goroutines
}

var _ hive.RequestObserver = (*Engine)(nil)

// NewEngine returns an Engine over store.
func NewEngine(store Store, cfg Config) *Engine {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	cfg.QueueSize = positiveOr(cfg.QueueSize, DefaultQueueSize)
	cfg.MaxKeys = positiveOr(cfg.MaxKeys, DefaultMaxKeys)
	cfg.MaxIPs = positiveOr(cfg.MaxIPs, DefaultMaxIPs)
	cfg.MinErrors = positiveOr(cfg.MinErrors, DefaultMinErrors)
	cfg.TrafficFloor = positiveOr(cfg.TrafficFloor, DefaultTrafficFloor)
	cfg.TrafficFactor = positiveOr(cfg.TrafficFactor, DefaultTrafficFactor)
	cfg.RateLimitedTimes = positiveOr(cfg.RateLimitedTimes, DefaultRateLimitedTimes)
	if cfg.Cooldown <= 0 {
		cfg.Cooldown = DefaultCooldown
	}
	if cfg.ScanInterval <= 0 {
		cfg.ScanInterval = DefaultScanInterval
	}
	if cfg.SettingsTTL <= 0 {
		cfg.SettingsTTL = DefaultSettingsTTL
	}
	if cfg.Pace <= 0 {
		cfg.Pace = DefaultPace
	}
	return &Engine{store: store, cfg: cfg, log: cfg.Logger, queue: make(chan observation, cfg.QueueSize),
		started: cfg.Now(), tenants: map[string]*window{}, keys: map[string]*window{},
		ips: map[keyIP]int64{}, holds: map[string]time.Time{}}
}

func positiveOr(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}

// ObserveRequest queues what the rules need of r. It never blocks: when the
// queue is full the record is dropped and counted.
func (e *Engine) ObserveRequest(r *hive.RequestRecord) {
	if r.TenantID == "" {
		return // nothing any rule could say about it
	}
	o := observation{at: r.Time, tenantID: r.TenantID, keyID: r.KeyID, status: r.Status,
		reason: r.Reason, rateLimited: r.RateLimited, ip: r.ClientIP}
	select {
	case e.queue <- o:
	default:
		e.dropped.Add(1)
	}
}

// Dropped returns how many records were dropped because the queue was full.
func (e *Engine) Dropped() uint64 { return e.dropped.Load() }

// Fired returns how many alerts this engine has fired.
func (e *Engine) Fired() uint64 { return e.fired.Load() }

// Run evaluates queued records, sweeps idle state every minute and scans for
// expiring keys every ScanInterval, until ctx ends.
func (e *Engine) Run(ctx context.Context) {
	sweep := time.NewTicker(time.Minute)
	defer sweep.Stop()
	scan := time.NewTicker(e.cfg.ScanInterval)
	defer scan.Stop()
	e.scan(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case o := <-e.queue:
			e.handle(ctx, o)
			e.drain(ctx)
			e.rest(ctx)
		case <-sweep.C:
			e.tick(ctx)
		case <-scan.C:
			e.scan(ctx)
		}
	}
}

// rest waits Pace or until ctx ends.
func (e *Engine) rest(ctx context.Context) {
	t := time.NewTimer(e.cfg.Pace)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// drain handles every queued record and returns how many there were.
func (e *Engine) drain(ctx context.Context) int {
	for n := 0; ; n++ {
		select {
		case o := <-e.queue:
			e.handle(ctx, o)
		default:
			return n
		}
	}
}

// tick forgets what is idle and checks the rate limiter's health.
func (e *Engine) tick(ctx context.Context) {
	now := e.cfg.Now()
	e.sweep(now)
	if e.cfg.RateLimiterHealthy != nil && !e.cfg.RateLimiterHealthy() {
		e.rateLimiterDegraded(ctx, now)
	}
}

// scan runs the expiry scan, logging a failure: the next scan retries.
func (e *Engine) scan(ctx context.Context) {
	if err := e.ScanExpiring(ctx); err != nil && ctx.Err() == nil {
		e.log.Error("alerts: scanning for expiring keys", "err", err)
	}
}

// sweep forgets windows idle longer than they reach back, seen addresses
// not confirmed for a day, and lapsed holds. A forgotten window reads as an
// hour of silence, which is what it held.
func (e *Engine) sweep(now time.Time) {
	m := minuteOf(now)
	for id, w := range e.keys {
		if w.last < m-ringMinutes {
			delete(e.keys, id)
		}
	}
	for id, w := range e.tenants {
		if w.last < m-ringMinutes {
			delete(e.tenants, id)
		}
	}
	for k, seen := range e.ips {
		if seen < m-24*60 {
			delete(e.ips, k)
		}
	}
	for k, until := range e.holds {
		if !now.Before(until) {
			delete(e.holds, k)
		}
	}
}
