package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/synth"
)

// demoPeopleSeed chooses the demo's organisation: the same people on every
// machine.
const demoPeopleSeed = 2026

// demoBatch is how many responses, submissions or Hive Fives go in one
// call: the services' maximum, so that each batch is one transaction.
const demoBatch = people.MaxBatch

// demoOrg is what the demo's people analytics hold, for the banner.
type demoOrg struct {
	people    int
	surveys   []*people.Survey
	openDoor  int
	hiveFives int
}

// seedPeopleAnalytics gives the demo tenant a generated organisation
// (internal/synth): its people through the uploader, the engagement and
// pulse surveys with their questions and responses, Open Door submissions
// and Hive Fives, all through the people service. Each part is seeded only
// if the tenant lacks it, so a restart on the same database adds nothing.
func seedPeopleAnalytics(ctx context.Context, svc *people.Service, owner *hive.Principal) (*demoOrg, error) {
	// Generated as of midnight today, so every date lies in the past and
	// the data looks current.
	org := synth.Generate(synth.Options{Seed: demoPeopleSeed, Now: people.Civil(time.Now())})
	out := &demoOrg{openDoor: len(org.OpenDoor), hiveFives: len(org.HiveFives)}
	n, err := svc.PeopleCount(ctx, owner)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		if err := importDemoPeople(ctx, svc, owner, org.Employees); err != nil {
			return nil, fmt.Errorf("people: %w", err)
		}
	}
	if out.people, err = svc.PeopleCount(ctx, owner); err != nil {
		return nil, err
	}
	for i := range org.Surveys {
		sv, err := seedDemoSurvey(ctx, svc, owner, &org.Surveys[i])
		if err != nil {
			return nil, fmt.Errorf("survey %q: %w", org.Surveys[i].Name, err)
		}
		out.surveys = append(out.surveys, sv)
	}
	if err := seedDemoFeedback(ctx, svc, owner, org); err != nil {
		return nil, err
	}
	return out, nil
}

// importDemoPeople uploads the employees as the CSV an HR system would
// send.
func importDemoPeople(ctx context.Context, svc *people.Service, owner *hive.Principal, employees []synth.Employee) error {
	var csv bytes.Buffer
	if err := synth.WritePeopleCSV(&csv, employees); err != nil {
		return err
	}
	_, err := svc.ImportPeople(ctx, owner, &csv, false)
	return err
}

// seedDemoSurvey returns the demo survey named like s, creating it with its
// questions and responses if the tenant has none. The survey is created as
// a draft and takes its final status last, so that a start interrupted
// half-way is recognised.
func seedDemoSurvey(ctx context.Context, svc *people.Service, owner *hive.Principal, s *synth.Survey) (*people.Survey, error) {
	existing, err := svc.ListSurveys(ctx, owner, people.SurveyFilter{Limit: 1000})
	if err != nil {
		return nil, err
	}
	for _, sv := range existing {
		if sv.Name != s.Name {
			continue
		}
		if string(sv.Status) != s.Status {
			return nil, fmt.Errorf("the demo survey was left half-seeded by an interrupted start; use a fresh --database")
		}
		return sv, nil
	}
	start, end := s.Start, s.End
	sv, err := svc.CreateSurvey(ctx, owner, people.SurveyParams{Name: s.Name, Type: people.SurveyType(s.Type),
		Status: people.StatusDraft, StartDate: &start, EndDate: &end})
	if err != nil {
		return nil, err
	}
	ids := map[string]string{} // question key to ID
	for _, q := range s.Questions {
		made, err := svc.AddQuestion(ctx, owner, sv.ID, demoQuestion(q))
		if err != nil {
			return nil, fmt.Errorf("question %s: %w", q.Key, err)
		}
		ids[q.Key] = made.ID
	}
	if err := addDemoResponses(ctx, svc, owner, sv.ID, s, ids); err != nil {
		return nil, err
	}
	status := people.SurveyStatus(s.Status)
	return svc.UpdateSurvey(ctx, owner, sv.ID, people.SurveyChanges{Status: &status})
}

