// Package app is the composition root: it reads the configuration, opens the
// store the configuration names, and wires the services and the HTTP API.
// It is the only package that knows which backend is in use.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/hive-platform/hive/internal/alert"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/console"
	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi"
	"github.com/hive-platform/hive/internal/invalidation"
	"github.com/hive-platform/hive/internal/metrics"
	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/postgres"
	"github.com/hive-platform/hive/internal/ratelimit"
	"github.com/hive-platform/hive/internal/redis"
	"github.com/hive-platform/hive/internal/session"
	"github.com/hive-platform/hive/internal/sqlite"
	"github.com/hive-platform/hive/internal/usage"
	"github.com/hive-platform/hive/internal/webhook"
)

// Stores are every domain's store over one database, SQLite or PostgreSQL.
// Keys owns the connections: closing it closes the database.
type Stores struct {
	Keys     apikey.Store
	Doors    door.Store
	Webhooks webhook.Store
	People   people.Store
	Alerts   alert.Store
	Usage    usage.Store
	Sessions session.Store
	// Classify turns a driver error that says the database cannot be
	// reached into hive.Unavailable, as the backend knows how.
	Classify func(error) error
}

// Close closes the database.
func (s *Stores) Close() error { return s.Keys.Close() }

// App is a running Hive: its store, services and HTTP handler.
type App struct {
	Config   Config
	Stores   *Stores
	Keys     *apikey.Service
	Doors    *door.Service
	Webhooks *webhook.Service
	People   *people.Service
	// Usage reads the API log and usage; Recorder writes them. Serve runs
	// the Recorder and stops it after the HTTP server, so that the rows of
	// requests in flight at shutdown are written.
	Usage    *usage.Service
	Recorder *usage.Recorder
	Sessions *session.Service
	// API serves everything: the JSON API, and the console under /console/.
	API http.Handler
	// Limiter counts requests per key: on Redis (a *redis.Limiter) when
	// Config.RedisURL is set, in memory otherwise.
	Limiter ratelimit.Limiter
	// Invalidator carries key-cache invalidations between nodes: over Redis
	// when Config.RedisURL is set, over PostgreSQL LISTEN/NOTIFY on
	// PostgreSQL without Redis, and nil for one SQLite node.
	Invalidator Invalidator
	// Fleet makes key changes synchronous for every node serving the
	// database: see invalidation.Fleet. Nil only for a store without a
	// registry.
	Fleet *invalidation.Fleet
	// Metrics are the node's Prometheus metrics, served at GET /metrics.
	Metrics *metrics.Metrics
	redis   *goredis.Client
	log     *slog.Logger

	// Alerts evaluates the alert rules on every request and serves
	// /v1/alerts and the key expiry calendar.
	Alerts *alert.Engine
}

// Invalidator carries key-cache invalidations between nodes: a
// *redis.Invalidator or a *postgres.Notifier.
type Invalidator interface {
	// Publish tells every node that the key with hash changed.
	Publish(hash [32]byte)
	// PublishAll tells every node to drop its whole key cache.
	PublishAll()
	// Enqueue broadcasts one message as it is.
	Enqueue(payload string)
	// Run applies every node's invalidations until ctx ends.
	Run(ctx context.Context, apply func(hash [32]byte), applyAll func())
	// Listen hands every message to hear until ctx ends, and calls
	// resubscribed each time the node hears the channel again.
	Listen(ctx context.Context, hear func(payload string), resubscribed func())
	// Subscribed reports whether the node currently hears invalidations.
	Subscribed() bool
}

var (
	_ Invalidator = (*redis.Invalidator)(nil)
	_ Invalidator = (*postgres.Notifier)(nil)
)

