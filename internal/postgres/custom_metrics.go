package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/hive-platform/hive/internal/people"
)

const customMetricColumns = `id, tenant_id, name, question_keys, created_at`

func scanCustomMetric(row pgx.Row) (*people.CustomMetric, error) {
	var m people.CustomMetric
	return &m, row.Scan(&m.ID, &m.TenantID, &m.Name, &m.QuestionKeys, &m.CreatedAt)
}

// CreateCustomMetric inserts m; a name the tenant has is ECONFLICT.
func (p *PeopleStore) CreateCustomMetric(ctx context.Context, m *people.CustomMetric) error {
	_, err := p.s.db().Exec(ctx, `INSERT INTO custom_metrics (`+customMetricColumns+`) VALUES ($1, $2, $3, $4, $5)`,
		m.ID, m.TenantID, m.Name, m.QuestionKeys, m.CreatedAt)
	return failure{op: "create custom metric", conflict: fmt.Sprintf("a custom metric named %q already exists", m.Name)}.translate(err)
}

// CustomMetrics returns the tenant's metrics ordered by ID.
func (p *PeopleStore) CustomMetrics(ctx context.Context, tenantID string) ([]*people.CustomMetric, error) {
	out, err := queryAll(ctx, p.s.db(), scanCustomMetric, `SELECT `+customMetricColumns+` FROM custom_metrics
		WHERE tenant_id = $1 ORDER BY id`, tenantID)
	return out, failure{op: "list custom metrics"}.translate(err)
}

// CustomMetricByID returns the tenant's metric or ENOTFOUND.
func (p *PeopleStore) CustomMetricByID(ctx context.Context, tenantID, id string) (*people.CustomMetric, error) {
	m, err := scanCustomMetric(p.s.db().QueryRow(ctx, `SELECT `+customMetricColumns+` FROM custom_metrics
		WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	return m, failure{op: "custom metric by id", notFound: "custom metric not found"}.translate(err)
}

// DeleteCustomMetric removes the tenant's metric or returns ENOTFOUND.
func (p *PeopleStore) DeleteCustomMetric(ctx context.Context, tenantID, id string) error {
	err := p.s.db().QueryRow(ctx, `DELETE FROM custom_metrics WHERE tenant_id = $1 AND id = $2 RETURNING id`,
		tenantID, id).Scan(new(string))
	return failure{op: "delete custom metric", notFound: "custom metric not found"}.translate(err)
}

// KnownQuestionKeys returns which keys name a question of the tenant.
func (p *PeopleStore) KnownQuestionKeys(ctx context.Context, tenantID string, keys []string) ([]string, error) {
	rows, err := p.s.db().Query(ctx, `SELECT DISTINCT question_key FROM questions WHERE tenant_id = $1
		AND question_key = ANY($2)`, tenantID, keys)
	if err != nil {
		return nil, failure{op: "known question keys"}.translate(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return out, failure{op: "known question keys"}.translate(err)
}
