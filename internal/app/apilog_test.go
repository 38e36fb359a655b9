package app_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/app"
	"github.com/hive-platform/hive/internal/sqlite"
	"github.com/hive-platform/hive/internal/usage"
)

// TestShutdownUnderLoadLosesNoLogRow serves the app on a real listener,
// hammers it with concurrent clients, stops it mid-load, and checks that
// every response a client received has its row in the API log.
func TestShutdownUnderLoadLosesNoLogRow(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := app.DefaultConfig()
	cfg.DatabaseURL = filepath.Join(t.TempDir(), "hive.db")
	cfg.DefaultRateLimit = 1 << 30
	cfg.APILog.SampledPerMinute = -1 // every refused request is a row, so every response can be found
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	b, err := a.Keys.Bootstrap(ctx, apikey.BootstrapParams{Slug: "acme", AdminEmail: "o@acme.test"})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error)
	go func() { served <- a.Serve(ctx, ln) }()

	var (
		mu       sync.Mutex
		received = map[string]bool{}
		wg       sync.WaitGroup
	)
	url := "http://" + ln.Addr().String() + "/v1/auth/verify"
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	for range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				req, _ := http.NewRequest("GET", url, nil)
				if i%3 != 0 { // some requests are refused, and logged all the same
					req.Header.Set("Authorization", "Bearer "+b.Secret)
				}
				res, err := hc.Do(req)
				if err != nil {
					return // the server has stopped
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				mu.Lock()
				received[res.Header.Get("X-Request-Id")] = true
				mu.Unlock()
			}
		})
	}
	// Stop once the load is well under way, however slow the machine.
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		n := len(received)
		mu.Unlock()
		if n >= 300 {
			break
		}
	}
	cancel()
	if err := <-served; err != nil {
		t.Fatalf("Serve: %v", err)
	}
	wg.Wait()

	logged := requestIDs(t, cfg.DatabaseURL)
	missing := 0
	for id := range received {
		if !logged[id] {
			missing++
		}
	}
	if len(received) < 100 || missing > 0 || len(logged) != len(received) {
		t.Errorf("clients received %d responses; the log holds %d rows, and misses %d of them",
			len(received), len(logged), missing)
	}
	if s := a.Recorder.Stats(); s.Dropped != 0 || s.Queued != 0 || s.Written != uint64(len(logged)) {
		t.Errorf("recorder stats = %+v", s)
	}
}

// requestIDs returns the request ids in the API log of the database at path,
// failing on a repeated one. It reads the log through the store, every
// tenant's and the requests' of no tenant, page by page.
func requestIDs(t *testing.T, path string) map[string]bool {
	t.Helper()
	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	out := map[string]bool{}
	for _, tenant := range logTenants(t, path) {
		f := usage.LogFilter{TenantID: tenant, Limit: 1000}
		for {
			page, err := st.Usage().ListLogs(t.Context(), f)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range page {
				if out[e.RequestID] {
					t.Errorf("request %s is logged twice", e.RequestID)
				}
				out[e.RequestID] = true
			}
			if len(page) < f.Limit {
				break
			}
			f.After = page[len(page)-1].ID
		}
	}
	return out
}

// logTenants returns the tenant IDs in the API log of the database at path,
// ” for requests of no tenant.
func logTenants(t *testing.T, path string) []string {
	t.Helper()
	db, err := sql.Open("sqlite", sqlite.LogPath(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT DISTINCT tenant_id FROM api_log_blocks`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	return out
}
