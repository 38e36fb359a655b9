package people

import (
	"context"
	"crypto/sha256"
	"sync"

	"github.com/hive-platform/hive/internal/hive"
)

// Survey list caching. GET /v1/surveys is the Open API's typical read,
// and its answer changes only when a survey is created or updated or
// receives responses, all of which go through a Service. So each node keeps
// every tenant's list of up to maxCachedSurveys surveys and answers list
// requests from it, with their filters and paging applied in memory, while
//
//   - no write through this node has changed the tenant's surveys since the
//     list was loaded (a version per tenant, bumped after each write, which
//     also stops a load that raced a write from being kept);
//   - no other node has announced such a write: each write is propagated
//     (Config.Propagate, the fleet's channel that key changes use) under
//     SurveyListHash and returns once every live node has applied it, with
//     the guarantee key changes have (see invalidation.Fleet); and
//   - the node can prove it has heard every announcement (Config.Current);
//     when it cannot, lists are read from the store.
const (
	maxCachedSurveys     = 1000
	maxCachedSurveyLists = 4096
)

// SurveyListHash names a tenant's survey list in the fleet's invalidation
// messages, which carry 32-byte hashes; a key's hash is of its secret, so
// the two never meet.
func SurveyListHash(tenantID string) [32]byte {
	var buf [96]byte // on the stack for any usual tenant id
	return sha256.Sum256(append(append(buf[:0], "hive people survey list\x00"...), tenantID...))
}

// surveyLists holds the cached lists, by SurveyListHash of their tenant.
type surveyLists struct {
	mu       sync.Mutex
	epoch    uint64              // bumped when every list is dropped
	versions map[[32]byte]uint64 // bumped by each write to the tenant's surveys
	lists    map[[32]byte]*surveyList
}

// surveyList is a tenant's surveys in ID order, as loaded; never changed
// once cached. big says the tenant has more than maxCachedSurveys, so its
// lists are read from the store.
type surveyList struct {
	surveys []Survey
	big     bool
}

// listStamp is the state a list was loaded in.
type listStamp struct{ epoch, version uint64 }

func newSurveyLists() *surveyLists {
	return &surveyLists{versions: map[[32]byte]uint64{}, lists: map[[32]byte]*surveyList{}}
}

// get returns the cached list of h, or nil and the stamp a list loaded now
// must carry to be kept.
func (c *surveyLists) get(h [32]byte) (*surveyList, listStamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lists[h], listStamp{c.epoch, c.versions[h]}
}

// put keeps l, loaded in state st, unless a write came since.
func (c *surveyLists) put(h [32]byte, st listStamp, l *surveyList) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st != (listStamp{c.epoch, c.versions[h]}) {
		return
	}
	if len(c.lists) >= maxCachedSurveyLists {
		for k := range c.lists { // an arbitrary one: loading a list is cheap
			delete(c.lists, k)
			break
		}
	}
	c.lists[h] = l
}

// invalidate drops the list of h and outdates any load of it in flight.
func (c *surveyLists) invalidate(h [32]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.versions[h]++
	delete(c.lists, h)
}

// invalidateAll drops every list and outdates every load in flight.
func (c *surveyLists) invalidateAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	clear(c.lists)
}

// InvalidateSurveyList drops the survey list cached under h, the
// SurveyListHash of a tenant whose surveys another node changed. Hashes of
// anything else are ignored.
func (s *Service) InvalidateSurveyList(h [32]byte) { s.lists.invalidate(h) }

// InvalidateSurveyLists drops every cached survey list.
func (s *Service) InvalidateSurveyLists() { s.lists.invalidateAll() }

// surveysChanged drops the tenant's cached survey list here and on every
// other node after a write to its surveys ended in err. A write refused
// with a code changed nothing; one that failed otherwise (a lost
// connection at commit) may have, so it counts as a change.
func (s *Service) surveysChanged(ctx context.Context, tenantID string, err error) {
	if err != nil && hive.ErrorCode(err) != hive.EINTERNAL {
		return
	}
	h := SurveyListHash(tenantID)
	s.lists.invalidate(h)
	if s.propagate != nil {
		s.propagate(ctx, [][32]byte{h})
	}
}

// cachedSurveys answers f from the tenant's cached list, loading it if
// need be; ok is false when the store must answer instead.
func (s *Service) cachedSurveys(ctx context.Context, f SurveyFilter) (out []*Survey, ok bool, err error) {
	// A limit outside 1..maxCachedSurveys+1 takes the store's own default
	// or cap; a longer list than maxCachedSurveys is not all here.
	if f.Limit < 1 || f.Limit > maxCachedSurveys+1 || (s.current != nil && !s.current()) {
		return nil, false, nil
	}
	h := SurveyListHash(f.TenantID)
	l, st := s.lists.get(h)
	if l == nil {
		list, err := s.store.ListSurveys(ctx, SurveyFilter{TenantID: f.TenantID, Limit: maxCachedSurveys + 1})
		if err != nil {
			return nil, false, err
		}
		l = &surveyList{big: len(list) > maxCachedSurveys}
		if !l.big {
			l.surveys = make([]Survey, len(list))
			for i, sv := range list {
				l.surveys[i] = *sv
			}
		}
		s.lists.put(h, st, l)
	}
	if l.big {
		return nil, false, nil
	}
	return l.filter(f), true, nil
}

// filter returns copies of the surveys f selects, as the store's
// ListSurveys would: IDs above f.After, of f.Status, updated at or after
// f.UpdatedSince, among f.IDs when set, at most f.Limit.
func (l *surveyList) filter(f SurveyFilter) []*Survey {
	var ids map[string]bool
	if f.IDs != nil {
		ids = make(map[string]bool, len(f.IDs))
		for _, id := range f.IDs {
			ids[id] = true
		}
	}
	var picked []Survey
	for i := range l.surveys {
		sv := &l.surveys[i]
		switch {
		case sv.ID <= f.After,
			f.Status != nil && sv.Status != *f.Status,
			f.UpdatedSince != nil && sv.UpdatedAt.UnixMicro() < f.UpdatedSince.UnixMicro(), // as both stores compare
			ids != nil && !ids[sv.ID]:
			continue
		}
		if picked == nil {
			picked = make([]Survey, 0, min(f.Limit, len(l.surveys)-i))
		}
		picked = append(picked, *sv)
		if len(picked) == f.Limit {
			break
		}
	}
	out := make([]*Survey, len(picked))
	for i := range picked {
		out[i] = &picked[i]
	}
	return out
}
