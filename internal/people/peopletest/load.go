// Package peopletest loads generated organisations into a people.Service
// for tests and benchmarks. It lives apart from package people so that the
// generator stays out of the production binary.
package peopletest

import (
	"bytes"
	"context"
	"testing"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/synth"
)

// LoadSurvey uploads org's employees and creates s, one of org's surveys,
// with its questions and every response, through the service's own write
// paths. It returns the created survey.
func LoadSurvey(tb testing.TB, svc *people.Service, p *hive.Principal, org *synth.Org, s *synth.Survey) *people.Survey {
	tb.Helper()
	ctx := context.Background()
	var csv bytes.Buffer
	if err := synth.WritePeopleCSV(&csv, org.Employees); err != nil {
		tb.Fatal(err)
	}
	if res, err := svc.ImportPeople(ctx, p, &csv, false); err != nil {
		tb.Fatalf("import people: %v %+v", err, res.Errors)
	}
	sv, err := svc.CreateSurvey(ctx, p, people.SurveyParams{Name: s.Name, Type: people.SurveyType(s.Type),
		Status: people.StatusLive, StartDate: &s.Start, EndDate: &s.End})
	if err != nil {
		tb.Fatal(err)
	}
	ids := map[string]string{}
	for _, q := range s.Questions {
		in := people.QuestionParams{Key: q.Key, Text: q.Text, Type: people.QuestionType(q.Type), Category: q.Category,
			InEngagementIndex: q.InEngagementIndex, Options: q.Options}
		pq, err := svc.AddQuestion(ctx, p, sv.ID, in)
		if err != nil {
			tb.Fatalf("question %s: %v", q.Key, err)
		}
		ids[q.Key] = pq.ID
	}
	for start := 0; start < len(s.Responses); start += people.MaxBatch {
		batch := s.Responses[start:min(start+people.MaxBatch, len(s.Responses))]
		in := make([]people.ResponseParams, len(batch))
		for i, r := range batch {
			in[i] = people.ResponseParams{EmployeeID: r.EmployeeID, SubmittedAt: &r.SubmittedAt}
			for _, a := range r.Answers {
				in[i].Answers = append(in[i].Answers, answer(s, ids, a))
			}
		}
		if _, err := svc.AddResponses(ctx, p, sv.ID, in); err != nil {
			tb.Fatalf("responses from %d: %v", start, err)
		}
	}
	return sv
}

// answer converts a generated answer: option answers carry the option's
// index from 0, the API its position from 1; free text carries its text.
func answer(s *synth.Survey, ids map[string]string, a synth.Answer) people.AnswerParams {
	out := people.AnswerParams{QuestionID: ids[a.QuestionKey], Value: float64(a.Value)}
	for _, q := range s.Questions {
		if q.Key != a.QuestionKey {
			continue
		}
		switch q.Type {
		case synth.TypeOption:
			out.Value = float64(a.Value + 1)
		case synth.TypeFreeText:
			out.Value = a.Text
		}
	}
	return out
}
