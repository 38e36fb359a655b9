package sqlite_test

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/sqlite/sqlitetest"
	"github.com/hive-platform/hive/internal/storetest"
	"github.com/hive-platform/hive/internal/usage"
)

func TestUsageStore(t *testing.T) {
	storetest.RunUsage(t, func(t *testing.T) usage.Store { return sqlitetest.Open(t).Usage() })
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
