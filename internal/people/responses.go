package people

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hive-platform/hive/internal/hive"
)

// ResponseParams is one response of a batch.
type ResponseParams struct {
	EmployeeID  string
	SubmittedAt *time.Time // now when nil
	Answers     []AnswerParams
}

// AnswerParams is one answer as sent: Value is a JSON number (float64) for
// scale, enps and option questions (the option's position, from 1) and a
// string for free-text ones.
type AnswerParams struct {
	QuestionID string
	Value      any
}

// Batch and answer limits.
const (
	MaxBatch       = 1000
	maxCommentLen  = 5000
	submittedSkew  = 5 * time.Minute // clocks of senders run a little fast
	responsesField = "responses"
)

// AddResponses validates a batch and saves it in one transaction: any error
// refuses the whole batch, naming the response's index and the field. Each
// response keeps its respondent's segments as of its submitted_at. A
// person answers a survey once. It returns the number saved.
func (s *Service) AddResponses(ctx context.Context, p *hive.Principal, surveyID string, batch []ResponseParams) (int, error) {
	if err := surveyReachable(p, surveyID); err != nil {
		return 0, err
	}
	if len(batch) == 0 || len(batch) > MaxBatch {
		return 0, hive.FieldError(responsesField, "must hold 1 to %d responses; send more in further batches", MaxBatch)
	}
	err := s.store.WithinTx(ctx, func(tx Store) error {
		sv, err := s.survey(ctx, tx, p, surveyID)
		if err != nil {
			return err
		}
		b, err := s.loadBatch(ctx, tx, sv, batch)
		if err != nil {
			return err
		}
		rs := make([]*Response, len(batch))
		for i := range batch {
			if rs[i], err = b.response(i, &batch[i]); err != nil {
				return err
			}
		}
		return tx.AddResponses(ctx, p.TenantID, sv.ID, rs, b.now)
	})
	s.surveysChanged(ctx, p.TenantID, err)
	if err != nil {
		return 0, err
	}
	s.cache.invalidate(p.TenantID, surveyID)
	return len(batch), nil
}

// SurveyResponses returns every response of a survey the caller may see,
// without comments, in one query.
func (s *Service) SurveyResponses(ctx context.Context, p *hive.Principal, surveyID string) ([]*Response, error) {
	sv, err := s.Survey(ctx, p, surveyID)
	if err != nil {
		return nil, err
	}
	return s.store.SurveyResponses(ctx, p.TenantID, sv.ID)
}

// batchContext is what checking a batch needs from the store.
type batchContext struct {
	now       time.Time
	sv        *Survey
	questions map[string]*Question
	people    map[string]*Person
	responded map[string]bool
	seen      map[string]int // employee id to its index in the batch
	attrs     []*Attribute
}

func (s *Service) loadBatch(ctx context.Context, tx Store, sv *Survey, batch []ResponseParams) (*batchContext, error) {
	b := &batchContext{now: s.clock(), sv: sv, questions: map[string]*Question{}, people: map[string]*Person{},
		responded: map[string]bool{}, seen: map[string]int{}}
	qs, err := tx.Questions(ctx, sv.TenantID, sv.ID)
	if err != nil {
		return nil, err
	}
	for _, q := range qs {
		b.questions[q.ID] = q
	}
	ids := make([]string, len(batch))
	for i, r := range batch {
		ids[i] = strings.TrimSpace(r.EmployeeID)
	}
	ps, err := tx.PeopleByEmployeeID(ctx, sv.TenantID, ids)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		b.people[p.EmployeeID] = p
	}
	done, err := tx.Responded(ctx, sv.TenantID, sv.ID, ids)
	if err != nil {
		return nil, err
	}
	for _, id := range done {
		b.responded[id] = true
	}
	b.attrs, err = s.attributes(ctx, tx, sv.TenantID)
	return b, err
}

