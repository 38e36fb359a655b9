package redis

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"
)

// envPrivatePort names the variable that gives the port of the private
// redis-server the restart test starts and stops (the shared test Redis is
// never restarted).
// outage is how long Redis stays down: long enough for every pooled
// connection to have failed and for the client to have given up dialling.
const outage = 3 * time.Second

const envPrivatePort = "HIVE_TEST_REDIS_PRIVATE_PORT"

// privateRedis is a redis-server of the test's own, on a fixed port so that
// it can come back where the clients expect it.
type privateRedis struct {
	tb   testing.TB
	port int
	cmd  *exec.Cmd
}

func newPrivateRedis(tb testing.TB) *privateRedis {
	tb.Helper()
	testURL(tb) // the Redis tests are enabled
	port := 16390
	if v := os.Getenv(envPrivatePort); v != "" {
		p, err := strconv.Atoi(v)
		if err != nil {
			tb.Fatalf("%s=%q: want a port number", envPrivatePort, v)
		}
		port = p
	}
	if _, err := exec.LookPath("redis-server"); err != nil {
		tb.Skip("redis-server is not installed: the restart test needs a private Redis")
	}
	r := &privateRedis{tb: tb, port: port}
	r.start()
	tb.Cleanup(r.stop)
	return r
}

func (r *privateRedis) url() string { return fmt.Sprintf("redis://127.0.0.1:%d/0", r.port) }

func (r *privateRedis) start() {
	r.tb.Helper()
	r.cmd = exec.Command("redis-server", "--port", strconv.Itoa(r.port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--dir", r.tb.TempDir())
	if err := r.cmd.Start(); err != nil {
		r.tb.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if c, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(r.port)); err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			r.tb.Fatalf("redis-server on port %d did not start (is the port taken? set %s)", r.port, envPrivatePort)
		}
	}
}

func (r *privateRedis) stop() {
	if r.cmd == nil {
		return
	}
	r.cmd.Process.Kill()
	r.cmd.Wait()
	r.cmd = nil
}

// TestLimiterReturnsAfterRedisRestart restarts Redis under a limiter
// serving concurrent requests with the production timeout. Once Redis
// answers again the limiter must count on Redis and stay there: the burst
// of new connections and the script Redis no longer knows must not send it
// back to local counting.
func TestLimiterReturnsAfterRedisRestart(t *testing.T) {
	if os.Getenv("HIVE_FAULT_TRIALS") == "" {
		t.Skip("set HIVE_FAULT_TRIALS=1 to run the Redis restart fault test: it runs at the request path's 50 ms timeout, which a loaded machine can exceed")
	}
	if raceEnabled {
		t.Skip("the restart test runs at the request path's 50 ms timeout, which the race detector's slowdown would exceed")
	}
	srv := newPrivateRedis(t)
	rdb, err := NewClient(srv.url())
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	l := NewLimiter(rdb, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	var load sync.WaitGroup
	for i := range 16 {
		load.Go(func() {
			for ctx.Err() == nil {
				l.Allow(ctx, "k"+strconv.Itoa(i), 1_000_000)
				time.Sleep(2 * time.Millisecond)
			}
		})
	}
	defer func() { cancel(); load.Wait() }()
	for deadline := time.Now().Add(5 * time.Second); !l.Healthy(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the limiter is not healthy before the restart")
		}
	}
	srv.stop()
	for deadline := time.Now().Add(5 * time.Second); l.Healthy(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the limiter is still healthy 5s after Redis stopped")
		}
	}
	time.Sleep(outage)
	srv.start()
	start := time.Now()
	var back time.Time
	flaps := 0
	for time.Since(start) < 6*time.Second {
		switch healthy := l.Healthy(); {
		case healthy && back.IsZero():
			back = time.Now()
		case !healthy && !back.IsZero():
			flaps++
			back = time.Time{}
		}
		time.Sleep(time.Millisecond)
	}
	if back.IsZero() {
		t.Fatal("the limiter did not return to Redis within 6s of its restart")
	}
	fallbacks := l.Fallbacks()
	time.Sleep(100 * time.Millisecond)
	t.Logf("back on Redis for good %v after the restart, after %d flaps", back.Sub(start), flaps)
	if flaps > 0 {
		t.Errorf("the limiter went back to local counting %d times after Redis answered again, want 0", flaps)
	}
	if got := l.Fallbacks(); got != fallbacks {
		t.Errorf("%d requests counted locally with Redis up for 6s, want 0", got-fallbacks)
	}
}
