package insights

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi/edge"
	"github.com/hive-platform/hive/internal/people"
)

// surveyColumns are the columns of GET /v1/surveys and of a survey object.
var surveyColumns = biColumnsVia(wireSurvey)

// wireSurvey is s as the API returns it.
func wireSurvey(s *people.Survey) api.Survey {
	return api.Survey{ID: s.ID, Name: s.Name, Type: string(s.Type), Status: string(s.Status), StartDate: s.StartDate, EndDate: s.EndDate,
		InvitedCount: s.InvitedCount, ResponseCount: s.ResponseCount, CreatedAt: s.CreatedAt, UpdatedAt: s.UpdatedAt}
}

type surveyRequest struct {
	Name      *string `json:"name"`
	Type      *string `json:"type"`
	Status    *string `json:"status"`
	StartDate *string `json:"start_date"`
	EndDate   *string `json:"end_date"`
}

// dates parses start_date and end_date.
func (req *surveyRequest) dates() (start, end *time.Time, err error) {
	if start, err = optionalInstant("start_date", req.StartDate); err != nil {
		return nil, nil, err
	}
	end, err = optionalInstant("end_date", req.EndDate)
	return start, end, err
}

// createSurvey handles "POST /v1/surveys".
func (s *API) createSurvey(w http.ResponseWriter, r *http.Request) error {
	var req surveyRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	start, end, err := req.dates()
	if err != nil {
		return err
	}
	sv, err := s.people.CreateSurvey(r.Context(), edge.Principal(r), people.SurveyParams{Name: edge.Deref(req.Name),
		Type: people.SurveyType(edge.Deref(req.Type)), Status: people.SurveyStatus(edge.Deref(req.Status)), StartDate: start, EndDate: end})
	if err != nil {
		return err
	}
	return writeBIObject(w, http.StatusCreated, surveyColumns, sv)
}

// updateSurvey handles "PATCH /v1/surveys/{survey_id}": name, status and
// dates. Going live takes the invited count.
func (s *API) updateSurvey(w http.ResponseWriter, r *http.Request) error {
	var req surveyRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	if req.Type != nil {
		return hive.FieldError("type", "cannot change once a survey exists; create a new survey")
	}
	start, end, err := req.dates()
	if err != nil {
		return err
	}
	ch := people.SurveyChanges{Name: req.Name, StartDate: start, EndDate: end}
	if req.Status != nil {
		ch.Status = new(people.SurveyStatus(*req.Status))
	}
	sv, err := s.people.UpdateSurvey(r.Context(), edge.Principal(r), r.PathValue("survey_id"), ch)
	if err != nil {
		return err
	}
	return writeBIObject(w, http.StatusOK, surveyColumns, sv)
}

// getSurvey handles "GET /v1/surveys/{survey_id}".
func (s *API) getSurvey(w http.ResponseWriter, r *http.Request) error {
	sv, err := s.people.Survey(r.Context(), edge.Principal(r), r.PathValue("survey_id"))
	if err != nil {
		return err
	}
	return writeBIObject(w, http.StatusOK, surveyColumns, sv)
}

// listSurveys handles "GET /v1/surveys[?status=&updated_since=]", in
// creation order. updated_since is inclusive, so an incremental refresh
// that passes the last updated_at it saw misses nothing.
func (s *API) listSurveys(w http.ResponseWriter, r *http.Request) error {
	q, err := readBIQuery(r)
	if err != nil {
		return err
	}
	f := people.SurveyFilter{After: q.after}
	query := queryOf(r)
	if v := query.Get("status"); v != "" {
		st := people.SurveyStatus(v)
		if !slices.Contains([]people.SurveyStatus{people.StatusDraft, people.StatusLive, people.StatusClosed}, st) {
			return hive.FieldError("status", "must be draft, live or closed")
		}
		f.Status = &st
	}
	if v := query.Get("updated_since"); v != "" {
		if f.UpdatedSince, err = optionalInstant("updated_since", &v); err != nil {
			return err
		}
	}
	more := func(after string, limit int) ([]*people.Survey, string, error) {
		f.After, f.Limit = after, limit+1
		list, err := s.people.ListSurveys(r.Context(), edge.Principal(r), f)
		if err != nil {
			return nil, "", err
		}
		page, more := edge.TrimPage(list, limit)
		if !more {
			return page, "", nil
		}
		return page, page[len(page)-1].ID, nil
	}
	page, next, err := more(q.after, q.chunk())
	if err != nil {
		return err
	}
	return writeBIWith(w, r, q, surveyColumns, page, next, more, nil, appendSurveyRow)
}

// questionColumns are the columns of GET /v1/surveys/{id}/questions and of
// a question object. Scale and band columns are null for option and
// free-text questions.
var questionColumns = biColumnsVia(wireQuestion)

// wireQuestion is q as the API returns it.
func wireQuestion(q *people.Question) api.Question {
	out := api.Question{ID: q.ID, SurveyID: q.SurveyID, Position: q.Position, QuestionKey: q.Key, Text: q.Text, Type: string(q.Type),
		InEngagementIndex: q.InEngagementIndex, OptionCount: len(q.Options), CreatedAt: q.CreatedAt}
	if q.Type == people.QuestionScale || q.Type == people.QuestionENPS {
		out.ScaleMin, out.ScaleMax, out.FavourableMin, out.UnfavourableMax = &q.ScaleMin, &q.ScaleMax, &q.FavourableMin, &q.UnfavourableMax
	}
	if q.Category != "" {
		out.Category = &q.Category
	}
	return out
}

