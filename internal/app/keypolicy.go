package app

import (
	"context"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
)

// unusedScanInterval is how often each node applies the tenants' policies
// on unused keys. The policy counts in days, so a few minutes late is
// nothing; every node scans, and the store lets one act on each key.
const unusedScanInterval = 10 * time.Minute

// keyUnused alerts the tenant of a key its policy disables, or soon will.
func (a *App) keyUnused(ctx context.Context, u apikey.UnusedKey) {
	a.Alerts.KeyUnused(ctx, u)
}

// scanUnusedKeys runs apikey.Service.ScanUnused now and every
// unusedScanInterval until ctx ends; a failed scan is logged and retried
// at the next tick.
func (a *App) scanUnusedKeys(ctx context.Context) {
	t := time.NewTicker(unusedScanInterval)
	defer t.Stop()
	for {
		if err := a.Keys.ScanUnused(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("disabling unused keys", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
