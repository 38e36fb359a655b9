package people

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hive-platform/hive/internal/analytics"
	"github.com/hive-platform/hive/internal/hive"
)

// Dataset caching. Loading a survey of 10,000 respondents from the store
// costs far more than any report computed from it, so each node keeps the
// datasets it built, per (tenant, survey), and trusts one while
//
//   - no write through this node's Service has touched the survey's
//     responses or questions, or the tenant's people and attributes since it
//     was loaded (a version counter per survey and per tenant, bumped by the
//     write methods);
//   - the survey row still has the response count and updated_at it had,
//     which catches responses added through another node at no extra cost,
//     since every report reads the survey row to check the key's
//     restrictions anyway; and
//   - it is younger than DatasetTTL, which bounds how long a question or
//     people upload made through another node goes unseen.
const (
	DatasetTTL        = 30 * time.Second
	maxCachedDatasets = 32
)

// datasetCache holds built datasets and the write versions that invalidate
// them.
type datasetCache struct {
	mu       sync.Mutex
	versions map[string]uint64 // by tenant id, and by tenant id + "/" + survey id
	entries  map[string]*cachedDataset
}

type cachedDataset struct {
	ds        *analytics.Dataset
	versions  [2]uint64 // tenant, survey
	updatedAt time.Time
	responses int
	loadedAt  time.Time
}

func newDatasetCache() *datasetCache {
	return &datasetCache{versions: map[string]uint64{}, entries: map[string]*cachedDataset{}}
}

func surveyKey(tenantID, surveyID string) string { return tenantID + "/" + surveyID }

// invalidate marks the survey's cached dataset stale, or with surveyID ""
// every dataset of the tenant.
func (c *datasetCache) invalidate(tenantID, surveyID string) {
	key := tenantID
	if surveyID != "" {
		key = surveyKey(tenantID, surveyID)
	}
	c.mu.Lock()
	c.versions[key]++
	c.mu.Unlock()
}

// current returns the versions a dataset of sv loaded now would carry.
func (c *datasetCache) current(sv *Survey) [2]uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return [2]uint64{c.versions[sv.TenantID], c.versions[surveyKey(sv.TenantID, sv.ID)]}
}

// get returns the cached dataset of sv if it is still to be trusted at now.
func (c *datasetCache) get(sv *Survey, now time.Time) *analytics.Dataset {
	v := c.current(sv)
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[surveyKey(sv.TenantID, sv.ID)]
	if e == nil || e.versions != v || !e.updatedAt.Equal(sv.UpdatedAt) || e.responses != sv.ResponseCount ||
		now.Sub(e.loadedAt) >= DatasetTTL || now.Before(e.loadedAt) {
		return nil
	}
	return e.ds
}

// put caches ds, built for sv from data read after the versions v were
// taken: a write that raced with the load has moved them on, so the entry
// is stale at once rather than wrong for DatasetTTL.
func (c *datasetCache) put(sv *Survey, ds *analytics.Dataset, v [2]uint64, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCachedDatasets {
		c.evictOldest()
	}
	c.entries[surveyKey(sv.TenantID, sv.ID)] = &cachedDataset{ds: ds, versions: v, updatedAt: sv.UpdatedAt,
		responses: sv.ResponseCount, loadedAt: now}
}

func (c *datasetCache) evictOldest() {
	var oldest string
	for k, e := range c.entries {
		if oldest == "" || e.loadedAt.Before(c.entries[oldest].loadedAt) {
			oldest = k
		}
	}
	delete(c.entries, oldest)
}

// dataset returns the survey the caller may see and its dataset, from the
// cache when it can be trusted.
func (s *Service) dataset(ctx context.Context, p *hive.Principal, surveyID string) (*Survey, *analytics.Dataset, error) {
	sv, err := s.Survey(ctx, p, surveyID)
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	if ds := s.cache.get(sv, now); ds != nil {
		return sv, ds, nil
	}
	v := s.cache.current(sv)
	ds, err := s.LoadDataset(ctx, sv)
	if err != nil {
		return nil, nil, err
	}
	s.cache.put(sv, ds, v, now)
	return sv, ds, nil
}