// addQuestion handles "POST /v1/surveys/{survey_id}/questions".
func (s *API) addQuestion(w http.ResponseWriter, r *http.Request) error {
	var req api.AddQuestionRequest
	if err := edge.Decode(w, r, &req); err != nil {
		return err
	}
	q, err := s.people.AddQuestion(r.Context(), edge.Principal(r), r.PathValue("survey_id"), people.QuestionParams{
		Key: req.QuestionKey, Text: req.Text, Type: people.QuestionType(req.Type), ScaleMin: req.ScaleMin, ScaleMax: req.ScaleMax,
		FavourableMin: req.FavourableMin, UnfavourableMax: req.UnfavourableMax, Category: req.Category,
		InEngagementIndex: req.InEngagementIndex, Options: req.Options})
	if err != nil {
		return err
	}
	return writeBIObject(w, http.StatusCreated, questionColumns, q)
}

// listQuestions handles "GET /v1/surveys/{survey_id}/questions", in
// position order.
func (s *API) listQuestions(w http.ResponseWriter, r *http.Request) error {
	q, err := readBIQuery(r)
	if err != nil {
		return err
	}
	qs, err := s.people.Questions(r.Context(), edge.Principal(r), r.PathValue("survey_id"))
	if err != nil {
		return err
	}
	page, next := pageRows(qs, func(q *people.Question) string { return fmt.Sprintf("%05d", q.Position) }, q)
	return writeBI(w, r, q, questionColumns, page, next, nil, map[string]any{"survey_id": r.PathValue("survey_id")})
}

// questionOption is one row of GET /v1/surveys/{id}/question-options.
type questionOption struct {
	q        *people.Question
	position int
}

// questionOptionWire is a row of GET /v1/surveys/{id}/question-options as
// the API returns it.
type questionOptionWire struct {
	QuestionID  string `json:"question_id"`
	QuestionKey string `json:"question_key"`
	OptionValue int    `json:"option_value"`
	OptionLabel string `json:"option_label"`
}

func (o questionOption) wire() questionOptionWire {
	return questionOptionWire{o.q.ID, o.q.Key, o.position, o.q.Options[o.position-1]}
}

var questionOptionColumns = biColumnsVia(questionOption.wire)

// listQuestionOptions handles "GET /v1/surveys/{survey_id}/question-options":
// one row per option of the survey's option questions. option_value is what
// a response sends as the answer.
func (s *API) listQuestionOptions(w http.ResponseWriter, r *http.Request) error {
	q, err := readBIQuery(r)
	if err != nil {
		return err
	}
	qs, err := s.people.Questions(r.Context(), edge.Principal(r), r.PathValue("survey_id"))
	if err != nil {
		return err
	}
	var rows []questionOption
	for _, qu := range qs {
		for i := range qu.Options {
			rows = append(rows, questionOption{qu, i + 1})
		}
	}
	page, next := pageRows(rows, func(o questionOption) string { return fmt.Sprintf("%05d:%03d", o.q.Position, o.position) }, q)
	return writeBI(w, r, q, questionOptionColumns, page, next, nil, map[string]any{"survey_id": r.PathValue("survey_id")})
}

type responsesRequest struct {
	Responses []struct {
		EmployeeID  string  `json:"employee_id"`
		SubmittedAt *string `json:"submitted_at"`
		Answers     []struct {
			QuestionID string `json:"question_id"`
			Value      any    `json:"value"`
		} `json:"answers"`
	} `json:"responses"`
}

// maxResponsesBytes caps a batch of responses: 1,000 responses of 60
// answers take about 3 MiB.
const maxResponsesBytes = 16 << 20

// addResponses handles "POST /v1/surveys/{survey_id}/responses". One bad
// answer refuses the whole batch; the error names its index and field.
func (s *API) addResponses(w http.ResponseWriter, r *http.Request) error {
	var req responsesRequest
	if err := edge.DecodeLimit(w, r, &req, maxResponsesBytes); err != nil {
		return err
	}
	batch := make([]people.ResponseParams, len(req.Responses))
	for i, in := range req.Responses {
		at, err := optionalInstant(fmt.Sprintf("responses[%d].submitted_at", i), in.SubmittedAt)
		if err != nil {
			return err
		}
		batch[i] = people.ResponseParams{EmployeeID: in.EmployeeID, SubmittedAt: at, Answers: make([]people.AnswerParams, len(in.Answers))}
		for j, a := range in.Answers {
			batch[i].Answers[j] = people.AnswerParams{QuestionID: a.QuestionID, Value: a.Value}
		}
	}
	n, err := s.people.AddResponses(r.Context(), edge.Principal(r), r.PathValue("survey_id"), batch)
	if err != nil {
		return err
	}
	return edge.WriteJSON(w, http.StatusCreated, map[string]any{"survey_id": r.PathValue("survey_id"), "accepted": n})
}
