package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/usage"
)

// UsageStore implements usage.Store on the Store's database.
type UsageStore struct{ s *Store }

// Usage returns the usage store, on the API log's own database: it never
// joins a transaction s is bound to.
func (s *Store) Usage() *UsageStore { return &UsageStore{s.apilog} }

var _ usage.Store = (*UsageStore)(nil)

// insertBlock rolls the whole transaction back if a block is refused: the
// batch is written whole or not at all anyway, and a statement that
// cannot fail half-way needs no statement journal.
const insertBlock = `INSERT OR ROLLBACK INTO api_log_blocks (tenant_id, last_id, first_id, n, keys, rows, bodies)
	VALUES (?, ?, ?, ?, ?, ?, ?)`

// WriteBatch inserts the entries, each with its body, and adds the rollups,
// in one transaction. Each tenant's entries become a block or a few.
func (u *UsageStore) WriteBatch(ctx context.Context, entries []*usage.Entry, rollups []*usage.Rollup) error {
	buf := getBlockBuf()
	defer putBlockBuf(buf)
	blocks, err := splitBlocks(entries, buf)
	if err != nil {
		return failure{op: "write API log batch"}.translate(err)
	}
	err = u.s.transact(ctx, func(tx *Store) error {
		q := tx.writes()
		for _, b := range blocks {
			if err := checkNewIDs(ctx, q, b); err != nil {
				return err
			}
			var bodies any
			if b.bodies != nil {
				bodies = b.bodies
			}
			if _, err := q.ExecContext(ctx, insertBlock, b.tenantID, b.lastID, b.firstID, int64(b.n), b.keys, b.rows, bodies); err != nil {
				return err
			}
		}
		return addRollups(ctx, q, rollups)
	})
	return failure{op: "write API log batch"}.translate(err)
}

// overlapping selects the blocks of a tenant that may hold IDs from :lo to
// :hi, both inclusive, given :ceil, blockCeil(:hi).
const overlapping = `SELECT rows FROM api_log_blocks WHERE tenant_id = :tenant
	AND last_id >= :lo AND last_id < :ceil AND first_id <= :hi`

// checkNewIDs returns ECONFLICT if one of b's IDs is already stored. IDs
// are random below the microsecond, so a stored block overlapping b is
// rare (a batch written again after its commit's answer was lost), and the
// check is mostly one empty seek.
func checkNewIDs(ctx context.Context, q querier, b *logBlock) error {
	var ids map[string]bool
	var dup string
	var bad error
	err := eachStoredID(ctx, q, b.tenantID, b.firstID, b.lastID, func(id []byte) bool {
		if ids == nil {
			ids = map[string]bool{}
			bad = decodeBlock(b.rows, nil, func(r blockRow) bool { ids[string(r.id)] = true; return true })
		}
		if ids[string(id)] {
			dup = string(id)
		}
		return dup == "" && bad == nil
	})
	switch {
	case bad != nil:
		return bad
	case err != nil:
		return err
	case dup != "":
		return hive.Errorf(hive.ECONFLICT, "API log entry %s is already stored", dup)
	}
	return nil
}

// eachStoredID calls fn with the ID of each entry in the tenant's stored
// blocks that may hold IDs from lo to hi, until fn returns false.
func eachStoredID(ctx context.Context, q querier, tenantID, lo, hi string, fn func(id []byte) bool) error {
	rows, err := q.QueryContext(ctx, overlapping, sql.Named("tenant", tenantID), sql.Named("lo", lo),
		sql.Named("hi", hi), sql.Named("ceil", blockCeil(hi)))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var stored sql.RawBytes
		if err := rows.Scan(&stored); err != nil {
			return err
		}
		more := true
		if err := decodeBlock(stored, nil, func(r blockRow) bool { more = fn(r.id); return more }); err != nil {
			return err
		}
		if !more {
			break
		}
	}
	return rows.Err()
}

