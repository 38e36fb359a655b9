package sqlite_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
)

// BenchmarkListSurveys reads a tenant's 10 surveys as GET /v1/surveys
// asks the store for them when its list is not cached: what each request
// cost before the people service cached the list.
func BenchmarkListSurveys(b *testing.B) {
	st := sqlitetest.Open(b).People()
	now := time.Now().UTC().Truncate(time.Microsecond)
	for i := range 10 {
		sv := &people.Survey{ID: hive.NewID(hive.PrefixSurvey, now), TenantID: "ten_a", Name: fmt.Sprintf("Survey %02d", i+1),
			Type: people.SurveyEngagement, Status: people.StatusDraft, CreatedAt: now, UpdatedAt: now}
		if err := st.CreateSurvey(b.Context(), sv); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		list, err := st.ListSurveys(b.Context(), people.SurveyFilter{TenantID: "ten_a", Limit: 1001})
		if err != nil || len(list) != 10 {
			b.Fatalf("%d surveys, %v", len(list), err)
		}
	}
}