// Open opens the configured store, applying migrations, and builds the app.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	stores, err := OpenStores(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Stores: stores, Limiter: ratelimit.NewMemory(nil), log: log}
	// Sessions own the account lockout that every password check shares.
	a.Sessions = session.NewService(stores.Sessions, session.Config{})
	keyCfg := apikey.Config{Logger: log, Lockout: a.Sessions, OnLeaked: a.keyLeaked, OnUnused: a.keyUnused}
	if err := a.openInvalidator(ctx); err != nil {
		stores.Close()
		return nil, err
	}
	keys := a.newKeyService(keyCfg)
	hooks := webhook.NewService(stores.Webhooks, webhook.Config{Logger: log, Events: []string{EventDoorEntry, EventAlertFired},
		AllowNetworks: cfg.WebhookAllowNetworks})
	doors := door.NewService(stores.Doors, door.Config{OnEntry: PublishDoorEntry(hooks, log)})
	ppl := people.NewService(stores.People, a.peopleConfig())
	a.Metrics = metrics.New()
	alerts := alert.NewEngine(stores.Alerts, a.alertConfig(stores, hooks))
	a.Usage = usage.NewService(stores.Usage, usage.Config{Logger: log})
	logCfg := cfg.APILog
	logCfg.SpoolDir = cfg.spoolDir()
	if a.Recorder, err = usage.OpenRecorder(a.Usage, logCfg); err != nil {
		stores.Close()
		return nil, err
	}
	api := httpapi.New(httpapi.Config{
		Keys:             keys,
		Doors:            doors,
		People:           ppl,
		Webhooks:         hooks,
		Alerts:           alerts,
		Limiter:          a.Limiter,
		Logger:           log,
		RequestLog:       cfg.RequestLog,
		DefaultRateLimit: cfg.DefaultRateLimit,
		TrustedProxies:   cfg.TrustedProxies,
		Observers:        []hive.RequestObserver{a.Recorder, a.Metrics, alerts},
		Metrics:          a.Metrics.Handler(),
		MetricsToken:     cfg.MetricsToken,
		Usage:            a.Usage,
		GitHubKeys:       cfg.GitHubKeys,
		GitLabToken:      cfg.GitLabToken,
		StoreErrors:      stores.Classify,
	})
	a.Keys, a.Doors, a.Webhooks, a.API = keys, doors, hooks, api
	a.People, a.Alerts = ppl, alerts
	a.registerMetrics(a.Metrics)
	if err := a.mountConsole(cfg); err != nil {
		stores.Close()
		return nil, err
	}
	return a, nil
}

// keyLeaked alerts the tenant of a key revoked as leaked, on the console and
// its webhooks, and counts it.
func (a *App) keyLeaked(ctx context.Context, k *apikey.Key, where apikey.Leak) {
	a.Alerts.KeyLeaked(ctx, k, where)
	a.Metrics.KeyLeaked(where.Source)
}

// registerMetrics adds to m what other components report at scrape time.
// Gauges and counters of further components (the API log's queue depth,
// rows written and dropped) are registered here too.
func (a *App) registerMetrics(m *metrics.Metrics) {
	m.GaugeFunc("hive_key_cache_entries", "Entries in this node's key cache, known keys and remembered misses.",
		func() float64 { return float64(a.Keys.CachedKeys()) })
	if a.Fleet != nil && a.Invalidator != nil {
		m.GaugeFunc("hive_key_cache_current", "1 while this node has proved its key cache current (channel up, heartbeat recent), 0 while it checks keys in the database on every request.",
			func() float64 { return boolGauge(a.Fleet.Current()) })
	}
	if a.Invalidator != nil {
		m.GaugeFunc("hive_key_invalidations_subscribed", "1 while this node hears key-cache invalidations from the other nodes, 0 otherwise.",
			func() float64 { return boolGauge(a.Invalidator.Subscribed()) })
	}
	m.GaugeFunc("hive_api_log_queue_rows", "API log rows waiting to be written.",
		func() float64 { return float64(a.Recorder.Stats().Queued) })
	m.GaugeFunc("hive_api_log_queue_bytes", "Bytes of response bodies waiting to be written to the API log.",
		func() float64 { return float64(a.Recorder.Stats().QueuedBytes) })
	m.CounterFunc("hive_api_log_rows_written_total", "API log rows written to the database.",
		func() float64 { return float64(a.Recorder.Stats().Written) })
	m.CounterFunc("hive_api_log_rows_dropped_total", "API log rows dropped: the queue was full (the database and the spool could take no more), or a spool file was unreadable.",
		func() float64 { return float64(a.Recorder.Stats().Dropped) })
	m.CounterFunc("hive_api_log_rows_spooled_total", "API log rows put in the local spool because the database was unavailable.",
		func() float64 { return float64(a.Recorder.Stats().Spooled) })
	m.CounterFunc("hive_api_log_rows_replayed_total", "API log rows taken from the spool once the database was back: written, or quarantined if refused.",
		func() float64 { return float64(a.Recorder.Stats().Replayed) })
	m.GaugeFunc("hive_api_log_spool_bytes", "Bytes of API log batches waiting in the spool.",
		func() float64 { return float64(a.Recorder.Stats().SpoolBytes) })
	m.CounterFunc("hive_api_log_rows_sanitised_total", "API log rows the database refused, written with their text cleaned and without their body.",
		func() float64 { return float64(a.Recorder.Stats().Sanitised) })
	m.CounterFunc("hive_api_log_rows_suppressed_total", "Requests refused without a tenant (bad or missing keys, unknown Door API URLs) counted into a per-address summary row instead of stored one row each.",
		func() float64 { return float64(a.Recorder.Stats().Suppressed) })
	m.CounterFunc("hive_api_log_rows_already_stored_total", "API log rows found stored when written again: the database committed them but the answer was lost; counted in written too, not stored twice.",
		func() float64 { return float64(a.Recorder.Stats().AlreadyStored) })
	m.CounterFunc("hive_api_log_rows_quarantined_total", "API log rows the database refused even cleaned: in the process log, not stored.",
		func() float64 { return float64(a.Recorder.Stats().Quarantined) })
	m.CounterFunc("hive_api_log_bodies_dropped_total", "Response bodies left out of the API log because the queue's byte budget was spent; their rows were kept.",
		func() float64 { return float64(a.Recorder.Stats().BodiesDropped) })
	m.CounterFunc("hive_door_token_lookups_total", "Door API base-URL tokens looked up in the database: once per token per 5 s, unknown ones included, none for an address past its unknown-token budget.",
		func() float64 { return float64(a.Doors.TokenLookups()) })
	m.CounterFunc("hive_alerts_fired_total", "Alerts this node has fired.",
		func() float64 { return float64(a.Alerts.Fired()) })
	m.CounterFunc("hive_alert_records_dropped_total", "Requests the alert engine could not evaluate because its queue was full.",
		func() float64 { return float64(a.Alerts.Dropped()) })
	if l, ok := a.Limiter.(*redis.Limiter); ok {
		m.GaugeFunc("hive_redis_up", "1 while rate limits are counted on Redis, 0 while this node counts them locally.",
			func() float64 { return boolGauge(l.Healthy()) })
		m.CounterFunc("hive_redis_fallbacks_total", "Requests counted on this node's local limiter because Redis was unreachable.",
			func() float64 { return float64(l.Fallbacks()) })
	}
}

