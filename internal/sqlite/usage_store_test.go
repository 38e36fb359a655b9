package sqlite_test

import (
	"fmt"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
	"github.com/hive-platform/hive/internal/storetest"
	"github.com/hive-platform/hive/internal/usage"
)

func TestUsageStore(t *testing.T) {
	storetest.RunUsage(t, func(t *testing.T) usage.Store { return sqlitetest.Open(t).Usage() })
}

// logEntries returns n entries of tenant ten_a, a second apart from at,
// each with a body.
func logEntries(at time.Time, n int) []*usage.Entry {
	var es []*usage.Entry
	for i := range n {
		t := at.Add(time.Duration(i) * time.Second)
		es = append(es, &usage.Entry{ID: usage.NewLogID(t), Time: t, TenantID: "ten_a", KeyID: fmt.Sprintf("key_%d", i%2),
			Route: "r", Status: 200, Body: []byte(fmt.Sprint("body ", i))})
	}
	return es
}

func ids(es []*usage.Entry) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.ID)
	}
	return out
}

// Blocks of batches written at once interleave in time: lists merge them,
// lookups find entries in either, and an ID of one is refused in another.
func TestInterleavedLogBlocks(t *testing.T) {
	s := sqlitetest.Open(t).Usage()
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	es := logEntries(at, 30) // blocks span at most ten seconds: several blocks per batch
	var odd, even []*usage.Entry
	for i, e := range es {
		if i%2 == 0 {
			even = append(even, e)
		} else {
			odd = append(odd, e)
		}
	}
	if err := s.WriteBatch(t.Context(), even, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteBatch(t.Context(), odd, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteBatch(t.Context(), []*usage.Entry{{ID: usage.NewLogID(at.Add(time.Hour)), Time: at.Add(time.Hour), TenantID: "ten_a"}, es[7]}, nil); err == nil {
		t.Error("an ID already stored was written again")
	}
	var got []*usage.Entry
	after := ""
	for range 20 {
		page, err := s.ListLogs(t.Context(), usage.LogFilter{TenantID: "ten_a", Limit: 4, After: after})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, page...)
		if len(page) < 4 {
			break
		}
		after = page[len(page)-1].ID
	}
	want := ids(es)
	slices.Reverse(want)
	if d := cmp.Diff(want, ids(got)); d != "" {
		t.Errorf("every page, newest first (-want +got):\n%s", d)
	}
	key, from, to := "key_1", es[5].Time, es[25].Time
	page, err := s.ListLogs(t.Context(), usage.LogFilter{TenantID: "ten_a", KeyID: &key, From: &from, To: &to, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{es[23].ID, es[21].ID, es[19].ID, es[17].ID, es[15].ID, es[13].ID, es[11].ID, es[9].ID,
		es[7].ID, es[5].ID}, ids(page)); d != "" {
		t.Errorf("one key's entries in a time range (-want +got):\n%s", d)
	}
	for _, e := range es {
		if _, err := s.LogByID(t.Context(), "ten_a", e.ID); err != nil {
			t.Errorf("entry %s: %v", e.ID, err)
		}
		if body, err := s.LogBody(t.Context(), "ten_a", e.ID); err != nil || string(body) != string(e.Body) {
			t.Errorf("body of %s = %q, %v; want %q", e.ID, body, err, e.Body)
		}
	}
}

// Retention deletes whole blocks, and writes again, without the old
// entries, the blocks that straddle the bound or the limit.
func TestPruneStraddlingLogBlocks(t *testing.T) {
	s := sqlitetest.Open(t).Usage()
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	es := logEntries(at, 25) // blocks of entries 0-9, 10-19, 20-24
	if err := s.WriteBatch(t.Context(), es, nil); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		before time.Time
		limit  int
		want   int
	}{
		{es[3].Time, 2, 2},    // part of the first block, by the limit
		{es[14].Time, 10, 10}, // the rest of it whole, and part of the second, by time
		{es[14].Time, 10, 2},  // what the bound leaves
	} {
		n, err := s.PruneTenantLogs(t.Context(), "ten_a", tt.before, tt.limit)
		if err != nil || n != tt.want {
			t.Errorf("PruneTenantLogs(%s, %d) = %d, %v; want %d", tt.before, tt.limit, n, err, tt.want)
		}
	}
	page, err := s.ListLogs(t.Context(), usage.LogFilter{TenantID: "ten_a", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	want := ids(es[14:])
	slices.Reverse(want)
	if d := cmp.Diff(want, ids(page)); d != "" {
		t.Errorf("entries left (-want +got):\n%s", d)
	}
	for _, e := range es {
		_, err := s.LogByID(t.Context(), "ten_a", e.ID)
		body, berr := s.LogBody(t.Context(), "ten_a", e.ID)
		switch kept := e.ID >= es[14].ID; {
		case kept && (err != nil || berr != nil || string(body) != string(e.Body)):
			t.Errorf("kept entry %s: %v, body %q, %v", e.ID, err, body, berr)
		case !kept && (hive.ErrorCode(err) != hive.ENOTFOUND || hive.ErrorCode(berr) != hive.ENOTFOUND):
			t.Errorf("pruned entry %s: %v, body: %v", e.ID, err, berr)
		}
	}
}

// BenchmarkWriteBatch measures the API-log writer's cost per row: batches
// of 500 verify-sized rows with bodies, as the recorder writes them.
func BenchmarkWriteBatch(b *testing.B) {
	s := sqlitetest.Open(b).Usage()
	now := time.Now().UTC().Truncate(time.Microsecond)
	body := []byte(strings.Repeat(`{"key_id":"key_x","tenant":"acme"}`, 8))
	const batch = 500
	b.ReportAllocs()
	cpu0 := cpuTime()
	for b.Loop() {
		es := make([]*usage.Entry, batch)
		for i := range es {
			now = now.Add(time.Microsecond)
			es[i] = &usage.Entry{ID: hive.NewID(hive.PrefixLog, now), Time: now, TenantID: "ten_a", KeyID: "key_a",
				Method: "GET", Route: "GET /v1/auth/verify", Path: "/v1/auth/verify", Status: 200,
				Latency: time.Millisecond, ClientIP: "127.0.0.1", UserAgent: "Go-http-client/1.1",
				RequestID: "req_abc", ResponseBytes: len(body), ContentType: "application/json", Body: body}
		}
		ru := &usage.Rollup{TenantID: "ten_a", KeyID: "key_a", Route: "GET /v1/auth/verify", Minute: now.Truncate(time.Minute)}
		ru.Requests = batch
		ru.Latency[10] = batch
		if err := s.WriteBatch(b.Context(), es, []*usage.Rollup{ru}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/row")
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N*batch), "cpu-ns/row")
}

// cpuTime returns the CPU time the process has used, which on a shared
// machine measures cost better than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkListLogs measures the first page of a tenant's API log, and of
// one of its keys, with 1,000,000 rows in the log: 100 keys of the tenant
// sending 99% of the requests, a rare key the rest, and another tenant
// as many again. The page must stay a matter of milliseconds.
func BenchmarkListLogs(b *testing.B) {
	s := sqlitetest.Open(b).Usage()
	at := time.Now().UTC().Add(-24 * time.Hour).Truncate(time.Microsecond)
	body := []byte(`{"key_id":"key_x","tenant":"acme"}`)
	const rows, batch = 1_000_000, 2000
	for range rows / batch {
		es := make([]*usage.Entry, batch)
		for i := range es {
			at = at.Add(50 * time.Microsecond)
			tenant, key := "ten_a", fmt.Sprintf("key_%02d", i%100)
			switch {
			case i%2 == 1:
				tenant = "ten_b"
			case i%200 == 0:
				key = "key_rare"
			}
			es[i] = &usage.Entry{ID: usage.NewLogID(at), Time: at, TenantID: tenant, KeyID: key, Method: "GET",
				Route: "GET /v1/auth/verify", Path: "/v1/auth/verify", Status: 200, Latency: time.Millisecond,
				ClientIP: "127.0.0.1", UserAgent: "Go-http-client/1.1", RequestID: "req_abc", Body: body}
		}
		if err := s.WriteBatch(b.Context(), es, nil); err != nil {
			b.Fatal(err)
		}
	}
	key, rare := "key_08", "key_rare"
	for _, tt := range []struct {
		name string
		f    usage.LogFilter
	}{
		{"first page", usage.LogFilter{TenantID: "ten_a"}},
		{"by key", usage.LogFilter{TenantID: "ten_a", KeyID: &key}},
		{"by rare key", usage.LogFilter{TenantID: "ten_a", KeyID: &rare}},
	} {
		b.Run(tt.name, func(b *testing.B) {
			for b.Loop() {
				page, err := s.ListLogs(b.Context(), tt.f)
				if err != nil || len(page) != 100 {
					b.Fatalf("%d entries, %v", len(page), err)
				}
			}
		})
	}
}
