package people

import (
	"context"
	"time"
)

// Store persists the people domain. Every method that takes a tenant ID only
// sees that tenant's rows: another tenant's row is ENOTFOUND. Errors are
// *hive.Error with the codes stated; anything else is an internal error.
// Times come back in UTC with microsecond precision.
type Store interface {
	// WithinTx runs fn with a Store bound to one transaction, committing if
	// fn returns nil. On a Store already bound to one it runs fn in it.
	WithinTx(ctx context.Context, fn func(tx Store) error) error

	CustomMetricStore
	FeedbackStore

	// PrivacySettings returns ENOTFOUND if the tenant never saved any.
	PrivacySettings(ctx context.Context, tenantID string) (*PrivacySettings, error)
	// SavePrivacySettings inserts or replaces the tenant's settings.
	SavePrivacySettings(ctx context.Context, s *PrivacySettings) error

	// People returns every person of the tenant ordered by EmployeeID.
	People(ctx context.Context, tenantID string) ([]*Person, error)
	// PeopleByEmployeeID returns the people with those ids, in any order;
	// ids without a person are left out.
	PeopleByEmployeeID(ctx context.Context, tenantID string, ids []string) ([]*Person, error)
	// CountPeople returns how many people the tenant has.
	CountPeople(ctx context.Context, tenantID string) (int, error)
	// UpsertPeople inserts each person, or replaces every field but
	// CreatedAt of the one with the same (TenantID, EmployeeID), in
	// batches: 20,000 people take one call.
	UpsertPeople(ctx context.Context, people []*Person) error

	// Attributes returns the tenant's attributes ordered by ID, each with
	// its segments in position order.
	Attributes(ctx context.Context, tenantID string) ([]*Attribute, error)
	// CreateAttribute inserts a (without its segments). ECONFLICT if the
	// tenant has an attribute of that name.
	CreateAttribute(ctx context.Context, a *Attribute) error
	// CreateSegments inserts the segments. ECONFLICT if an attribute
	// already has a segment of that value.
	CreateSegments(ctx context.Context, segs []*Segment) error

	// CreateSurvey inserts s.
	CreateSurvey(ctx context.Context, s *Survey) error
	// SurveyByID returns ENOTFOUND if the tenant has no such survey.
	SurveyByID(ctx context.Context, tenantID, id string) (*Survey, error)
	// ListSurveys returns up to f.Limit surveys with IDs above f.After, in
	// ID order.
	ListSurveys(ctx context.Context, f SurveyFilter) ([]*Survey, error)
	// UpdateSurvey saves Name, Type, Status, StartDate, EndDate,
	// InvitedCount and UpdatedAt. ENOTFOUND if absent.
	UpdateSurvey(ctx context.Context, s *Survey) error

	// CreateQuestion inserts q. ECONFLICT if the survey has a question with
	// the same Key or Position.
	CreateQuestion(ctx context.Context, q *Question) error
	// Questions returns the survey's questions in position order.
	Questions(ctx context.Context, tenantID, surveyID string) ([]*Question, error)

	// AddResponses inserts the responses and their comments, and adds their
	// number to the survey's ResponseCount, setting its UpdatedAt to at.
	// ECONFLICT if a person already answered the survey.
	AddResponses(ctx context.Context, tenantID, surveyID string, rs []*Response, at time.Time) error
	// Responded returns which of the employee ids already answered the
	// survey.
	Responded(ctx context.Context, tenantID, surveyID string, employeeIDs []string) ([]string, error)
	// SurveyResponses returns every response of the survey, without
	// comments, ordered by ID, in one query.
	SurveyResponses(ctx context.Context, tenantID, surveyID string) ([]*Response, error)
	// ScanSurveyAnswers calls fn with each response of the survey, in ID
	// order, from one query that reads only what analytics needs; the row
	// and its byte slices are reused and valid only during the call. An
	// error from fn stops the scan and is returned.
	ScanSurveyAnswers(ctx context.Context, tenantID, surveyID string, fn func(*AnswerRow) error) error
	// SurveyComments returns the survey's free-text answers by response ID.
	SurveyComments(ctx context.Context, tenantID, surveyID string) (map[string][]Comment, error)
}