func boolGauge(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// openInvalidator chooses how key changes reach the other nodes: Redis
// pub/sub when Redis is configured, PostgreSQL LISTEN/NOTIFY when only
// PostgreSQL is, and nothing for a single SQLite node.
func (a *App) openInvalidator(ctx context.Context) error {
	if a.Config.RedisURL != "" {
		return a.openRedis(ctx)
	}
	pg, ok := a.Stores.Keys.(*postgres.Store)
	if !ok {
		return nil
	}
	n, err := pg.Notifier(ctx, a.log)
	if err != nil {
		return err
	}
	a.Invalidator = n
	return nil
}

// mountConsole serves the admin console under /console/ beside the API. It
// sits outside the API's middleware, so console pages (which can hold a
// secret shown once) never reach the API log's observers.
func (a *App) mountConsole(cfg Config) error {
	cons, err := console.New(console.Config{Keys: a.Keys, Doors: a.Doors, Sessions: a.Sessions,
		Usage: a.Usage, Alerts: a.Alerts, Webhooks: a.Webhooks, People: a.People,
		Logger: a.log, TrustedProxies: cfg.TrustedProxies, DefaultRateLimit: cfg.DefaultRateLimit})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/console/", cons)
	mux.Handle("GET /console", http.RedirectHandler("/console/", http.StatusMovedPermanently))
	mux.Handle("/", a.API)
	api := a.API
	a.API = httpapi.SecurityHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if apiOnly(r) {
			api.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	}))
	return nil
}

// apiOnly reports whether the mux in front of the console would hand r to
// the API unchanged: a clean path outside /console. Such a request skips the
// mux, whose every miss (as "/v1/..." is for its console patterns) costs a
// second walk of its tree and allocations, on every API request.
func apiOnly(r *http.Request) bool {
	p := r.URL.EscapedPath()
	if r.Method == http.MethodConnect || strings.HasPrefix(p, "/console") {
		return false
	}
	return httpapi.IsCleanPath(p)
}

// openRedis connects the rate limiter and the cache invalidations to Redis.
// A Redis that does not answer yet is not fatal: the limiter counts locally
// and the subscriber keeps trying until it does.
func (a *App) openRedis(ctx context.Context) error {
	rdb, err := redis.NewClient(a.Config.RedisURL)
	if err != nil {
		return fmt.Errorf("HIVE_REDIS_URL: %w", err)
	}
	redis.SetDriverLogger(a.log)
	pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := rdb.Ping(pctx).Err(); err != nil {
		a.log.Warn("Redis does not answer yet: rate limits are per node until it does", "err", err)
	}
	opt := redis.Options{Logger: a.log, Timeout: a.Config.RedisTimeout}
	a.redis, a.Limiter, a.Invalidator = rdb, redis.NewLimiter(rdb, opt), redis.NewInvalidator(rdb, opt)
	return nil
}

