package insights

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/csvsafe"
	"github.com/hive-platform/hive/internal/httpapi/edge"
	"github.com/hive-platform/hive/internal/people"
)

// The Open API lists write their rows column by column from the tables in
// surveys.go and people.go, so no Go struct describes a row. The row types
// below give the document its schemas. Each example row is written by its
// column table and decoded into its row type with unknown fields refused:
// a column without a row field stops the document from building, a row
// field without a column fails the example's validation (it is required),
// and TestBIRowTypesFollowTheColumns checks the order.

// biPage is one page of an Open API list, as writeBI writes it.
type biPage[T any] struct {
	Data       []T            `json:"data"`
	Pagination api.Pagination `json:"pagination"`
	Meta       biMeta         `json:"meta"`
}

// biMeta is the meta block of an Open API list.
type biMeta struct {
	Columns   []string `json:"columns"`   // the keys of every row, in order, even on an empty page
	Count     int      `json:"count"`     // rows on this page
	Limit     int      `json:"limit"`     // the page size asked for, or row_cap for the whole result
	Truncated bool     `json:"truncated"` // rows follow that this response does not hold (next_cursor is set)
	RowCap    int      `json:"row_cap"`   // the most rows one response holds
	SurveyID  string   `json:"survey_id,omitempty"`
}

// surveyWire is a row of surveyColumns: the public api.Survey.
type surveyWire = api.Survey

// questionWire is a row of questionColumns: the public api.Question.
type questionWire = api.Question

// attributeSegmentWire is a row of attributeColumns: the public api.AttributeSegment.
type attributeSegmentWire = api.AttributeSegment

// peopleImportWire is the response of POST /v1/people/import in the
// reference: api.ImportResult, under its own component name because the
// Door administration's member import has a different ImportResult.
type peopleImportWire struct {
	api.ImportResult
}

// responsesAcceptedWire is the response of POST /v1/surveys/{id}/responses.
type responsesAcceptedWire struct {
	SurveyID string `json:"survey_id"`
	Accepted int    `json:"accepted"`
}

// biRow is v as the row type R, decoded from what cols write for it.
func biRow[R, T any](cols []biColumn[T], v T) R {
	var b bytes.Buffer
	var r R
	if err := appendRow(&b, cols, v); err != nil {
		panic(fmt.Sprintf("openapi: writing an example %T: %v", r, err))
	}
	dec := json.NewDecoder(&b)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		panic(fmt.Sprintf("openapi: the columns do not fit %T; add the field there: %v", r, err))
	}
	return r
}

// biExample is a whole result, as a URL without ?limit= gets it.
func biExample[R, T any](cols []biColumn[T], surveyID string, rows ...T) biPage[R] {
	out := biPage[R]{Data: []R{}, Meta: biMeta{Columns: columnNames(cols), Count: len(rows), Limit: biRowCap, RowCap: biRowCap, SurveyID: surveyID}}
	for _, v := range rows {
		out.Data = append(out.Data, biRow[R](cols, v))
	}
	return out
}

func columnNames[T any](cols []biColumn[T]) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.name
	}
	return out
}

// csvExample is rows as ?format=csv writes them.
func csvExample[T any](cols []biColumn[T], rows ...T) string {
	var b strings.Builder
	w := csvsafe.NewWriter(&b)
	w.SetCRLF(true)
	writeCSVRows(w, cols, rows)
	w.Flush()
	return b.String()
}

// People and survey examples.

var (
	exSurveyID = "srv_0V2SpQ7wErT4yUi8oPa1sD"
	exStart    = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	exEnd      = time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)
)

var exSurvey = &people.Survey{ID: exSurveyID, Name: "Engagement Survey Spring 2026", Type: people.SurveyEngagement,
	Status: people.StatusLive, StartDate: &exStart, EndDate: &exEnd, InvitedCount: edge.Ptr(412), ResponseCount: 318,
	CreatedAt: edge.ExTime, UpdatedAt: edge.ExTime}

var exQuestions = []*people.Question{
	{ID: "qst_0V2SqR8eRt5yUi9oPa2sDf", SurveyID: exSurveyID, Position: 1, Key: "pride", Text: "I am proud to work for this company",
		Type: people.QuestionScale, ScaleMin: 0, ScaleMax: 10, FavourableMin: 7, UnfavourableMax: 4, Category: "Engagement",
		InEngagementIndex: true, CreatedAt: edge.ExTime},
	{ID: "qst_0V2SrS9rTy6uIo0pAs3dFg", SurveyID: exSurveyID, Position: 2, Key: "work_location", Text: "Where do you mostly work?",
		Type: people.QuestionOption, Options: []string{"Office", "Home", "Both"}, CreatedAt: edge.ExTime},
}

var exAttributes = []attributeSegment{
	{&people.Attribute{ID: "att_0V2SsT0tYu7iOp1aSd4fGh", Name: "department", Type: people.AttributeOption},
		&people.Segment{ID: "seg_0V2StU1yUi8oPa2sDf5gHj", Label: "Sales", Position: 1}},
	{&people.Attribute{ID: "att_0V2SuV2uIo9pAs3dFg6hJk", Name: "tenure", Type: people.AttributeDate},
		&people.Segment{ID: "seg_0V2SvW3iOp0aSd4fGh7jKl", Label: "1–2y", Position: 4, Unit: "months", Min: edge.Ptr(12), Max: edge.Ptr(24)}},
}

var exQuestionOptions = []questionOption{{exQuestions[1], 1}, {exQuestions[1], 2}, {exQuestions[1], 3}}

const exPeopleCSV = "employee_id,email,first_name,last_name,start_date,date_of_birth,department,location\n" +
	"E1001,ada@example.com,Ada,Lovelace,2021-03-31,1990-12-10,Sales,London\n" +
	"E1002,alan@example.com,Alan,Turing,2024-09-01,,Engineering,Manchester\n"

var exResponsesRequest = func() responsesRequest {
	var req responsesRequest
	json.Unmarshal([]byte(`{"responses":[{"employee_id":"E1001","submitted_at":"2026-03-04T10:15:00Z","answers":[`+
		`{"question_id":"qst_0V2SqR8eRt5yUi9oPa2sDf","value":8},{"question_id":"qst_0V2SrS9rTy6uIo0pAs3dFg","value":2}]}]}`), &req)
	return req
}()
