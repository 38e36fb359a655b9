package insights

import (
	"strconv"
	"time"

	"github.com/hive-platform/hive/internal/people"
)

// GET /v1/surveys is the Open API's typical read, so its rows are encoded
// by appending instead of through surveyColumns' reflection. The bytes are
// appendRow's: TestAppendSurveyRowMatchesAppendRow holds the two together.

// appendSurveyRow appends s as appendRow(surveyColumns) does.
func appendSurveyRow(b []byte, s *people.Survey) []byte {
	b = append(b, `{"id":`...)
	b = appendBIString(b, s.ID)
	b = append(b, `,"name":`...)
	b = appendBIString(b, s.Name)
	b = append(b, `,"type":`...)
	b = appendBIString(b, string(s.Type))
	b = append(b, `,"status":`...)
	b = appendBIString(b, string(s.Status))
	b = append(b, `,"start_date":`...)
	b = appendBITime(b, s.StartDate)
	b = append(b, `,"end_date":`...)
	b = appendBITime(b, s.EndDate)
	b = append(b, `,"invited_count":`...)
	if s.InvitedCount == nil {
		b = append(b, "null"...)
	} else {
		b = strconv.AppendInt(b, int64(*s.InvitedCount), 10)
	}
	b = append(b, `,"response_count":`...)
	b = strconv.AppendInt(b, int64(s.ResponseCount), 10)
	b = append(b, `,"created_at":`...)
	b = appendBITime(b, &s.CreatedAt)
	b = append(b, `,"updated_at":`...)
	b = appendBITime(b, &s.UpdatedAt)
	return append(b, '}')
}

// appendBITime appends t as biValue renders it: RFC 3339 in UTC, or null.
func appendBITime(b []byte, t *time.Time) []byte {
	if t == nil {
		return append(b, "null"...)
	}
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}
