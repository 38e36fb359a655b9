package ratelimit

import (
	"context"
	"testing"
	"time"
)

func TestMemory(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	m := NewMemory(func() time.Time { return now })

	for i := range 60 {
		r, _ := m.Allow(ctx, "key_a", 60)
		if !r.Allowed {
			t.Fatalf("request %d of a 60/min burst was denied", i+1)
		}
		if want := 59 - i; r.Remaining != want {
			t.Fatalf("request %d: remaining = %d, want %d", i+1, r.Remaining, want)
		}
	}
	r, _ := m.Allow(ctx, "key_a", 60)
	if r.Allowed || r.Remaining != 0 {
		t.Fatalf("61st request: allowed=%v remaining=%d, want denied with 0 left", r.Allowed, r.Remaining)
	}
	if r.RetryAfter != time.Second {
		t.Errorf("RetryAfter = %v, want 1s (one request's share of a minute)", r.RetryAfter)
	}
	if other, _ := m.Allow(ctx, "key_b", 60); !other.Allowed {
		t.Error("another key was limited by key_a's traffic")
	}

	now = now.Add(time.Second)
	if r, _ := m.Allow(ctx, "key_a", 60); !r.Allowed {
		t.Error("after waiting RetryAfter the next request was still denied")
	}
	now = now.Add(2 * time.Minute)
	r, _ = m.Allow(ctx, "key_a", 60)
	if !r.Allowed || r.Remaining != 59 {
		t.Errorf("after a quiet period: allowed=%v remaining=%d, want the full burst back", r.Allowed, r.Remaining)
	}
	if want := now.Add(time.Second).Unix(); r.Reset.Unix() != want {
		t.Errorf("Reset = %d, want %d", r.Reset.Unix(), want)
	}
}

func TestMemorySweepsIdleKeys(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	m := NewMemory(func() time.Time { return now })
	for i := range 1000 {
		m.Allow(context.Background(), string(rune('a'+i%26))+string(rune(i)), 100)
	}
	now = now.Add(3 * time.Minute)
	m.Allow(context.Background(), "x", 100)
	n := 0
	for i := range m.shards {
		n += len(m.shards[i].tat)
	}
	if n > 32 {
		t.Errorf("%d keys still held after they went idle, want them swept", n)
	}
}

func BenchmarkMemoryAllow(b *testing.B) {
	m := NewMemory(nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		m.Allow(ctx, "key_0123456789", 1_000_000)
	}
}

func TestPeekDoesNotCount(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	m := NewMemory(func() time.Time { return now })
	for range 5 {
		if r := m.Peek("k", 2); !r.Allowed {
			t.Fatal("Peek on a fresh key says denied")
		}
	}
	m.Allow(context.Background(), "k", 2)
	m.Allow(context.Background(), "k", 2)
	if r := m.Peek("k", 2); r.Allowed || r.RetryAfter != 30*time.Second {
		t.Errorf("Peek after the limit: allowed=%v retry after %v, want denied for 30s", r.Allowed, r.RetryAfter)
	}
	if r := m.Peek("k", 2); r.ResetIn != 30*time.Second || r.Reset.Unix() != now.Add(30*time.Second).Unix() {
		t.Errorf("ResetIn = %v, Reset = %v; want the 30 s until a request is allowed, as RetryAfter", r.ResetIn, r.Reset)
	}
}

// TestDeniedResetAgreesWithRetryAfter pins that a denial's Reset is the
// Unix second RetryAfter points to, whole seconds from the limiter's
// second, also when the clock is mid-second.
func TestDeniedResetAgreesWithRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 12, 0, 0, 400_000_000, time.UTC)
	m := NewMemory(func() time.Time { return now })
	for range 200 {
		m.Allow(context.Background(), "k", 200)
	}
	for _, step := range []time.Duration{0, 100 * time.Millisecond, 170 * time.Millisecond} {
		now = now.Add(step)
		r, _ := m.Allow(context.Background(), "k", 200)
		if r.Allowed {
			t.Fatal("allowed past the limit")
		}
		if r.RetryAfter%time.Second != 0 || r.RetryAfter <= 0 || r.Reset.Unix()-now.Unix() != int64(r.RetryAfter/time.Second) {
			t.Errorf("at %v: Reset %d, RetryAfter %v; want Reset = %d + RetryAfter", now, r.Reset.Unix(), r.RetryAfter, now.Unix())
		}
	}
	r, _ := m.Allow(context.Background(), "k", 200)
	if now = r.Reset; !m.Peek("k", 200).Allowed {
		t.Error("denied at the Reset a denial named")
	}
}