// OpenStores opens PostgreSQL for a postgres:// URL and SQLite otherwise,
// applying migrations.
func OpenStores(ctx context.Context, url string) (*Stores, error) {
	if isPostgres(url) {
		s, err := postgres.Open(ctx, url)
		if err != nil {
			return nil, fmt.Errorf("opening PostgreSQL (HIVE_DATABASE_URL): %w", err)
		}
		return &Stores{Keys: s, Doors: s.Doors(), Webhooks: s.Webhooks(), People: s.People(), Alerts: s.Alerts(), Usage: s.Usage(), Sessions: s.Sessions(), Classify: postgres.ClassifyError}, nil
	}
	path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite://"), "file:")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("opening SQLite database %s: %w", path, err)
	}
	return &Stores{Keys: s, Doors: s.Doors(), Webhooks: s.Webhooks(), People: s.People(), Alerts: s.Alerts(), Usage: s.Usage(), Sessions: s.Sessions(), Classify: sqlite.ClassifyError}, nil
}

// Serve answers requests on ln until ctx ends, then shuts down gracefully:
// in-flight requests finish, last-used times and the API log are flushed, queued cache
// invalidations are published, and the store and Redis client close.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	bg, stopBG := context.WithCancel(context.WithoutCancel(ctx))
	var workers sync.WaitGroup
	workers.Go(func() { a.Keys.Run(bg) })
	workers.Go(func() { a.Webhooks.Run(bg) })
	workers.Go(func() { a.Alerts.Run(bg) })
	workers.Go(func() { a.Recorder.Run(bg) })
	if a.Invalidator != nil {
		workers.Go(func() { a.Invalidator.Listen(bg, a.Fleet.Heard, a.resubscribed) })
	}
	if a.Fleet != nil {
		workers.Go(func() { a.Fleet.Run(bg) })
	}
	go a.purgeExpired(bg)
	workers.Go(func() { a.scanUnusedKeys(bg) })

	srv := &http.Server{
		Handler:           a.API,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
		err = srv.Shutdown(sctx)
		cancel()
	}
	stopBG()
	workers.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return errors.Join(err, a.Close())
}

// Close releases the store and the Redis client. Serve calls it on shutdown;
// call it only for an app that was never served.
func (a *App) Close() error {
	var err error
	if a.redis != nil {
		err = a.redis.Close()
	}
	return errors.Join(err, a.Stores.Close())
}

// purgeExpired deletes what has expired every hour: door Idempotency-Keys,
// so the table holds about a day of swipes, and console sessions nobody
// presented again.
func (a *App) purgeExpired(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			a.purgeOnce(ctx)
		}
	}
}

func (a *App) purgeOnce(ctx context.Context) {
	for _, job := range []struct {
		what  string
		purge func(context.Context) (int, error)
	}{
		{"door idempotency keys", func(ctx context.Context) (int, error) {
			n, err := a.Doors.PurgeIdempotencyKeys(ctx)
			return int(n), err
		}},
		{"console sessions", a.Sessions.Purge},
	} {
		if n, err := job.purge(ctx); err != nil {
			a.log.Error("purging expired "+job.what, "err", err)
		} else if n > 0 {
			a.log.Debug("purged expired "+job.what, "count", n)
		}
	}
}

// KeyService returns a key service over stores for a command that changes
// keys outside a server, such as hive plan. Its changes reach the caches of
// the running nodes as a node's own do; call done before closing stores, to
// send what is still queued and release the connection to Redis.
func KeyService(ctx context.Context, cfg Config, stores *Stores, log *slog.Logger) (svc *apikey.Service, done func(), err error) {
	a := &App{Config: cfg, Stores: stores, log: log}
	if err := a.openInvalidator(ctx); err != nil {
		return nil, nil, err
	}
	// A command serves nothing, so it does not join the fleet (Fleet.Run),
	// but its changes wait for the nodes that do.
	lock := session.NewService(stores.Sessions, session.Config{})
	svc = a.newKeyService(apikey.Config{Logger: log, Lockout: lock})
	a.Keys = svc
	if a.Invalidator == nil {
		return svc, func() {}, nil
	}
	runCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		a.Invalidator.Listen(runCtx, a.Fleet.Heard, a.resubscribed)
	}()
	return svc, func() {
		stop()
		<-ran
		if a.redis != nil {
			a.redis.Close()
		}
	}, nil
}

// alertConfig is the alert engine's configuration: it reads keys from the
// key store, publishes to the webhooks and, with Redis, watches the shared
// rate limiter.
func (a *App) alertConfig(stores *Stores, hooks *webhook.Service) alert.Config {
	cfg := alert.Config{Logger: a.log, Publisher: hooks, Keys: stores.Keys, Audit: stores.Keys}
	if l, ok := a.Limiter.(*redis.Limiter); ok {
		cfg.RateLimiterHealthy = l.Healthy
	}
	return cfg
}
