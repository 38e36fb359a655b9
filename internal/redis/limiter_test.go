package redis

import (
	"context"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/hive-platform/hive/internal/ratelimit"
)

// TestScriptMatchesDecide runs sequences of requests through the Lua script
// and checks each decision and each stored TAT against ratelimit.Decide fed
// the same clock readings: the script must count exactly as the in-memory
// limiter does, including emission intervals that are not whole
// microseconds.
func TestScriptMatchesDecide(t *testing.T) {
	rdb := testClient(t)
	l := NewLimiter(rdb, testOptions(t, nil))
	ctx := context.Background()
	for _, tc := range []struct {
		limit int
		pause time.Duration // after each denial, so that the next request is allowed again
	}{
		{limit: 7},
		{limit: 60},
		{limit: 1000, pause: 70 * time.Millisecond},
		{limit: 3000, pause: 25 * time.Millisecond},
	} {
		key := "seq" + strconv.Itoa(tc.limit)
		var model time.Time // the TAT ratelimit.Decide says should be stored
		allowed, denied := 0, 0
		for i := 0; denied < 4; i++ {
			if i > 2*tc.limit+10 {
				t.Fatalf("limit %d: %d of %d requests allowed; the limit was never reached", tc.limit, allowed, i)
			}
			got, now, tat, err := l.eval(ctx, key, tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			if !tat.Equal(model) {
				t.Fatalf("limit %d, request %d: script read TAT %v, want %v", tc.limit, i+1, tat, model)
			}
			want, next := ratelimit.Decide(now, model, tc.limit)
			if got != want.Allowed {
				t.Fatalf("limit %d, request %d at %v: script allowed=%v, Decide allowed=%v", tc.limit, i+1, now, got, want.Allowed)
			}
			if want.Allowed {
				model = next
				allowed++
			} else {
				denied++
				time.Sleep(tc.pause)
			}
		}
		if allowed < tc.limit {
			t.Errorf("limit %d: only %d allowed before the denials", tc.limit, allowed)
		}
		stored := storedTAT(t, rdb, l.opt.Prefix+key)
		if !stored.Equal(model) {
			t.Errorf("limit %d: stored TAT %v, want %v", tc.limit, stored, model)
		}
		ttl := rdb.PTTL(ctx, l.opt.Prefix+key).Val()
		if ttl <= 0 || ttl > ratelimit.Window {
			t.Errorf("limit %d: TTL %v, want at most one window", tc.limit, ttl)
		}
	}
}

func storedTAT(tb testing.TB, rdb *goredis.Client, key string) time.Time {
	tb.Helper()
	v, err := rdb.Get(context.Background(), key).Result()
	if err != nil {
		tb.Fatal(err)
	}
	s, ns, _ := strings.Cut(v, " ")
	sec, err1 := strconv.ParseInt(s, 10, 64)
	nsec, err2 := strconv.ParseInt(ns, 10, 64)
	if err1 != nil || err2 != nil || nsec < 0 || nsec >= 1e9 {
		tb.Fatalf("stored TAT %q is not \"<seconds> <nanoseconds>\"", v)
	}
	return time.Unix(sec, nsec)
}

// TestLimiterResults checks the numbers Allow reports, as TestMemory does for
// the in-memory limiter.
func TestLimiterResults(t *testing.T) {
	l := NewLimiter(testClient(t), testOptions(t, nil))
	ctx := context.Background()
	start := time.Now()
	for i := range 60 {
		r, err := l.Allow(ctx, "key_a", 60)
		if err != nil || !r.Allowed || r.Limit != 60 {
			t.Fatalf("request %d of a 60/min burst: %+v, %v", i+1, r, err)
		}
		// At most a little refill while the test runs.
		if want := 59 - i; r.Remaining < want || r.Remaining > want+1 {
			t.Fatalf("request %d: remaining = %d, want %d", i+1, r.Remaining, want)
		}
	}
	r, _ := l.Allow(ctx, "key_a", 60)
	elapsed := time.Since(start)
	if r.Allowed || r.Remaining != 0 {
		t.Fatalf("61st request: %+v, want denied with 0 left", r)
	}
	// One request's share of a minute is 1 s, less what has elapsed; a
	// denial counts it in whole seconds from the current second, to the
	// second Reset names.
	if r.RetryAfter != time.Second && r.RetryAfter != 2*time.Second {
		t.Errorf("RetryAfter = %v after %v, want 1s or 2s (one request's share of a minute, to a whole second)", r.RetryAfter, elapsed)
	}
	if d := time.Until(r.Reset); d < -time.Second || d > 2*time.Second {
		t.Errorf("Reset in %v, want the second a request is allowed again", d)
	}
	if other, _ := l.Allow(ctx, "key_b", 60); !other.Allowed {
		t.Error("another key was limited by key_a's traffic")
	}
	if !l.Healthy() || l.Fallbacks() != 0 {
		t.Errorf("healthy=%v fallbacks=%d on a working Redis", l.Healthy(), l.Fallbacks())
	}
}

// TestLimiterSharedAcrossClients runs two limiters, as two nodes would, on
// one key from many goroutines: together they allow the limit, not twice it.
func TestLimiterSharedAcrossClients(t *testing.T) {
	opt := testOptions(t, nil)
	// Twenty goroutines opening connections at once can take longer than
	// 50 ms under the race detector; this test is about counting, not speed.
	opt.Timeout = time.Second
	nodes := []*Limiter{NewLimiter(testClient(t), opt), NewLimiter(testClient(t), opt)}
	const limit, requests = 50, 200
	var allowed, denied atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for g := range 20 {
		wg.Go(func() {
			for i := range requests / 20 {
				r, err := nodes[(g+i)%2].Allow(context.Background(), "shared", limit)
				if err != nil {
					t.Error(err)
				}
				if r.Allowed {
					allowed.Add(1)
				} else {
					denied.Add(1)
				}
			}
		})
	}
	wg.Wait()
	refill := int64(time.Since(start) / (ratelimit.Window / limit))
	if got := allowed.Load(); got < limit || got > limit+refill {
		t.Errorf("two nodes allowed %d of %d requests, want %d (+%d refilled while the test ran)", got, requests, limit, refill)
	}
	for _, n := range nodes {
		if n.Fallbacks() != 0 {
			t.Errorf("%d fallbacks on a working Redis", n.Fallbacks())
		}
	}
}

// TestLimiterFallsBackWhenRedisIsUnreachable points a limiter at a port
// where nothing listens: requests keep being answered on the local limiter,
// the limiter reports unhealthy, the transition is logged once, and Redis is
// not tried again on every request.
func TestLimiterFallsBackWhenRedisIsUnreachable(t *testing.T) {
	var dials atomic.Int64
	rdb := goredis.NewClient(&goredis.Options{
		Addr: "127.0.0.1:1", MaxRetries: -1, ContextTimeoutEnabled: true,
		Dialer: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
	})
	t.Cleanup(func() { rdb.Close() })
	logs, log := newLogCounter()
	// No probe within the test: it checks that requests do not try Redis.
	l := NewLimiter(rdb, Options{Logger: log, ProbeInterval: time.Hour})
	start := time.Now()
	allowed := 0
	for range 100 {
		r, err := l.Allow(context.Background(), "key_a", 60)
		if err != nil {
			t.Fatalf("Allow returned %v; it must answer from the local limiter", err)
		}
		if r.Allowed {
			allowed++
		}
	}
	if time.Since(start) > time.Second {
		t.Errorf("100 requests took %v with Redis down", time.Since(start))
	}
	if allowed != 60 {
		t.Errorf("local limiter allowed %d of 100, want 60", allowed)
	}
	if l.Healthy() || l.Fallbacks() != 100 {
		t.Errorf("healthy=%v fallbacks=%d, want unhealthy and 100", l.Healthy(), l.Fallbacks())
	}
	// A dial that outlasts the 50 ms timeout looks like a slow moment, so
	// Redis is tried by up to failureThreshold requests (a dial and a retry
	// each) before the limiter turns local.
	if n := dials.Load(); n > 2*failureThreshold {
		t.Errorf("%d connection attempts for 100 requests within a second, want Redis tried by at most %d requests", n, failureThreshold)
	}
	if n := logs.count(slog.LevelWarn); n != 1 {
		t.Errorf("%d warnings, want one for the transition", n)
	}
}

// TestLimiterReturnsToRedis cuts a limiter off Redis and reconnects it: it
// falls back, then counts on Redis again once a probe succeeds.
func TestLimiterReturnsToRedis(t *testing.T) {
	rdb := newSwitchable(t, true)
	logs, log := newLogCounter()
	opt := testOptions(t, log)
	opt.ProbeInterval = 20 * time.Millisecond
	l := NewLimiter(rdb, opt)
	ctx := context.Background()
	for range 10 {
		l.Allow(ctx, "key_a", 100)
	}
	if l.Healthy() || l.Fallbacks() != 10 {
		t.Fatalf("healthy=%v fallbacks=%d with Redis off", l.Healthy(), l.Fallbacks())
	}
	rdb.down.Store(false)
	for deadline := time.Now().Add(5 * time.Second); !l.Healthy(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the limiter did not return to Redis within 5s of it answering")
		}
	}
	r, err := l.Allow(ctx, "key_a", 100)
	if err != nil || !r.Allowed {
		t.Fatalf("first request after Redis came back: %+v, %v", r, err)
	}
	if !l.Healthy() || l.Fallbacks() != 10 {
		t.Errorf("healthy=%v fallbacks=%d, want healthy and no new fallbacks", l.Healthy(), l.Fallbacks())
	}
	if r.Remaining != 99 {
		t.Errorf("remaining = %d, want 99: the global count starts at this request", r.Remaining)
	}
	if w, i := logs.count(slog.LevelWarn), logs.count(slog.LevelInfo); w != 1 || i != 1 {
		t.Errorf("%d warnings and %d infos, want one of each", w, i)
	}
}
