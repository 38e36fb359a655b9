package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestDoorTokensAreCachedAndUnknownOnesThrottled floods the Door API: a
// controller's token is looked up once, not per swipe; a rotated token
// stops working on this node at once; unknown tokens from one address are
// looked up once each and, past the per-minute budget, refused with a 429
// in the Door envelope without a lookup.
func TestDoorTokensAreCachedAndUnknownOnesThrottled(t *testing.T) {
	g := newGym(t)
	h := g.h
	before := h.doorDB.byToken.Load()
	for i := range 200 {
		if r := g.door("GET", "/test", nil); r.status != http.StatusOK {
			t.Fatalf("swipe %d: %d %s", i, r.status, r.body)
		}
	}
	if n := h.doorDB.byToken.Load() - before; n > 1 {
		t.Errorf("200 requests on one token: %d lookups, want at most 1", n)
	}

	h.admin200("POST", "/v1/door-api/settings/regenerate-token", "", nil)
	if r := g.door("GET", "/test", nil); r.status != http.StatusNotFound {
		t.Errorf("the rotated token right after rotation: %d %s, want 404", r.status, r.body)
	}

	h.rec.Flush(context.Background())
	before, rowsBefore := h.doorDB.byToken.Load(), h.rec.Stats().Written
	statuses := map[int]int{}
	for i := range 150 {
		g.base = fmt.Sprintf("/door/%s%06d", strings.Repeat("x", 30), i)
		r := g.door("GET", "/test", nil)
		statuses[r.status]++
		if r.status == http.StatusTooManyRequests && (r.header.Get("Retry-After") == "" || !strings.Contains(r.body, `"success":false`)) {
			t.Fatalf("throttled unknown token: %v %s, want Retry-After and the Door envelope", r.header, r.body)
		}
	}
	lookups := h.doorDB.byToken.Load() - before
	h.rec.Flush(context.Background())
	rows := h.rec.Stats().Written - rowsBefore
	t.Logf("150 unknown tokens from one address: %v, %d lookups, %d API log rows stored", statuses, lookups, rows)
	if rows > 21 {
		t.Errorf("150 refused requests from one address stored %d API log rows, want at most 20 and a summary", rows)
	}
	if statuses[http.StatusTooManyRequests] < 80 || lookups > 60 {
		t.Errorf("150 unknown tokens from one address: %v with %d lookups, want at most 60 lookups and the rest 429", statuses, lookups)
	}
}
