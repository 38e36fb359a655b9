package sqlite

import (
	"context"
	"fmt"

	"github.com/hive-platform/hive/internal/people"
)

const customMetricColumns = `id, tenant_id, name, question_keys, created_at`

func customMetricFields(m *people.CustomMetric) []any {
	return []any{&m.ID, &m.TenantID, &m.Name, jsonText{&m.QuestionKeys}, micros{&m.CreatedAt}}
}

func scanCustomMetric(row rowScanner) (*people.CustomMetric, error) {
	var m people.CustomMetric
	return &m, row.Scan(customMetricFields(&m)...)
}

// CreateCustomMetric inserts m; a name the tenant has is ECONFLICT.
func (p *PeopleStore) CreateCustomMetric(ctx context.Context, m *people.CustomMetric) error {
	_, err := p.s.writes().ExecContext(ctx, `INSERT INTO custom_metrics (`+customMetricColumns+`)
		VALUES (?, ?, ?, ?, ?)`, customMetricFields(m)...)
	return failure{op: "create custom metric", conflict: fmt.Sprintf("a custom metric named %q already exists", m.Name)}.translate(err)
}

// CustomMetrics returns the tenant's metrics ordered by ID.
func (p *PeopleStore) CustomMetrics(ctx context.Context, tenantID string) ([]*people.CustomMetric, error) {
	out, err := queryAll(ctx, p.s.reads(), scanCustomMetric, `SELECT `+customMetricColumns+` FROM custom_metrics
		WHERE tenant_id = ? ORDER BY id`, tenantID)
	return out, failure{op: "list custom metrics"}.translate(err)
}

// CustomMetricByID returns the tenant's metric or ENOTFOUND.
func (p *PeopleStore) CustomMetricByID(ctx context.Context, tenantID, id string) (*people.CustomMetric, error) {
	m, err := scanCustomMetric(p.s.reads().QueryRowContext(ctx, `SELECT `+customMetricColumns+` FROM custom_metrics
		WHERE tenant_id = ? AND id = ?`, tenantID, id))
	return m, failure{op: "custom metric by id", notFound: "custom metric not found"}.translate(err)
}

// DeleteCustomMetric removes the tenant's metric or returns ENOTFOUND.
func (p *PeopleStore) DeleteCustomMetric(ctx context.Context, tenantID, id string) error {
	err := p.s.writes().QueryRowContext(ctx, `DELETE FROM custom_metrics WHERE tenant_id = ? AND id = ? RETURNING id`,
		tenantID, id).Scan(new(string))
	return failure{op: "delete custom metric", notFound: "custom metric not found"}.translate(err)
}

// KnownQuestionKeys returns which keys name a question of the tenant. The
// keys travel as one JSON array, so the statement stays prepared.
func (p *PeopleStore) KnownQuestionKeys(ctx context.Context, tenantID string, keys []string) ([]string, error) {
	out, err := queryAll(ctx, p.s.reads(), func(row rowScanner) (*string, error) {
		var k string
		return &k, row.Scan(&k)
	}, `SELECT DISTINCT question_key FROM questions WHERE tenant_id = ?
		AND question_key IN (SELECT value FROM json_each(?))`, tenantID, jsonText{&keys})
	if err != nil {
		return nil, failure{op: "known question keys"}.translate(err)
	}
	known := make([]string, len(out))
	for i, k := range out {
		known[i] = *k
	}
	return known, nil
}
