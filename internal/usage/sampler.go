package usage

import (
	"net/netip"
	"sync"
	"time"

	"github.com/hive-platform/hive/internal/hive"
)

// Requests refused before any tenant is known (a missing, made-up or
// throttled key, an unknown Door API URL, a scanner's unknown path) cost
// nobody anything to send, so storing each as a row would let one client
// fill the log. The sampler keeps the first SampledPerMinute of them per
// client address and minute; the rest are counted, and once the minute is
// over one summary row, a copy of the last one refused, carries their
// number in SuppressedCount.

// DefaultSampledPerMinute is RecorderConfig.SampledPerMinute's default.
const DefaultSampledPerMinute = 20

// maxSampledAddrs bounds the addresses the sampler tracks; past it, refused
// requests of new addresses are stored, as without sampling.
const maxSampledAddrs = 100_000

// sampleWindow is one address's minute.
type sampleWindow struct {
	start      time.Time
	kept       int
	suppressed int
	last       hive.RequestRecord // the last suppressed, for the summary (without body)
}

type sampler struct {
	perMinute int
	mu        sync.Mutex
	windows   map[netip.Addr]*sampleWindow
}

// refusedAnonymous reports whether rec is a request refused without a
// tenant: the kind the sampler thins out.
func refusedAnonymous(rec *hive.RequestRecord) bool {
	if rec.TenantID != "" || rec.KeyID != "" {
		return false
	}
	switch rec.Status {
	case 401, 404, 429:
		return true
	}
	return false
}

// admit reports whether rec is stored; if not, it is counted in its
// address's window.
func (s *sampler) admit(rec *hive.RequestRecord) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.windows[rec.ClientIP]
	if w == nil || rec.Time.Sub(w.start) >= time.Minute {
		if w != nil && w.suppressed > 0 {
			return true // the summary of the old window is due; keep this one and let sweep write it
		}
		if w == nil && len(s.windows) >= maxSampledAddrs {
			return true
		}
		w = &sampleWindow{start: rec.Time}
		s.windows[rec.ClientIP] = w
	}
	if w.kept < s.perMinute {
		w.kept++
		return true
	}
	w.suppressed++
	w.last = *rec
	w.last.Body = nil
	return false
}

// sweep returns the summaries of the windows that ended before now, and
// forgets those windows; all of them if now is zero.
func (s *sampler) sweep(now time.Time) []queued {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []queued
	for ip, w := range s.windows {
		if !now.IsZero() && now.Sub(w.start) < time.Minute {
			continue
		}
		if w.suppressed > 0 {
			out = append(out, queued{RequestRecord: w.last, suppressed: w.suppressed})
		}
		delete(s.windows, ip)
	}
	return out
}
