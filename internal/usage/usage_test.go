package usage_test

import (
	"bytes"
	"context"
	"log/slog"
	"math"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
	"github.com/hive-platform/hive/internal/usage"
)

// t0 is the start of a minute, so that tests can place requests in minutes.
var t0 = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

// env is a Service and a Recorder over a new SQLite store.
type env struct {
	t     *testing.T
	store usage.Store
	svc   *usage.Service
	rec   *usage.Recorder
	clock *fakeClock
	logs  *bytes.Buffer
	owner *hive.Principal
}

func newEnv(t *testing.T, cfg usage.RecorderConfig) *env {
	e := &env{t: t, store: sqlitetest.Open(t).Usage(), clock: &fakeClock{now: t0.Add(time.Hour)}, logs: &bytes.Buffer{},
		owner: &hive.Principal{TenantID: "ten_a"}}
	log := slog.New(slog.NewTextHandler(e.logs, nil))
	e.svc = usage.NewService(e.store, usage.Config{Now: e.clock.Now, Logger: log})
	cfg.Logger = log
	e.rec = usage.NewRecorder(e.svc, cfg)
	return e
}

// record returns a request of tenant a's key_a at the given time.
func record(at time.Time, status int, latency time.Duration) *hive.RequestRecord {
	return &hive.RequestRecord{Time: at, RequestID: "req_1", TenantID: "ten_a", KeyID: "key_a", Method: "GET",
		Route: "GET /v1/auth/verify", Path: "/v1/auth/verify", Status: status, Latency: latency,
		ClientIP: netip.MustParseAddr("198.51.100.7"), UserAgent: "bi-tool/1.0", ResponseBytes: 2,
		ContentType: "application/json", Body: []byte("{}"), RateLimited: status == 429}
}

func (e *env) flush() {
	e.t.Helper()
	if !e.rec.Flush(context.Background()) {
		e.t.Fatal("flush failed")
	}
}

