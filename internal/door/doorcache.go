package door

import (
	"context"
	"sync"
	"time"
)

// maxCachedTenants bounds the doors cache; past it the cache starts over.
const maxCachedTenants = 10_000

// doorsCache remembers each tenant's doors for the access decision, which
// would otherwise list them on every swipe. Every change to a tenant's doors
// moves its settings' RulesChangedAt forward in the same transaction
// (rulesChanged), and a swipe reads the settings first, so doors cached
// under the RulesChangedAt the swipe just read are the doors as they are:
// a change made on any node, through any Service, is seen by the next
// swipe.
type doorsCache struct {
	mu      sync.Mutex
	tenants map[string]cachedDoors
}

type cachedDoors struct {
	rulesChangedAt time.Time
	doors          []*Door // shared: never modified
}

// doorsFor returns the tenant's doors as of set, the settings just read. The
// caller must not modify them.
func (s *Service) doorsFor(ctx context.Context, set *Settings) ([]*Door, error) {
	// A tenant whose rules never changed has no version to check against.
	version := set.RulesChangedAt
	if !version.IsZero() {
		s.doors.mu.Lock()
		c, ok := s.doors.tenants[set.TenantID]
		s.doors.mu.Unlock()
		if ok && c.rulesChangedAt.Equal(version) {
			return c.doors, nil
		}
	}
	doors, err := s.store.ListDoors(ctx, set.TenantID)
	if err != nil || version.IsZero() {
		return doors, err
	}
	s.doors.mu.Lock()
	defer s.doors.mu.Unlock()
	if s.doors.tenants == nil || len(s.doors.tenants) >= maxCachedTenants {
		s.doors.tenants = make(map[string]cachedDoors)
	}
	s.doors.tenants[set.TenantID] = cachedDoors{rulesChangedAt: version, doors: doors}
	return doors, nil
}