// StoredLogIDs returns the IDs of those of entries that are stored: per
// tenant, the blocks overlapping its entries' IDs are decoded.
func (u *UsageStore) StoredLogIDs(ctx context.Context, entries []*usage.Entry) (map[string]bool, error) {
	type span struct {
		lo, hi string
		want   map[string]bool
	}
	tenants := map[string]*span{}
	for _, e := range entries {
		sp := tenants[e.TenantID]
		if sp == nil {
			sp = &span{lo: e.ID, hi: e.ID, want: map[string]bool{}}
			tenants[e.TenantID] = sp
		}
		sp.lo, sp.hi = min(sp.lo, e.ID), max(sp.hi, e.ID)
		sp.want[e.ID] = true
	}
	stored := map[string]bool{}
	for tenant, sp := range tenants {
		err := eachStoredID(ctx, u.s.reads(), tenant, sp.lo, sp.hi, func(id []byte) bool {
			if sp.want[string(id)] {
				stored[string(id)] = true
			}
			return true
		})
		if err != nil {
			return nil, failure{op: "look up stored API log entries"}.translate(err)
		}
	}
	return stored, nil
}

const addCounts = `INSERT INTO usage_counts (tenant_id, key_id, route, minute, requests, status_2xx,
	status_3xx, status_4xx, status_5xx, rate_limited) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (tenant_id, key_id, route, minute) DO UPDATE SET
	requests = usage_counts.requests + excluded.requests,
	status_2xx = usage_counts.status_2xx + excluded.status_2xx,
	status_3xx = usage_counts.status_3xx + excluded.status_3xx,
	status_4xx = usage_counts.status_4xx + excluded.status_4xx,
	status_5xx = usage_counts.status_5xx + excluded.status_5xx,
	rate_limited = usage_counts.rate_limited + excluded.rate_limited`

const addLatency = `INSERT INTO usage_latency (tenant_id, key_id, route, minute, bucket, n)
	VALUES (?, ?, ?, ?, ?, ?)
	ON CONFLICT (tenant_id, key_id, route, minute, bucket) DO UPDATE SET n = usage_latency.n + excluded.n`

// addRollups adds each rollup's counts and non-empty buckets to the stored
// ones.
func addRollups(ctx context.Context, q querier, rollups []*usage.Rollup) error {
	for _, r := range rollups {
		m := r.Minute.Unix()
		_, err := q.ExecContext(ctx, addCounts, r.TenantID, r.KeyID, r.Route, m, r.Requests, r.Status2xx,
			r.Status3xx, r.Status4xx, r.Status5xx, r.RateLimited)
		if err != nil {
			return err
		}
		for b, n := range r.Latency {
			if n == 0 {
				continue
			}
			if _, err := q.ExecContext(ctx, addLatency, r.TenantID, r.KeyID, r.Route, m, b, n); err != nil {
				return err
			}
		}
	}
	return nil
}

const logNotFound = "API log entry not found"

// LogByID returns the tenant's entry without its body, or ENOTFOUND.
func (u *UsageStore) LogByID(ctx context.Context, tenantID, id string) (*usage.Entry, error) {
	e, _, err := findLog(ctx, u.s.reads(), tenantID, id, false)
	if err != nil {
		return nil, failure{op: "API log entry by id", notFound: logNotFound}.translate(err)
	}
	return e, nil
}

// LogBody returns the body stored with the tenant's entry, or ENOTFOUND.
func (u *UsageStore) LogBody(ctx context.Context, tenantID, id string) ([]byte, error) {
	_, body, err := findLog(ctx, u.s.reads(), tenantID, id, true)
	if err == nil && len(body) == 0 {
		err = sql.ErrNoRows
	}
	if err != nil {
		return nil, failure{op: "API log body", notFound: "API log body not found"}.translate(err)
	}
	return body, nil
}