func (e *env) logsOf(tenant string) []*usage.Entry {
	e.t.Helper()
	out, err := e.store.ListLogs(context.Background(), usage.LogFilter{TenantID: tenant, Limit: 1000})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

func TestRecorderDropsRowsWhenTheQueueIsFullAndSaysSo(t *testing.T) {
	e := newEnv(t, usage.RecorderConfig{MaxQueued: 3})
	for range 5 {
		e.rec.ObserveRequest(record(t0, 200, time.Millisecond)) // would hang the test if it blocked
	}
	want := usage.RecorderStats{Queued: 3, QueuedBytes: 3 * len(`{}`), Dropped: 2}
	if d := cmp.Diff(want, e.rec.Stats()); d != "" {
		t.Errorf("stats (-want +got):\n%s", d)
	}
	if n := strings.Count(e.logs.String(), "API log rows dropped"); n != 1 {
		t.Errorf("%d drop warnings, want 1 (rate-limited):\n%s", n, e.logs)
	}
	e.flush()
	if got := e.rec.Stats(); got.Written != 3 || got.Queued != 0 || got.QueuedBytes != 0 {
		t.Errorf("stats after flush = %+v", got)
	}
	if n := len(e.logsOf("ten_a")); n != 3 {
		t.Errorf("%d rows stored, want 3", n)
	}
}

func TestRecorderKeepsRowsWithoutBodiesOverTheByteBudget(t *testing.T) {
	e := newEnv(t, usage.RecorderConfig{MaxQueuedBytes: 3 << 10})
	big := record(t0, 200, time.Millisecond)
	big.Body = bytes.Repeat([]byte("x"), 2500)
	big.ResponseBytes = len(big.Body)
	e.rec.ObserveRequest(big) // fits: 2500 bytes
	small := record(t0, 200, time.Millisecond)
	small.Body = bytes.Repeat([]byte("y"), 600)
	small.ResponseBytes = len(small.Body)
	e.rec.ObserveRequest(small) // 600 more do not
	small.Latency = 2 * time.Millisecond
	e.rec.ObserveRequest(small) // nor do these
	if got := e.rec.Stats(); got.BodiesDropped != 2 || got.Dropped != 0 || got.Queued != 3 {
		t.Fatalf("stats = %+v", got)
	}
	e.flush()
	rows := e.logsOf("ten_a")
	var dropped int
	for _, r := range rows {
		_, err := e.store.LogBody(context.Background(), "ten_a", r.ID)
		switch {
		case r.BodyDropped && hive.ErrorCode(err) == hive.ENOTFOUND:
			dropped++
		case r.BodyDropped || err != nil:
			t.Errorf("row %+v: body error %v", r, err)
		}
	}
	if len(rows) != 3 || dropped != 2 {
		t.Errorf("%d rows, %d marked body_dropped; want 3 and 2", len(rows), dropped)
	}
	// The service says why the body is missing.
	for _, r := range rows {
		if r.BodyDropped {
			_, _, err := e.svc.LogBody(context.Background(), e.owner, r.ID)
			if hive.ErrorCode(err) != hive.ENOTFOUND || !strings.Contains(err.Error(), "memory budget") {
				t.Errorf("LogBody of a dropped body: %v", err)
			}
		}
	}
}

func TestRunWritesEverythingQueuedWhenStopped(t *testing.T) {
	e := newEnv(t, usage.RecorderConfig{FlushInterval: time.Hour, BatchSize: 7})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { e.rec.Run(ctx); close(done) }()
	const n = 100
	for i := range n {
		e.rec.ObserveRequest(record(t0.Add(time.Duration(i)*time.Millisecond), 200, time.Millisecond))
	}
	cancel()
	<-done
	if got := e.rec.Stats(); got.Written != n || got.Queued != 0 || got.Dropped != 0 {
		t.Errorf("stats = %+v", got)
	}
	if got := len(e.logsOf("ten_a")); got != n {
		t.Errorf("%d rows stored, want %d", got, n)
	}
}

func TestEntriesKeepTheRecordsFields(t *testing.T) {
	e := newEnv(t, usage.RecorderConfig{})
	rec := record(t0.Add(1234567*time.Nanosecond), 429, 1500*time.Microsecond)
	rec.UserID, rec.Query, rec.ErrorCode, rec.BodyTruncated = "usr_1", "limit=5", hive.ERATELIMITED, true
	anon := record(t0, 401, time.Millisecond)
	anon.TenantID, anon.KeyID, anon.ClientIP = "", "", netip.Addr{}
	e.rec.ObserveRequest(rec)
	rec.Body[0] = '!' // the observer must have its own copy
	e.rec.ObserveRequest(anon)
	e.flush()
	rows := e.logsOf("ten_a")
	if len(rows) != 1 {
		t.Fatalf("%d rows of tenant a, want 1 (the anonymous one has no tenant)", len(rows))
	}
	got := rows[0]
	want := &usage.Entry{ID: got.ID, Time: t0.Add(1234 * time.Microsecond), TenantID: "ten_a", KeyID: "key_a",
		UserID: "usr_1", Method: "GET", Route: "GET /v1/auth/verify", Path: "/v1/auth/verify", Query: "limit=5",
		Status: 429, ErrorCode: hive.ERATELIMITED, RateLimited: true, Latency: 1500 * time.Microsecond,
		ClientIP: "198.51.100.7", UserAgent: "bi-tool/1.0", RequestID: "req_1", ResponseBytes: 2,
		ContentType: "application/json", BodyTruncated: true}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("entry (-want +got):\n%s", d)
	}
	if !hive.ValidID(hive.PrefixLog, got.ID) {
		t.Errorf("id %q is not a log_ id", got.ID)
	}
	_, body, err := e.svc.LogBody(context.Background(), e.owner, got.ID)
	if err != nil || string(body) != "{}" {
		t.Errorf("body = %q, %v", body, err)
	}
}