// response checks the i-th response of the batch and returns it, ready to
// save.
func (b *batchContext) response(i int, in *ResponseParams) (*Response, error) {
	at := fmt.Sprintf("%s[%d].", responsesField, i)
	id := strings.TrimSpace(in.EmployeeID)
	person := b.people[id]
	switch {
	case id == "":
		return nil, indexError(i, at+"employee_id", "is required: the respondent's employee_id from the people upload")
	case person == nil:
		return nil, indexError(i, at+"employee_id", "no person has employee_id %q; upload them with POST /v1/people/import first", id)
	case b.responded[id]:
		return nil, indexError(i, at+"employee_id", "%q already answered this survey; a person answers a survey once", id)
	}
	if prev, dup := b.seen[id]; dup {
		return nil, indexError(i, at+"employee_id", "%q also answers in responses[%d]; a person answers a survey once", id, prev)
	}
	b.seen[id] = i
	submitted := b.now
	if in.SubmittedAt != nil {
		submitted = in.SubmittedAt.UTC().Truncate(time.Microsecond)
	}
	if submitted.After(b.now.Add(submittedSkew)) {
		return nil, indexError(i, at+"submitted_at", "is in the future; send the time the person submitted the survey")
	}
	r := &Response{ID: hive.NewID(hive.PrefixResponse, b.now), TenantID: b.sv.TenantID, SurveyID: b.sv.ID, EmployeeID: id,
		SubmittedAt: submitted, SegmentIDs: Snapshot(b.attrs, person, submitted), Scores: []Score{}, Comments: []Comment{}, CreatedAt: b.now}
	if err := b.answers(i, at, in.Answers, r); err != nil {
		return nil, err
	}
	return r, nil
}

// answers checks each answer against its question and fills r.
func (b *batchContext) answers(i int, at string, in []AnswerParams, r *Response) error {
	if len(in) == 0 {
		return indexError(i, at+"answers", "must hold at least one answer")
	}
	answered := make(map[string]bool, len(in))
	for j, a := range in {
		field := fmt.Sprintf("%sanswers[%d].", at, j)
		q := b.questions[a.QuestionID]
		switch {
		case q == nil:
			return indexError(i, field+"question_id", "%q is not a question of this survey; GET /v1/surveys/%s/questions lists them", a.QuestionID, b.sv.ID)
		case answered[q.ID]:
			return indexError(i, field+"question_id", "%q is answered twice in this response", q.ID)
		}
		answered[q.ID] = true
		if !q.Numeric() {
			text, ok := a.Value.(string)
			if !ok || strings.TrimSpace(text) == "" || utf8.RuneCountInString(text) > maxCommentLen {
				return indexError(i, field+"value", "must be a non-empty string of at most %d characters for a free_text question", maxCommentLen)
			}
			r.Comments = append(r.Comments, Comment{QuestionID: q.ID, Text: text})
			continue
		}
		v, problem := numericAnswer(q, a.Value)
		if problem != "" {
			return indexError(i, field+"value", "%s", problem)
		}
		r.Scores = append(r.Scores, Score{Question: q.Position, Value: v})
	}
	return nil
}

// numericAnswer returns the value of an answer to a numeric question, or
// what is wrong with it.
func numericAnswer(q *Question, value any) (int, string) {
	f, ok := value.(float64)
	lo, hi := q.ScaleMin, q.ScaleMax
	what := fmt.Sprintf("a whole number from %d to %d (the question's scale)", lo, hi)
	if q.Type == QuestionOption {
		lo, hi = 1, len(q.Options)
		what = fmt.Sprintf("the position of one of the question's %d options, from 1 to %d", hi, hi)
	}
	if !ok || f != math.Trunc(f) || f < float64(lo) || f > float64(hi) {
		return 0, fmt.Sprintf("%s is not %s", describe(value), what)
	}
	return int(f), ""
}

func describe(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case float64:
		return fmt.Sprint(v)
	case string:
		return fmt.Sprintf("%q", v)
	}
	return "a JSON array or object"
}

// indexError is a field error that also names the index of the refused
// response.
func indexError(i int, field, format string, args ...any) error {
	return hive.FieldError(field, format, args...).WithDetails("index", i)
}
