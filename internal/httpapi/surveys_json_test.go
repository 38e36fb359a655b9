package httpapi

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/people"
)

// TestAppendSurveyRowMatchesAppendRow holds the appended rows of GET
// /v1/surveys to the bytes the reflective columns give for the same survey.
func TestAppendSurveyRowMatchesAppendRow(t *testing.T) {
	at := time.Date(2027, 3, 2, 11, 50, 37, 160008000, time.UTC)
	local := time.Date(2027, 3, 2, 11, 50, 37, 0, time.FixedZone("", 5*3600+1800))
	far := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	invited, zero := 1200, 0
	tests := map[string]people.Survey{
		"draft without dates": {ID: "sv_1", Name: "Q1 engagement", Type: people.SurveyEngagement, Status: people.StatusDraft,
			CreatedAt: at, UpdatedAt: at},
		"live with dates and counts": {ID: "sv_2", Name: "Pulse", Type: people.SurveyPulse, Status: people.StatusLive,
			StartDate: &local, EndDate: &far, InvitedCount: &invited, ResponseCount: 831, CreatedAt: local, UpdatedAt: at},
		"name needing escapes": {ID: "sv_3", Name: "tab\there \"quoted\" \\ <b>&amp; é \u2028 \x00 \xff", Type: people.SurveyENPS,
			Status: people.StatusClosed, InvitedCount: &zero, CreatedAt: at, UpdatedAt: at},
		"zero times": {ID: "", Name: "", Type: "", Status: ""},
	}
	for name, sv := range tests {
		t.Run(name, func(t *testing.T) {
			var want bytes.Buffer
			if err := appendRow(&want, surveyColumns, &sv); err != nil {
				t.Fatal(err)
			}
			got := appendSurveyRow([]byte("prefix"), &sv)
			if diff := cmp.Diff(want.String(), string(got[len("prefix"):])); diff != "" {
				t.Errorf("appended row differs from appendRow (-want +got):\n%s", diff)
			}
		})
	}
}
