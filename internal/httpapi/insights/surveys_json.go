package insights

import (
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hive-platform/hive/internal/people"
)

// GET /v1/surveys is the Open API's typical read, so its rows are encoded
// by appending instead of through surveyColumns' reflection. The bytes are
// appendRow's: TestAppendSurveyRowMatchesAppendRow holds the two together.

// appendSurveyRow appends s as appendRow(surveyColumns) does.
//
// A BI tool refreshing its survey list is answered the same rows again
// and again, and encoding one (four times in RFC 3339) cost several times
// more than comparing it with the values it was last encoded from. So the
// last encoding of each survey is kept with a copy of those values, and
// used only while every value the row shows is equal: a kept row cannot be
// stale, whatever changed the survey, on this node or another.
func appendSurveyRow(b []byte, s *people.Survey) []byte {
	if v, ok := surveyRows.Load(s.ID); ok {
		if e := v.(*encodedSurvey); e.shows(s) {
			return append(b, e.row...)
		}
	}
	start := len(b)
	b = encodeSurveyRow(b, s)
	if surveyRowsKept.Add(1) > maxSurveyRowsKept {
		// A simple bound: the rows are cheap to make again.
		surveyRows.Clear()
		surveyRowsKept.Store(1)
	}
	surveyRows.Store(s.ID, &encodedSurvey{sv: snapshot(s), row: slices.Clone(b[start:])})
	return b
}

// surveyRows holds an *encodedSurvey per survey ID, at most about
// maxSurveyRowsKept of them.
var (
	surveyRows        sync.Map
	surveyRowsKept    atomic.Int64
	maxSurveyRowsKept = int64(20000)
)

// encodedSurvey is a survey's row and the values it was encoded from.
type encodedSurvey struct {
	sv  people.Survey // pointer fields point to copies of their own
	row []byte
}

// snapshot copies s and what its pointer fields point to.
func snapshot(s *people.Survey) people.Survey {
	c := *s
	c.StartDate, c.EndDate, c.InvitedCount = clonePtr(s.StartDate), clonePtr(s.EndDate), clonePtr(s.InvitedCount)
	return c
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	c := *p
	return &c
}

// shows reports whether e's row is s's: every value it encodes is equal,
// times as the instants they name, which is all their RFC 3339 UTC form
// depends on.
func (e *encodedSurvey) shows(s *people.Survey) bool {
	k := &e.sv
	return k.ID == s.ID && k.Name == s.Name && k.Type == s.Type && k.Status == s.Status &&
		sameTime(k.StartDate, s.StartDate) && sameTime(k.EndDate, s.EndDate) &&
		(k.InvitedCount == nil) == (s.InvitedCount == nil) && (k.InvitedCount == nil || *k.InvitedCount == *s.InvitedCount) &&
		k.ResponseCount == s.ResponseCount && k.CreatedAt.Equal(s.CreatedAt) && k.UpdatedAt.Equal(s.UpdatedAt)
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// encodeSurveyRow appends s as appendRow(surveyColumns) does.
func encodeSurveyRow(b []byte, s *people.Survey) []byte {
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
