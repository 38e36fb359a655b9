package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hive-platform/hive/internal/people"
)

// PeopleStore implements people.Store on the same database as Store.
type PeopleStore struct{ s *Store }

var _ people.Store = (*PeopleStore)(nil)

// People returns the people.Store over s's database.
func (s *Store) People() *PeopleStore { return &PeopleStore{s} }

// WithinTx runs fn in a transaction on one connection of the pool.
func (p *PeopleStore) WithinTx(ctx context.Context, fn func(tx people.Store) error) error {
	return p.s.transact(ctx, func(tx *Store) error { return fn(&PeopleStore{tx}) })
}

// PrivacySettings returns the tenant's thresholds or ENOTFOUND.
func (p *PeopleStore) PrivacySettings(ctx context.Context, tenantID string) (*people.PrivacySettings, error) {
	st := people.PrivacySettings{TenantID: tenantID}
	err := p.s.db().QueryRow(ctx, `SELECT threshold, comment_threshold, updated_at FROM people_privacy
		WHERE tenant_id = $1`, tenantID).Scan(&st.Threshold, &st.CommentThreshold, &st.UpdatedAt)
	if err != nil {
		return nil, failure{op: "privacy settings", notFound: "privacy settings not found"}.translate(err)
	}
	return &st, nil
}

// SavePrivacySettings inserts or replaces the tenant's thresholds.
func (p *PeopleStore) SavePrivacySettings(ctx context.Context, st *people.PrivacySettings) error {
	_, err := p.s.db().Exec(ctx, `INSERT INTO people_privacy (tenant_id, threshold, comment_threshold, updated_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id) DO UPDATE SET threshold = excluded.threshold,
		comment_threshold = excluded.comment_threshold, updated_at = excluded.updated_at`,
		st.TenantID, st.Threshold, st.CommentThreshold, st.UpdatedAt)
	return failure{op: "save privacy settings"}.translate(err)
}

const personColumns = `tenant_id, employee_id, email, first_name, last_name, start_date, date_of_birth,
	segments, created_at, updated_at`

func personArgs(ps *people.Person) []any {
	segs := ps.Segments
	if segs == nil {
		segs = map[string]string{}
	}
	return []any{ps.TenantID, ps.EmployeeID, ps.Email, ps.FirstName, ps.LastName, civil(ps.StartDate),
		civil(ps.DateOfBirth), segs, ps.CreatedAt, ps.UpdatedAt}
}

func scanPerson(row pgx.Row) (*people.Person, error) {
	var ps people.Person
	var start, birth *string
	err := row.Scan(&ps.TenantID, &ps.EmployeeID, &ps.Email, &ps.FirstName, &ps.LastName, &start, &birth,
		&ps.Segments, &ps.CreatedAt, &ps.UpdatedAt)
	if err != nil {
		return nil, err
	}
	if ps.StartDate, err = parseCivil(start); err != nil {
		return nil, err
	}
	ps.DateOfBirth, err = parseCivil(birth)
	return &ps, err
}

// People returns every person of the tenant ordered by employee id.
func (p *PeopleStore) People(ctx context.Context, tenantID string) ([]*people.Person, error) {
	out, err := queryAll(ctx, p.s.db(), scanPerson,
		`SELECT `+personColumns+` FROM people WHERE tenant_id = $1 ORDER BY employee_id`, tenantID)
	return out, failure{op: "list people"}.translate(err)
}

// PeopleByEmployeeID returns the people with those ids.
func (p *PeopleStore) PeopleByEmployeeID(ctx context.Context, tenantID string, ids []string) ([]*people.Person, error) {
	out, err := queryAll(ctx, p.s.db(), scanPerson, `SELECT `+personColumns+` FROM people
		WHERE tenant_id = $1 AND employee_id = ANY($2)`, tenantID, ids)
	return out, failure{op: "people by employee id"}.translate(err)
}

