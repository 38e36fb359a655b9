package storetest

import (
	"bytes"
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/usage"
)

// RunUsage runs the conformance suite of usage.Store. open returns an empty,
// migrated store that is closed when t ends.
func RunUsage(t *testing.T, open func(t *testing.T) usage.Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, f *usageFixture)
	}{
		{"LogRoundTrip", testUsageLogRoundTrip},
		{"ListLogs", testUsageListLogs},
		{"ListLogsPaging", testUsageListLogsPaging},
		{"BatchIsAtomic", testUsageBatchIsAtomic},
		{"StoredLogIDs", testUsageStoredLogIDs},
		{"RollupsAdd", testUsageRollupsAdd},
		{"ConcurrentWritersAdd", testUsageConcurrentWritersAdd},
		{"SumUsageGroups", testUsageSumGroups},
		{"Settings", testUsageSettings},
		{"Prune", testUsagePrune},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.run(t, newUsageFixture(t, open))
		})
	}
}

// usageFixture is an empty usage store and the IDs of two tenants, which
// need not exist: the usage tables do not refer to the tenants table.
type usageFixture struct {
	t     *testing.T
	ctx   context.Context
	s     usage.Store
	clock clock
	a, b  string
}

func newUsageFixture(t *testing.T, open func(t *testing.T) usage.Store) *usageFixture {
	f := &usageFixture{t: t, ctx: t.Context(), s: open(t), clock: clock{now: t0}}
	f.a = hive.NewID(hive.PrefixTenant, f.clock.tick())
	f.b = hive.NewID(hive.PrefixTenant, f.clock.tick())
	return f
}

