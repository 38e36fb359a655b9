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
//
// Loading is kept off the request path where it can be: a write through
// this node rebuilds the datasets it made stale in the background, a
// dataset read after half its TTL is rebuilt in the background before it
// expires, and requests that find no dataset share one load of it.
const (
	DatasetTTL        = 30 * time.Second
	maxCachedDatasets = 32
	// maxBackgroundLoads bounds the rebuilds running at once, so that a
	// burst of writes to many surveys cannot take every core from requests.
	maxBackgroundLoads = 2
	// loadTimeout bounds a load that no request waits for any more.
	loadTimeout = 2 * time.Minute
)

// datasetCache holds built datasets, the write versions that invalidate
// them, the loads in flight and the background rebuilds.
type datasetCache struct {
	mu       sync.Mutex
	versions map[string]uint64 // by tenant id, and by tenant id + "/" + survey id
	entries  map[string]*cachedDataset
	flights  map[string]*flight   // loads in flight, by survey key
	rebuilds map[string]*rebuilds // rebuilds running, by survey key

	// now and rebuild are the Service's clock and its background load;
	// with rebuild nil nothing is rebuilt in the background.
	now     func() time.Time
	rebuild func(tenantID, surveyID string, at time.Time)
	slots   chan struct{}  // one per background load running
	wg      sync.WaitGroup // background rebuilds
}

// rebuilds tracks the background rebuilds of one survey.
type rebuilds struct {
	again bool      // another rebuild is due when the running one ends
	at    time.Time // when it was asked for, the earliest its load can start
}

// stamp is the state of a survey a dataset was loaded in.
type stamp struct {
	versions  [2]uint64 // tenant, survey
	updatedAt time.Time
	responses int
}

type cachedDataset struct {
	ds       *analytics.Dataset
	stamp    stamp
	loadedAt time.Time
	read     bool // by a request since it was loaded: worth rebuilding when stale
}

// flight is one load of a survey's dataset, which every request for the
// same state of the survey waits for.
type flight struct {
	stamp stamp
	read  bool          // a request waits for it; guarded by datasetCache.mu
	done  chan struct{} // closed when ds and err are set
	ds    *analytics.Dataset
	err   error
}

func newDatasetCache() *datasetCache {
	return &datasetCache{versions: map[string]uint64{}, entries: map[string]*cachedDataset{},
		flights: map[string]*flight{}, rebuilds: map[string]*rebuilds{}, slots: make(chan struct{}, maxBackgroundLoads)}
}

func surveyKey(tenantID, surveyID string) string { return tenantID + "/" + surveyID }

// invalidate marks the survey's cached dataset stale, or with surveyID ""
// every dataset of the tenant, and rebuilds the stale datasets in the
// background. Only datasets a request has read since they were loaded are
// rebuilt: a survey nobody reports on costs at most one load however often
// it is written.
func (c *datasetCache) invalidate(tenantID, surveyID string) {
	key := tenantID
	if surveyID != "" {
		key = surveyKey(tenantID, surveyID)
	}
	c.mu.Lock()
	c.versions[key]++
	var stale []string
	for k, e := range c.entries {
		if e.read && (k == key || surveyID == "" && strings.HasPrefix(k, tenantID+"/")) {
			stale = append(stale, strings.TrimPrefix(k, tenantID+"/"))
		}
	}
	c.mu.Unlock()
	for _, id := range stale {
		c.refresh(tenantID, id, true)
	}
}

// refresh rebuilds a survey's dataset in the background. While a rebuild
// of the survey runs, further calls after a write coalesce into one more
// rebuild after it, which sees every write made until it starts; calls
// without one (written false) have nothing the running rebuild misses.
// The clock is read here, on the caller's goroutine, never by the rebuild.
func (c *datasetCache) refresh(tenantID, surveyID string, written bool) {
	if c.rebuild == nil {
		return
	}
	key := surveyKey(tenantID, surveyID)
	at := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if r := c.rebuilds[key]; r != nil {
		if written {
			r.again, r.at = true, at
		}
		return
	}
	r := &rebuilds{}
	c.rebuilds[key] = r
	c.wg.Go(func() {
		for {
			c.slots <- struct{}{}
			c.rebuild(tenantID, surveyID, at)
			<-c.slots
			c.mu.Lock()
			again := r.again
			r.again, at = false, r.at
			if !again {
				delete(c.rebuilds, key)
			}
			c.mu.Unlock()
			if !again {
				return
			}
		}
	})
}

