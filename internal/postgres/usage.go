package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/usage"
)

// UsageStore implements usage.Store on the Store's database.
type UsageStore struct{ s *Store }

// Usage returns the usage store sharing s's pool, and s's transaction if it
// is bound to one.
func (s *Store) Usage() *UsageStore { return &UsageStore{s} }

var _ usage.Store = (*UsageStore)(nil)

const logColumns = `id, time, tenant_id, key_id, user_id, method, route, path, query, status, error_code,
	reason, rate_limited, latency_us, client_ip, user_agent, request_id, response_bytes, content_type,
	body_truncated, body_dropped, suppressed_count, auth_via`

var logColumnNames = []string{"id", "time", "tenant_id", "key_id", "user_id", "method", "route", "path", "query",
	"status", "error_code", "reason", "rate_limited", "latency_us", "client_ip", "user_agent", "request_id",
	"response_bytes", "content_type", "body_truncated", "body_dropped", "suppressed_count", "auth_via"}

const addCounts = `INSERT INTO usage_counts (tenant_id, key_id, route, minute, requests, status_2xx,
	status_3xx, status_4xx, status_5xx, rate_limited) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
	ON CONFLICT (tenant_id, key_id, route, minute) DO UPDATE SET
	requests = usage_counts.requests + excluded.requests,
	status_2xx = usage_counts.status_2xx + excluded.status_2xx,
	status_3xx = usage_counts.status_3xx + excluded.status_3xx,
	status_4xx = usage_counts.status_4xx + excluded.status_4xx,
	status_5xx = usage_counts.status_5xx + excluded.status_5xx,
	rate_limited = usage_counts.rate_limited + excluded.rate_limited`

const addLatency = `INSERT INTO usage_latency (tenant_id, key_id, route, minute, bucket, n)
	VALUES ($1, $2, $3, $4, $5, $6)
	ON CONFLICT (tenant_id, key_id, route, minute, bucket) DO UPDATE SET n = usage_latency.n + excluded.n`

// WriteBatch copies the entries and their bodies in and adds the rollups,
// in one transaction. COPY takes a batch in one round trip; the rollups go
// in one pipelined batch.
func (u *UsageStore) WriteBatch(ctx context.Context, entries []*usage.Entry, rollups []*usage.Rollup) error {
	err := u.s.transact(ctx, func(tx *Store) error {
		rows := make([][]any, len(entries))
		var bodies [][]any
		for i, e := range entries {
			rows[i] = logValues(e)
			if len(e.Body) > 0 {
				bodies = append(bodies, []any{e.ID, e.Body})
			}
		}
		if _, err := tx.tx.CopyFrom(ctx, pgx.Identifier{"api_logs"}, logColumnNames, pgx.CopyFromRows(rows)); err != nil {
			return err
		}
		if _, err := tx.tx.CopyFrom(ctx, pgx.Identifier{"api_log_bodies"}, []string{"log_id", "body"}, pgx.CopyFromRows(bodies)); err != nil {
			return err
		}
		return addRollups(ctx, tx.tx, rollups)
	})
	if isPrimaryKeyViolation(err) {
		// IDs are random: a stored one is this batch's own, committed by
		// an earlier attempt whose answer was lost.
		return &hive.Error{Code: hive.ECONFLICT, Message: "An API log entry of the batch is already stored", Err: err}
	}
	return failure{op: "write API log batch"}.translate(err)
}

// StoredLogIDs returns the IDs of those of entries that are stored, each
// under its entry's tenant (none for "").
func (u *UsageStore) StoredLogIDs(ctx context.Context, entries []*usage.Entry) (map[string]bool, error) {
	ids, tenants := make([]string, len(entries)), make([]string, len(entries))
	for i, e := range entries {
		ids[i], tenants[i] = e.ID, e.TenantID
	}
	rows, err := u.s.db().Query(ctx, `SELECT l.id FROM unnest($1::text[], $2::text[]) AS w (id, tenant_id)
		JOIN api_logs l ON l.id = w.id AND l.tenant_id IS NOT DISTINCT FROM nullif(w.tenant_id, '')`, ids, tenants)
	if err != nil {
		return nil, failure{op: "look up stored API log entries"}.translate(err)
	}
	found, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, failure{op: "look up stored API log entries"}.translate(err)
	}
	stored := make(map[string]bool, len(found))
	for _, id := range found {
		stored[id] = true
	}
	return stored, nil
}