func (f *usageFixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// entry returns an unsaved entry of tenant, a second after the last one.
func (f *usageFixture) entry(tenant, key string, status int) *usage.Entry {
	now := f.clock.tick()
	return &usage.Entry{ID: usage.NewLogID(now), Time: now, TenantID: tenant, KeyID: key,
		UserID: "usr_x", Method: "GET", Route: "GET /v1/api-keys/{id}", Path: "/v1/api-keys/key_1",
		Query: "limit=5", Status: status, Latency: 1500 * time.Microsecond, ClientIP: "198.51.100.7",
		UserAgent: "bi-tool/1.0", RequestID: "req_" + now.Format("150405"), ResponseBytes: 12,
		ContentType: "application/json; charset=utf-8"}
}

// write saves entries in one batch without rollups.
func (f *usageFixture) write(es ...*usage.Entry) {
	f.t.Helper()
	f.must(f.s.WriteBatch(f.ctx, es, nil))
}

func logIDs(es []*usage.Entry) []string { return ids(es, func(e *usage.Entry) string { return e.ID }) }

func testUsageLogRoundTrip(t *testing.T, f *usageFixture) {
	withBody := f.entry(f.a, "key_a", 200)
	withBody.Body, withBody.BodyTruncated = []byte(`{"id":"key_1"}`), true
	withBody.AuthVia = "query" // the key came as ?api_key=
	dropped := f.entry(f.a, "key_a", 200)
	dropped.BodyDropped, dropped.RateLimited = true, true
	dropped.SuppressedCount = 42 // a summary row's count, packed on SQLite
	dropped.AuthVia = "query"
	anonymous := f.entry("", "", 401)
	anonymous.ClientIP, anonymous.ErrorCode, anonymous.Reason = "", hive.EUNAUTHORIZED, hive.ReasonKeyMissing
	f.write(withBody, dropped, anonymous)

	got, err := f.s.LogByID(f.ctx, f.a, withBody.ID)
	f.must(err)
	want := *withBody
	want.Body = nil
	check(t, "entry", &want, got)
	got, err = f.s.LogByID(f.ctx, f.a, dropped.ID)
	f.must(err)
	check(t, "entry without body", dropped, got)

	body, err := f.s.LogBody(f.ctx, f.a, withBody.ID)
	f.must(err)
	if !bytes.Equal(body, withBody.Body) {
		t.Errorf("body = %q, want %q", body, withBody.Body)
	}
	_, err = f.s.LogBody(f.ctx, f.a, dropped.ID)
	checkCode(t, err, hive.ENOTFOUND)
	_, err = f.s.LogBody(f.ctx, f.b, withBody.ID)
	checkCode(t, err, hive.ENOTFOUND)
	_, err = f.s.LogByID(f.ctx, f.b, withBody.ID)
	checkCode(t, err, hive.ENOTFOUND)
	_, err = f.s.LogByID(f.ctx, f.a, usage.NewLogID(t0))
	checkCode(t, err, hive.ENOTFOUND)
}

func testUsageListLogs(t *testing.T, f *usageFixture) {
	ok := f.entry(f.a, "key_a", 200)
	limited := f.entry(f.a, "key_a", 429)
	limited.Route = "GET /v1/auth/verify"
	missing := f.entry(f.a, "key_b", 404)
	failed := f.entry(f.a, "key_b", 500)
	other := f.entry(f.b, "key_a", 200)
	anonymous := f.entry("", "", 401)
	f.write(ok, limited, missing, failed, other, anonymous)

	str := func(s string) *string { return &s }
	num := func(n int) *int { return &n }
	at := func(e *usage.Entry) *time.Time { return &e.Time }
	for _, tt := range []struct {
		name string
		f    usage.LogFilter
		want []*usage.Entry
	}{
		{"tenant's own, newest first", usage.LogFilter{}, []*usage.Entry{failed, missing, limited, ok}},
		{"by key", usage.LogFilter{KeyID: str("key_b")}, []*usage.Entry{failed, missing}},
		{"by exact status", usage.LogFilter{Status: num(429)}, []*usage.Entry{limited}},
		{"by status class", usage.LogFilter{StatusClass: num(4)}, []*usage.Entry{missing, limited}},
		{"by route", usage.LogFilter{Route: str("GET /v1/auth/verify")}, []*usage.Entry{limited}},
		{"from is inclusive, to exclusive", usage.LogFilter{From: at(limited), To: at(failed)}, []*usage.Entry{missing, limited}},
		{"key and class", usage.LogFilter{KeyID: str("key_a"), StatusClass: num(2)}, []*usage.Entry{ok}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.f.TenantID = f.a
			got, err := f.s.ListLogs(f.ctx, tt.f)
			f.must(err)
			check(t, "entries", logIDs(tt.want), logIDs(got))
		})
	}
	got, err := f.s.ListLogs(f.ctx, usage.LogFilter{TenantID: f.b})
	f.must(err)
	check(t, "other tenant's entries", logIDs([]*usage.Entry{other}), logIDs(got))
}

func testUsageListLogsPaging(t *testing.T, f *usageFixture) {
	var all []*usage.Entry
	for range 7 {
		all = append([]*usage.Entry{f.entry(f.a, "key_a", 200)}, all...)
	}
	// Two entries in the same microsecond still page apart, by ID.
	same := f.entry(f.a, "key_a", 200)
	same.Time, same.ID = all[0].Time, usage.NewLogID(all[0].Time)
	if same.ID > all[0].ID {
		all = append([]*usage.Entry{same}, all...)
	} else {
		all = append([]*usage.Entry{all[0], same}, all[1:]...)
	}
	f.write(all...)
	var got []*usage.Entry
	after := ""
	for range 10 {
		page, err := f.s.ListLogs(f.ctx, usage.LogFilter{TenantID: f.a, Limit: 3, After: after})
		f.must(err)
		got = append(got, page...)
		if len(page) < 3 {
			break
		}
		after = page[len(page)-1].ID
	}
	check(t, "every page", logIDs(all), logIDs(got))
	page, err := f.s.ListLogs(f.ctx, usage.LogFilter{TenantID: f.b, After: all[0].ID})
	f.must(err)
	checkList(t, "another tenant's cursor", nil, page)
}

