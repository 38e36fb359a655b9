package usage

import (
	"context"
	"time"
)

// Store persists the API log, its settings and the usage rollups. Every
// method that takes a tenant ID only sees that tenant's rows. Errors are
// *hive.Error with code ENOTFOUND as stated; anything else is an internal
// error. Times are returned in UTC with microsecond precision.
type Store interface {
	// WriteBatch inserts entries, with the bodies they carry, and adds
	// rollups to the stored ones, all in one transaction. Adding is
	// additive: a rollup for a minute already stored adds its counts and
	// histogram to it. An entry whose ID is already stored makes it write
	// nothing and return ECONFLICT. The entries and their bodies are the
	// caller's again once it returns: a store keeps none of them.
	WriteBatch(ctx context.Context, entries []*Entry, rollups []*Rollup) error
	// StoredLogIDs returns the IDs of those of entries that are stored,
	// looked up by tenant and ID: how a writer that lost a commit's
	// answer learns which of its rows that commit wrote.
	StoredLogIDs(ctx context.Context, entries []*Entry) (map[string]bool, error)

	// LogByID returns the tenant's entry without its body, or ENOTFOUND.
	LogByID(ctx context.Context, tenantID, id string) (*Entry, error)
	// ListLogs returns the entries matching f, newest first by time and
	// then by ID. It does not count them: a tenant may have millions.
	// Entry IDs are made by NewLogID, so the order is also that of the
	// IDs, and LogIDFloor turns f's times into bounds on them.
	ListLogs(ctx context.Context, f LogFilter) ([]*Entry, error)
	// LogBody returns the stored response body of the tenant's entry, or
	// ENOTFOUND when the entry or its body does not exist.
	LogBody(ctx context.Context, tenantID, id string) ([]byte, error)

	// PruneTenantLogs deletes up to limit of the tenant's entries older
	// than before, with their bodies, and returns how many it deleted.
	PruneTenantLogs(ctx context.Context, tenantID string, before time.Time, limit int) (int, error)
	// PruneDefaultLogs deletes up to limit entries older than before of
	// tenants that have no saved Settings, and entries of no tenant, with
	// their bodies, and returns how many it deleted.
	PruneDefaultLogs(ctx context.Context, before time.Time, limit int) (int, error)
	// PruneUsage deletes rollups of minutes before before and returns how
	// many rows it deleted.
	PruneUsage(ctx context.Context, before time.Time) (int, error)

	// SumUsage sums the rollups q selects per group: one row of counts per
	// group that has any, in no particular order, and one BucketCount per
	// group and latency bucket that has any.
	SumUsage(ctx context.Context, q UsageQuery) ([]*UsageRow, []BucketCount, error)

	// Settings returns the tenant's saved settings, or ENOTFOUND if it
	// never saved any.
	Settings(ctx context.Context, tenantID string) (*Settings, error)
	// SaveSettings inserts or replaces the tenant's settings.
	SaveSettings(ctx context.Context, s *Settings) error
	// AllSettings returns every tenant's saved settings.
	AllSettings(ctx context.Context) ([]*Settings, error)
}