// findLog returns the tenant's entry id, and its body if withBody, or
// sql.ErrNoRows. Blocks span less than maxBlockSpan, so the blocks that
// may hold id are a short range of the index: usually one.
func findLog(ctx context.Context, q querier, tenantID, id string, withBody bool) (*usage.Entry, []byte, error) {
	cols := "rows, NULL"
	if withBody {
		cols = "rows, bodies"
	}
	rows, err := q.QueryContext(ctx, `SELECT `+cols+` FROM api_log_blocks WHERE tenant_id = :tenant
		AND last_id >= :lo AND last_id < :ceil AND first_id <= :hi`, sql.Named("tenant", tenantID),
		sql.Named("lo", id), sql.Named("hi", id), sql.Named("ceil", blockCeil(id)))
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var block, bodies []byte
		if err := rows.Scan(&block, &bodies); err != nil {
			return nil, nil, err
		}
		if withBody && bodies == nil {
			bodies = []byte{}
		}
		var found blockRow
		err := decodeBlock(block, bodies, func(r blockRow) bool {
			if string(r.id) == id {
				found = r
			}
			return found.id == nil && string(r.id) > id
		})
		if err != nil {
			return nil, nil, err
		}
		if found.id != nil {
			e, err := found.entry(tenantID)
			return e, found.body, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	return nil, nil, sql.ErrNoRows
}

// ListLogs returns the entries matching f, newest first. It reads the
// tenant's blocks newest last ID first, skipping those outside the time
// range and cursor and, for a key, those without it. Blocks of concurrent
// writers may interleave, so an entry is only certain of its place when
// it is newer than the next block's last ID: the page is complete once
// limit entries are.
func (u *UsageStore) ListLogs(ctx context.Context, f usage.LogFilter) ([]*usage.Entry, error) {
	m, err := newLogMatch(ctx, u.s.reads(), f)
	if err != nil || m == nil {
		return nil, failure{op: "list API log"}.translate(err)
	}
	rows, err := u.s.reads().QueryContext(ctx, `SELECT last_id, rows FROM api_log_blocks WHERE `+m.where.clause()+
		` ORDER BY last_id DESC`, m.where.args...)
	if err != nil {
		return nil, failure{op: "list API log"}.translate(err)
	}
	defer rows.Close()
	var page []*usage.Entry
	for rows.Next() {
		var last string
		var block sql.RawBytes
		if err := rows.Scan(&last, &block); err != nil {
			return nil, failure{op: "list API log"}.translate(err)
		}
		if n, _ := slices.BinarySearchFunc(page, last, func(e *usage.Entry, id string) int {
			return strings.Compare(id, e.ID)
		}); n >= m.limit {
			break
		}
		if page, err = m.appendBlock(page, f.TenantID, block); err != nil {
			return nil, failure{op: "list API log"}.translate(err)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, failure{op: "list API log"}.translate(err)
	}
	return page[:min(len(page), m.limit)], nil
}

// logMatch is a list's filter, as a condition on blocks and a test of
// their entries.
type logMatch struct {
	f      usage.LogFilter
	lo, hi string // the IDs listed are >= lo and < hi, unless empty
	limit  int
	where  filter
}

// newLogMatch returns the match of f, or nil when f's cursor is not one of
// the tenant's entries, which ends the list.
func newLogMatch(ctx context.Context, q querier, f usage.LogFilter) (*logMatch, error) {
	m := &logMatch{f: f, limit: f.Limit}
	switch {
	case m.limit <= 0:
		m.limit = defaultPage
	case m.limit > maxPage:
		m.limit = maxPage
	}
	if f.From != nil {
		m.lo = usage.LogIDFloor(*f.From)
	}
	if f.To != nil {
		m.hi = usage.LogIDFloor(*f.To)
	}
	if f.After != "" {
		if _, _, err := findLog(ctx, q, f.TenantID, f.After, false); errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		if m.hi == "" || f.After < m.hi {
			m.hi = f.After
		}
	}
	m.where.where("tenant_id = :tenant", sql.Named("tenant", f.TenantID))
	if m.lo != "" {
		m.where.where("last_id >= :lo", sql.Named("lo", m.lo))
	}
	if m.hi != "" {
		m.where.where("last_id < :ceil AND first_id < :hi", sql.Named("ceil", blockCeil(m.hi)), sql.Named("hi", m.hi))
	}
	if f.KeyID != nil {
		m.where.where("instr(keys, :key) > 0", sql.Named("key", keyMark(*f.KeyID)))
	}
	return m, nil
}

// appendBlock adds the block's matching entries to page, which it keeps
// sorted newest first.
func (m *logMatch) appendBlock(page []*usage.Entry, tenantID string, block []byte) ([]*usage.Entry, error) {
	start := len(page)
	var err error
	decodeErr := decodeBlock(block, nil, func(r blockRow) bool {
		if !m.matches(&r) {
			return true
		}
		var e *usage.Entry
		if e, err = r.entry(tenantID); err != nil {
			return false
		}
		page = append(page, e)
		return len(page)-start < m.limit
	})
	if err = cmp.Or(decodeErr, err); err != nil {
		return nil, err
	}
	if start > 0 && len(page) > start && page[start].ID > page[start-1].ID {
		slices.SortFunc(page, func(a, b *usage.Entry) int { return strings.Compare(b.ID, a.ID) })
	}
	return page, nil
}

// matches reports whether the entry r is listed.
func (m *logMatch) matches(r *blockRow) bool {
	f := &m.f
	switch {
	case m.lo != "" && string(r.id) < m.lo, m.hi != "" && string(r.id) >= m.hi,
		f.KeyID != nil && string(r.keyID) != *f.KeyID,
		f.Route != nil && string(r.route) != *f.Route,
		f.Status != nil && r.status != *f.Status,
		f.StatusClass != nil && r.status/100 != *f.StatusClass:
		return false
	}
	return true
}

// PruneTenantLogs deletes up to limit of the tenant's entries older than
// before, oldest first. Whole blocks are deleted; the few that straddle
// the bound, or the limit, are written again without their old entries.
func (u *UsageStore) PruneTenantLogs(ctx context.Context, tenantID string, before time.Time, limit int) (int, error) {
	floor := usage.LogIDFloor(before)
	total := 0
	err := u.s.transact(ctx, func(tx *Store) error {
		q := tx.writes()
		rows, err := q.QueryContext(ctx, `SELECT rowid, last_id, n FROM api_log_blocks WHERE tenant_id = :tenant
			AND last_id < :ceil AND first_id < :floor ORDER BY last_id LIMIT :limit`, sql.Named("tenant", tenantID),
			sql.Named("ceil", blockCeil(floor)), sql.Named("floor", floor), sql.Named("limit", limit))
		if err != nil {
			return err
		}
		type old struct {
			rowid int64
			last  string
			n     int
		}
		olds, err := webhookRows(rows, func(row rowScanner) (*old, error) {
			var o old
			return &o, row.Scan(&o.rowid, &o.last, &o.n)
		})
		if err != nil {
			return err
		}
		for _, o := range olds {
			if total >= limit {
				break
			}
			var n int
			if o.last < floor && o.n <= limit-total {
				n, err = o.n, execErr(q.ExecContext(ctx, `DELETE FROM api_log_blocks WHERE rowid = ?`, o.rowid))
			} else {
				n, err = pruneBlock(ctx, q, o.rowid, tenantID, floor, limit-total)
			}
			total += n
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, failure{op: "prune API log"}.translate(err)
	}
	return total, nil
}

func execErr(_ sql.Result, err error) error { return err }

// pruneBlock deletes up to limit of the block's entries older than floor,
// oldest first, writing the block again with the others.
func pruneBlock(ctx context.Context, q querier, rowid int64, tenantID, floor string, limit int) (int, error) {
	var block, bodies []byte
	if err := q.QueryRowContext(ctx, `SELECT rows, bodies FROM api_log_blocks WHERE rowid = ?`, rowid).Scan(&block, &bodies); err != nil {
		return 0, err
	}
	if bodies == nil {
		bodies = []byte{}
	}
	var all []*usage.Entry
	var entryErr error
	err := decodeBlock(block, bodies, func(r blockRow) bool {
		e, err := r.entry(tenantID)
		if err != nil {
			entryErr = err
			return false
		}
		e.Body = r.body
		all = append(all, e)
		return true
	})
	if err = cmp.Or(err, entryErr); err != nil {
		return 0, err
	}
	// all is newest first: the old entries are at its end.
	keep := all
	for len(keep) > 0 && len(all)-len(keep) < limit && keep[len(keep)-1].ID < floor {
		keep = keep[:len(keep)-1]
	}
	dropped := len(all) - len(keep)
	if dropped == 0 {
		return 0, nil
	}
	slices.Reverse(keep)
	if len(keep) == 0 {
		return dropped, execErr(q.ExecContext(ctx, `DELETE FROM api_log_blocks WHERE rowid = ?`, rowid))
	}
	b := encodeBlock(tenantID, keep)
	var bs any
	if b.bodies != nil {
		bs = b.bodies
	}
	return dropped, execErr(q.ExecContext(ctx, `UPDATE api_log_blocks SET first_id = ?, n = ?, keys = ?, rows = ?,
		bodies = ? WHERE rowid = ?`, b.firstID, int64(b.n), b.keys, b.rows, bs, rowid))
}

// logTenants lists the distinct tenants of the log, ” for no tenant, one
// seek each: a scan of the whole log would read every block.
const logTenants = `WITH RECURSIVE t (id) AS (
	SELECT min(tenant_id) FROM api_log_blocks
	UNION ALL
	SELECT (SELECT min(tenant_id) FROM api_log_blocks WHERE tenant_id > t.id) FROM t WHERE t.id IS NOT NULL)
	SELECT id FROM t WHERE id IS NOT NULL AND id NOT IN (SELECT tenant_id FROM api_log_settings)`

// PruneDefaultLogs deletes up to limit entries older than before of
// tenants without saved settings, and of no tenant.
func (u *UsageStore) PruneDefaultLogs(ctx context.Context, before time.Time, limit int) (int, error) {
	rows, err := u.s.reads().QueryContext(ctx, logTenants)
	if err != nil {
		return 0, failure{op: "prune API log"}.translate(err)
	}
	tenants, err := webhookRows(rows, func(row rowScanner) (*string, error) {
		var id string
		return &id, row.Scan(&id)
	})
	if err != nil {
		return 0, failure{op: "prune API log"}.translate(err)
	}
	total := 0
	for _, id := range tenants {
		if total >= limit {
			break
		}
		n, err := u.PruneTenantLogs(ctx, *id, before, limit-total)
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// PruneUsage deletes the rollups of minutes before before.
func (u *UsageStore) PruneUsage(ctx context.Context, before time.Time) (int, error) {
	total := 0
	err := u.s.transact(ctx, func(tx *Store) error {
		for _, table := range []string{"usage_counts", "usage_latency"} {
			n, err := (&UsageStore{tx}).exec(ctx, "prune usage", `DELETE FROM `+table+` WHERE minute < ?`, before.Unix())
			total += n
			if err != nil {
				return err
			}
		}
		return nil
	})
	return total, err
}

// exec runs a write and returns how many rows it changed.
func (u *UsageStore) exec(ctx context.Context, op, query string, args ...any) (int, error) {
	res, err := u.s.writes().ExecContext(ctx, query, args...)
	if err != nil {
		return 0, failure{op: op}.translate(err)
	}
	n, err := res.RowsAffected()
	return int(n), failure{op: op}.translate(err)
}

// SumUsage sums the rollups of q per period and group.
func (u *UsageStore) SumUsage(ctx context.Context, q usage.UsageQuery) ([]*usage.UsageRow, []usage.BucketCount, error) {
	group, args := usageGroup(q)
	rows, err := u.s.reads().QueryContext(ctx, `SELECT `+group+`, sum(requests), sum(status_2xx), sum(status_3xx),
		sum(status_4xx), sum(status_5xx), sum(rate_limited) FROM usage_counts WHERE `+usageWhere(q)+`
		GROUP BY 1, 2, 3`, args...)
	if err != nil {
		return nil, nil, failure{op: "sum usage"}.translate(err)
	}
	counts, err := webhookRows(rows, func(row rowScanner) (*usage.UsageRow, error) {
		var r usage.UsageRow
		var start int64
		err := row.Scan(&start, &r.KeyID, &r.Route, &r.Requests, &r.Status2xx, &r.Status3xx, &r.Status4xx,
			&r.Status5xx, &r.RateLimited)
		r.Start = time.Unix(start, 0).UTC()
		return &r, err
	})
	if err != nil {
		return nil, nil, failure{op: "sum usage"}.translate(err)
	}
	rows, err = u.s.reads().QueryContext(ctx, `SELECT `+group+`, bucket, sum(n) FROM usage_latency
		WHERE `+usageWhere(q)+` GROUP BY 1, 2, 3, 4`, args...)
	if err != nil {
		return nil, nil, failure{op: "sum usage latency"}.translate(err)
	}
	buckets, err := webhookRows(rows, func(row rowScanner) (*usage.BucketCount, error) {
		var b usage.BucketCount
		var start int64
		err := row.Scan(&start, &b.KeyID, &b.Route, &b.Bucket, &b.N)
		b.Start = time.Unix(start, 0).UTC()
		return &b, err
	})
	if err != nil {
		return nil, nil, failure{op: "sum usage latency"}.translate(err)
	}
	out := make([]usage.BucketCount, len(buckets))
	for i, b := range buckets {
		out[i] = *b
	}
	return counts, out, nil
}

// usageGroup returns the period, key and route columns q groups by, and the
// query's arguments.
func usageGroup(q usage.UsageQuery) (string, []any) {
	key, route := "''", "''"
	switch q.By {
	case usage.ByKey:
		key = "key_id"
	case usage.ByRoute:
		route = "route"
	}
	args := []any{sql.Named("tenant", q.TenantID), sql.Named("from", q.From.Unix()),
		sql.Named("to", q.To.Unix()), sql.Named("step", int64(q.Step/time.Second))}
	if q.KeyID != "" {
		args = append(args, sql.Named("key", q.KeyID))
	}
	return ":from + (minute - :from) / :step * :step, " + key + ", " + route, args
}

func usageWhere(q usage.UsageQuery) string {
	w := "tenant_id = :tenant AND minute >= :from AND minute < :to"
	if q.KeyID != "" {
		w += " AND key_id = :key"
	}
	return w
}

// Settings returns the tenant's saved settings, or ENOTFOUND.
func (u *UsageStore) Settings(ctx context.Context, tenantID string) (*usage.Settings, error) {
	s, err := scanLogSettings(u.s.reads().QueryRowContext(ctx,
		`SELECT tenant_id, retention_days, updated_at FROM api_log_settings WHERE tenant_id = ?`, tenantID))
	if err != nil {
		return nil, failure{op: "API log settings", notFound: "no API log settings saved"}.translate(err)
	}
	return s, nil
}

// SaveSettings inserts or replaces the tenant's settings.
func (u *UsageStore) SaveSettings(ctx context.Context, s *usage.Settings) error {
	_, err := u.s.writes().ExecContext(ctx, `INSERT INTO api_log_settings (tenant_id, retention_days, updated_at)
		VALUES (?, ?, ?) ON CONFLICT (tenant_id) DO UPDATE SET
		retention_days = excluded.retention_days, updated_at = excluded.updated_at`,
		s.TenantID, s.RetentionDays, s.UpdatedAt.UnixMicro())
	return failure{op: "save API log settings"}.translate(err)
}

// AllSettings returns every tenant's saved settings.
func (u *UsageStore) AllSettings(ctx context.Context) ([]*usage.Settings, error) {
	rows, err := u.s.reads().QueryContext(ctx,
		`SELECT tenant_id, retention_days, updated_at FROM api_log_settings ORDER BY tenant_id`)
	if err != nil {
		return nil, failure{op: "all API log settings"}.translate(err)
	}
	out, err := webhookRows(rows, scanLogSettings)
	return out, failure{op: "all API log settings"}.translate(err)
}

func scanLogSettings(row rowScanner) (*usage.Settings, error) {
	var s usage.Settings
	if err := row.Scan(&s.TenantID, &s.RetentionDays, micros{&s.UpdatedAt}); err != nil {
		return nil, err
	}
	return &s, nil
}
