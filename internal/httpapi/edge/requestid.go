package edge

import (
	"strconv"
	"sync"
)

// idBatch is how many request ids are made at once.
const idBatch = 64

// requestIDs hands out generated request ids as ready header values. They
// are made idBatch at a time, in one string and one slice of header values,
// so an id costs two allocations per idBatch requests rather than two per
// request. Each value has a capacity of one: appending to it copies.
type requestIDs struct {
	mu   sync.Mutex
	vals []string
}

// nextRequestID returns a new id as a header value.
func (s *Edge) nextRequestID() []string {
	s.ids.mu.Lock()
	defer s.ids.mu.Unlock()
	if len(s.ids.vals) == 0 {
		s.ids.vals = s.makeRequestIDs()
	}
	v := s.ids.vals[:1:1]
	s.ids.vals = s.ids.vals[1:]
	return v
}

// makeRequestIDs makes the next idBatch ids: "req_", the per-process
// prefix and the counter in base 36.
func (s *Edge) makeRequestIDs() []string {
	last := s.idSeq.Add(idBatch)
	b := make([]byte, 0, idBatch*(len("req_")+len(s.idPrefix)+8))
	var ends [idBatch]int
	for i := range idBatch {
		b = append(append(b, "req_"...), s.idPrefix...)
		b = strconv.AppendUint(b, last-idBatch+1+uint64(i), 36)
		ends[i] = len(b)
	}
	all := string(b)
	vals := make([]string, idBatch)
	start := 0
	for i, end := range ends {
		vals[i] = all[start:end]
		start = end
	}
	return vals
}
