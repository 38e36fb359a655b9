package door_test

import (
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

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

// BenchmarkAccessControllers swipes from 32 goroutines at once, as the
// controllers of bench/door.sh do, and reports the latency percentiles of
// the swipes besides their throughput (without HTTP).
func BenchmarkAccessControllers(b *testing.B) {
	h := newHarnessOn(b, sqlitetest.Open(b).Doors())
	gold := h.typ("Gold")
	h.door(door.DoorParams{DoorID: "front", Name: "Front", MembershipTypeIDs: []int64{gold.ID}})
	h.seedMembers(500, gold)
	var mu sync.Mutex
	var all []time.Duration
	var n atomic.Int64
	b.SetParallelism(max(1, 32/runtime.GOMAXPROCS(0)))
	cpu0 := processCPU(b)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			i := n.Add(1)
			start := time.Now()
			if _, err := h.svc.Access(h.ctx, h.p, door.AccessRequest{DoorAccessID: fmt.Sprintf("C%04d", i%500), DoorID: "front"}); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(start))
		}
		mu.Lock()
		all = append(all, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	// Process CPU time per swipe, steadier than the wall clock on a busy
	// machine; it includes the database's work, which SQLite does in-process.
	b.ReportMetric(float64((processCPU(b)-cpu0).Microseconds())/float64(b.N), "cpu-µs/op")
	slices.Sort(all)
	if len(all) > 0 {
		b.ReportMetric(float64(all[len(all)/2].Microseconds()), "p50-µs")
		b.ReportMetric(float64(all[len(all)*99/100].Microseconds()), "p99-µs")
	}
}

// processCPU returns the user and system CPU time the process has used.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
