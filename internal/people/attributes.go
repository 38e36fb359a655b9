package people

import (
	"context"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// NotSpecifiedLabel is the label of every attribute's segment of the people
// without a value. It is counted like any other segment.
const NotSpecifiedLabel = "Not specified"

// Attributes returns the tenant's attributes with their segments, ordered
// by ID: tenure and age first, as they are made on first use, then the
// option attributes in the order uploads introduced them.
func (s *Service) Attributes(ctx context.Context, p *hive.Principal) ([]*Attribute, error) {
	return s.attributes(ctx, s.store, p.TenantID)
}

// attributes loads the tenant's attributes through st, first creating the
// tenure and age attributes if the tenant lacks them.
func (s *Service) attributes(ctx context.Context, st Store, tenantID string) ([]*Attribute, error) {
	attrs, err := st.Attributes(ctx, tenantID)
	if err != nil || hasDateAttributes(attrs) {
		return attrs, err
	}
	err = st.WithinTx(ctx, func(tx Store) error {
		now := s.clock()
		for _, d := range []struct {
			name    string
			buckets []Bucket
		}{{AttributeTenure, TenureBuckets}, {AttributeAge, AgeBuckets}} {
			if err := createDateAttribute(ctx, tx, tenantID, d.name, d.buckets, now); err != nil {
				return err
			}
		}
		return nil
	})
	// Another request may have made them first; either way they exist now.
	if err != nil && hive.ErrorCode(err) != hive.ECONFLICT {
		return nil, err
	}
	return st.Attributes(ctx, tenantID)
}

func hasDateAttributes(attrs []*Attribute) bool {
	n := 0
	for _, a := range attrs {
		if a.Type == AttributeDate {
			n++
		}
	}
	return n == 2
}

// createDateAttribute saves a date attribute with Not specified and one
// segment per bucket.
func createDateAttribute(ctx context.Context, tx Store, tenantID, name string, buckets []Bucket, now time.Time) error {
	a := newAttribute(tenantID, name, AttributeDate, now)
	for _, b := range buckets {
		seg := newSegment(a, b.Key, b.Label, now)
		seg.Unit, seg.Min, seg.Max = b.Unit, upTo(b.Min), b.Max
	}
	if err := tx.CreateAttribute(ctx, a); err != nil {
		return err
	}
	return tx.CreateSegments(ctx, a.Segments)
}

// newAttribute returns an unsaved attribute holding only its Not specified
// segment.
func newAttribute(tenantID, name string, typ AttributeType, now time.Time) *Attribute {
	a := &Attribute{ID: hive.NewID(hive.PrefixAttribute, now), TenantID: tenantID, Name: name, Type: typ, CreatedAt: now}
	ns := newSegment(a, "", NotSpecifiedLabel, now)
	ns.NotSpecified = true
	return a
}

// newSegment appends an unsaved segment to a and returns it.
func newSegment(a *Attribute, value, label string, now time.Time) *Segment {
	seg := &Segment{ID: hive.NewID(hive.PrefixSegment, now), TenantID: a.TenantID, AttributeID: a.ID,
		Value: value, Label: label, Position: len(a.Segments) + 1, CreatedAt: now}
	a.Segments = append(a.Segments, seg)
	return seg
}

// segmentByValue returns a's segment of value, or nil.
func segmentByValue(a *Attribute, value string) *Segment {
	for _, s := range a.Segments {
		if !s.NotSpecified && s.Value == value {
			return s
		}
	}
	return nil
}

// Snapshot returns the segment ids of person at the time at: one per
// attribute, in the order of attrs, with the date attributes' buckets
// computed as of at and Not specified wherever the person has no value.
func Snapshot(attrs []*Attribute, person *Person, at time.Time) []string {
	out := make([]string, 0, len(attrs))
	for _, a := range attrs {
		seg := a.NotSpecified()
		switch {
		case a.Type == AttributeOption:
			if id, ok := person.Segments[a.ID]; ok {
				out = append(out, id)
				continue
			}
		case a.Name == AttributeTenure && person.StartDate != nil:
			seg = segmentByValue(a, TenureBucket(*person.StartDate, at))
		case a.Name == AttributeAge && person.DateOfBirth != nil:
			seg = segmentByValue(a, AgeBucket(*person.DateOfBirth, at))
		}
		if seg != nil {
			out = append(out, seg.ID)
		}
	}
	return out
}

// AttachSegments puts each segment into its attribute's Segments, for the
// stores, which load both in two queries. segs must be in position order.
func AttachSegments(attrs []*Attribute, segs []*Segment) []*Attribute {
	byID := make(map[string]*Attribute, len(attrs))
	for _, a := range attrs {
		if a.Segments == nil {
			a.Segments = []*Segment{}
		}
		byID[a.ID] = a
	}
	for _, s := range segs {
		if a := byID[s.AttributeID]; a != nil {
			a.Segments = append(a.Segments, s)
		}
	}
	return attrs
}
