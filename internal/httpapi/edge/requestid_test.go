package edge

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"
)

// TestGeneratedRequestIDsAreUniqueAndIndependent checks the ids made in
// batches: unique across batches and goroutines, in the documented form,
// and a header value that is appended to leaves the next id alone.
func TestGeneratedRequestIDsAreUniqueAndIndependent(t *testing.T) {
	s := New(Config{})
	h := s.RequestID(http.NotFoundHandler())
	form := regexp.MustCompile(`^req_[A-Za-z0-9]{10}_[0-9a-z]+$`)
	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 3 * idBatch {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest("GET", "/healthz", nil))
				id := w.Header().Get("X-Request-Id")
				mu.Lock()
				if seen[id] || !form.MatchString(id) {
					t.Errorf("id %q: repeated or malformed", id)
				}
				seen[id] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()

	hdr := http.Header{"X-Request-Id": s.nextRequestID()}
	hdr.Add("X-Request-Id", "appended")
	if next := s.nextRequestID()[0]; !form.MatchString(next) {
		t.Errorf("the id after a value that was appended to = %q", next)
	}
	if v := hdr["X-Request-Id"]; len(v) != 2 || !form.MatchString(v[0]) || v[1] != "appended" {
		t.Errorf("header = %q", v)
	}
}