// CountPeople returns how many people the tenant has.
func (p *PeopleStore) CountPeople(ctx context.Context, tenantID string) (int, error) {
	var n int
	err := p.s.db().QueryRow(ctx, `SELECT count(*) FROM people WHERE tenant_id = $1`, tenantID).Scan(&n)
	return n, failure{op: "count people"}.translate(err)
}

// upsertBatch is how many people one INSERT writes: 500 rows of 10 values
// stay well under PostgreSQL's 65,535 parameters.
const upsertBatch = 500

// UpsertPeople writes people in multi-row statements in one transaction.
func (p *PeopleStore) UpsertPeople(ctx context.Context, ps []*people.Person) error {
	return p.s.transact(ctx, func(tx *Store) error {
		for len(ps) > 0 {
			n := min(len(ps), upsertBatch)
			args := make([]any, 0, n*10)
			for _, person := range ps[:n] {
				args = append(args, personArgs(person)...)
			}
			if _, err := tx.db().Exec(ctx, upsertPeopleSQL(n), args...); err != nil {
				return failure{op: "upsert people"}.translate(err)
			}
			ps = ps[n:]
		}
		return nil
	})
}

func upsertPeopleSQL(rows int) string {
	var b strings.Builder
	b.WriteString(`INSERT INTO people (` + personColumns + `) VALUES `)
	for i := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for j := range 10 {
			if j > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "$%d", i*10+j+1)
		}
		b.WriteByte(')')
	}
	b.WriteString(` ON CONFLICT (tenant_id, employee_id) DO UPDATE SET email = excluded.email,
		first_name = excluded.first_name, last_name = excluded.last_name, start_date = excluded.start_date,
		date_of_birth = excluded.date_of_birth, segments = excluded.segments, updated_at = excluded.updated_at`)
	return b.String()
}

// Attributes returns the tenant's attributes with their segments.
func (p *PeopleStore) Attributes(ctx context.Context, tenantID string) ([]*people.Attribute, error) {
	attrs, err := queryAll(ctx, p.s.db(), func(row pgx.Row) (*people.Attribute, error) {
		a := &people.Attribute{Segments: []*people.Segment{}}
		return a, row.Scan(&a.ID, &a.TenantID, &a.Name, (*string)(&a.Type), &a.CreatedAt)
	}, `SELECT id, tenant_id, name, type, created_at FROM attributes WHERE tenant_id = $1 ORDER BY id`, tenantID)
	if err != nil {
		return nil, failure{op: "list attributes"}.translate(err)
	}
	segs, err := queryAll(ctx, p.s.db(), func(row pgx.Row) (*people.Segment, error) {
		var s people.Segment
		return &s, row.Scan(&s.ID, &s.TenantID, &s.AttributeID, &s.Value, &s.Label, &s.Position, &s.NotSpecified,
			&s.Unit, &s.Min, &s.Max, &s.CreatedAt)
	}, `SELECT `+segmentColumns+` FROM segments WHERE tenant_id = $1 ORDER BY attribute_id, position`, tenantID)
	if err != nil {
		return nil, failure{op: "list segments"}.translate(err)
	}
	return people.AttachSegments(attrs, segs), nil
}

// CreateAttribute inserts a; a name the tenant has is ECONFLICT.
func (p *PeopleStore) CreateAttribute(ctx context.Context, a *people.Attribute) error {
	_, err := p.s.db().Exec(ctx, `INSERT INTO attributes (id, tenant_id, name, type, created_at)
		VALUES ($1, $2, $3, $4, $5)`, a.ID, a.TenantID, a.Name, string(a.Type), a.CreatedAt)
	return failure{op: "create attribute", conflict: fmt.Sprintf("an attribute named %q already exists", a.Name)}.translate(err)
}

const segmentColumns = `id, tenant_id, attribute_id, value, label, position, not_specified, unit,
	min_value, max_value, created_at`

