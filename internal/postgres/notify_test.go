package postgres_test

import (
	"context"
	"crypto/sha256"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/hive-platform/hive/internal/postgres"
	"github.com/hive-platform/hive/internal/postgres/pgtest"
)

// heard records what a running Notifier applied.
type heard struct {
	mu   sync.Mutex
	keys [][32]byte
	alls int
	ch   chan struct{} // signalled on every application
}

func (h *heard) apply(k [32]byte) {
	h.mu.Lock()
	h.keys = append(h.keys, k)
	h.mu.Unlock()
	h.signal()
}

func (h *heard) applyAll() {
	h.mu.Lock()
	h.alls++
	h.mu.Unlock()
	h.signal()
}

func (h *heard) signal() {
	select {
	case h.ch <- struct{}{}:
	default:
	}
}

func (h *heard) snapshot() ([][32]byte, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([][32]byte(nil), h.keys...), h.alls
}

// await waits up to 5s for cond to hold of what h heard.
func (h *heard) await(tb testing.TB, what string, cond func(keys [][32]byte, alls int) bool) {
	tb.Helper()
	deadline := time.After(5 * time.Second)
	for {
		if cond(h.snapshot()) {
			return
		}
		select {
		case <-h.ch:
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			keys, alls := h.snapshot()
			tb.Fatalf("%s: not seen within 5s (keys %d, drop-everything %d)", what, len(keys), alls)
		}
	}
}

// runNotifier starts a Notifier on url's schema and waits until it listens.
func runNotifier(tb testing.TB, st *postgres.Store) (*postgres.Notifier, *heard) {
	tb.Helper()
	n, err := st.Notifier(tb.Context(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		tb.Fatal(err)
	}
	h := &heard{ch: make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); n.Run(ctx, h.apply, h.applyAll) }()
	tb.Cleanup(func() { cancel(); <-done })
	h.await(tb, "listening", func(_ [][32]byte, alls int) bool { return n.Subscribed() && alls > 0 })
	return n, h
}

func openAt(tb testing.TB, url string) *postgres.Store {
	tb.Helper()
	st, err := postgres.Open(tb.Context(), url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

func TestNotifierCarriesInvalidationsWithinOneSchema(t *testing.T) {
	url := pgtest.NewSchema(t)
	a, _ := runNotifier(t, openAt(t, url))
	_, onB := runNotifier(t, openAt(t, url))
	_, other := runNotifier(t, pgtest.Open(t))

	k := sha256.Sum256([]byte("a key"))
	a.Publish(k)
	onB.await(t, "the key's invalidation", func(keys [][32]byte, _ int) bool { return len(keys) == 1 && keys[0] == k })

	_, allsBefore := onB.snapshot()
	a.PublishAll()
	onB.await(t, "drop everything", func(_ [][32]byte, alls int) bool { return alls == allsBefore+1 })

	if keys, alls := other.snapshot(); len(keys) != 0 || alls != 1 {
		t.Errorf("a notifier on another schema heard %d keys and %d drop-everything, want only its own start", len(keys), alls)
	}
	if !strings.HasPrefix(a.Channel(), "hive_keys_hive_test_") {
		t.Errorf("channel %q, want one named after the schema", a.Channel())
	}
}

func TestNotifierListensAgainAfterLosingItsConnection(t *testing.T) {
	url := pgtest.NewSchema(t)
	a, _ := runNotifier(t, openAt(t, url))
	b, onB := runNotifier(t, openAt(t, url))

	conn, err := pgx.Connect(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var killed int
	err = conn.QueryRow(t.Context(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE pid <> pg_backend_pid() AND query LIKE 'LISTEN%' AND query LIKE '%' || $1 || '%'`, b.Channel()).Scan(&killed)
	if err != nil || killed != 2 {
		t.Fatalf("terminated %d listening connections (%v), want both", killed, err)
	}
	// Both nodes drop their whole cache on listening again: whatever was
	// sent meanwhile is covered.
	onB.await(t, "drop everything on listening again", func(_ [][32]byte, alls int) bool { return alls >= 2 && b.Subscribed() })

	k := sha256.Sum256([]byte("changed while reconnecting"))
	a.Publish(k)
	onB.await(t, "invalidation after reconnecting", func(keys [][32]byte, _ int) bool { return len(keys) == 1 && keys[0] == k })
}
