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
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/httpapi"
	"github.com/hive-platform/hive/internal/postgres"
	"github.com/hive-platform/hive/internal/ratelimit"
	"github.com/hive-platform/hive/internal/sqlite"
)

// App is a running Hive: its store, services and HTTP handler.
type App struct {
	Config Config
	Store  apikey.Store
	Keys   *apikey.Service
	API    http.Handler
	log    *slog.Logger
}

// Open opens the configured store, applying migrations, and builds the app.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	store, err := OpenStore(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	keys := apikey.NewService(store, apikey.Config{Logger: log})
	api := httpapi.New(httpapi.Config{
		Keys:             keys,
		Limiter:          ratelimit.NewMemory(nil),
		Logger:           log,
		DefaultRateLimit: cfg.DefaultRateLimit,
		TrustedProxies:   cfg.TrustedProxies,
	})
	return &App{Config: cfg, Store: store, Keys: keys, API: api, log: log}, nil
}

// OpenStore opens PostgreSQL for a postgres:// URL and SQLite otherwise.
func OpenStore(ctx context.Context, url string) (apikey.Store, error) {
	if isPostgres(url) {
		s, err := postgres.Open(ctx, url)
		if err != nil {
			return nil, fmt.Errorf("opening PostgreSQL (HIVE_DATABASE_URL): %w", err)
		}
		return s, nil
	}
	path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite://"), "file:")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("opening SQLite database %s: %w", path, err)
	}
	return s, nil
}

// Serve answers requests on ln until ctx ends, then shuts down gracefully:
// in-flight requests finish, last-used times are flushed, the store closes.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	bg, stopBG := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { a.Keys.Run(bg); close(done) }()

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
	<-done
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return errors.Join(err, a.Store.Close())
}

// Close releases the store of an app that was never served.
func (a *App) Close() error { return a.Store.Close() }
