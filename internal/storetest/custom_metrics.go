package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/people"
)

func newCustomMetric(tenant, name string, keys ...string) *people.CustomMetric {
	return &people.CustomMetric{ID: hive.NewID(hive.PrefixCustomMetric, t0), TenantID: tenant, Name: name,
		QuestionKeys: keys, CreatedAt: t0.Add(time.Microsecond)}
}

func testCustomMetrics(t *testing.T, s people.Store) {
	ctx := t.Context()
	a, b := newCustomMetric(tenantA, "Wellbeing", "wellbeing_1", "workload_1"), newCustomMetric(tenantA, "Growth", "growth_1")
	mustNil(t, s.CreateCustomMetric(ctx, a))
	mustNil(t, s.CreateCustomMetric(ctx, b))
	wantCode(t, s.CreateCustomMetric(ctx, newCustomMetric(tenantA, "Wellbeing", "pride")), hive.ECONFLICT)
	mustNil(t, s.CreateCustomMetric(ctx, newCustomMetric(tenantB, "Wellbeing", "pride")))

	got, err := s.CustomMetrics(ctx, tenantA)
	mustNil(t, err)
	if d := cmp.Diff([]*people.CustomMetric{a, b}, got); d != "" {
		t.Errorf("metrics (-want +got):\n%s", d)
	}
	one, err := s.CustomMetricByID(ctx, tenantA, a.ID)
	mustNil(t, err)
	if d := cmp.Diff(a, one); d != "" {
		t.Errorf("metric by id (-want +got):\n%s", d)
	}
	_, err = s.CustomMetricByID(ctx, tenantB, a.ID)
	wantCode(t, err, hive.ENOTFOUND)
	wantCode(t, s.DeleteCustomMetric(ctx, tenantB, a.ID), hive.ENOTFOUND)
	mustNil(t, s.DeleteCustomMetric(ctx, tenantA, a.ID))
	wantCode(t, s.DeleteCustomMetric(ctx, tenantA, a.ID), hive.ENOTFOUND)
	if got, err := s.CustomMetrics(ctx, tenantA); err != nil || len(got) != 1 || got[0].ID != b.ID {
		t.Errorf("after delete: %v, %v", got, err)
	}
}

func testKnownQuestionKeys(t *testing.T, s people.Store) {
	ctx := t.Context()
	for _, tenant := range []string{tenantA, tenantB} {
		sv := newSurvey(tenant, t0)
		mustNil(t, s.CreateSurvey(ctx, sv))
		key := "pride"
		if tenant == tenantB {
			key = "loyalty"
		}
		mustNil(t, s.CreateQuestion(ctx, newQuestion(sv, 1, key)))
	}
	sv := newSurvey(tenantA, t0)
	mustNil(t, s.CreateSurvey(ctx, sv))
	mustNil(t, s.CreateQuestion(ctx, newQuestion(sv, 1, "pride")))
	mustNil(t, s.CreateQuestion(ctx, newQuestion(sv, 2, "growth_1")))

	got, err := s.KnownQuestionKeys(ctx, tenantA, []string{"pride", "growth_1", "loyalty", "nope"})
	mustNil(t, err)
	slices.Sort(got)
	if d := cmp.Diff([]string{"growth_1", "pride"}, got); d != "" {
		t.Errorf("known keys (-want +got):\n%s", d)
	}
}