func TestUsageRollupsPerMinuteWithPercentiles(t *testing.T) {
	e := newEnv(t, usage.RecorderConfig{})
	// Minute 0: 97 fast requests, two slow, one rate limited, so the 99th
	// of 100 is slow. Minute 2: a 500. Another key and a keyless request
	// stay out of key_a's usage.
	for i := range 97 {
		e.rec.ObserveRequest(record(t0.Add(time.Duration(i)*time.Millisecond), 200, 10*time.Millisecond))
	}
	e.rec.ObserveRequest(record(t0.Add(time.Second), 200, 800*time.Millisecond))
	e.rec.ObserveRequest(record(t0.Add(time.Second), 200, 800*time.Millisecond))
	e.rec.ObserveRequest(record(t0.Add(2*time.Second), 429, time.Millisecond))
	e.rec.ObserveRequest(record(t0.Add(2*time.Minute+time.Second), 500, 50*time.Millisecond))
	other := record(t0, 200, time.Millisecond)
	other.KeyID = "key_b"
	e.rec.ObserveRequest(other)
	keyless := record(t0, 401, time.Millisecond)
	keyless.KeyID = ""
	e.rec.ObserveRequest(keyless)
	e.flush()

	rep, err := e.svc.KeyUsage(context.Background(), e.owner, usage.ReportParams{KeyID: "key_a",
		From: t0, To: t0.Add(3 * time.Minute), Interval: "minute"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Points) != 3 || !rep.Points[1].Start.Equal(t0.Add(time.Minute)) || rep.Points[1].Requests != 0 {
		t.Fatalf("points = %+v, want three minutes, the middle one empty", rep.Points)
	}
	first := rep.Points[0]
	if d := cmp.Diff(usage.Counts{Requests: 100, Status2xx: 99, Status4xx: 1, RateLimited: 1}, first.Counts); d != "" {
		t.Errorf("first minute (-want +got):\n%s", d)
	}
	within(t, "p50", first.P50, 10*time.Millisecond)
	within(t, "p99", first.P99, 800*time.Millisecond)
	if d := cmp.Diff(usage.Counts{Requests: 1, Status5xx: 1}, rep.Points[2].Counts); d != "" {
		t.Errorf("third minute (-want +got):\n%s", d)
	}
	if rep.Total.Requests != 101 || rep.Total.Status5xx != 1 {
		t.Errorf("total = %+v", rep.Total)
	}
	within(t, "total p50", rep.Total.P50, 10*time.Millisecond)
}

// within fails unless got is within the 9% the buckets promise of want.
func within(t *testing.T, what string, got, want time.Duration) {
	t.Helper()
	if r := float64(got) / float64(want); r < 1/1.0906 || r > 1.0906 {
		t.Errorf("%s = %v, want %v within 9%%", what, got, want)
	}
}

func TestUsageHourAndDayIntervalsSumTheMinutes(t *testing.T) {
	e := newEnv(t, usage.RecorderConfig{})
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	at := []time.Duration{10 * time.Minute, 59 * time.Minute, 61 * time.Minute, 23*time.Hour + 59*time.Minute, 25 * time.Hour}
	for _, d := range at {
		e.rec.ObserveRequest(record(day.Add(d), 200, time.Millisecond))
	}
	e.flush()
	e.clock.now = day.Add(48 * time.Hour)
	hourly, err := e.svc.KeyUsage(context.Background(), e.owner, usage.ReportParams{KeyID: "key_a",
		From: day, To: day.Add(2 * time.Hour), Interval: "hour"})
	if err != nil {
		t.Fatal(err)
	}
	if got := requests(hourly.Points); !cmp.Equal(got, []int64{2, 1}) {
		t.Errorf("hourly requests = %v, want [2 1]", got)
	}
	daily, err := e.svc.TenantUsage(context.Background(), e.owner, usage.ReportParams{From: day.Add(time.Hour),
		To: day.Add(36 * time.Hour), Interval: "day"})
	if err != nil {
		t.Fatal(err)
	}
	if !daily.From.Equal(day) || !daily.To.Equal(day.Add(48*time.Hour)) {
		t.Errorf("range rounded to %v..%v, want whole UTC days", daily.From, daily.To)
	}
	if got := requests(daily.Points); !cmp.Equal(got, []int64{4, 1}) {
		t.Errorf("daily requests = %v, want [4 1]", got)
	}
	if len(daily.ByKey) != 1 || daily.ByKey[0].KeyID != "key_a" || daily.ByKey[0].Requests != 5 {
		t.Errorf("by key = %+v", daily.ByKey)
	}
	if len(daily.ByRoute) != 1 || daily.ByRoute[0].Route != "GET /v1/auth/verify" || daily.ByRoute[0].Requests != 5 {
		t.Errorf("by route = %+v", daily.ByRoute)
	}
}

func requests(pts []usage.Point) []int64 {
	var out []int64
	for _, p := range pts {
		out = append(out, p.Requests)
	}
	return out
}

func TestUsageQueriesAreValidated(t *testing.T) {
	e := newEnv(t, usage.RecorderConfig{})
	for _, tt := range []struct {
		name  string
		in    usage.ReportParams
		field string
	}{
		{"unknown interval is 400", usage.ReportParams{Interval: "week"}, "interval"},
		{"empty range is 400", usage.ReportParams{From: t0, To: t0}, "to"},
		{"too many minutes is 400", usage.ReportParams{From: t0, To: t0.Add(25 * time.Hour), Interval: "minute"}, "from"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.TenantUsage(context.Background(), e.owner, tt.in)
			if hive.ErrorCode(err) != hive.EINVALID || hive.ErrorDetails(err)["field"] != tt.field {
				t.Errorf("err = %v, want a 400 naming %s", err, tt.field)
			}
		})
	}
}

