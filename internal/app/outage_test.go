package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
	"github.com/hive-platform/hive/internal/redis"
)

// proxy forwards TCP connections to a target until cut, and can be
// restored on the same address.
type proxy struct {
	tb     testing.TB
	addr   string
	target string

	mu    sync.Mutex
	ln    net.Listener
	conns map[net.Conn]struct{}
	armed *commitCut // nil unless a COMMIT is to be cut
}

// commitCut is a proxy armed to cut one PostgreSQL connection at the
// COMMIT of a transaction that sent marker: the COMMIT reaches the server,
// which commits, and its answer never reaches the client.
type commitCut struct {
	marker []byte
	done   chan struct{} // closed once the connection is cut
	once   sync.Once
}

// commitQuery is the simple-protocol Query message pgx sends to commit:
// 'Q', its length (4 + len("commit\x00") = 11), the text.
var commitQuery = []byte("Q\x00\x00\x00\x0bcommit\x00")

// cutCommitAfter arms p to cut the next connection that sends marker
// (e.g. `copy "api_logs"`) and then COMMIT, once the server has answered
// the COMMIT and before the client reads that answer. The channel is
// closed when it has.
func (p *proxy) cutCommitAfter(marker string) <-chan struct{} {
	c := &commitCut{marker: []byte(marker), done: make(chan struct{})}
	p.mu.Lock()
	p.armed = c
	p.mu.Unlock()
	return c.done
}

// newProxy starts a proxy to target on a free port of 127.0.0.1.
func newProxy(tb testing.TB, target string) *proxy {
	p := &proxy{tb: tb, addr: "127.0.0.1:0", target: target, conns: map[net.Conn]struct{}{}}
	p.restore()
	tb.Cleanup(p.cut)
	return p
}

// restore listens on the proxy's address again.
func (p *proxy) restore() {
	p.tb.Helper()
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.tb.Fatalf("proxy: %v", err)
	}
	p.mu.Lock()
	p.ln, p.addr = ln, ln.Addr().String()
	p.mu.Unlock()
	go p.accept(ln)
}

// cut closes the listener and every connection, as a Redis that died would.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
		delete(p.conns, c)
	}
}

func (p *proxy) accept(ln net.Listener) {
	for {
		in, err := ln.Accept()
		if err != nil {
			return
		}
		out, err := net.Dial("tcp", p.target)
		if err != nil {
			in.Close()
			continue
		}
		if !p.track(ln, in, out) {
			continue
		}
		var muted atomic.Bool // the server's bytes are withheld from the client
		answered := make(chan struct{}, 1)
		go p.fromClient(in, out, &muted, answered)
		go p.fromServer(out, in, &muted, answered)
	}
}

