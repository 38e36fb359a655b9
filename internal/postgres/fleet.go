package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/hive-platform/hive/internal/invalidation"
)

var _ invalidation.Registry = (*Store)(nil)

// nowMillis is the database's clock in unix milliseconds: every node judges
// liveness by the same clock.
const nowMillis = `(extract(epoch FROM clock_timestamp()) * 1000)::bigint`

// Heartbeat implements invalidation.Registry. The latest change is read in
// the same statement, so it is at least as new as the moment the call began.
func (s *Store) Heartbeat(ctx context.Context, node string, applied int64) (int64, error) {
	var latest int64
	err := s.pool.QueryRow(ctx, `INSERT INTO fleet_nodes (node, applied_seq, seen_ms) VALUES ($1, $2, `+nowMillis+`)
		ON CONFLICT (node) DO UPDATE SET applied_seq = GREATEST(fleet_nodes.applied_seq, EXCLUDED.applied_seq), seen_ms = EXCLUDED.seen_ms
		RETURNING (SELECT seq FROM fleet_changes WHERE id = 1)`, node, applied).Scan(&latest)
	if err != nil {
		return 0, fmt.Errorf("postgres: fleet heartbeat: %w", err)
	}
	return latest, nil
}

// CountChange implements invalidation.Registry.
func (s *Store) CountChange(ctx context.Context) (int64, error) {
	var seq int64
	if err := s.pool.QueryRow(ctx, `UPDATE fleet_changes SET seq = seq + 1 WHERE id = 1 RETURNING seq`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("postgres: count a key change: %w", err)
	}
	return seq, nil
}

// Lagging implements invalidation.Registry.
func (s *Store) Lagging(ctx context.Context, node string, seq int64, live time.Duration) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM fleet_nodes
		WHERE node <> $1 AND applied_seq < $2 AND seen_ms > `+nowMillis+` - $3`,
		node, seq, live.Milliseconds()).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: fleet acknowledgements: %w", err)
	}
	return n, nil
}

// Leave implements invalidation.Registry.
func (s *Store) Leave(ctx context.Context, node string) error {
	if _, err := s.pool.Exec(ctx, `DELETE FROM fleet_nodes WHERE node = $1`, node); err != nil {
		return fmt.Errorf("postgres: leave the fleet: %w", err)
	}
	return nil
}