// demoQuestion maps a generated question to the survey API's.
func demoQuestion(q synth.Question) people.QuestionParams {
	p := people.QuestionParams{Key: q.Key, Text: q.Text, Type: people.QuestionType(q.Type), Category: q.Category,
		InEngagementIndex: q.InEngagementIndex, Options: q.Options}
	if q.Type == synth.TypeScale {
		p.ScaleMin, p.ScaleMax = &q.ScaleMin, &q.ScaleMax
	}
	return p
}

// addDemoResponses sends the survey's responses in batches. Option answers
// are the option's position from 1; synth counts from 0.
func addDemoResponses(ctx context.Context, svc *people.Service, owner *hive.Principal, surveyID string, s *synth.Survey, ids map[string]string) error {
	types := map[string]string{}
	for _, q := range s.Questions {
		types[q.Key] = q.Type
	}
	for start := 0; start < len(s.Responses); start += demoBatch {
		chunk := s.Responses[start:min(start+demoBatch, len(s.Responses))]
		batch := make([]people.ResponseParams, len(chunk))
		for i, r := range chunk {
			at := r.SubmittedAt
			batch[i] = people.ResponseParams{EmployeeID: r.EmployeeID, SubmittedAt: &at}
			for _, a := range r.Answers {
				var v any = float64(a.Value)
				switch types[a.QuestionKey] {
				case synth.TypeOption:
					v = float64(a.Value + 1)
				case synth.TypeFreeText:
					v = a.Text
				}
				batch[i].Answers = append(batch[i].Answers, people.AnswerParams{QuestionID: ids[a.QuestionKey], Value: v})
			}
		}
		if _, err := svc.AddResponses(ctx, owner, surveyID, batch); err != nil {
			return fmt.Errorf("responses from %d: %w", start, err)
		}
	}
	return nil
}

// seedDemoFeedback adds the Open Door submissions and Hive Fives, each
// kind only if the tenant has none.
func seedDemoFeedback(ctx context.Context, svc *people.Service, owner *hive.Principal, org *synth.Org) error {
	od, err := svc.OpenDoor(ctx, owner, people.OpenDoorQuery{Limit: 1})
	if err != nil {
		return err
	}
	for start := 0; len(od.Rows) == 0 && start < len(org.OpenDoor); start += demoBatch {
		var batch []people.OpenDoorParams
		for _, s := range org.OpenDoor[start:min(start+demoBatch, len(org.OpenDoor))] {
			at := s.SubmittedAt
			batch = append(batch, people.OpenDoorParams{EmployeeID: s.EmployeeID, Category: s.Category, Text: s.Text, SubmittedAt: &at})
		}
		if _, err := svc.AddOpenDoor(ctx, owner, batch); err != nil {
			return fmt.Errorf("open door: %w", err)
		}
	}
	hf, err := svc.HiveFives(ctx, owner, people.HiveFiveQuery{Limit: 1})
	if err != nil {
		return err
	}
	for start := 0; len(hf.Rows) == 0 && start < len(org.HiveFives); start += demoBatch {
		var batch []people.HiveFiveParams
		for _, h := range org.HiveFives[start:min(start+demoBatch, len(org.HiveFives))] {
			at := h.SentAt
			batch = append(batch, people.HiveFiveParams{SenderID: h.SenderID, RecipientID: h.RecipientID, Text: h.Text,
				Value: h.Value, Private: h.Private, SentAt: &at})
		}
		if _, err := svc.AddHiveFives(ctx, owner, batch); err != nil {
			return fmt.Errorf("hive fives: %w", err)
		}
	}
	return nil
}

func printPeopleAnalytics(w io.Writer, url, key string, org *demoOrg) {
	fmt.Fprintf(w, "\nOpen API (people analytics: %d employees, %d Open Door submissions, %d Hive Fives):\n",
		org.people, org.openDoor, org.hiveFives)
	for _, sv := range org.surveys {
		fmt.Fprintf(w, "  survey  %s  %-10s %-6s %4d responses  %s\n", sv.ID, sv.Type, sv.Status, sv.ResponseCount, sv.Name)
	}
	fmt.Fprintf(w, "  curl -H 'Authorization: Bearer %s' %s/v1/surveys\n", key, url)
	fmt.Fprintf(w, "  curl -H 'Authorization: Bearer %s' '%s/v1/hive-fives?limit=5'\n", key, url)
}
