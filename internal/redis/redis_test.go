package redis

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"
)

// envURL names the variable holding the URL of the test Redis.
const envURL = "HIVE_TEST_REDIS_URL"

// testURL returns the test Redis URL, skipping tb if it is unset.
func testURL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv(envURL)
	if u == "" {
		tb.Skip("set " + envURL + "=redis://127.0.0.1:6379/0 to run the Redis tests")
	}
	return u
}

// testClient returns a client of the test Redis, closed when tb ends.
func testClient(tb testing.TB) *goredis.Client {
	tb.Helper()
	c, err := NewClient(testURL(tb))
	if err != nil {
		tb.Fatalf("%s: %v", envURL, err)
	}
	tb.Cleanup(func() { c.Close() })
	return c
}

// switchable is a client whose connections fail while down is set.
type switchable struct {
	*goredis.Client
	down  atomic.Bool
	dials atomic.Int64
}

// newSwitchable returns a client of the test Redis that can be cut off.
func newSwitchable(tb testing.TB, down bool) *switchable {
	tb.Helper()
	opt, err := goredis.ParseURL(testURL(tb))
	if err != nil {
		tb.Fatalf("%s: %v", envURL, err)
	}
	s := &switchable{}
	s.down.Store(down)
	var d net.Dialer
	opt.ContextTimeoutEnabled, opt.MaxRetries = true, -1
	opt.Dialer = func(ctx context.Context, network, addr string) (net.Conn, error) {
		s.dials.Add(1)
		if s.down.Load() {
			return nil, errors.New("test: Redis is switched off")
		}
		return d.DialContext(ctx, network, addr)
	}
	s.Client = goredis.NewClient(opt)
	tb.Cleanup(func() { s.Close() })
	return s
}

// testOptions returns Options with a key prefix and channel of tb's own, and
// deletes the keys under the prefix when tb ends.
func testOptions(tb testing.TB, log *slog.Logger) Options {
	tb.Helper()
	id := strings.ToLower(rand.Text()[:12])
	// Calls get a generous timeout: these tests check what Redis answers,
	// and under the race detector on a loaded machine a round trip can
	// outlast the 50 ms meant for the request path.
	opt := Options{Prefix: "hive:test:" + id + ":rl:", Channel: DefaultChannel + ":test:" + id, Logger: log, Timeout: 2 * time.Second}
	tb.Cleanup(func() {
		c, err := NewClient(testURL(tb))
		if err != nil {
			return
		}
		defer c.Close()
		ctx := context.Background()
		iter := c.Scan(ctx, 0, opt.Prefix+"*", 100).Iterator()
		for iter.Next(ctx) {
			c.Del(ctx, iter.Val())
		}
	})
	return opt
}

// logCounter counts log records by level.
type logCounter struct {
	mu     sync.Mutex
	counts map[slog.Level]int
}

func newLogCounter() (*logCounter, *slog.Logger) {
	lc := &logCounter{counts: map[slog.Level]int{}}
	return lc, slog.New(lc)
}

func (lc *logCounter) Enabled(context.Context, slog.Level) bool { return true }
func (lc *logCounter) WithAttrs([]slog.Attr) slog.Handler       { return lc }
func (lc *logCounter) WithGroup(string) slog.Handler            { return lc }
func (lc *logCounter) Handle(_ context.Context, r slog.Record) error {
	lc.mu.Lock()
	lc.counts[r.Level]++
	lc.mu.Unlock()
	return nil
}

func (lc *logCounter) count(l slog.Level) int {
	lc.mu.Lock()
	defer lc.mu.Unlock()
	return lc.counts[l]
}

// TestDriverMessagesGoToTheProcessLogRateLimited points a client at a port
// nothing listens on: go-redis's failed dials reach the process log, in
// its format, once however many there are within DriverLogInterval.
func TestDriverMessagesGoToTheProcessLogRateLimited(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	SetDriverLogger(slog.New(slog.NewTextHandler(lockedWriter{&mu, &buf}, nil)))
	t.Cleanup(func() { SetDriverLogger(slog.Default()) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	rdb, err := NewClient("redis://" + addr + "/0")
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	for range 3 {
		if rdb.Ping(t.Context()).Err() == nil {
			t.Fatal("a ping to a closed port succeeded")
		}
	}
	mu.Lock()
	defer mu.Unlock()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], `level=WARN msg="Redis client" says="connection pool: failed to dial`) ||
		!strings.Contains(lines[0], addr) {
		t.Errorf("process log after 3 failed pings:\n%s\nwant one Warn line naming the failed dial to %s", buf.String(), addr)
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
