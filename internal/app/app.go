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

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/console"
	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/httpapi"
	"github.com/hive-platform/hive/internal/postgres"
	"github.com/hive-platform/hive/internal/ratelimit"
	"github.com/hive-platform/hive/internal/redis"
	"github.com/hive-platform/hive/internal/session"
	"github.com/hive-platform/hive/internal/sqlite"
	"github.com/hive-platform/hive/internal/webhook"
)

// Stores are every domain's store over one database, SQLite or PostgreSQL.
// Keys owns the connections: closing it closes the database.
type Stores struct {
	Keys     apikey.Store
	Doors    door.Store
	Webhooks webhook.Store
	Sessions session.Store
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
	Sessions *session.Service
	// API serves everything: the JSON API, and the console under /console/.
	API http.Handler
	// Limiter counts requests per key: on Redis (a *redis.Limiter) when
	// Config.RedisURL is set, in memory otherwise.
	Limiter ratelimit.Limiter
	// Invalidator carries key-cache invalidations between nodes; nil
	// without Redis.
	Invalidator *redis.Invalidator
	redis       *goredis.Client
	log         *slog.Logger
}

// Open opens the configured store, applying migrations, and builds the app.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	stores, err := OpenStores(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Stores: stores, Limiter: ratelimit.NewMemory(nil), log: log}
	keyCfg := apikey.Config{Logger: log}
	if cfg.RedisURL != "" {
		if err := a.openRedis(ctx); err != nil {
			stores.Close()
			return nil, err
		}
		keyCfg.OnInvalidate = a.Invalidator.Publish
	}
	keys := apikey.NewService(stores.Keys, keyCfg)
	hooks := webhook.NewService(stores.Webhooks, webhook.Config{Logger: log, Events: []string{EventDoorEntry}})
	doors := door.NewService(stores.Doors, door.Config{OnEntry: PublishDoorEntry(hooks, log)})
	api := httpapi.New(httpapi.Config{
		Keys:             keys,
		Doors:            doors,
		Webhooks:         hooks,
		Limiter:          a.Limiter,
		Logger:           log,
		DefaultRateLimit: cfg.DefaultRateLimit,
		TrustedProxies:   cfg.TrustedProxies,
	})
	a.Keys, a.Doors, a.Webhooks, a.API = keys, doors, hooks, api
	if err := a.mountConsole(cfg); err != nil {
		stores.Close()
		return nil, err
	}
	return a, nil
}

// mountConsole serves the admin console under /console/ beside the API. It
// sits outside the API's middleware, so console pages (which can hold a
// secret shown once) never reach the API log's observers.
func (a *App) mountConsole(cfg Config) error {
	a.Sessions = session.NewService(a.Stores.Sessions, session.Config{})
	cons, err := console.New(console.Config{Keys: a.Keys, Doors: a.Doors, Sessions: a.Sessions,
		Logger: a.log, TrustedProxies: cfg.TrustedProxies})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/console/", cons)
	mux.Handle("GET /console", http.RedirectHandler("/console/", http.StatusMovedPermanently))
	mux.Handle("/", a.API)
	a.API = mux
	return nil
}

// openRedis connects the rate limiter and the cache invalidations to Redis.
// A Redis that does not answer yet is not fatal: the limiter counts locally
// and the subscriber keeps trying until it does.
func (a *App) openRedis(ctx context.Context) error {
	rdb, err := redis.NewClient(a.Config.RedisURL)
	if err != nil {
		return fmt.Errorf("HIVE_REDIS_URL: %w", err)
	}
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
		return &Stores{Keys: s, Doors: s.Doors(), Webhooks: s.Webhooks(), Sessions: s.Sessions()}, nil
	}
	path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite://"), "file:")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("opening SQLite database %s: %w", path, err)
	}
	return &Stores{Keys: s, Doors: s.Doors(), Webhooks: s.Webhooks(), Sessions: s.Sessions()}, nil
}

// Serve answers requests on ln until ctx ends, then shuts down gracefully:
// in-flight requests finish, last-used times are flushed, queued cache
// invalidations are published, and the store and Redis client close.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	bg, stopBG := context.WithCancel(context.WithoutCancel(ctx))
	var workers sync.WaitGroup
	workers.Go(func() { a.Keys.Run(bg) })
	workers.Go(func() { a.Webhooks.Run(bg) })
	if a.Invalidator != nil {
		workers.Go(func() { a.Invalidator.Run(bg, a.Keys.Invalidate, a.Keys.InvalidateAll) })
	}
	go a.purgeIdempotencyKeys(bg)

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

// purgeIdempotencyKeys drops expired door Idempotency-Keys every hour, so the
// table holds about a day of swipes.
func (a *App) purgeIdempotencyKeys(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := a.Doors.PurgeIdempotencyKeys(ctx); err != nil {
				a.log.Error("purging door idempotency keys", "err", err)
			} else if n > 0 {
				a.log.Debug("purged door idempotency keys", "count", n)
			}
		}
	}
}