// addRollups adds each rollup's counts and non-empty buckets to the stored
// ones, in one round trip. The recorder sorts rollups, so nodes adding to
// the same rows lock them in the same order and cannot deadlock.
func addRollups(ctx context.Context, tx pgx.Tx, rollups []*usage.Rollup) error {
	if len(rollups) == 0 {
		return nil
	}
	var b pgx.Batch
	for _, r := range rollups {
		m := r.Minute.Unix()
		b.Queue(addCounts, r.TenantID, r.KeyID, r.Route, m, r.Requests, r.Status2xx, r.Status3xx,
			r.Status4xx, r.Status5xx, r.RateLimited)
		for bucket, n := range r.Latency {
			if n > 0 {
				b.Queue(addLatency, r.TenantID, r.KeyID, r.Route, m, bucket, n)
			}
		}
	}
	return tx.SendBatch(ctx, &b).Close()
}

// logValues returns e's fields in logColumns order, as COPY values.
func logValues(e *usage.Entry) []any {
	var tenant any
	if e.TenantID != "" {
		tenant = e.TenantID
	}
	return []any{e.ID, e.Time, tenant, e.KeyID, e.UserID, e.Method, e.Route, e.Path, e.Query, e.Status,
		e.ErrorCode, e.Reason, e.RateLimited, e.Latency.Microseconds(), e.ClientIP, e.UserAgent, e.RequestID,
		e.ResponseBytes, e.ContentType, e.BodyTruncated, e.BodyDropped, e.SuppressedCount, e.AuthVia}
}

const logNotFound = "API log entry not found"

