package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/usage"
)

// UsageStore implements usage.Store on the Store's database.
type UsageStore struct{ s *Store }

// Usage returns the usage store, on the API log's own database: it never
// joins a transaction s is bound to.
func (s *Store) Usage() *UsageStore { return &UsageStore{s.apilog} }

var _ usage.Store = (*UsageStore)(nil)

const logColumns = `tenant_id, id, key_id, route, status, fields`

// logColumnCount is the number of columns insertLog writes: logColumns
// and the body.
const logColumnCount = 7

// insertChunk is how many rows one INSERT statement carries. One statement
// of many rows costs far less than as many statements of one: the batch
// writer spends most of its time in per-statement overhead otherwise.
const insertChunk = 64

// insertLog rolls the whole transaction back if a row is refused: the
// batch is written whole or not at all anyway, and a statement that
// cannot fail half-way needs no statement journal, which cost a third of
// the system calls of a batch.
const insertLog = `INSERT OR ROLLBACK INTO api_logs (` + logColumns + `, body) VALUES `

// WriteBatch inserts the entries, each with its body, and adds the rollups,
// in one transaction.
func (u *UsageStore) WriteBatch(ctx context.Context, entries []*usage.Entry, rollups []*usage.Rollup) error {
	err := u.s.transact(ctx, func(tx *Store) error {
		q := tx.writes()
		args := make([]any, 0, min(len(entries), insertChunk)*logColumnCount)
		var fields []byte
		for len(entries) > 0 {
			n := insertChunk
			if len(entries) < n {
				n = 1
			}
			args, fields = args[:0], fields[:0]
			for _, e := range entries[:n] {
				args, fields = appendLogValues(args, fields, e)
			}
			if _, err := q.ExecContext(ctx, insertLog+placeholders(n, logColumnCount), args...); err != nil {
				return err
			}
			entries = entries[n:]
		}
		return addRollups(ctx, q, rollups)
	})
	return failure{op: "write API log batch"}.translate(err)
}

// appendLogValues appends e's columns in insertLog's order to args, and
// its packed fields to buf, which the fields column's value shares. The
// values are plain driver values, not adapters: database/sql converts
// those by reflection, a large share of the cost over thousands of values.
func appendLogValues(args []any, buf []byte, e *usage.Entry) ([]any, []byte) {
	var body any
	if len(e.Body) > 0 {
		body = e.Body
	}
	start := len(buf)
	buf = appendFields(buf, e)
	return append(args, e.TenantID, e.ID, e.KeyID, e.Route, int64(e.Status), buf[start:], body), buf
}

// placeholders returns n groups of cols question marks. Only two forms are
// ever used, so both stay in the statement cache.
func placeholders(n, cols int) string {
	group := "(" + strings.Repeat("?, ", cols-1) + "?)"
	return strings.Repeat(group+", ", n-1) + group
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
	e, err := scanLog(u.s.reads().QueryRowContext(ctx,
		`SELECT `+logColumns+` FROM api_logs WHERE tenant_id = ? AND id = ?`, tenantID, id))
	if err != nil {
		return nil, failure{op: "API log entry by id", notFound: logNotFound}.translate(err)
	}
	return e, nil
}

// ListLogs returns the entries matching f, newest first. Log ids sort by
// time, so the order, the time range and the cursor are all ranges of the
// table's key, or of its key index when f names a key.
func (u *UsageStore) ListLogs(ctx context.Context, f usage.LogFilter) ([]*usage.Entry, error) {
	var where filter
	where.where("tenant_id = :tenant", sql.Named("tenant", f.TenantID))
	if f.KeyID != nil {
		where.where("key_id = :key", sql.Named("key", *f.KeyID))
	}
	if f.Status != nil {
		where.where("status = :status", sql.Named("status", *f.Status))
	}
	if f.StatusClass != nil {
		where.where("status >= :lo AND status < :hi", sql.Named("lo", *f.StatusClass*100), sql.Named("hi", *f.StatusClass*100+100))
	}
	if f.Route != nil {
		where.where("route = :route", sql.Named("route", *f.Route))
	}
	if f.From != nil {
		where.where("id >= :from", sql.Named("from", usage.LogIDFloor(*f.From)))
	}
	if f.To != nil {
		where.where("id < :to", sql.Named("to", usage.LogIDFloor(*f.To)))
	}
	if f.After != "" {
		// A cursor that is not one of the tenant's entries ends the list.
		where.where("id < :after AND EXISTS (SELECT 1 FROM api_logs WHERE tenant_id = :tenant AND id = :after)",
			sql.Named("after", f.After))
	}
	limit := f.Limit
	switch {
	case limit <= 0:
		limit = defaultPage
	case limit > maxPage:
		limit = maxPage
	}
	rows, err := u.s.reads().QueryContext(ctx, `SELECT `+logColumns+` FROM api_logs WHERE `+where.clause()+
		` ORDER BY id DESC LIMIT :limit`, append(where.args, sql.Named("limit", limit))...)
	if err != nil {
		return nil, failure{op: "list API log"}.translate(err)
	}
	out, err := webhookRows(rows, scanLog)
	return out, failure{op: "list API log"}.translate(err)
}

// LogBody returns the body stored with the tenant's entry, or ENOTFOUND.
func (u *UsageStore) LogBody(ctx context.Context, tenantID, id string) ([]byte, error) {
	var body []byte
	err := u.s.reads().QueryRowContext(ctx,
		`SELECT body FROM api_logs WHERE tenant_id = ? AND id = ? AND body IS NOT NULL`, tenantID, id).Scan(&body)
	if err != nil {
		return nil, failure{op: "API log body", notFound: "API log body not found"}.translate(err)
	}
	return body, nil
}

// PruneTenantLogs deletes up to limit of the tenant's entries older than
// before, oldest first.
func (u *UsageStore) PruneTenantLogs(ctx context.Context, tenantID string, before time.Time, limit int) (int, error) {
	return u.exec(ctx, "prune API log", `DELETE FROM api_logs WHERE tenant_id = :tenant AND id IN (
		SELECT id FROM api_logs WHERE tenant_id = :tenant AND id < :before ORDER BY id LIMIT :limit)`,
		sql.Named("tenant", tenantID), sql.Named("before", usage.LogIDFloor(before)), sql.Named("limit", limit))
}

// logTenants lists the distinct tenants of the log, ” for no tenant, one
// seek each: a scan of the whole log would read every row.
const logTenants = `WITH RECURSIVE t (id) AS (
	SELECT min(tenant_id) FROM api_logs
	UNION ALL
	SELECT (SELECT min(tenant_id) FROM api_logs WHERE tenant_id > t.id) FROM t WHERE t.id IS NOT NULL)
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

func scanLog(row rowScanner) (*usage.Entry, error) {
	var e usage.Entry
	var fields []byte
	if err := row.Scan(&e.TenantID, &e.ID, &e.KeyID, &e.Route, &e.Status, &fields); err != nil {
		return nil, err
	}
	if err := unpackFields(&e, fields); err != nil {
		return nil, err
	}
	return &e, nil
}
