package main

import (
	"context"
	"errors"
	"log/slog"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
	"github.com/hive-platform/hive/internal/hive"
)

// withKeyService runs fn with a key service over the configured database,
// for the operator commands that write to it directly (bootstrap, plan).
// Its changes reach the running servers' key caches at once.
func withKeyService(ctx context.Context, config func() (app.Config, error), fn func(app.Config, *apikey.Service) error) error {
	cfg, err := config()
	if err != nil {
		return &exitError{2, err}
	}
	stores, err := app.OpenStores(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer stores.Close()
	svc, done, err := app.KeyService(ctx, cfg, stores, slog.New(slog.DiscardHandler))
	if err != nil {
		return err
	}
	defer done() // before the store closes: running nodes hear of the change
	return fn(cfg, svc)
}

// operatorError turns an operator command's expected failures into exit code 2:
// invalid input with its message, and the codes in known with the message
// given there. Anything else is returned as it is.
func operatorError(err error, known map[string]string) error {
	code := hive.ErrorCode(err)
	if msg, ok := known[code]; ok {
		return &exitError{2, errors.New(msg)}
	}
	if code == hive.EINVALID {
		return &exitError{2, errors.New(hive.ErrorMessage(err))}
	}
	return err
}