// LogByID returns the tenant's entry without its body, or ENOTFOUND.
func (u *UsageStore) LogByID(ctx context.Context, tenantID, id string) (*usage.Entry, error) {
	e, err := scanLog(u.s.db().QueryRow(ctx,
		`SELECT `+logColumns+` FROM api_logs WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	if err != nil {
		return nil, failure{op: "API log entry by id", notFound: logNotFound}.translate(err)
	}
	return e, nil
}

// ListLogs returns the entries matching f, newest first.
func (u *UsageStore) ListLogs(ctx context.Context, f usage.LogFilter) ([]*usage.Entry, error) {
	var where filter
	where.where("tenant_id = @tenant", pgx.NamedArgs{"tenant": f.TenantID})
	if f.KeyID != nil {
		where.where("key_id = @key", pgx.NamedArgs{"key": *f.KeyID})
	}
	if f.Status != nil {
		where.where("status = @status", pgx.NamedArgs{"status": *f.Status})
	}
	if f.StatusClass != nil {
		where.where("status >= @lo AND status < @hi", pgx.NamedArgs{"lo": *f.StatusClass * 100, "hi": *f.StatusClass*100 + 100})
	}
	if f.Route != nil {
		where.where("route = @route", pgx.NamedArgs{"route": *f.Route})
	}
	if f.From != nil {
		where.where("time >= @from", pgx.NamedArgs{"from": *f.From})
	}
	if f.To != nil {
		where.where("time < @to", pgx.NamedArgs{"to": *f.To})
	}
	if f.After != "" {
		// Row values order by time, then by id among equal times: the
		// order of the list.
		where.where("(time, id) < (SELECT time, id FROM api_logs WHERE tenant_id = @tenant AND id = @after)",
			pgx.NamedArgs{"after": f.After})
	}
	where.args["limit"] = pageLimit(f.Limit)
	rows, err := u.s.db().Query(ctx, `SELECT `+logColumns+` FROM api_logs WHERE `+where.clause()+
		` ORDER BY time DESC, id DESC LIMIT @limit`, where.args)
	if err != nil {
		return nil, failure{op: "list API log"}.translate(err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*usage.Entry, error) { return scanLog(row) })
	return out, failure{op: "list API log"}.translate(err)
}

// pageLimit applies the default and the cap of a page.
func pageLimit(limit int) int {
	switch {
	case limit <= 0:
		return defaultPage
	case limit > maxPage:
		return maxPage
	}
	return limit
}

// LogBody returns the body stored with the tenant's entry, or ENOTFOUND.
func (u *UsageStore) LogBody(ctx context.Context, tenantID, id string) ([]byte, error) {
	var body []byte
	err := u.s.db().QueryRow(ctx, `SELECT b.body FROM api_log_bodies b
		JOIN api_logs l ON l.id = b.log_id WHERE l.tenant_id = $1 AND b.log_id = $2`, tenantID, id).Scan(&body)
	if err != nil {
		return nil, failure{op: "API log body", notFound: "API log body not found"}.translate(err)
	}
	return body, nil
}

// PruneTenantLogs deletes up to limit of the tenant's entries older than
// before; their bodies go with them.
func (u *UsageStore) PruneTenantLogs(ctx context.Context, tenantID string, before time.Time, limit int) (int, error) {
	return u.exec(ctx, "prune API log", `DELETE FROM api_logs WHERE id IN (
		SELECT id FROM api_logs WHERE tenant_id = $1 AND time < $2 LIMIT $3)`, tenantID, before, limit)
}

// PruneDefaultLogs deletes up to limit entries older than before of
// tenants without saved settings, and of no tenant.
func (u *UsageStore) PruneDefaultLogs(ctx context.Context, before time.Time, limit int) (int, error) {
	return u.exec(ctx, "prune API log", `DELETE FROM api_logs WHERE id IN (
		SELECT id FROM api_logs l WHERE time < $1
		AND NOT EXISTS (SELECT 1 FROM api_log_settings s WHERE s.tenant_id = l.tenant_id) LIMIT $2)`,
		before, limit)
}

// PruneUsage deletes the rollups of minutes before before.
func (u *UsageStore) PruneUsage(ctx context.Context, before time.Time) (int, error) {
	total := 0
	err := u.s.transact(ctx, func(tx *Store) error {
		for _, table := range []string{"usage_counts", "usage_latency"} {
			n, err := (&UsageStore{tx}).exec(ctx, "prune usage", `DELETE FROM `+table+` WHERE minute < $1`, before.Unix())
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
	tag, err := u.s.db().Exec(ctx, query, args...)
	if err != nil {
		return 0, failure{op: op}.translate(err)
	}
	return int(tag.RowsAffected()), nil
}

// SumUsage sums the rollups of q per period and group.
func (u *UsageStore) SumUsage(ctx context.Context, q usage.UsageQuery) ([]*usage.UsageRow, []usage.BucketCount, error) {
	group, args := usageGroup(q)
	rows, err := u.s.db().Query(ctx, `SELECT `+group+`, sum(requests)::bigint, sum(status_2xx)::bigint,
		sum(status_3xx)::bigint, sum(status_4xx)::bigint, sum(status_5xx)::bigint, sum(rate_limited)::bigint
		FROM usage_counts WHERE `+usageWhere(q)+` GROUP BY 1, 2, 3`, args)
	if err != nil {
		return nil, nil, failure{op: "sum usage"}.translate(err)
	}
	counts, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*usage.UsageRow, error) {
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
	rows, err = u.s.db().Query(ctx, `SELECT `+group+`, bucket, sum(n)::bigint FROM usage_latency
		WHERE `+usageWhere(q)+` GROUP BY 1, 2, 3, 4`, args)
	if err != nil {
		return nil, nil, failure{op: "sum usage latency"}.translate(err)
	}
	buckets, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (usage.BucketCount, error) {
		var b usage.BucketCount
		var start int64
		err := row.Scan(&start, &b.KeyID, &b.Route, &b.Bucket, &b.N)
		b.Start = time.Unix(start, 0).UTC()
		return b, err
	})
	return counts, buckets, failure{op: "sum usage latency"}.translate(err)
}

// usageGroup returns the period, key and route columns q groups by, and the
// query's arguments.
func usageGroup(q usage.UsageQuery) (string, pgx.NamedArgs) {
	key, route := "''::text", "''::text"
	switch q.By {
	case usage.ByKey:
		key = "key_id"
	case usage.ByRoute:
		route = "route"
	}
	args := pgx.NamedArgs{"tenant": q.TenantID, "from": q.From.Unix(), "to": q.To.Unix(),
		"step": int64(q.Step / time.Second)}
	if q.KeyID != "" {
		args["key"] = q.KeyID
	}
	return "@from::bigint + (minute - @from::bigint) / @step::bigint * @step::bigint, " + key + ", " + route, args
}

func usageWhere(q usage.UsageQuery) string {
	w := "tenant_id = @tenant AND minute >= @from AND minute < @to"
	if q.KeyID != "" {
		w += " AND key_id = @key"
	}
	return w
}

// Settings returns the tenant's saved settings, or ENOTFOUND.
func (u *UsageStore) Settings(ctx context.Context, tenantID string) (*usage.Settings, error) {
	s, err := scanLogSettings(u.s.db().QueryRow(ctx,
		`SELECT tenant_id, retention_days, updated_at FROM api_log_settings WHERE tenant_id = $1`, tenantID))
	if err != nil {
		return nil, failure{op: "API log settings", notFound: "no API log settings saved"}.translate(err)
	}
	return s, nil
}

// SaveSettings inserts or replaces the tenant's settings.
func (u *UsageStore) SaveSettings(ctx context.Context, s *usage.Settings) error {
	_, err := u.s.db().Exec(ctx, `INSERT INTO api_log_settings (tenant_id, retention_days, updated_at)
		VALUES ($1, $2, $3) ON CONFLICT (tenant_id) DO UPDATE SET
		retention_days = excluded.retention_days, updated_at = excluded.updated_at`,
		s.TenantID, s.RetentionDays, s.UpdatedAt)
	return failure{op: "save API log settings"}.translate(err)
}

// AllSettings returns every tenant's saved settings.
func (u *UsageStore) AllSettings(ctx context.Context) ([]*usage.Settings, error) {
	rows, err := u.s.db().Query(ctx,
		`SELECT tenant_id, retention_days, updated_at FROM api_log_settings ORDER BY tenant_id`)
	if err != nil {
		return nil, failure{op: "all API log settings"}.translate(err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*usage.Settings, error) { return scanLogSettings(row) })
	return out, failure{op: "all API log settings"}.translate(err)
}

func scanLogSettings(row pgx.Row) (*usage.Settings, error) {
	var s usage.Settings
	if err := row.Scan(&s.TenantID, &s.RetentionDays, &s.UpdatedAt); err != nil {
		return nil, err
	}
	return &s, nil
}

func scanLog(row pgx.Row) (*usage.Entry, error) {
	var e usage.Entry
	var tenant *string
	var latency int64
	err := row.Scan(&e.ID, &e.Time, &tenant, &e.KeyID, &e.UserID, &e.Method, &e.Route, &e.Path, &e.Query,
		&e.Status, &e.ErrorCode, &e.Reason, &e.RateLimited, &latency, &e.ClientIP, &e.UserAgent, &e.RequestID,
		&e.ResponseBytes, &e.ContentType, &e.BodyTruncated, &e.BodyDropped, &e.SuppressedCount, &e.AuthVia)
	if err != nil {
		return nil, err
	}
	if tenant != nil {
		e.TenantID = *tenant
	}
	e.Latency = time.Duration(latency) * time.Microsecond
	return &e, nil
}
