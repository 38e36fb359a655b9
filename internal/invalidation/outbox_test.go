package invalidation

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
)

// wire is a transport that records what was broadcast and fails while down.
type wire struct {
	mu   sync.Mutex
	down bool
	sent []string
}

func (w *wire) send(_ context.Context, payload string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.down {
		return errors.New("transport down")
	}
	w.sent = append(w.sent, payload)
	return nil
}

func (w *wire) setDown(down bool) { w.mu.Lock(); w.down = down; w.mu.Unlock() }

func (w *wire) messages() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]string(nil), w.sent...)
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("%s did not happen", what)
}

func TestOutboxSendsAndMakesUpForLostMessages(t *testing.T) {
	w := &wire{}
	o := NewOutbox("test", w.send, time.Second, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { o.Run(ctx); close(done) }()

	o.Publish([32]byte{1})
	eventually(t, "the first invalidation", func() bool { return len(w.messages()) == 1 })
	if got := w.messages()[0]; got != "01"+strings.Repeat("00", 31) {
		t.Fatalf("sent %q, want the hash in hex", got)
	}

	w.setDown(true)
	o.Publish([32]byte{2})
	eventually(t, "the loss to be noticed", o.Lost)
	w.setDown(false)
	eventually(t, "the drop-everything broadcast", func() bool { return !o.Lost() })
	if msgs := w.messages(); msgs[len(msgs)-1] != All {
		t.Fatalf("after the transport came back the last message was %q, want %q", msgs[len(msgs)-1], All)
	}

	// What is queued when Run stops still goes out.
	before := len(w.messages())
	o.PublishAll()
	cancel()
	<-done
	if len(w.messages()) != before+1 {
		t.Fatalf("messages after shutdown = %v, want the queued drop-everything sent", w.messages()[before:])
	}
}

func TestOutboxNeverBlocks(t *testing.T) {
	o := NewOutbox("test", (&wire{}).send, time.Second, nil)
	for i := range QueueSize + 10 {
		o.Publish([32]byte{byte(i)})
	}
	if !o.Lost() {
		t.Fatal("a full queue was not noted as lost: the other nodes would never be told")
	}
}

func TestApply(t *testing.T) {
	var keys [][32]byte
	all := 0
	apply := func(h [32]byte) { keys = append(keys, h) }
	applyAll := func() { all++ }
	Apply("ff00000000000000000000000000000000000000000000000000000000000000", apply, applyAll)
	Apply(All, apply, applyAll)
	Apply("not a hash", apply, applyAll)
	Apply("zz00000000000000000000000000000000000000000000000000000000000000", apply, applyAll)
	if len(keys) != 1 || keys[0] != ([32]byte{0xff}) || all != 3 {
		t.Fatalf("keys %x, drop-everything %d times; want one key and three drops", keys, all)
	}
}
