package door_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/postgres/pgtest"
	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
)

// backends opens a door store on each database available: SQLite always,
// PostgreSQL when HIVE_TEST_POSTGRES_URL is set.
var backends = []struct {
	name string
	open func(t *testing.T) door.Store
}{
	{"sqlite", func(t *testing.T) door.Store { return sqlitetest.Open(t).Doors() }},
	{"postgres", func(t *testing.T) door.Store { return pgtest.Open(t).Doors() }},
}

// TestConcurrentRetriesRecordOnce sends the same idempotent swipe from many
// controllers at once: exactly one entry is recorded and every answer is
// that entry's decision.
func TestConcurrentRetriesRecordOnce(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			h := newHarnessOn(t, b.open(t))
			g := h.seed()
			const callers = 12
			decisions := make([]*door.Decision, callers)
			errs := make([]error, callers)
			var wg sync.WaitGroup
			for i := range callers {
				wg.Go(func() {
					decisions[i], errs[i] = h.svc.Access(h.ctx, h.p, door.AccessRequest{
						DoorAccessID: g.ann.DoorAccessID, DoorID: "front", IdempotencyKey: "retry"})
				})
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Fatalf("caller %d: %v", i, err)
				}
			}
			check(t, "entries", 1, len(h.allEntries()))
			for i, d := range decisions {
				if !d.Granted || d.EntryID != decisions[0].EntryID {
					t.Errorf("caller %d: granted %v entry %d, want the one entry %d", i, d.Granted, d.EntryID, decisions[0].EntryID)
				}
			}
		})
	}
}

// TestConcurrentSwipesAllRecorded checks that swipes of different members
// at once are each recorded.
func TestConcurrentSwipesAllRecorded(t *testing.T) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			h := newHarnessOn(t, b.open(t))
			gold := h.typ("Gold")
			h.door(door.DoorParams{DoorID: "front", Name: "Front", MembershipTypeIDs: []int64{gold.ID}})
			h.seedMembers(32, gold)
			var wg sync.WaitGroup
			errs := make([]error, 32)
			for i := range 32 {
				wg.Go(func() {
					d, err := h.svc.Access(h.ctx, h.p, door.AccessRequest{DoorAccessID: fmt.Sprintf("C%04d", i), DoorID: "front"})
					if err == nil && !d.Recorded {
						err = fmt.Errorf("swipe %d not recorded", i)
					}
					errs[i] = err
				})
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Error(err)
				}
			}
			check(t, "entries", 32, len(h.allEntries()))
		})
	}
}

// BenchmarkAccess measures one recorded swipe on SQLite, the figure the
// issue's 5 ms p99 goal is about (without HTTP).
func BenchmarkAccess(b *testing.B) {
	h := newHarnessOn(b, sqlitetest.Open(b).Doors())
	gold := h.typ("Gold")
	h.door(door.DoorParams{DoorID: "front", Name: "Front", MembershipTypeIDs: []int64{gold.ID}})
	h.seedMembers(500, gold)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			i++
			if _, err := h.svc.Access(h.ctx, h.p, door.AccessRequest{DoorAccessID: fmt.Sprintf("C%04d", i%500), DoorID: "front"}); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
