package sqlite

import (
	"context"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/people"
)

// feedbackBatch is how many rows one INSERT writes: 500 Hive Fives of 11
// values stay well under SQLite's 32,766 parameters.
const feedbackBatch = 500

// insertRows writes rows in multi-row INSERTs of up to feedbackBatch rows
// inside one transaction. The statements run unprepared on the
// transaction, as UpsertPeople's do: their text varies with the batch size.
func (p *PeopleStore) insertRows(ctx context.Context, op, head string, width, n int, args func(i int) []any) error {
	return p.s.transact(ctx, func(tx *Store) error {
		for start := 0; start < n; start += feedbackBatch {
			end := min(n, start+feedbackBatch)
			vals := make([]any, 0, (end-start)*width)
			for i := start; i < end; i++ {
				vals = append(vals, args(i)...)
			}
			row := "(" + strings.TrimSuffix(strings.Repeat("?,", width), ",") + ")"
			query := head + strings.TrimSuffix(strings.Repeat(row+",", end-start), ",")
			if _, err := tx.tx.ExecContext(ctx, query, vals...); err != nil {
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

// ListOpenDoor returns a page of submissions in (day, id) order. Optional
// conditions are written so that the statement text never changes and
// stays prepared.
func (p *PeopleStore) ListOpenDoor(ctx context.Context, f people.OpenDoorFilter) ([]*people.OpenDoorSubmission, error) {
	from, to, after := dayArg(f.From), dayArg(f.To), dayArg(f.AfterDate)
	var category *string
	if f.Category != nil {
		category = (*string)(f.Category)
	}
	out, err := queryAll(ctx, p.s.reads(), func(row rowScanner) (*people.OpenDoorSubmission, error) {
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
		WHERE tenant_id = ? AND (? IS NULL OR submitted_on >= ?) AND (? IS NULL OR submitted_on < ?)
		AND (? IS NULL OR category = ?) AND (? = '' OR instr(' ' || segment_ids || ' ', ?) > 0)
		AND (? IS NULL OR (submitted_on, id) > (?, ?))
		ORDER BY submitted_on, id LIMIT ?`,
		f.TenantID, from, from, to, to, category, category, f.SegmentID, segmentPattern(f.SegmentID),
		after, after, f.AfterID, biPageLimit(f.Limit))
	return out, failure{op: "list open door"}.translate(err)
}

// AddHiveFives inserts the recognitions in one transaction.
func (p *PeopleStore) AddHiveFives(ctx context.Context, hs []*people.HiveFive) error {
	return p.insertRows(ctx, "add hive fives", `INSERT INTO hive_fives (tenant_id, sent_at, id, sender_employee_id,
		recipient_employee_id, sender_segment_ids, recipient_segment_ids, value_tag, text, private, created_at) VALUES `,
		11, len(hs), func(i int) []any {
			h := hs[i]
			return []any{h.TenantID, micros{&h.SentAt}, h.ID, h.SenderID, h.RecipientID, strings.Join(h.SenderSegmentIDs, " "),
				strings.Join(h.RecipientSegmentIDs, " "), h.Value, h.Text, h.Private, micros{&h.CreatedAt}}
		})
}

// ListHiveFives returns a page of recognitions in (sent_at, id) order.
func (p *PeopleStore) ListHiveFives(ctx context.Context, f people.HiveFiveFilter) ([]*people.HiveFive, error) {
	out, err := queryAll(ctx, p.s.reads(), func(row rowScanner) (*people.HiveFive, error) {
		h := &people.HiveFive{TenantID: f.TenantID}
		var sender, recipient string
		err := row.Scan(micros{&h.SentAt}, &h.ID, &h.SenderID, &h.RecipientID, &sender, &recipient, &h.Value, &h.Text,
			&h.Private, micros{&h.CreatedAt})
		h.SenderSegmentIDs, h.RecipientSegmentIDs = strings.Fields(sender), strings.Fields(recipient)
		return h, err
	}, `SELECT sent_at, id, sender_employee_id, recipient_employee_id, sender_segment_ids, recipient_segment_ids,
		value_tag, text, private, created_at FROM hive_fives
		WHERE tenant_id = ? AND (? IS NULL OR sent_at >= ?) AND (? IS NULL OR sent_at < ?)
		AND (? = '' OR instr(' ' || recipient_segment_ids || ' ', ?) > 0 OR (NOT private AND instr(' ' || sender_segment_ids || ' ', ?) > 0))
		AND (? IS NULL OR (sent_at, id) > (?, ?))
		ORDER BY sent_at, id LIMIT ?`,
		f.TenantID, nullMicros{&f.From}, nullMicros{&f.From}, nullMicros{&f.To}, nullMicros{&f.To},
		f.SegmentID, segmentPattern(f.SegmentID), segmentPattern(f.SegmentID),
		nullMicros{&f.AfterSentAt}, nullMicros{&f.AfterSentAt}, f.AfterID, biPageLimit(f.Limit))
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

// segmentPattern is id padded with a space at each end, found with instr
// in a space-separated list of segment ids padded the same way. Not LIKE:
// SQLite's LIKE ignores ASCII case, and base62 ids that differ only in
// case are different segments.
func segmentPattern(id string) string { return " " + id + " " }
