package app_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// countLogRows counts the API log rows in the database at dbURL.
func countLogRows(tb testing.TB, dbURL string) int {
	tb.Helper()
	return queryInt(tb, dbURL, "SELECT count(*) FROM api_logs")
}

// sumUsage sums the requests of every usage rollup in the database at dbURL.
func sumUsage(tb testing.TB, dbURL string) int {
	tb.Helper()
	return queryInt(tb, dbURL, "SELECT coalesce(sum(requests), 0) FROM usage_counts")
}

// queryInt returns the one number query selects in the database at dbURL.
func queryInt(tb testing.TB, dbURL, query string) int {
	tb.Helper()
	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		tb.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), query).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// awaitLogged waits until the node's recorder has nothing queued or
// spooled, or fails tb after 20 seconds.
func awaitLogged(tb testing.TB, n node) {
	tb.Helper()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		st := n.app.Recorder.Stats()
		if st.Queued == 0 && st.SpoolBatches == 0 {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("API log not written 20s after the outage: %+v", st)
		}
	}
}

// TestPostgresOutageLosesNoLogRow cuts the node's connections to
// PostgreSQL for three seconds while keyed requests (served from the key
// cache) and unauthenticated requests with a NUL in their path keep
// coming: once the database is back, every request answered has its row,
// and no request was answered with a 5xx other than 503.
func TestPostgresOutageLosesNoLogRow(t *testing.T) {
	n, px, secret, _ := postgresBehindProxy(t)
	awaitLogged(t, n)
	before := countLogRows(t, n.app.Config.DatabaseURL)

	var answered, bad5xx int
	var mu sync.Mutex
	load := func(stop <-chan struct{}) {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			target, key := n.url+"/v1/auth/verify", secret
			if i%4 == 3 {
				target, key = n.url+"/v1/api-keys/key_%00", ""
			}
			resp := call(t, http.MethodGet, target, key, nil, "")
			mu.Lock()
			answered++
			if resp.StatusCode >= 500 && resp.StatusCode != http.StatusServiceUnavailable {
				bad5xx++
			}
			mu.Unlock()
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { load(stop) })
	}
	time.Sleep(300 * time.Millisecond)
	px.cut()
	time.Sleep(3 * time.Second)
	px.restore()
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	awaitLogged(t, n)

	st := n.app.Recorder.Stats()
	written := countLogRows(t, n.app.Config.DatabaseURL) - before
	t.Logf("answered %d requests, %d 5xx other than 503; recorder: %+v", answered, bad5xx, st)
	if st.Spooled == 0 {
		t.Error("nothing was spooled during a 3s outage")
	}
	if written != answered || st.Dropped != 0 || st.Quarantined != 0 {
		t.Errorf("%d rows stored for %d requests answered (%d dropped, %d quarantined): rows were lost",
			written, answered, st.Dropped, st.Quarantined)
	}
	if bad5xx != 0 {
		t.Errorf("%d requests answered with a 5xx other than 503", bad5xx)
	}
}

// TestLostCommitAnswerStoresEachRowOnce cuts the node's connection to
// PostgreSQL as an API log batch's COMMIT is answered: PostgreSQL has
// committed the batch, the node hears only that the connection failed.
// The node writes the batch again once it can, finds it stored, and so
// every request has exactly one row, none is quarantined, and the usage
// counts each request once.
func TestLostCommitAnswerStoresEachRowOnce(t *testing.T) {
	n, px, secret, _ := postgresBehindProxy(t)
	awaitLogged(t, n)
	dbURL := n.app.Config.DatabaseURL
	rowsBefore, usageBefore := countLogRows(t, dbURL), sumUsage(t, dbURL)

	cut := px.cutCommitAfter(`copy "api_logs"`)
	answered := 0
	for deadline := time.Now().Add(10 * time.Second); ; answered++ {
		select {
		case <-cut:
		default:
			if time.Now().After(deadline) {
				t.Fatal("no API log batch was committed through the proxy within 10s")
			}
			call(t, http.MethodGet, n.url+"/v1/auth/verify", secret, nil, "")
			continue
		}
		break
	}
	for range 20 { // and some after the cut
		call(t, http.MethodGet, n.url+"/v1/auth/verify", secret, nil, "")
		answered++
	}
	awaitLogged(t, n)

	st := n.app.Recorder.Stats()
	t.Logf("answered %d requests; recorder: %+v", answered, st)
	if written := countLogRows(t, dbURL) - rowsBefore; written != answered || st.Quarantined != 0 || st.Dropped != 0 {
		t.Errorf("%d rows stored for %d requests answered (%d quarantined, %d dropped), want one each and none lost",
			written, answered, st.Quarantined, st.Dropped)
	}
	if st.AlreadyStored == 0 {
		t.Error("no row was found already stored: the cut did not lose a committed batch's answer")
	}
	if counted := sumUsage(t, dbURL) - usageBefore; counted != answered {
		t.Errorf("usage counts %d requests for %d answered", counted, answered)
	}
}
