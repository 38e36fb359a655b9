package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hive-platform/hive/internal/people"
)

// feedbackBatch is how many rows one INSERT writes: 500 Hive Fives of 11
// values stay well under PostgreSQL's 65,535 parameters.
const feedbackBatch = 500

// insertRows writes rows in multi-row INSERTs of up to feedbackBatch rows
// inside one transaction.
func (p *PeopleStore) insertRows(ctx context.Context, op, head string, width, n int, args func(i int) []any) error {
	return p.s.transact(ctx, func(tx *Store) error {
		for start := 0; start < n; start += feedbackBatch {
			end := min(n, start+feedbackBatch)
			vals := make([]any, 0, (end-start)*width)
			var b strings.Builder
			b.WriteString(head)
			for i := start; i < end; i++ {
				if i > start {
					b.WriteByte(',')
				}
				b.WriteByte('(')
				for j := range width {
					if j > 0 {
						b.WriteByte(',')
					}
					fmt.Fprintf(&b, "$%d", len(vals)+j+1)
				}
				b.WriteByte(')')
				vals = append(vals, args(i)...)
			}
			if _, err := tx.db().Exec(ctx, b.String(), vals...); err != nil {
				return failure{op: op}.translate(err)
			}
		}
		return nil
	})
}

// AddOpenDoor inserts the submissions in one transaction.
func (p *PeopleStore) AddOpenDoor(ctx context.Context, subs []*people.OpenDoorSubmission) error {
	return p.insertRows(ctx, "add open door", `INSERT INTO open_door (tenant_id, submitted_on, id, category, text,
		segment_ids) VALUES `, 6, len(subs), func(i int) []any {
		s := subs[i]
		return []any{s.TenantID, s.SubmittedOn.Format(time.DateOnly), s.ID, string(s.Category), s.Text, strings.Join(s.SegmentIDs, " ")}
	})
}

// ListOpenDoor returns a page of submissions in (day, id) order.
func (p *PeopleStore) ListOpenDoor(ctx context.Context, f people.OpenDoorFilter) ([]*people.OpenDoorSubmission, error) {
	var category *string
	if f.Category != nil {
		category = (*string)(f.Category)
	}
	out, err := queryAll(ctx, p.s.db(), func(row pgx.Row) (*people.OpenDoorSubmission, error) {
		s := &people.OpenDoorSubmission{TenantID: f.TenantID}
		var day, segs string
		if err := row.Scan(&day, &s.ID, &s.Category, &s.Text, &segs); err != nil {
			return nil, err
		}
		s.SegmentIDs = strings.Fields(segs)
		var err error
		s.SubmittedOn, err = time.Parse(time.DateOnly, day)
		return s, err
	}, `SELECT submitted_on, id, category, text, segment_ids FROM open_door
		WHERE tenant_id = $1 AND ($2::text IS NULL OR submitted_on >= $2) AND ($3::text IS NULL OR submitted_on < $3)
		AND ($4::text IS NULL OR category = $4) AND ($5 = '' OR ' ' || segment_ids || ' ' LIKE $6)
		AND ($7::text IS NULL OR (submitted_on, id) > ($7, $8))
		ORDER BY submitted_on, id LIMIT $9`,
		f.TenantID, dayArg(f.From), dayArg(f.To), category, f.SegmentID, segmentPattern(f.SegmentID),
		dayArg(f.AfterDate), f.AfterID, biPageLimit(f.Limit))
	return out, failure{op: "list open door"}.translate(err)
}

// AddHiveFives inserts the recognitions in one transaction.
func (p *PeopleStore) AddHiveFives(ctx context.Context, hs []*people.HiveFive) error {
	return p.insertRows(ctx, "add hive fives", `INSERT INTO hive_fives (tenant_id, sent_at, id, sender_employee_id,
		recipient_employee_id, sender_segment_ids, recipient_segment_ids, value_tag, text, private, created_at) VALUES `,
		11, len(hs), func(i int) []any {
			h := hs[i]
			return []any{h.TenantID, h.SentAt, h.ID, h.SenderID, h.RecipientID, strings.Join(h.SenderSegmentIDs, " "),
				strings.Join(h.RecipientSegmentIDs, " "), h.Value, h.Text, h.Private, h.CreatedAt}
		})
}

// ListHiveFives returns a page of recognitions in (sent_at, id) order.
func (p *PeopleStore) ListHiveFives(ctx context.Context, f people.HiveFiveFilter) ([]*people.HiveFive, error) {
	out, err := queryAll(ctx, p.s.db(), func(row pgx.Row) (*people.HiveFive, error) {
		h := &people.HiveFive{TenantID: f.TenantID}
		var sender, recipient string
		err := row.Scan(&h.SentAt, &h.ID, &h.SenderID, &h.RecipientID, &sender, &recipient, &h.Value, &h.Text,
			&h.Private, &h.CreatedAt)
		h.SenderSegmentIDs, h.RecipientSegmentIDs = strings.Fields(sender), strings.Fields(recipient)
		h.SentAt, h.CreatedAt = h.SentAt.UTC(), h.CreatedAt.UTC()
		return h, err
	}, `SELECT sent_at, id, sender_employee_id, recipient_employee_id, sender_segment_ids, recipient_segment_ids,
		value_tag, text, private, created_at FROM hive_fives
		WHERE tenant_id = $1 AND ($2::timestamptz IS NULL OR sent_at >= $2) AND ($3::timestamptz IS NULL OR sent_at < $3)
		AND ($4 = '' OR ' ' || recipient_segment_ids || ' ' LIKE $5 OR (NOT private AND ' ' || sender_segment_ids || ' ' LIKE $5))
		AND ($6::timestamptz IS NULL OR (sent_at, id) > ($6, $7))
		ORDER BY sent_at, id LIMIT $8`,
		f.TenantID, f.From, f.To, f.SegmentID, segmentPattern(f.SegmentID), f.AfterSentAt, f.AfterID, biPageLimit(f.Limit))
	return out, failure{op: "list hive fives"}.translate(err)
}

// dayArg renders an optional day as YYYY-MM-DD, or NULL.
func dayArg(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.UTC().Format(time.DateOnly)
	return &s
}

// segmentPattern matches a space-separated list of segment ids, padded with
// a space at each end, that holds id. IDs are base62, so hold no LIKE
// wildcards.
func segmentPattern(id string) string { return "% " + id + " %" }
