package people

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hive-platform/hive/internal/hive"
)

// CustomMetric is a tenant-defined index over a set of question keys,
// computed person-first like the Engagement Index: each respondent's mean
// of the items they answered, counted when they answered at least two
// thirds of the items the survey asks.
type CustomMetric struct {
	ID           string
	TenantID     string
	Name         string
	QuestionKeys []string
	CreatedAt    time.Time
}

// CustomMetricStore persists custom metrics. A metric of another tenant is
// ENOTFOUND.
type CustomMetricStore interface {
	// CreateCustomMetric inserts m. ECONFLICT if the tenant has a metric of
	// that name.
	CreateCustomMetric(ctx context.Context, m *CustomMetric) error
	// CustomMetrics returns the tenant's metrics ordered by ID.
	CustomMetrics(ctx context.Context, tenantID string) ([]*CustomMetric, error)
	// CustomMetricByID returns ENOTFOUND if the tenant has no such metric.
	CustomMetricByID(ctx context.Context, tenantID, id string) (*CustomMetric, error)
	// DeleteCustomMetric removes the metric; ENOTFOUND if absent.
	DeleteCustomMetric(ctx context.Context, tenantID, id string) error
	// KnownQuestionKeys returns which of keys name a question of any of the
	// tenant's surveys, in any order.
	KnownQuestionKeys(ctx context.Context, tenantID string, keys []string) ([]string, error)
}

// CustomMetricParams are the fields of a new custom metric.
type CustomMetricParams struct {
	Name         string
	QuestionKeys []string
}

// Custom metric limits.
const (
	maxMetricKeys    = 100
	customMetricName = "custom:"
)

// CreateCustomMetric validates and saves a custom metric. Every key must
// name a question of one of the tenant's surveys; a survey that lacks some
// is computed over those it has.
func (s *Service) CreateCustomMetric(ctx context.Context, p *hive.Principal, in CustomMetricParams) (*CustomMetric, error) {
	m := &CustomMetric{TenantID: p.TenantID, Name: strings.TrimSpace(in.Name)}
	if m.Name == "" || utf8.RuneCountInString(m.Name) > maxNameLen {
		return nil, hive.FieldError("name", "must be 1 to %d characters", maxNameLen)
	}
	if len(in.QuestionKeys) == 0 || len(in.QuestionKeys) > maxMetricKeys {
		return nil, hive.FieldError("question_keys", "must list 1 to %d question keys, such as [\"pride\", \"growth_1\"]", maxMetricKeys)
	}
	for i, k := range in.QuestionKeys {
		k = strings.TrimSpace(k)
		field := fmt.Sprintf("question_keys[%d]", i)
		switch {
		case !questionKeyPattern.MatchString(k):
			return nil, hive.FieldError(field, "%q is not a question key; GET /v1/surveys/{survey_id}/questions lists them", k)
		case slices.Contains(m.QuestionKeys, k):
			return nil, hive.FieldError(field, "%q is listed twice", k)
		}
		m.QuestionKeys = append(m.QuestionKeys, k)
	}
	known, err := s.store.KnownQuestionKeys(ctx, p.TenantID, m.QuestionKeys)
	if err != nil {
		return nil, err
	}
	for i, k := range m.QuestionKeys {
		if !slices.Contains(known, k) {
			return nil, hive.FieldError(fmt.Sprintf("question_keys[%d]", i), "no survey has a question with key %q; add the question first or check the key", k)
		}
	}
	now := s.clock()
	m.ID, m.CreatedAt = hive.NewID(hive.PrefixCustomMetric, now), now
	if err := s.store.CreateCustomMetric(ctx, m); err != nil {
		return nil, err
	}
	return m, nil
}

// CustomMetrics returns the tenant's custom metrics in creation order.
func (s *Service) CustomMetrics(ctx context.Context, p *hive.Principal) ([]*CustomMetric, error) {
	return s.store.CustomMetrics(ctx, p.TenantID)
}

// CustomMetric returns one of the tenant's custom metrics.
func (s *Service) CustomMetric(ctx context.Context, p *hive.Principal, id string) (*CustomMetric, error) {
	if !hive.ValidID(hive.PrefixCustomMetric, id) {
		return nil, noCustomMetric(id)
	}
	m, err := s.store.CustomMetricByID(ctx, p.TenantID, id)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return nil, noCustomMetric(id)
	}
	return m, err
}

// DeleteCustomMetric removes a custom metric. Reports that name it answer
// 400 from then on.
func (s *Service) DeleteCustomMetric(ctx context.Context, p *hive.Principal, id string) error {
	if !hive.ValidID(hive.PrefixCustomMetric, id) {
		return noCustomMetric(id)
	}
	err := s.store.DeleteCustomMetric(ctx, p.TenantID, id)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return noCustomMetric(id)
	}
	return err
}

func noCustomMetric(id string) error {
	return hive.Errorf(hive.ENOTFOUND, "No custom metric %q; GET /v1/custom-metrics lists them", id)
}
