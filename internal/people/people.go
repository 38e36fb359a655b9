// Package people is the engagement-analytics domain's data: the people of a
// tenant and their demographic attributes, the segments those attributes
// split people into (including the date buckets of tenure and age), surveys,
// their questions, the responses people give and the tenant's privacy
// settings.
//
// A response keeps a snapshot of its respondent's segment ids as of the time
// it was submitted, so that later HR changes never move historical results,
// and its numeric answers as one compact blob (see EncodeScores), so that the
// statistics of a whole survey load in one query of one row per respondent.
//
// The package imports only the shared vocabulary (hive) and the standard
// library. Storage sits behind Store; HTTP, scopes and the wire format live
// in package httpapi.
package people

import (
	"time"
)

// Person is one employee, identified within the tenant by EmployeeID, the
// HR system's id. Dates are civil dates held as UTC midnight; nil when
// unknown.
type Person struct {
	TenantID    string
	EmployeeID  string
	Email       string
	FirstName   string
	LastName    string
	StartDate   *time.Time
	DateOfBirth *time.Time
	// Segments maps each option attribute's ID to the ID of the person's
	// segment of it. An attribute absent from the map is "Not specified".
	Segments  map[string]string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// AttributeType says where an attribute's segments come from.
type AttributeType string

const (
	// AttributeOption has one segment per value found in uploads.
	AttributeOption AttributeType = "option"
	// AttributeDate has fixed date buckets computed from a person's date.
	AttributeDate AttributeType = "date"
)

// Date attribute names: tenure comes from start_date, age from date_of_birth.
const (
	AttributeTenure = "tenure"
	AttributeAge    = "age"
)

// Attribute is a demographic dimension such as department, location, tenure
// or age. Name is unique in the tenant: the CSV column name in lower case,
// or "tenure" and "age" for the date attributes.
type Attribute struct {
	ID        string
	TenantID  string
	Name      string
	Type      AttributeType
	Segments  []*Segment // in position order
	CreatedAt time.Time
}

// NotSpecified returns the attribute's "Not specified" segment.
func (a *Attribute) NotSpecified() *Segment {
	for _, s := range a.Segments {
		if s.NotSpecified {
			return s
		}
	}
	return nil
}

// Segment is one group of an attribute: an option value ("Sales"), a date
// bucket ("1–2y") or "Not specified". Its ID never changes, so that BI
// reports filtering on it keep working across uploads.
type Segment struct {
	ID          string
	TenantID    string
	AttributeID string
	// Value is the option value as uploaded, the bucket's key for a date
	// attribute, or "" for Not specified.
	Value        string
	Label        string
	Position     int // order within the attribute, from 1
	NotSpecified bool
	// Bucket bounds, date attributes only: the half-open interval
	// [Min, Max) in Unit ("months" or "years"); Max is nil for the last.
	Unit      string
	Min, Max  *int
	CreatedAt time.Time
}

// SurveyType is what kind of survey it is.
type SurveyType string

// Survey types.
const (
	SurveyEngagement SurveyType = "engagement"
	SurveyPulse      SurveyType = "pulse"
	SurveyENPS       SurveyType = "enps"
	SurveyCustom     SurveyType = "custom"
)

// SurveyStatus is where a survey is in its life.
type SurveyStatus string

// Survey statuses.
const (
	StatusDraft  SurveyStatus = "draft"
	StatusLive   SurveyStatus = "live"
	StatusClosed SurveyStatus = "closed"
)

// Survey is one survey of a tenant.
type Survey struct {
	ID        string
	TenantID  string
	Name      string
	Type      SurveyType
	Status    SurveyStatus
	StartDate *time.Time
	EndDate   *time.Time
	// InvitedCount is the number of people in the tenant when the survey
	// went live (at creation for a survey created live or closed); nil while
	// it is a draft.
	InvitedCount  *int
	ResponseCount int
	CreatedAt     time.Time
	// UpdatedAt moves on every change, including each batch of responses,
	// so that ?updated_since= finds surveys with new results.
	UpdatedAt time.Time
}

// QuestionType is how a question is answered.
type QuestionType string

// Question types.
const (
	QuestionScale    QuestionType = "scale"     // a whole number on ScaleMin..ScaleMax
	QuestionENPS     QuestionType = "enps"      // 0–10, promoters 9–10, detractors 0–6
	QuestionOption   QuestionType = "option"    // one of Options, by its position
	QuestionFreeText QuestionType = "free_text" // a comment
)

// Question is one question of a survey. Position numbers the survey's
// questions from 1 in the order they were added; responses refer to
// questions by it.
type Question struct {
	ID       string
	TenantID string
	SurveyID string
	Position int
	// Key names the question across surveys ("pride"), so that trends
	// follow it from one survey to the next. Unique within a survey.
	Key  string
	Text string
	Type QuestionType
	// Scale and bands, for scale and enps questions: an answer is
	// favourable at or above FavourableMin, unfavourable at or below
	// UnfavourableMax, neutral between. Zero for other types.
	ScaleMin, ScaleMax             int
	FavourableMin, UnfavourableMax int
	// Category is the driver the question belongs to; "" for none.
	Category          string
	InEngagementIndex bool
	Options           []string // option questions: the labels, answered as 1..len
	CreatedAt         time.Time
}

// Numeric reports whether answers to q are numbers kept in a response's
// scores (every type but free text).
func (q *Question) Numeric() bool { return q.Type != QuestionFreeText }

// Response is one person's answers to one survey.
type Response struct {
	ID          string
	TenantID    string
	SurveyID    string
	EmployeeID  string
	SubmittedAt time.Time
	// SegmentIDs is the respondent's segment of every attribute as of
	// SubmittedAt, including the tenure and age buckets and Not specified.
	SegmentIDs []string
	// Scores are the numeric answers, by question position.
	Scores []Score
	// Comments are the free-text answers; SurveyResponses leaves them out.
	Comments  []Comment
	CreatedAt time.Time
}

// AnswerRow is a response as analytics reads it: its snapshot as
// space-separated segment ids and its scores as EncodeScores wrote them.
// The strings may be kept; Scores only during the call that passed it.
type AnswerRow struct {
	ID          string
	SubmittedAt time.Time
	SegmentIDs  string
	Scores      []byte
}

// Score is a numeric answer: the value on the question's scale, or the
// option's position for an option question.
type Score struct {
	Question int // the question's Position
	Value    int
}

// Comment is a free-text answer.
type Comment struct {
	QuestionID string
	Text       string
}

// PrivacySettings are a tenant's confidentiality thresholds: no group
// smaller than Threshold is reported, and comments only for groups of at
// least CommentThreshold.
type PrivacySettings struct {
	TenantID         string
	Threshold        int
	CommentThreshold int
	UpdatedAt        time.Time // zero for the defaults of a tenant that never saved any
}

// Privacy defaults and limits.
const (
	DefaultThreshold        = 5
	MinThreshold            = 3
	DefaultCommentThreshold = 10
	MaxThreshold            = 1000
)

// SurveyFilter selects surveys of one tenant, ordered by ID (creation
// order), after the cursor After.
type SurveyFilter struct {
	TenantID     string
	Status       *SurveyStatus
	UpdatedSince *time.Time // updated at or after
	IDs          []string   // nil for every survey; otherwise only these
	After        string     // the last ID of the previous page
	Limit        int
}
