package usage

import (
	"context"
	"log/slog"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// Defaults of Config.
const (
	DefaultUsageRetention = 90 * 24 * time.Hour
	DefaultMaxPoints      = 1440
)

// pruneInterval is how often the retention runs; pruneChunk is how many
// rows one delete statement takes, so a large delete never holds SQLite's
// write lock for long.
const (
	pruneInterval = time.Hour
	pruneChunk    = 5000
)

// Config tunes a Service. Zero values take the defaults.
type Config struct {
	Now    func() time.Time // the clock; tests inject their own
	Logger *slog.Logger
	// UsageRetention is how long rollups are kept (default 90 days).
	UsageRetention time.Duration
	// MaxPoints bounds the periods one usage query may return (default
	// 1440: a day of minutes, 60 days of hours).
	MaxPoints int
}

// Service reads the API log and the usage rollups for tenants, manages
// their retention setting and applies it.
type Service struct {
	store Store
	cfg   Config
}

// NewService returns a Service over store.
func NewService(store Store, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.UsageRetention <= 0 {
		cfg.UsageRetention = DefaultUsageRetention
	}
	cfg.MaxPoints = positiveOr(cfg.MaxPoints, DefaultMaxPoints)
	return &Service{store: store, cfg: cfg}
}

// now returns the clock's time in UTC at the precision both stores keep.
func (s *Service) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Microsecond) }

// Settings returns the API-log settings of p's tenant, the defaults if it
// never saved any.
func (s *Service) Settings(ctx context.Context, p *hive.Principal) (*Settings, error) {
	set, err := s.store.Settings(ctx, p.TenantID)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return &Settings{TenantID: p.TenantID, RetentionDays: DefaultRetentionDays}, nil
	}
	return set, err
}

// UpdateSettings sets how many days p's tenant keeps its API log. A shorter
// retention takes effect at the next hourly run.
func (s *Service) UpdateSettings(ctx context.Context, p *hive.Principal, retentionDays int) (*Settings, error) {
	if retentionDays < MinRetentionDays || retentionDays > MaxRetentionDays {
		return nil, hive.FieldError("api_log_retention_days", "must be a whole number of days from %d to %d, not %d",
			MinRetentionDays, MaxRetentionDays, retentionDays)
	}
	set := &Settings{TenantID: p.TenantID, RetentionDays: retentionDays, UpdatedAt: s.now()}
	if err := s.store.SaveSettings(ctx, set); err != nil {
		return nil, err
	}
	return set, nil
}

// runPrune applies the retention now and then every pruneInterval until ctx
// ends.
func (s *Service) runPrune(ctx context.Context) {
	t := time.NewTicker(pruneInterval)
	defer t.Stop()
	for {
		s.Prune(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Prune deletes log entries older than their tenant's retention, and
// rollups older than UsageRetention, and returns how many log entries it
// deleted.
func (s *Service) Prune(ctx context.Context) (int, error) {
	n, err := s.prune(ctx)
	if err != nil {
		s.cfg.Logger.ErrorContext(ctx, "pruning the API log", "err", err)
	} else if n > 0 {
		s.cfg.Logger.DebugContext(ctx, "pruned the API log", "entries", n)
	}
	return n, err
}

func (s *Service) prune(ctx context.Context) (int, error) {
	now := s.now()
	custom, err := s.store.AllSettings(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, set := range custom {
		before := now.AddDate(0, 0, -set.RetentionDays)
		n, err := pruneAll(func() (int, error) { return s.store.PruneTenantLogs(ctx, set.TenantID, before, pruneChunk) })
		total += n
		if err != nil {
			return total, err
		}
	}
	before := now.AddDate(0, 0, -DefaultRetentionDays)
	n, err := pruneAll(func() (int, error) { return s.store.PruneDefaultLogs(ctx, before, pruneChunk) })
	total += n
	if err != nil {
		return total, err
	}
	_, err = s.store.PruneUsage(ctx, now.Add(-s.cfg.UsageRetention))
	return total, err
}

// pruneAll calls prune until it deletes less than a chunk.
func pruneAll(prune func() (int, error)) (int, error) {
	total := 0
	for {
		n, err := prune()
		total += n
		if err != nil || n < pruneChunk {
			return total, err
		}
	}
}

func positiveOr(n, def int) int {
	if n <= 0 {
		return def
	}
	return n
}
