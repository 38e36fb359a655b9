package invalidation

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// registry is an in-memory Registry; down makes every call fail.
type registry struct {
	mu      sync.Mutex
	seq     int64
	applied map[string]int64
	down    bool
}

func newRegistry() *registry { return &registry{applied: map[string]int64{}} }

var errDown = errors.New("database down")

func (r *registry) Heartbeat(_ context.Context, node string, applied int64) (int64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.down {
		return 0, errDown
	}
	r.applied[node] = max(r.applied[node], applied)
	return r.seq, nil
}

func (r *registry) CountChange(context.Context) (int64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.down {
		return 0, errDown
	}
	r.seq++
	return r.seq, nil
}

func (r *registry) Lagging(_ context.Context, node string, seq int64, _ time.Duration) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for name, applied := range r.applied {
		if name != node && applied < seq {
			n++
		}
	}
	return n, nil
}

func (r *registry) Leave(_ context.Context, node string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.applied, node)
	return nil
}

// cacheProbe counts what a Fleet does to a node's cache.
type cacheProbe struct{ keys, all atomic.Int64 }

func (c *cacheProbe) apply([32]byte) { c.keys.Add(1) }
func (c *cacheProbe) applyAll()      { c.all.Add(1) }

func newTestFleet(reg Registry, node string, heard func() bool) (*Fleet, *cacheProbe) {
	c := &cacheProbe{}
	var out Sender
	return NewFleet(reg, node, out, heard, c.apply, c.applyAll, nil), c
}

// A change applied out of order is acknowledged only once the gap before it
// is filled: the applied mark means "every change up to here".
func TestFleetAcknowledgesContiguousChanges(t *testing.T) {
	f, c := newTestFleet(newRegistry(), "b", nil)
	h := [32]byte{1}
	f.Heard(message(2, [][32]byte{h}))
	if f.Applied() != 0 || c.keys.Load() != 1 {
		t.Fatalf("after change 2 alone: applied %d, %d keys dropped; want 0 and 1", f.Applied(), c.keys.Load())
	}
	f.Heard(message(1, nil))
	if f.Applied() != 2 || c.all.Load() != 1 {
		t.Errorf("after changes 2 and 1: applied %d, %d full drops; want 2 and 1", f.Applied(), c.all.Load())
	}
}

// A node whose heartbeat finds a change it never heard drops its whole
// cache and catches up; one that heard everything keeps its cache.
func TestFleetHeartbeatCatchesUpLostChanges(t *testing.T) {
	reg := newRegistry()
	f, c := newTestFleet(reg, "b", nil)
	f.beat(context.Background())
	if c.all.Load() != 0 || !f.Current() {
		t.Fatalf("first heartbeat with no changes: %d drops, current %v; want 0 and true", c.all.Load(), f.Current())
	}
	reg.CountChange(context.Background()) // a change whose message was lost
	f.beat(context.Background())
	if c.all.Load() != 1 || f.Applied() != 1 {
		t.Errorf("heartbeat after a lost change: %d drops, applied %d; want 1 and 1", c.all.Load(), f.Applied())
	}
	if reg.applied["b"] != 1 {
		t.Errorf("the registry holds applied %d for the node, want its acknowledgement of 1", reg.applied["b"])
	}
}

// A node is current only while its channel is up and its last heartbeat is
// recent.
func TestFleetCurrent(t *testing.T) {
	reg := newRegistry()
	var up atomic.Bool
	f, _ := newTestFleet(reg, "b", up.Load)
	f.beat(context.Background())
	if f.Current() {
		t.Error("current with the channel down")
	}
	up.Store(true)
	if !f.Current() {
		t.Error("not current with the channel up and a fresh heartbeat")
	}
	reg.down = true
	time.Sleep(Stale + 50*time.Millisecond)
	f.beat(context.Background())
	if f.Current() {
		t.Error("current after the heartbeat failed for longer than Stale")
	}
}

// Changed returns at once when every live node has applied the change, and
// after Wait, unconfirmed, when one has not.
func TestFleetChangedWaitsForEveryNode(t *testing.T) {
	reg := newRegistry()
	a, _ := newTestFleet(reg, "a", nil)
	b, _ := newTestFleet(reg, "b", nil)
	b.beat(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for ctx.Err() == nil {
			b.beat(ctx) // b hears of every change through its heartbeat
			time.Sleep(time.Millisecond)
		}
	}()
	if !a.Changed(context.Background(), [][32]byte{{1}}) {
		t.Error("a change that every node applied was not confirmed")
	}
	cancel()
	reg.mu.Lock()
	reg.applied["silent"] = 0
	reg.mu.Unlock()
	start := time.Now()
	if a.Changed(context.Background(), nil) {
		t.Error("a change a live node never applied was confirmed")
	}
	if d := time.Since(start); d < Wait {
		t.Errorf("the unconfirmed change returned after %v, before Wait", d)
	}
}