func testUsageBatchIsAtomic(t *testing.T, f *usageFixture) {
	first := f.entry(f.a, "key_a", 200)
	f.write(first)
	fresh := f.entry(f.a, "key_a", 200)
	minute := first.Time.Truncate(time.Minute)
	ru := &usage.Rollup{TenantID: f.a, KeyID: "key_a", Route: "r", Minute: minute, Counts: usage.Counts{Requests: 1}}
	err := f.s.WriteBatch(f.ctx, []*usage.Entry{fresh, first}, []*usage.Rollup{ru})
	checkCode(t, err, hive.ECONFLICT)
	_, err = f.s.LogByID(f.ctx, f.a, fresh.ID)
	checkCode(t, err, hive.ENOTFOUND)
	rows, _, err := f.s.SumUsage(f.ctx, usage.UsageQuery{TenantID: f.a, From: minute, To: minute.Add(time.Minute), Step: time.Minute})
	f.must(err)
	checkList(t, "rollups of the failed batch", nil, rows)
}

// testUsageStoredLogIDs writes entries of two tenants and of none, in
// batches hours apart, and asks which of a mix of them are stored: exactly
// the written ones, each under its own tenant.
func testUsageStoredLogIDs(t *testing.T, f *usageFixture) {
	var written, unwritten []*usage.Entry
	for round := range 3 {
		var batch []*usage.Entry
		for _, tenant := range []string{f.a, f.b, ""} {
			batch = append(batch, f.entry(tenant, "key_x", 200), f.entry(tenant, "key_x", 200))
			unwritten = append(unwritten, f.entry(tenant, "key_x", 200))
		}
		batch[0].Body = []byte(`{"ok":true}`)
		f.write(batch...)
		written = append(written, batch...)
		f.clock.now = f.clock.now.Add(time.Duration(round+1) * time.Hour)
	}
	// An ID of tenant a's asked for under tenant b is not b's.
	elsewhere := *written[0]
	elsewhere.TenantID = f.b
	asked := []*usage.Entry{&elsewhere}
	want := map[string]bool{}
	for i, e := range written {
		if i%2 == 1 {
			asked = append(asked, e)
			want[e.ID] = true
		}
	}
	asked = append(asked, unwritten...)
	got, err := f.s.StoredLogIDs(f.ctx, asked)
	f.must(err)
	if d := cmp.Diff(want, got, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("stored IDs (-want +got):\n%s", d)
	}
	got, err = f.s.StoredLogIDs(f.ctx, unwritten)
	f.must(err)
	if len(got) != 0 {
		t.Errorf("entries never written reported stored: %v", got)
	}
}

// rollup returns a rollup of one request per status given, each with the
// given latency.
func rollup(tenant, key, route string, minute time.Time, latency time.Duration, statuses ...int) *usage.Rollup {
	r := &usage.Rollup{TenantID: tenant, KeyID: key, Route: route, Minute: minute}
	for _, st := range statuses {
		r.Requests++
		switch st / 100 {
		case 2:
			r.Status2xx++
		case 4:
			r.Status4xx++
		case 5:
			r.Status5xx++
		}
		if st == 429 {
			r.RateLimited++
		}
		r.Latency[usage.BucketOf(latency)]++
	}
	return r
}

func testUsageRollupsAdd(t *testing.T, f *usageFixture) {
	m := t0.Truncate(time.Minute)
	f.must(f.s.WriteBatch(f.ctx, nil, []*usage.Rollup{rollup(f.a, "key_a", "r", m, time.Millisecond, 200, 429)}))
	f.must(f.s.WriteBatch(f.ctx, nil, []*usage.Rollup{rollup(f.a, "key_a", "r", m, time.Second, 200, 500)}))
	rows, buckets, err := f.s.SumUsage(f.ctx, usage.UsageQuery{TenantID: f.a, KeyID: "key_a", From: m, To: m.Add(time.Minute), Step: time.Minute})
	f.must(err)
	check(t, "summed minute", []*usage.UsageRow{{Start: m, Counts: usage.Counts{Requests: 4, Status2xx: 2,
		Status4xx: 1, Status5xx: 1, RateLimited: 1}}}, rows)
	check(t, "summed buckets", map[int]int64{usage.BucketOf(time.Millisecond): 2, usage.BucketOf(time.Second): 2},
		bucketMap(buckets))
}

