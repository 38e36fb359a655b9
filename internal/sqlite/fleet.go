package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/hive-platform/hive/internal/invalidation"
)

var _ invalidation.Registry = (*Store)(nil)

// nowMillis is SQLite's clock in unix milliseconds.
const nowMillis = `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`

// Heartbeat implements invalidation.Registry. The latest change is read in
// the same statement, on the writer, so it is at least as new as the moment
// the call began.
func (s *Store) Heartbeat(ctx context.Context, node string, applied int64) (int64, error) {
	var latest int64
	err := s.writer.QueryRowContext(ctx, `INSERT INTO fleet_nodes (node, applied_seq, seen_ms) VALUES (?, ?, `+nowMillis+`)
		ON CONFLICT (node) DO UPDATE SET applied_seq = max(applied_seq, excluded.applied_seq), seen_ms = excluded.seen_ms
		RETURNING (SELECT seq FROM fleet_changes WHERE id = 1)`, node, applied).Scan(&latest)
	if err != nil {
		return 0, fmt.Errorf("sqlite: fleet heartbeat: %w", err)
	}
	return latest, nil
}

// CountChange implements invalidation.Registry.
func (s *Store) CountChange(ctx context.Context) (int64, error) {
	var seq int64
	if err := s.writer.QueryRowContext(ctx, `UPDATE fleet_changes SET seq = seq + 1 WHERE id = 1 RETURNING seq`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("sqlite: count a key change: %w", err)
	}
	return seq, nil
}

// Lagging implements invalidation.Registry.
func (s *Store) Lagging(ctx context.Context, node string, seq int64, live time.Duration) (int, error) {
	var n int
	err := s.reader.QueryRowContext(ctx, `SELECT count(*) FROM fleet_nodes
		WHERE node <> ? AND applied_seq < ? AND seen_ms > `+nowMillis+` - ?`,
		node, seq, live.Milliseconds()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlite: fleet acknowledgements: %w", err)
	}
	return n, nil
}

// Leave implements invalidation.Registry.
func (s *Store) Leave(ctx context.Context, node string) error {
	if _, err := s.writer.ExecContext(ctx, `DELETE FROM fleet_nodes WHERE node = ?`, node); err != nil {
		return fmt.Errorf("sqlite: leave the fleet: %w", err)
	}
	return nil
}