// fromClient copies the client's bytes to the server and, when p is armed,
// cuts the connection at the COMMIT of a transaction that sent the marker.
func (p *proxy) fromClient(client, server net.Conn, muted *atomic.Bool, answered chan struct{}) {
	defer client.Close()
	defer server.Close()
	buf := make([]byte, 64<<10)
	sawMarker := false
	for {
		n, err := client.Read(buf)
		if n > 0 {
			chunk := buf[:n]
			p.mu.Lock()
			armed := p.armed
			p.mu.Unlock()
			if armed != nil && bytes.Contains(chunk, armed.marker) {
				sawMarker = true
			}
			if armed != nil && sawMarker && bytes.Contains(chunk, commitQuery) {
				p.mu.Lock()
				mine := p.armed == armed
				p.armed = nil
				p.mu.Unlock()
				if mine {
					muted.Store(true)
					server.Write(chunk)
					select { // the server's answer: it has committed
					case <-answered:
					case <-time.After(5 * time.Second):
						p.tb.Error("proxy: PostgreSQL did not answer the COMMIT within 5s")
					}
					client.Close()
					server.Close()
					armed.once.Do(func() { close(armed.done) })
					return
				}
			}
			if _, werr := server.Write(chunk); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// fromServer copies the server's bytes to the client, except once muted:
// then it says they came and drops them.
func (p *proxy) fromServer(server, client net.Conn, muted *atomic.Bool, answered chan struct{}) {
	defer client.Close()
	defer server.Close()
	buf := make([]byte, 64<<10)
	for {
		n, err := server.Read(buf)
		if n > 0 {
			if muted.Load() {
				select {
				case answered <- struct{}{}:
				default:
				}
			} else if _, werr := client.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// track registers a proxied connection pair, unless the listener that
// accepted it has been cut meanwhile.
func (p *proxy) track(ln net.Listener, conns ...net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != ln {
		for _, c := range conns {
			c.Close()
		}
		return false
	}
	for _, c := range conns {
		p.conns[c] = struct{}{}
	}
	return true
}

// gauge reads one unlabelled metric from the node's GET /metrics.
func gauge(tb testing.TB, n node, name string) float64 {
	tb.Helper()
	resp, err := http.Get(n.url + "/metrics")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		tb.Fatalf("GET /metrics: %v", err)
	}
	f := fams[name]
	if f == nil || len(f.Metric) != 1 {
		tb.Fatalf("GET /metrics has no single %s", name)
	}
	return metricValue(f.Metric[0])
}

func metricValue(m *dto.Metric) float64 {
	if m.Counter != nil {
		return m.Counter.GetValue()
	}
	return m.Gauge.GetValue()
}

// TestRedisStoppedMidTest serves traffic through a node whose Redis goes
// away and comes back: every request is answered (200 or 429, never an
// error) on the node's own limiter meanwhile, the metrics say so, and the
// global limit resumes when Redis is back.
func TestRedisStoppedMidTest(t *testing.T) {
	redisURL := os.Getenv(envRedis)
	if redisURL == "" {
		t.Skip("set " + envRedis + "=redis://127.0.0.1:6379/0 to run the Redis outage test")
	}
	u, err := url.Parse(redisURL)
	if err != nil {
		t.Fatal(err)
	}
	px := newProxy(t, u.Host)
	u.Host = px.addr
	cfg := app.DefaultConfig()
	cfg.DatabaseURL = filepath.Join(t.TempDir(), "hive.db")
	cfg.RedisURL = u.String()
	cfg.RedisTimeout = time.Second
	n := startNode(t, cfg)
	boot, err := n.app.Keys.Bootstrap(t.Context(), apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	forgetLimits(t, redisURL, boot.Key.ID)
	rdb, err := redis.NewClient(redisURL)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	limited := redis.DefaultPrefix + boot.Key.ID

	serve := func(phase string, requests int) map[int]int {
		t.Helper()
		status := map[int]int{}
		for range requests {
			resp := get(t, n.url, boot.Secret)
			status[resp.StatusCode]++
			if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusTooManyRequests {
				t.Errorf("%s: status %d %s, want 200 or 429", phase, resp.StatusCode, strings.TrimSpace(string(resp.Body)))
			}
		}
		return status
	}
	awaitGauge := func(name string, want float64) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); gauge(t, n, name) != want; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s = %v after 5s, want %v", name, gauge(t, n, name), want)
			}
			serve("waiting for "+name, 1)
		}
	}

	serve("before the outage", 20)
	if gauge(t, n, "hive_redis_up") != 1 || gauge(t, n, "hive_redis_fallbacks_total") != 0 {
		t.Fatal("before the outage: Redis is not reported up with no fallbacks")
	}
	if rdb.Exists(t.Context(), limited).Val() != 1 {
		t.Fatal("before the outage: the key's requests are not counted on Redis")
	}

	px.cut()
	start := time.Now()
	status := serve("during the outage", 250)
	t.Logf("250 requests during the outage answered in %v: %v", time.Since(start), status)
	if status[http.StatusTooManyRequests] == 0 {
		t.Errorf("no 429 during the outage for 270 requests under a limit of 200: the local limiter did not count")
	}
	if got := gauge(t, n, "hive_redis_up"); got != 0 {
		t.Errorf("hive_redis_up = %v during the outage, want 0", got)
	}
	if got := gauge(t, n, "hive_redis_fallbacks_total"); got < 240 {
		t.Errorf("hive_redis_fallbacks_total = %v during the outage, want about 250", got)
	}
	awaitGauge("hive_key_invalidations_subscribed", 0)

	rdb.Del(context.Background(), limited)
	px.restore()
	awaitGauge("hive_redis_up", 1)
	awaitGauge("hive_key_invalidations_subscribed", 1)
	fallbacks := gauge(t, n, "hive_redis_fallbacks_total")
	serve("after the outage", 5)
	if rdb.Exists(t.Context(), limited).Val() != 1 {
		t.Error("after the outage: the key's requests are not counted on Redis again")
	}
	if got := gauge(t, n, "hive_redis_fallbacks_total"); got != fallbacks {
		t.Errorf("fallbacks went from %v to %v after Redis came back", fallbacks, got)
	}
	if _, err := client.New(n.url, boot.Secret, client.WithMaxRetries(0)).Verify(t.Context()); err != nil {
		t.Errorf("verify after the outage: %v", err)
	}
}

// TestRedisClientMessagesAreInTheProcessLog opens a node whose Redis is
// a port nothing listens on: the Redis client's failed dial is in the
// node's own log, in its format, not a line of its own on standard error.
func TestRedisClientMessagesAreInTheProcessLog(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cfg := app.DefaultConfig()
	cfg.DatabaseURL = filepath.Join(t.TempDir(), "hive.db")
	cfg.RedisURL = "redis://" + addr + "/0"
	logs := &lockedBuffer{}
	a, err := app.Open(t.Context(), cfg, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if !strings.Contains(logs.String(), `level=WARN msg="Redis client" says="connection pool: failed to dial`) {
		t.Errorf("the node's log after opening with Redis down:\n%s\nwant the Redis client's failed dial in it", logs.String())
	}
}