func TestPruneKeepsEachTenantsRetention(t *testing.T) {
	e := newEnv(t, usage.RecorderConfig{})
	ctx := context.Background()
	now := e.clock.Now()
	if _, err := e.svc.UpdateSettings(ctx, e.owner, 1); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []int{0, 91} {
		if _, err := e.svc.UpdateSettings(ctx, e.owner, bad); hive.ErrorCode(err) != hive.EINVALID {
			t.Errorf("retention %d: err = %v, want a 400", bad, err)
		}
	}
	at := func(tenant string, age time.Duration) {
		r := record(now.Add(-age), 200, time.Millisecond)
		r.TenantID = tenant
		e.rec.ObserveRequest(r)
	}
	at("ten_a", 36*time.Hour) // past a's one day
	at("ten_a", 12*time.Hour)
	at("ten_b", 8*24*time.Hour) // past the default seven days
	at("ten_b", 6*24*time.Hour)
	at("", 8*24*time.Hour)
	e.flush()
	n, err := e.svc.Prune(ctx)
	if err != nil || n != 3 {
		t.Fatalf("Prune = %d, %v; want 3", n, err)
	}
	if a, b := len(e.logsOf("ten_a")), len(e.logsOf("ten_b")); a != 1 || b != 1 {
		t.Errorf("left %d rows of a and %d of b, want 1 and 1", a, b)
	}
	set, err := e.svc.Settings(ctx, &hive.Principal{TenantID: "ten_b"})
	if err != nil || set.RetentionDays != usage.DefaultRetentionDays {
		t.Errorf("default settings = %+v, %v", set, err)
	}
}

func TestBucketsAreWithinNinePercent(t *testing.T) {
	for us := int64(1); us < int64(time.Hour/time.Microsecond); us = us*11/10 + 1 {
		d := time.Duration(us) * time.Microsecond
		mid := usage.BucketMiddle(usage.BucketOf(d))
		if r := float64(mid) / float64(d); math.Abs(math.Log(r)) > math.Log(1.0906) {
			t.Fatalf("latency %v reports as %v", d, mid)
		}
	}
}

func TestTwoRecordersWritingOneMinuteAddUp(t *testing.T) {
	e := newEnv(t, usage.RecorderConfig{})
	other := usage.NewRecorder(e.svc, usage.RecorderConfig{BatchSize: 3})
	for i := range 50 {
		e.rec.ObserveRequest(record(t0.Add(time.Duration(i)*time.Millisecond), 200, time.Millisecond))
		other.ObserveRequest(record(t0.Add(time.Duration(i)*time.Millisecond), 404, time.Millisecond))
	}
	var wg sync.WaitGroup
	for _, r := range []*usage.Recorder{e.rec, other} {
		wg.Go(func() { r.Flush(context.Background()) })
	}
	wg.Wait()
	rep, err := e.svc.KeyUsage(context.Background(), e.owner, usage.ReportParams{KeyID: "key_a",
		From: t0, To: t0.Add(time.Minute), Interval: "minute"})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(usage.Counts{Requests: 100, Status2xx: 50, Status4xx: 50}, rep.Points[0].Counts); d != "" {
		t.Errorf("minute (-want +got):\n%s", d)
	}
}
