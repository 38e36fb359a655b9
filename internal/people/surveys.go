package people

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hive-platform/hive/internal/hive"
)

// SurveyParams are the fields of a new survey. Status defaults to draft.
type SurveyParams struct {
	Name      string
	Type      SurveyType
	Status    SurveyStatus
	StartDate *time.Time
	EndDate   *time.Time
}

// SurveyChanges edit a survey; nil fields keep their value.
type SurveyChanges struct {
	Name      *string
	Status    *SurveyStatus
	StartDate *time.Time
	EndDate   *time.Time
}

const maxNameLen = 200

// CreateSurvey validates and saves a new survey. A survey created live or
// closed has its invited count set to the tenant's people now. A key
// restricted to specific surveys may not create one: it could not see it.
func (s *Service) CreateSurvey(ctx context.Context, p *hive.Principal, in SurveyParams) (*Survey, error) {
	if p.Resources.Restricted(hive.ResourceSurveys) {
		return nil, hive.Errorf(hive.EFORBIDDEN, "This API key is restricted to specific surveys and cannot create new ones; use a key with access to all surveys").
			WithDetails("resource_type", string(hive.ResourceSurveys))
	}
	now := s.clock()
	sv := &Survey{ID: hive.NewID(hive.PrefixSurvey, now), TenantID: p.TenantID, Name: strings.TrimSpace(in.Name),
		Type: in.Type, Status: in.Status, StartDate: in.StartDate, EndDate: in.EndDate, CreatedAt: now, UpdatedAt: now}
	if sv.Status == "" {
		sv.Status = StatusDraft
	}
	if err := validSurvey(sv); err != nil {
		return nil, err
	}
	if err := s.stampInvited(ctx, s.store, sv); err != nil {
		return nil, err
	}
	err := s.store.CreateSurvey(ctx, sv)
	s.surveysChanged(ctx, p.TenantID, err)
	if err != nil {
		return nil, err
	}
	return sv, nil
}

// UpdateSurvey applies changes. The invited count is taken when a draft
// goes live or closed.
func (s *Service) UpdateSurvey(ctx context.Context, p *hive.Principal, id string, in SurveyChanges) (*Survey, error) {
	var out *Survey
	err := s.store.WithinTx(ctx, func(tx Store) error {
		sv, err := s.survey(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if in.Name != nil {
			sv.Name = strings.TrimSpace(*in.Name)
		}
		if in.Status != nil {
			sv.Status = *in.Status
		}
		if in.StartDate != nil {
			sv.StartDate = in.StartDate
		}
		if in.EndDate != nil {
			sv.EndDate = in.EndDate
		}
		if err := validSurvey(sv); err != nil {
			return err
		}
		if err := s.stampInvited(ctx, tx, sv); err != nil {
			return err
		}
		sv.UpdatedAt, out = s.clock(), sv
		return tx.UpdateSurvey(ctx, sv)
	})
	s.surveysChanged(ctx, p.TenantID, err)
	return out, err
}

// stampInvited sets the invited count of a survey leaving draft: everyone
// in the tenant at that moment was invited.
func (s *Service) stampInvited(ctx context.Context, st Store, sv *Survey) error {
	if sv.Status == StatusDraft || sv.InvitedCount != nil {
		return nil
	}
	n, err := st.CountPeople(ctx, sv.TenantID)
	if err != nil {
		return err
	}
	sv.InvitedCount = &n
	return nil
}

func validSurvey(sv *Survey) error {
	switch {
	case sv.Name == "" || utf8.RuneCountInString(sv.Name) > maxNameLen:
		return hive.FieldError("name", "must be 1 to %d characters", maxNameLen)
	case !slices.Contains([]SurveyType{SurveyEngagement, SurveyPulse, SurveyENPS, SurveyCustom}, sv.Type):
		return hive.FieldError("type", "must be engagement, pulse, enps or custom")
	case !slices.Contains([]SurveyStatus{StatusDraft, StatusLive, StatusClosed}, sv.Status):
		return hive.FieldError("status", "must be draft, live or closed")
	case sv.StartDate != nil && sv.EndDate != nil && sv.EndDate.Before(*sv.StartDate):
		return hive.FieldError("end_date", "is before start_date; a survey ends after it starts")
	}
	return nil
}

// Survey returns a survey the caller may see. A key restricted to other
// surveys gets ENOTFOUND, as if the survey did not exist.
func (s *Service) Survey(ctx context.Context, p *hive.Principal, id string) (*Survey, error) {
	return s.survey(ctx, s.store, p, id)
}

func (s *Service) survey(ctx context.Context, st Store, p *hive.Principal, id string) (*Survey, error) {
	if err := surveyReachable(p, id); err != nil {
		return nil, err
	}
	sv, err := st.SurveyByID(ctx, p.TenantID, id)
	if hive.ErrorCode(err) == hive.ENOTFOUND {
		return nil, hive.Errorf(hive.ENOTFOUND, "No survey %q; GET /v1/surveys lists the surveys this key can see", id)
	}
	return sv, err
}

// surveyReachable refuses a survey id outside p's restriction, as absent.
// Writes call it before validating their input, so a restricted key learns
// nothing about a survey it may not use.
func surveyReachable(p *hive.Principal, id string) error {
	if !hive.ValidID(hive.PrefixSurvey, id) || !p.Resources.Allows(hive.ResourceSurveys, id) {
		return hive.Errorf(hive.ENOTFOUND, "No survey %q; GET /v1/surveys lists the surveys this key can see", id)
	}
	return nil
}

// ListSurveys returns a page of the surveys the caller may see, in creation
// order; f.TenantID and f.IDs are set from the principal.
func (s *Service) ListSurveys(ctx context.Context, p *hive.Principal, f SurveyFilter) ([]*Survey, error) {
	f.TenantID = p.TenantID
	if p.Resources.Restricted(hive.ResourceSurveys) {
		f.IDs = append([]string{}, p.Resources.List(hive.ResourceSurveys)...)
	}
	if list, ok, err := s.cachedSurveys(ctx, f); ok || err != nil {
		return list, err
	}
	return s.store.ListSurveys(ctx, f)
}
