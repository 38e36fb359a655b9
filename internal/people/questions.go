package people

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hive-platform/hive/internal/hive"
)

// QuestionParams are the fields of a new question. Nil scale and band
// fields take the defaults of the question's type and scale.
type QuestionParams struct {
	Key               string
	Text              string
	Type              QuestionType
	ScaleMin          *int
	ScaleMax          *int
	FavourableMin     *int
	UnfavourableMax   *int
	Category          string
	InEngagementIndex bool
	Options           []string
}

// Scales a question may use, with their default bands: on 0–10 favourable
// is 7 and above and unfavourable 4 and below; on 1–5, 4 and above and 2
// and below. eNPS is 0–10 with promoters 9–10 and detractors 0–6.
var defaultBands = map[[2]int][2]int{{0, 10}: {7, 4}, {1, 5}: {4, 2}}

const (
	enpsPromoterMin  = 9
	enpsDetractorMax = 6
	maxQuestionText  = 1000
	maxCategoryLen   = 100
)

var questionKeyPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)

// AddQuestion validates a question and appends it to the survey.
func (s *Service) AddQuestion(ctx context.Context, p *hive.Principal, surveyID string, in QuestionParams) (*Question, error) {
	if err := surveyReachable(p, surveyID); err != nil {
		return nil, err
	}
	q, err := newQuestion(in)
	if err != nil {
		return nil, err
	}
	err = s.store.WithinTx(ctx, func(tx Store) error {
		sv, err := s.survey(ctx, tx, p, surveyID)
		if err != nil {
			return err
		}
		qs, err := tx.Questions(ctx, p.TenantID, sv.ID)
		if err != nil {
			return err
		}
		if i := slices.IndexFunc(qs, func(o *Question) bool { return o.Key == q.Key }); i >= 0 {
			return hive.Errorf(hive.ECONFLICT, "question_key: %q is already question %s of this survey; a key names one question per survey", q.Key, qs[i].ID).
				WithDetails("field", "question_key", "question_id", qs[i].ID)
		}
		if len(qs) >= MaxQuestions {
			return hive.Errorf(hive.EINVALID, "A survey holds at most %d questions", MaxQuestions)
		}
		now := s.clock()
		q.ID, q.TenantID, q.SurveyID, q.CreatedAt = hive.NewID(hive.PrefixQuestion, now), p.TenantID, sv.ID, now
		q.Position = len(qs) + 1
		return tx.CreateQuestion(ctx, q)
	})
	if err != nil {
		return nil, err
	}
	s.cache.invalidate(p.TenantID, q.SurveyID)
	return q, nil
}

// Questions returns the survey's questions in position order.
func (s *Service) Questions(ctx context.Context, p *hive.Principal, surveyID string) ([]*Question, error) {
	sv, err := s.Survey(ctx, p, surveyID)
	if err != nil {
		return nil, err
	}
	return s.store.Questions(ctx, p.TenantID, sv.ID)
}

// newQuestion checks in and returns the unsaved question it describes.
func newQuestion(in QuestionParams) (*Question, error) {
	q := &Question{Key: strings.TrimSpace(in.Key), Text: strings.TrimSpace(in.Text), Type: in.Type,
		Category: strings.TrimSpace(in.Category), InEngagementIndex: in.InEngagementIndex}
	switch {
	case !questionKeyPattern.MatchString(q.Key):
		return nil, hive.FieldError("question_key", "must be 1 to 64 lower-case letters, digits, '_', '.' or '-', starting with a letter or digit, such as \"pride\"; use the same key for the same question in every survey")
	case q.Text == "" || utf8.RuneCountInString(q.Text) > maxQuestionText:
		return nil, hive.FieldError("text", "must be 1 to %d characters", maxQuestionText)
	case utf8.RuneCountInString(q.Category) > maxCategoryLen:
		return nil, hive.FieldError("category", "must be at most %d characters", maxCategoryLen)
	case in.InEngagementIndex && q.Type != QuestionScale:
		return nil, hive.FieldError("in_engagement_index", "only scale questions can be in the Engagement Index")
	}
	var err error
	switch q.Type {
	case QuestionScale:
		err = q.setScale(in)
	case QuestionENPS:
		err = q.setENPS(in)
	case QuestionOption, QuestionFreeText:
		err = q.setChoices(in)
	default:
		err = hive.FieldError("type", "must be scale, enps, option or free_text")
	}
	return q, err
}

func (q *Question) setScale(in QuestionParams) error {
	q.ScaleMin, q.ScaleMax = orInt(in.ScaleMin, 0), orInt(in.ScaleMax, 10)
	bands, ok := defaultBands[[2]int{q.ScaleMin, q.ScaleMax}]
	if !ok {
		return hive.FieldError("scale_max", "the scale must be 0–10 (the default) or 1–5, not %d–%d", q.ScaleMin, q.ScaleMax)
	}
	q.FavourableMin, q.UnfavourableMax = orInt(in.FavourableMin, bands[0]), orInt(in.UnfavourableMax, bands[1])
	switch {
	case q.UnfavourableMax < q.ScaleMin || q.UnfavourableMax >= q.ScaleMax:
		return hive.FieldError("unfavourable_max", "must be from %d to %d", q.ScaleMin, q.ScaleMax-1)
	case q.FavourableMin <= q.UnfavourableMax || q.FavourableMin > q.ScaleMax:
		return hive.FieldError("favourable_min", "must be above unfavourable_max (%d) and at most %d", q.UnfavourableMax, q.ScaleMax)
	}
	return noChoices(in)
}

func (q *Question) setENPS(in QuestionParams) error {
	q.ScaleMin, q.ScaleMax, q.FavourableMin, q.UnfavourableMax = 0, 10, enpsPromoterMin, enpsDetractorMax
	switch {
	case orInt(in.ScaleMin, 0) != 0 || orInt(in.ScaleMax, 10) != 10:
		return hive.FieldError("scale_max", "an eNPS question is always 0–10; leave scale_min and scale_max out")
	case orInt(in.FavourableMin, enpsPromoterMin) != enpsPromoterMin || orInt(in.UnfavourableMax, enpsDetractorMax) != enpsDetractorMax:
		return hive.FieldError("favourable_min", "eNPS bands are fixed (promoters 9–10, detractors 0–6); leave the bands out")
	}
	return noChoices(in)
}

// setChoices checks an option or free-text question, which has no scale.
func (q *Question) setChoices(in QuestionParams) error {
	if in.ScaleMin != nil || in.ScaleMax != nil || in.FavourableMin != nil || in.UnfavourableMax != nil {
		return hive.FieldError("scale_min", "only scale and enps questions have a scale and bands; leave them out")
	}
	if q.Type == QuestionFreeText {
		return noChoices(in)
	}
	if len(in.Options) < 2 || len(in.Options) > MaxOptions {
		return hive.FieldError("options", "an option question needs 2 to %d options", MaxOptions)
	}
	for i, o := range in.Options {
		o = strings.TrimSpace(o)
		field := fmt.Sprintf("options[%d]", i)
		switch {
		case o == "" || utf8.RuneCountInString(o) > maxTextLen:
			return hive.FieldError(field, "must be 1 to %d characters", maxTextLen)
		case slices.Contains(q.Options, o):
			return hive.FieldError(field, "%q is listed twice", o)
		}
		q.Options = append(q.Options, o)
	}
	return nil
}

func noChoices(in QuestionParams) error {
	if len(in.Options) > 0 {
		return hive.FieldError("options", "only option questions have options; leave them out")
	}
	return nil
}

func orInt(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}
