package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hive-platform/hive/client"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/httpapi"
	"github.com/hive-platform/hive/internal/people"
	"github.com/hive-platform/hive/internal/ratelimit"
	"github.com/hive-platform/hive/internal/session"
	"github.com/hive-platform/hive/internal/sqlite"
	"github.com/hive-platform/hive/internal/usage"
	"github.com/hive-platform/hive/internal/webhook"
)

// clock is a settable time source shared by the service and the limiter.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// countingStore counts lookups by hash, to prove the request path stays off
// the database.
type countingStore struct {
	apikey.Store
	byHash atomic.Int64
	down   atomic.Bool // Ping fails, as with an unreachable database
}

func (s *countingStore) Ping(ctx context.Context) error {
	if s.down.Load() {
		return errors.New("test: the database is switched off")
	}
	return s.Store.Ping(ctx)
}

func (s *countingStore) KeyByHash(ctx context.Context, h [32]byte) (*apikey.Key, error) {
	s.byHash.Add(1)
	return s.Store.KeyByHash(ctx, h)
}

// countingDoorStore counts Door API token lookups.
type countingDoorStore struct {
	door.Store
	byToken atomic.Int64
}

func (s *countingDoorStore) SettingsByToken(ctx context.Context, token string) (*door.Settings, error) {
	s.byToken.Add(1)
	return s.Store.SettingsByToken(ctx, token)
}

// harness is a whole API server on a temporary SQLite database with one
// bootstrapped tenant.
type harness struct {
	t      *testing.T
	url    string
	dbPath string
	clock  *clock
	store  *countingStore
	doorDB *countingDoorStore
	svc    *apikey.Service
	logs   *syncWriter
	boot   *apikey.Bootstrap
	owner  *hive.Principal
	doors  *door.Service
	hooks  *webhook.Service
	people *people.Service
	seen   *observed
	usage  *usage.Service
	rec    *usage.Recorder // not running: tests Flush it
}

// observed keeps copies of every request record the server reports.
type observed struct {
	mu   sync.Mutex
	recs []hive.RequestRecord
}

func (o *observed) ObserveRequest(r *hive.RequestRecord) {
	c := *r
	c.Body = bytes.Clone(r.Body)
	o.mu.Lock()
	o.recs = append(o.recs, c)
	o.mu.Unlock()
}

// records returns what has been reported so far.
func (o *observed) records() []hive.RequestRecord {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]hive.RequestRecord(nil), o.recs...)
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hive.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h := &harness{t: t, dbPath: path, clock: &clock{now: time.Now().UTC()}, store: &countingStore{Store: st}, logs: &syncWriter{w: &bytes.Buffer{}}, seen: &observed{}}
	log := slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	lock := session.NewService(st.Sessions(), session.Config{Now: h.clock.Now})
	h.svc = apikey.NewService(h.store, apikey.Config{Now: h.clock.Now, Logger: log, BcryptCost: 4, Lockout: lock})
	h.hooks = webhook.NewService(st.Webhooks(), webhook.Config{Now: h.clock.Now, Logger: log, Events: []string{app.EventDoorEntry},
		// Test receivers listen on 127.0.0.1, which needs the operator's allowance.
		AllowNetworks: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	h.doorDB = &countingDoorStore{Store: st.Doors()}
	h.doors = door.NewService(h.doorDB, door.Config{Now: h.clock.Now, OnEntry: app.PublishDoorEntry(h.hooks, log)})
	h.people = people.NewService(st.People(), people.Config{Now: h.clock.Now})
	h.usage = usage.NewService(st.Usage(), usage.Config{Logger: log})
	h.rec = usage.NewRecorder(h.usage, usage.RecorderConfig{})
	srv := httptest.NewServer(httpapi.New(httpapi.Config{
		Keys: h.svc, Doors: h.doors, People: h.people, Webhooks: h.hooks, Limiter: ratelimit.NewMemory(h.clock.Now), Logger: log, DefaultRateLimit: 1000,
		Observers: []hive.RequestObserver{h.seen, h.rec}, Usage: h.usage,
	}))
	t.Cleanup(srv.Close)
	h.url = srv.URL
	h.boot = h.bootstrap("acme")
	h.owner = apikey.UserPrincipal(h.boot.Tenant, h.boot.Owner)
	return h
}

func (h *harness) bootstrap(slug string) *apikey.Bootstrap {
	h.t.Helper()
	b, err := h.svc.Bootstrap(context.Background(), apikey.BootstrapParams{Slug: slug, AdminEmail: "owner@" + slug + ".test", AdminPassword: "correct horse"})
	if err != nil {
		h.t.Fatal(err)
	}
	return b
}

// client returns an API client using secret, with retries off so tests see
// every response.
func (h *harness) client(secret string, opts ...client.Option) *client.Client {
	return client.New(h.url, secret, append([]client.Option{client.WithMaxRetries(0)}, opts...)...)
}

// admin is a client with the bootstrap full-access key.
func (h *harness) admin() *client.Client { return h.client(h.boot.Secret) }

// createKey creates a key on a new service account via the API.
func (h *harness) createKey(req client.CreateKeyRequest) *client.CreatedAPIKey {
	h.t.Helper()
	ctx := context.Background()
	if req.ServiceAccountID == "" {
		sa, err := h.admin().CreateServiceAccount(ctx, "sa "+rand8(), "")
		if err != nil {
			h.t.Fatal(err)
		}
		req.ServiceAccountID = sa.ID
	}
	if req.Name == "" {
		req.Name = "test key"
	}
	if req.Permissions == nil && req.Preset == "" {
		req.Preset = hive.PresetFullAccess
	}
	k, err := h.admin().CreateKey(ctx, req)
	if err != nil {
		h.t.Fatal(err)
	}
	return k
}

var seq atomic.Int64

func rand8() string { return time.Now().Format("150405.000") + "-" + string(rune('a'+seq.Add(1)%26)) }

// response is a raw HTTP exchange, for checks below the client's level.
type response struct {
	status  int
	header  http.Header
	trailer http.Header
	body    string
	err     client.ErrorBody
}

// do sends a raw request; headers come in name, value pairs.
func (h *harness) do(method, path, body string, headers ...string) response {
	h.t.Helper()
	req, err := http.NewRequest(method, h.url+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := response{status: res.StatusCode, header: res.Header, trailer: res.Trailer, body: string(b)}
	json.Unmarshal(b, &r.err)
	return r
}

// bearer returns the Authorization header pair for secret.
func bearer(secret string) []string { return []string{"Authorization", "Bearer " + secret} }

// apiError asserts err is a *client.Error with the given status, code and
// (when not empty) reason, and returns it.
func apiError(t *testing.T, err error, status int, code, reason string) *client.Error {
	t.Helper()
	ce, ok := err.(*client.Error)
	if !ok {
		t.Fatalf("err = %v (%T), want a *client.Error %d %s", err, err, status, code)
	}
	if ce.StatusCode != status || ce.Code != code || (reason != "" && ce.Reason() != reason) {
		t.Fatalf("error = %d %s reason %q (%s), want %d %s reason %q", ce.StatusCode, ce.Code, ce.Reason(), ce.Message, status, code, reason)
	}
	return ce
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// String returns everything written so far.
func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.(*bytes.Buffer).String()
}
