package httpapi_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi"
	"github.com/hive-platform/hive/internal/people"
)

// BenchmarkListSurveys measures GET /v1/surveys of a tenant with 10 surveys
// through the whole middleware stack, as BenchmarkVerifyEndpoint does for
// GET /v1/auth/verify: the read of the list, its conversion and its JSON.
func BenchmarkListSurveys(b *testing.B) {
	st, svc, boot := benchTenant(b)
	ppl := people.NewService(st.People(), people.Config{})
	p := &hive.Principal{TenantID: boot.Tenant.ID}
	for i := range 10 {
		if _, err := ppl.CreateSurvey(context.Background(), p, people.SurveyParams{Name: fmt.Sprintf("Survey %02d", i+1),
			Type: people.SurveyEngagement}); err != nil {
			b.Fatal(err)
		}
	}
	h := httpapi.New(httpapi.Config{Keys: svc, People: ppl, DefaultRateLimit: 1 << 30,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	benchGet(b, h, "/v1/surveys", boot.Secret)
}
