package redis

import (
	"bufio"
	"context"
	"crypto/sha256"
	"strings"
	"sync"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// node is a running Invalidator with a record of what it applied.
type node struct {
	*Invalidator
	mu      sync.Mutex
	applied [][32]byte
	all     int
}

// runNode runs an Invalidator on rdb until the test ends and waits for it
// to subscribe.
func runNode(tb testing.TB, rdb goredis.UniversalClient, opt Options) *node {
	tb.Helper()
	n := &node{Invalidator: NewInvalidator(rdb, opt)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		n.Run(ctx, func(h [32]byte) {
			n.mu.Lock()
			n.applied = append(n.applied, h)
			n.mu.Unlock()
		}, func() {
			n.mu.Lock()
			n.all++
			n.mu.Unlock()
		})
	}()
	tb.Cleanup(func() { cancel(); <-done })
	return n
}

func (n *node) state() (applied [][32]byte, all int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([][32]byte(nil), n.applied...), n.all
}

// eventually polls cond every few milliseconds until it holds or d passes.
func eventually(tb testing.TB, d time.Duration, what string, cond func() bool) {
	tb.Helper()
	for deadline := time.Now().Add(d); !cond(); time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			tb.Fatalf("after %v: %s", d, what)
		}
	}
}

func TestInvalidationsArrive(t *testing.T) {
	opt := testOptions(t, nil)
	a, b := runNode(t, testClient(t), opt), runNode(t, testClient(t), opt)
	eventually(t, 5*time.Second, "nodes not subscribed", func() bool { return a.Subscribed() && b.Subscribed() })
	h := sha256.Sum256([]byte("hive_sk_example"))
	start := time.Now()
	a.Publish(h)
	for name, n := range map[string]*node{"other node": b, "publishing node": a} {
		eventually(t, time.Second, name+" did not apply the invalidation", func() bool {
			applied, _ := n.state()
			return len(applied) == 1 && applied[0] == h
		})
	}
	t.Logf("invalidation applied on both nodes within %v", time.Since(start))
	for name, n := range map[string]*node{"a": a, "b": b} {
		if _, all := n.state(); all != 1 {
			t.Errorf("node %s dropped its whole cache %d times, want once, on subscribing", name, all)
		}
	}
}

// TestResubscriptionDropsEverything kills a node's subscription on the
// server: the node subscribes again and drops its whole cache, since it may
// have missed invalidations meanwhile.
func TestResubscriptionDropsEverything(t *testing.T) {
	opt := testOptions(t, nil)
	u, err := goredis.ParseURL(testURL(t))
	if err != nil {
		t.Fatal(err)
	}
	u.ClientName = "hive-test-" + strings.TrimPrefix(opt.Channel, DefaultChannel+":test:")
	u.ContextTimeoutEnabled = true
	rdb := goredis.NewClient(u)
	t.Cleanup(func() { rdb.Close() })
	n := runNode(t, rdb, opt)
	eventually(t, 5*time.Second, "not subscribed", n.Subscribed)

	admin := testClient(t)
	killed := killClients(t, admin, u.ClientName)
	if killed == 0 {
		t.Fatal("found no subscription connection to kill")
	}
	eventually(t, 5*time.Second, "cache not dropped after resubscribing", func() bool {
		_, all := n.state()
		return all == 2 && n.Subscribed()
	})
	h := sha256.Sum256([]byte("after reconnect"))
	n.Publish(h)
	eventually(t, time.Second, "invalidation not applied after resubscribing", func() bool {
		applied, _ := n.state()
		return len(applied) == 1 && applied[0] == h
	})
}

// killClients closes the server side of every pub/sub connection named name.
func killClients(tb testing.TB, admin *goredis.Client, name string) int {
	tb.Helper()
	ctx := context.Background()
	list, err := admin.Do(ctx, "CLIENT", "LIST", "TYPE", "pubsub").Text()
	if err != nil {
		tb.Fatal(err)
	}
	killed := 0
	sc := bufio.NewScanner(strings.NewReader(list))
	for sc.Scan() {
		fields := map[string]string{}
		for _, f := range strings.Fields(sc.Text()) {
			k, v, _ := strings.Cut(f, "=")
			fields[k] = v
		}
		if fields["name"] == name {
			if err := admin.Do(ctx, "CLIENT", "KILL", "ID", fields["id"]).Err(); err != nil {
				tb.Fatal(err)
			}
			killed++
		}
	}
	return killed
}

// TestLostPublishDropsEverywhere publishes while the node cannot reach
// Redis: when it can again, every node is told to drop its whole cache.
func TestLostPublishDropsEverywhere(t *testing.T) {
	opt := testOptions(t, nil)
	other := runNode(t, testClient(t), opt)
	eventually(t, 5*time.Second, "other node not subscribed", other.Subscribed)

	cut := newSwitchable(t, true)
	n := runNode(t, cut, opt)
	n.Publish(sha256.Sum256([]byte("lost")))
	eventually(t, 5*time.Second, "publishing through a cut-off client did not fail", n.Lost)
	if n.Subscribed() {
		t.Fatal("subscribed through a client that cannot connect")
	}
	if _, all := other.state(); all != 1 {
		t.Fatalf("other node dropped its cache %d times before Redis came back, want once (on subscribing)", all)
	}
	cut.down.Store(false)
	eventually(t, 3*time.Second, "other node was not told to drop its cache", func() bool {
		_, all := other.state()
		return all == 2
	})
	if applied, _ := other.state(); len(applied) != 0 {
		t.Errorf("other node applied %d single invalidations, want the lost one replaced by a full drop", len(applied))
	}
}

func TestPublishAllDropsEveryNodesCache(t *testing.T) {
	opt := testOptions(t, nil)
	a, b := runNode(t, testClient(t), opt), runNode(t, testClient(t), opt)
	eventually(t, 5*time.Second, "nodes not subscribed", func() bool { return a.Subscribed() && b.Subscribed() })
	a.PublishAll()
	a.PublishAll() // coalesces with the first while it waits to be sent
	for name, n := range map[string]*node{"other node": b, "publishing node": a} {
		eventually(t, time.Second, name+" did not drop its cache", func() bool {
			_, all := n.state()
			return all >= 2 // once on subscribing, then for the broadcast
		})
	}
	if applied, _ := b.state(); len(applied) != 0 {
		t.Errorf("drop-everything arrived as %d single-key invalidations", len(applied))
	}
}