func bucketMap(bs []usage.BucketCount) map[int]int64 {
	out := map[int]int64{}
	for _, b := range bs {
		out[b.Bucket] += b.N
	}
	return out
}

// testUsageConcurrentWritersAdd has two writers, as two nodes would, add to
// the same minutes at once; every request must be counted.
func testUsageConcurrentWritersAdd(t *testing.T, f *usageFixture) {
	m := t0.Truncate(time.Minute)
	const batches = 20
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Go(func() {
			for i := range batches {
				rs := []*usage.Rollup{
					rollup(f.a, "key_a", "r", m, time.Millisecond, 200),
					rollup(f.a, "key_b", "r", m.Add(time.Minute), time.Millisecond, 200, 200),
				}
				if err := f.s.WriteBatch(f.ctx, nil, rs); err != nil {
					t.Errorf("writer %d batch %d: %v", w, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	rows, buckets, err := f.s.SumUsage(f.ctx, usage.UsageQuery{TenantID: f.a, From: m, To: m.Add(2 * time.Minute), Step: 2 * time.Minute})
	f.must(err)
	check(t, "requests", []*usage.UsageRow{{Start: m, Counts: usage.Counts{Requests: 2 * batches * 3, Status2xx: 2 * batches * 3}}}, rows)
	check(t, "buckets", map[int]int64{usage.BucketOf(time.Millisecond): 2 * batches * 3}, bucketMap(buckets))
}

func testUsageSumGroups(t *testing.T, f *usageFixture) {
	h := t0.Truncate(time.Hour)
	f.must(f.s.WriteBatch(f.ctx, nil, []*usage.Rollup{
		rollup(f.a, "key_a", "r1", h, time.Millisecond, 200),
		rollup(f.a, "key_a", "r2", h.Add(59*time.Minute), time.Millisecond, 200, 200),
		rollup(f.a, "key_b", "r1", h.Add(time.Hour), time.Millisecond, 404),
		rollup(f.a, "key_b", "r1", h.Add(2*time.Hour), time.Millisecond, 200), // after To
		rollup(f.b, "key_a", "r1", h, time.Millisecond, 200),
	}))
	q := usage.UsageQuery{TenantID: f.a, From: h, To: h.Add(2 * time.Hour), Step: time.Hour}
	rows, _, err := f.s.SumUsage(f.ctx, q)
	f.must(err)
	check(t, "by hour", map[string]int64{h.Format(time.RFC3339): 3, h.Add(time.Hour).Format(time.RFC3339): 1}, sums(rows))
	q.Step, q.By = 2*time.Hour, usage.ByKey
	rows, buckets, err := f.s.SumUsage(f.ctx, q)
	f.must(err)
	check(t, "by key", map[string]int64{"key_a": 3, "key_b": 1}, sums(rows))
	if len(buckets) != 2 || buckets[0].KeyID == "" {
		t.Errorf("buckets by key = %+v, want one per key", buckets)
	}
	q.By = usage.ByRoute
	rows, _, err = f.s.SumUsage(f.ctx, q)
	f.must(err)
	check(t, "by route", map[string]int64{"r1": 2, "r2": 2}, sums(rows))
	q.By, q.KeyID = usage.ByPeriod, "key_b"
	rows, _, err = f.s.SumUsage(f.ctx, q)
	f.must(err)
	check(t, "one key", map[string]int64{h.Format(time.RFC3339): 1}, sums(rows))
}

// sums maps each row's group, its key, its route or else its start, to its
// requests.
func sums(rows []*usage.UsageRow) map[string]int64 {
	out := map[string]int64{}
	for _, r := range rows {
		name := r.KeyID + r.Route
		if name == "" {
			name = r.Start.Format(time.RFC3339)
		}
		out[name] += r.Requests
	}
	return out
}

func testUsageSettings(t *testing.T, f *usageFixture) {
	_, err := f.s.Settings(f.ctx, f.a)
	checkCode(t, err, hive.ENOTFOUND)
	set := &usage.Settings{TenantID: f.a, RetentionDays: 30, UpdatedAt: f.clock.tick()}
	f.must(f.s.SaveSettings(f.ctx, set))
	set.RetentionDays, set.UpdatedAt = 3, f.clock.tick()
	f.must(f.s.SaveSettings(f.ctx, set))
	got, err := f.s.Settings(f.ctx, f.a)
	f.must(err)
	check(t, "settings", set, got)
	_, err = f.s.Settings(f.ctx, f.b)
	checkCode(t, err, hive.ENOTFOUND)
	all, err := f.s.AllSettings(f.ctx)
	f.must(err)
	check(t, "all settings", []*usage.Settings{set}, all)
}

func testUsagePrune(t *testing.T, f *usageFixture) {
	f.must(f.s.SaveSettings(f.ctx, &usage.Settings{TenantID: f.a, RetentionDays: 30, UpdatedAt: t0}))
	oldA, oldB, oldAnon := f.entry(f.a, "k", 200), f.entry(f.b, "k", 200), f.entry("", "", 401)
	oldA.Body, oldB.Body = []byte("a"), []byte("b")
	cut := f.clock.tick()
	newA, newB := f.entry(f.a, "k", 200), f.entry(f.b, "k", 200)
	newB.Body = []byte("b")
	f.write(oldA, oldB, oldAnon, newA, newB)

	n, err := f.s.PruneDefaultLogs(f.ctx, cut, 1)
	f.must(err)
	if n != 1 {
		t.Errorf("pruned %d with a limit of 1", n)
	}
	n, err = f.s.PruneDefaultLogs(f.ctx, cut, 100)
	f.must(err)
	if n != 1 {
		t.Errorf("default retention pruned %d more, want 1 (tenant b's or the anonymous one)", n)
	}
	_, err = f.s.LogByID(f.ctx, f.a, oldA.ID)
	f.must(err) // tenant a has its own retention
	n, err = f.s.PruneTenantLogs(f.ctx, f.a, cut, 100)
	f.must(err)
	if n != 1 {
		t.Errorf("tenant retention pruned %d, want 1", n)
	}
	for _, e := range []*usage.Entry{oldA, oldB} {
		_, err = f.s.LogByID(f.ctx, e.TenantID, e.ID)
		checkCode(t, err, hive.ENOTFOUND)
		_, err = f.s.LogBody(f.ctx, e.TenantID, e.ID)
		checkCode(t, err, hive.ENOTFOUND)
	}
	for _, e := range []*usage.Entry{newA, newB} {
		_, err = f.s.LogByID(f.ctx, e.TenantID, e.ID)
		f.must(err)
	}
	_, err = f.s.LogBody(f.ctx, f.b, newB.ID)
	f.must(err)

	m := t0.Truncate(time.Minute)
	f.must(f.s.WriteBatch(f.ctx, nil, []*usage.Rollup{rollup(f.a, "k", "r", m, time.Millisecond, 200),
		rollup(f.a, "k", "r", m.Add(time.Minute), time.Millisecond, 200)}))
	n, err = f.s.PruneUsage(f.ctx, m.Add(time.Minute))
	f.must(err)
	if n != 2 {
		t.Errorf("PruneUsage deleted %d rows, want 2 (counts and latency of one minute)", n)
	}
	rows, _, err := f.s.SumUsage(f.ctx, usage.UsageQuery{TenantID: f.a, From: m, To: m.Add(2 * time.Minute), Step: time.Minute})
	f.must(err)
	check(t, "rollups left", map[string]int64{m.Add(time.Minute).Format(time.RFC3339): 1}, sums(rows))
}