// stamp returns the state a dataset of sv loaded now would carry.
func (c *datasetCache) stamp(sv *Survey) stamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	return stamp{versions: [2]uint64{c.versions[sv.TenantID], c.versions[surveyKey(sv.TenantID, sv.ID)]},
		updatedAt: sv.UpdatedAt, responses: sv.ResponseCount}
}

// get returns the cached dataset of sv if it is still to be trusted at now,
// and whether it is old enough to rebuild ahead of its expiry.
func (c *datasetCache) get(sv *Survey, now time.Time) (ds *analytics.Dataset, aging bool) {
	st := c.stamp(sv)
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[surveyKey(sv.TenantID, sv.ID)]
	if e == nil || e.stamp != st || now.Sub(e.loadedAt) >= DatasetTTL || now.Before(e.loadedAt) {
		return nil, false
	}
	e.read = true
	return e.ds, now.Sub(e.loadedAt) >= DatasetTTL/2
}

// join returns the load in flight for sv in its current state, or a new
// one that the caller must start (start is true); read says a request
// waits for it.
func (c *datasetCache) join(sv *Survey, read bool) (f *flight, start bool) {
	st := c.stamp(sv)
	key := surveyKey(sv.TenantID, sv.ID)
	c.mu.Lock()
	defer c.mu.Unlock()
	if f := c.flights[key]; f != nil && f.stamp == st {
		f.read = f.read || read
		return f, false
	}
	f = &flight{stamp: st, read: read, done: make(chan struct{})}
	c.flights[key] = f
	return f, true
}

// land ends the flight f of sv, caching its dataset as loaded at start.
// The stamp was taken before the load read anything: a write that raced
// with the load has moved the versions on, so the entry is stale at once
// rather than wrong for DatasetTTL.
func (c *datasetCache) land(sv *Survey, f *flight, start time.Time) {
	key := surveyKey(sv.TenantID, sv.ID)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.flights[key] == f {
		delete(c.flights, key)
	}
	if f.err != nil {
		return
	}
	if e := c.entries[key]; e != nil && e.loadedAt.After(start) {
		return // a later load landed first
	}
	if _, ok := c.entries[key]; !ok && len(c.entries) >= maxCachedDatasets {
		c.evictOldest()
	}
	c.entries[key] = &cachedDataset{ds: f.ds, stamp: f.stamp, loadedAt: start, read: f.read}
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
	if ds, aging := s.cache.get(sv, now); ds != nil {
		if aging {
			s.cache.refresh(sv.TenantID, sv.ID, false)
		}
		return sv, ds, nil
	}
	ds, err := s.load(ctx, sv, now, true)
	if err != nil {
		return nil, nil, err
	}
	return sv, ds, nil
}

// load returns sv's dataset from a load started at now, or from the one in
// flight for the same state of the survey; read says a request asks. The
// load runs on its own, so that a caller giving up does not fail the
// others waiting for it, and its dataset is cached for the next request
// either way.
func (s *Service) load(ctx context.Context, sv *Survey, now time.Time, read bool) (*analytics.Dataset, error) {
	f, start := s.cache.join(sv, read)
	if start {
		go func() {
			lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), loadTimeout)
			defer cancel()
			f.ds, f.err = s.LoadDataset(lctx, sv)
			s.cache.land(sv, f, now)
			close(f.done)
		}()
	}
	select {
	case <-f.done:
		return f.ds, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// rebuild loads a survey's dataset into the cache for the requests to
// come, reading its row afresh. at is no later than the start of the load,
// which is when the dataset's TTL starts. An error is left for the next
// request to meet and report.
func (s *Service) rebuild(tenantID, surveyID string, at time.Time) {
	ctx, cancel := context.WithTimeout(context.Background(), loadTimeout)
	defer cancel()
	sv, err := s.store.SurveyByID(ctx, tenantID, surveyID)
	if err != nil {
		return
	}
	_, _ = s.load(ctx, sv, at, false)
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