// CreateSegments inserts the segments; a value the attribute has is
// ECONFLICT.
func (p *PeopleStore) CreateSegments(ctx context.Context, segs []*people.Segment) error {
	return p.s.transact(ctx, func(tx *Store) error {
		for _, s := range segs {
			if err := owned(ctx, tx, "attributes", s.TenantID, s.AttributeID, "attribute"); err != nil {
				return err
			}
			_, err := tx.db().Exec(ctx, `INSERT INTO segments (`+segmentColumns+`)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, s.ID, s.TenantID, s.AttributeID, s.Value,
				s.Label, s.Position, s.NotSpecified, s.Unit, s.Min, s.Max, s.CreatedAt)
			if err != nil {
				return failure{op: "create segment", conflict: fmt.Sprintf("a segment %q already exists", s.Value)}.translate(err)
			}
		}
		return nil
	})
}

const surveyColumns = `id, tenant_id, name, type, status, start_date, end_date, invited_count, response_count,
	created_at, updated_at`

func scanSurvey(row pgx.Row) (*people.Survey, error) {
	var s people.Survey
	err := row.Scan(&s.ID, &s.TenantID, &s.Name, (*string)(&s.Type), (*string)(&s.Status), &s.StartDate, &s.EndDate,
		&s.InvitedCount, &s.ResponseCount, &s.CreatedAt, &s.UpdatedAt)
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// CreateSurvey inserts s.
func (p *PeopleStore) CreateSurvey(ctx context.Context, s *people.Survey) error {
	_, err := p.s.db().Exec(ctx, `INSERT INTO surveys (`+surveyColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, s.ID, s.TenantID, s.Name, string(s.Type),
		string(s.Status), s.StartDate, s.EndDate, s.InvitedCount, s.ResponseCount, s.CreatedAt, s.UpdatedAt)
	return failure{op: "create survey"}.translate(err)
}

// SurveyByID returns the tenant's survey or ENOTFOUND.
func (p *PeopleStore) SurveyByID(ctx context.Context, tenantID, id string) (*people.Survey, error) {
	s, err := scanSurvey(p.s.db().QueryRow(ctx,
		`SELECT `+surveyColumns+` FROM surveys WHERE tenant_id = $1 AND id = $2`, tenantID, id))
	return s, failure{op: "survey by id", notFound: "survey not found"}.translate(err)
}

// ListSurveys returns a page of surveys in ID order.
func (p *PeopleStore) ListSurveys(ctx context.Context, f people.SurveyFilter) ([]*people.Survey, error) {
	var status *string
	if f.Status != nil {
		status = (*string)(f.Status)
	}
	out, err := queryAll(ctx, p.s.db(), scanSurvey, `SELECT `+surveyColumns+` FROM surveys
		WHERE tenant_id = $1 AND id > $2 AND ($3::text IS NULL OR status = $3)
		AND ($4::timestamptz IS NULL OR updated_at >= $4) AND ($5::text[] IS NULL OR id = ANY($5))
		ORDER BY id LIMIT $6`, f.TenantID, f.After, status, f.UpdatedSince, f.IDs, biPageLimit(f.Limit))
	return out, failure{op: "list surveys"}.translate(err)
}

// biPageLimit caps the limit of an Open API page: at most 1,000 rows plus
// the one that tells whether there is a next page.
func biPageLimit(n int) int {
	switch {
	case n <= 0:
		return 100
	case n > 1001:
		return 1001
	}
	return n
}

// UpdateSurvey saves the mutable fields of s or returns ENOTFOUND.
func (p *PeopleStore) UpdateSurvey(ctx context.Context, s *people.Survey) error {
	err := p.s.db().QueryRow(ctx, `UPDATE surveys SET name = $1, type = $2, status = $3, start_date = $4,
		end_date = $5, invited_count = $6, updated_at = $7 WHERE tenant_id = $8 AND id = $9 RETURNING id`,
		s.Name, string(s.Type), string(s.Status), s.StartDate, s.EndDate, s.InvitedCount, s.UpdatedAt,
		s.TenantID, s.ID).Scan(new(string))
	return failure{op: "update survey", notFound: "survey not found"}.translate(err)
}

const questionColumns = `id, tenant_id, survey_id, position, question_key, text, type, scale_min, scale_max,
	favourable_min, unfavourable_max, category, in_engagement_index, options, created_at`

// CreateQuestion inserts q; a key or position the survey has is ECONFLICT.
func (p *PeopleStore) CreateQuestion(ctx context.Context, q *people.Question) error {
	if q.Options == nil {
		q.Options = []string{}
	}
	return p.s.transact(ctx, func(tx *Store) error {
		if err := owned(ctx, tx, "surveys", q.TenantID, q.SurveyID, "survey"); err != nil {
			return err
		}
		_, err := tx.db().Exec(ctx, `INSERT INTO questions (`+questionColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
			q.ID, q.TenantID, q.SurveyID, q.Position, q.Key, q.Text, string(q.Type), q.ScaleMin, q.ScaleMax,
			q.FavourableMin, q.UnfavourableMax, q.Category, q.InEngagementIndex, q.Options, q.CreatedAt)
		return failure{op: "create question", conflict: "the survey already has a question with that key or position"}.translate(err)
	})
}

// Questions returns the survey's questions in position order.
func (p *PeopleStore) Questions(ctx context.Context, tenantID, surveyID string) ([]*people.Question, error) {
	out, err := queryAll(ctx, p.s.db(), func(row pgx.Row) (*people.Question, error) {
		var q people.Question
		return &q, row.Scan(&q.ID, &q.TenantID, &q.SurveyID, &q.Position, &q.Key, &q.Text, (*string)(&q.Type),
			&q.ScaleMin, &q.ScaleMax, &q.FavourableMin, &q.UnfavourableMax, &q.Category, &q.InEngagementIndex,
			&q.Options, &q.CreatedAt)
	}, `SELECT `+questionColumns+` FROM questions WHERE tenant_id = $1 AND survey_id = $2 ORDER BY position`, tenantID, surveyID)
	return out, failure{op: "list questions"}.translate(err)
}

// AddResponses inserts the responses and their comments and counts them on
// the survey. A person who already answered is ECONFLICT.
func (p *PeopleStore) AddResponses(ctx context.Context, tenantID, surveyID string, rs []*people.Response, at time.Time) error {
	return p.s.transact(ctx, func(tx *Store) error {
		if err := owned(ctx, tx, "surveys", tenantID, surveyID, "survey"); err != nil {
			return err
		}
		for _, r := range rs {
			_, err := tx.db().Exec(ctx, `INSERT INTO responses (survey_id, id, tenant_id, employee_id,
				submitted_at, segment_ids, scores, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
				surveyID, r.ID, tenantID, r.EmployeeID, r.SubmittedAt, strings.Join(r.SegmentIDs, " "),
				people.EncodeScores(r.Scores), r.CreatedAt)
			if err != nil {
				return failure{op: "add response", conflict: fmt.Sprintf("%q already answered this survey", r.EmployeeID)}.translate(err)
			}
			for _, c := range r.Comments {
				_, err := tx.db().Exec(ctx, `INSERT INTO response_comments (survey_id, response_id,
					question_id, tenant_id, text) VALUES ($1, $2, $3, $4, $5)`, surveyID, r.ID, c.QuestionID, tenantID, c.Text)
				if err != nil {
					return failure{op: "add comment"}.translate(err)
				}
			}
		}
		err := tx.db().QueryRow(ctx, `UPDATE surveys SET response_count = response_count + $1, updated_at = $2
			WHERE tenant_id = $3 AND id = $4 RETURNING id`, len(rs), at, tenantID, surveyID).Scan(new(string))
		return failure{op: "count responses", notFound: "survey not found"}.translate(err)
	})
}

// Responded returns which of the ids already answered the survey.
func (p *PeopleStore) Responded(ctx context.Context, tenantID, surveyID string, ids []string) ([]string, error) {
	rows, err := p.s.db().Query(ctx, `SELECT employee_id FROM responses WHERE survey_id = $1 AND tenant_id = $2
		AND employee_id = ANY($3)`, surveyID, tenantID, ids)
	if err != nil {
		return nil, failure{op: "responded"}.translate(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	return out, failure{op: "responded"}.translate(err)
}

// SurveyResponses returns the survey's responses in one index range scan.
func (p *PeopleStore) SurveyResponses(ctx context.Context, tenantID, surveyID string) ([]*people.Response, error) {
	rows, err := p.s.db().Query(ctx, `SELECT id, employee_id, submitted_at, segment_ids, scores, created_at
		FROM responses WHERE survey_id = $1 AND tenant_id = $2 ORDER BY id`, surveyID, tenantID)
	if err != nil {
		return nil, failure{op: "survey responses"}.translate(err)
	}
	defer rows.Close()
	var out []*people.Response
	for rows.Next() {
		r := &people.Response{TenantID: tenantID, SurveyID: surveyID}
		var segs string
		var scores []byte
		if err := rows.Scan(&r.ID, &r.EmployeeID, &r.SubmittedAt, &segs, &scores, &r.CreatedAt); err != nil {
			return nil, failure{op: "survey responses"}.translate(err)
		}
		r.SegmentIDs = strings.Fields(segs)
		if r.Scores, err = people.DecodeScores(scores); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, failure{op: "survey responses"}.translate(rows.Err())
}

// SurveyComments returns the survey's free-text answers by response ID.
func (p *PeopleStore) SurveyComments(ctx context.Context, tenantID, surveyID string) (map[string][]people.Comment, error) {
	rows, err := p.s.db().Query(ctx, `SELECT response_id, question_id, text FROM response_comments
		WHERE survey_id = $1 AND tenant_id = $2 ORDER BY response_id, question_id`, surveyID, tenantID)
	if err != nil {
		return nil, failure{op: "survey comments"}.translate(err)
	}
	defer rows.Close()
	out := map[string][]people.Comment{}
	for rows.Next() {
		var id string
		var c people.Comment
		if err := rows.Scan(&id, &c.QuestionID, &c.Text); err != nil {
			return nil, failure{op: "survey comments"}.translate(err)
		}
		out[id] = append(out[id], c)
	}
	return out, failure{op: "survey comments"}.translate(rows.Err())
}

// civil returns an optional civil date as YYYY-MM-DD, nil for none.
func civil(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

func parseCivil(s *string) (*time.Time, error) {
	if s == nil {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, *s)
	return &t, err
}

// ScanSurveyAnswers streams the survey's responses, four columns a row, so
// that a survey of 10,000 responses loads without a value per answer.
func (p *PeopleStore) ScanSurveyAnswers(ctx context.Context, tenantID, surveyID string, fn func(*people.AnswerRow) error) error {
	rows, err := p.s.db().Query(ctx, `SELECT id, submitted_at, segment_ids, scores
		FROM responses WHERE survey_id = $1 AND tenant_id = $2 ORDER BY id`, surveyID, tenantID)
	if err != nil {
		return failure{op: "scan survey answers"}.translate(err)
	}
	defer rows.Close()
	var row people.AnswerRow
	for rows.Next() {
		if err := rows.Scan(&row.ID, &row.SubmittedAt, &row.SegmentIDs, &row.Scores); err != nil {
			return failure{op: "scan survey answers"}.translate(err)
		}
		if err := fn(&row); err != nil {
			return err
		}
	}
	return failure{op: "scan survey answers"}.translate(rows.Err())
}