// LoadDataset reads a survey's questions, the tenant's attributes and the
// survey's responses from the store and builds the analytics dataset,
// bypassing the cache. A response whose snapshot names a segment made
// after the attributes were read (an upload racing the load) counts as Not
// specified for that attribute until the next load.
func (s *Service) LoadDataset(ctx context.Context, sv *Survey) (*analytics.Dataset, error) {
	qs, err := s.store.Questions(ctx, sv.TenantID, sv.ID)
	if err != nil {
		return nil, err
	}
	if len(qs) == 0 {
		return nil, hive.FieldError("survey_id", "survey %q has no questions yet; add them with POST /v1/surveys/%s/questions", sv.ID, sv.ID)
	}
	attrs, err := s.attributes(ctx, s.store, sv.TenantID)
	if err != nil {
		return nil, err
	}
	b, err := analytics.NewBuilder(engineSurvey(sv, qs, attrs), sv.ResponseCount)
	if err != nil {
		return nil, fmt.Errorf("people: survey %s: %w", sv.ID, err)
	}
	l := newLoader(b, qs, attrs)
	if err := s.store.ScanSurveyAnswers(ctx, sv.TenantID, sv.ID, l.add); err != nil {
		return nil, fmt.Errorf("people: survey %s: %w", sv.ID, err)
	}
	return b.Build(), nil
}

// engineSurvey describes a survey to the analytics engine: its questions in
// position order and every attribute of the tenant with all its segments.
func engineSurvey(sv *Survey, qs []*Question, attrs []*Attribute) analytics.Survey {
	out := analytics.Survey{ID: sv.ID, Questions: make([]analytics.Question, len(qs))}
	for i, q := range qs {
		out.Questions[i] = engineQuestion(q)
	}
	for _, a := range attrs {
		ea := analytics.Attribute{ID: a.ID, Name: a.Name}
		for _, seg := range a.Segments {
			ea.Segments = append(ea.Segments, analytics.Segment{ID: seg.ID, Name: seg.Label})
		}
		if ns := a.NotSpecified(); ns != nil {
			ea.NotSpecified = ns.ID
		}
		out.Attributes = append(out.Attributes, ea)
	}
	return out
}

// engineQuestion maps a question: scale and eNPS questions keep their scale
// and bands (eNPS bands are promoters and detractors); option answers are
// the option's position from 1.
func engineQuestion(q *Question) analytics.Question {
	eq := analytics.Question{ID: q.ID, Key: q.Key, Category: q.Category, Type: analytics.QuestionType(q.Type), InEI: q.InEngagementIndex}
	switch q.Type {
	case QuestionScale, QuestionENPS:
		eq.Min, eq.Max = q.ScaleMin, q.ScaleMax
		eq.Bands = &analytics.Bands{FavourableMin: q.FavourableMin, UnfavourableMax: q.UnfavourableMax}
	case QuestionOption:
		eq.Min, eq.Max = 1, len(q.Options)
	}
	return eq
}

// loader feeds stored answer rows to a Builder without allocating per
// answer: scores are decoded straight into one reused row, and segment ids
// are substrings of the stored snapshot.
type loader struct {
	b        *analytics.Builder
	index    []int // question position to survey order, -1 for none
	row      []int8
	segs     []string
	segments map[string]bool
}

func newLoader(b *analytics.Builder, qs []*Question, attrs []*Attribute) *loader {
	l := &loader{b: b, row: make([]int8, len(qs)), segments: map[string]bool{}}
	for _, a := range attrs {
		for _, seg := range a.Segments {
			l.segments[seg.ID] = true
		}
	}
	for i, q := range qs {
		for len(l.index) <= q.Position {
			l.index = append(l.index, -1)
		}
		l.index[q.Position] = i
	}
	return l
}

func (l *loader) add(r *AnswerRow) error {
	if len(r.Scores)%scoreWidth != 0 {
		return fmt.Errorf("response %s: scores blob of %d bytes is not a multiple of %d", r.ID, len(r.Scores), scoreWidth)
	}
	for i := range l.row {
		l.row[i] = analytics.Missing
	}
	for p := r.Scores; len(p) >= scoreWidth; p = p[scoreWidth:] {
		if pos := int(p[0])<<8 | int(p[1]); pos < len(l.index) && l.index[pos] >= 0 {
			l.row[l.index[pos]] = int8(p[2])
		}
	}
	l.segs = l.segs[:0]
	for id := range strings.FieldsSeq(r.SegmentIDs) {
		if l.segments[id] {
			l.segs = append(l.segs, id)
		}
	}
	if err := l.b.Respondent(r.ID, r.SubmittedAt, l.segs...); err != nil {
		return err
	}
	return l.b.AnswerRow(r.ID, l.row)
}
