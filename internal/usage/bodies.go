package usage

// Queued rows keep their own copy of the response body, as the request's
// buffer is reused once the request ends. The copies go into large chunks,
// one after the other, rather than a buffer each: a busy API queues tens of
// thousands of rows between flushes, and a buffer per row would be most of
// what the recorder allocates, with the GC's work to match (a sync.Pool of
// them is emptied by the GC long before a row is written). A flush hands
// the chunks of the rows it takes to the store, and gets them back for the
// next rows once every one of those rows is written.

// bodyChunkSize is the size of a chunk of bodies. A body larger than a
// quarter of it gets an array of its own, so a chunk wastes little.
const bodyChunkSize = 64 << 10

// bodyArena holds the copies of the queued rows' bodies. The Recorder's mu
// guards it.
type bodyArena struct {
	cur  []byte   // the chunk being filled
	used [][]byte // the filled chunks of the queued rows
	free [][]byte // chunks to fill once cur is full
}

// copy returns a copy of b, whose capacity ends with it.
func (a *bodyArena) copy(b []byte) []byte {
	if len(b) > bodyChunkSize/4 {
		return append([]byte(nil), b...)
	}
	if cap(a.cur)-len(a.cur) < len(b) {
		if a.cur != nil {
			a.used = append(a.used, a.cur)
		}
		a.cur = a.chunk()
	}
	start := len(a.cur)
	a.cur = append(a.cur, b...)
	return a.cur[start:len(a.cur):len(a.cur)]
}

func (a *bodyArena) chunk() []byte {
	if n := len(a.free); n > 0 {
		c := a.free[n-1][:0]
		a.free[n-1] = nil
		a.free = a.free[:n-1]
		return c
	}
	return make([]byte, 0, bodyChunkSize)
}

// take returns the chunks holding the bodies copied so far; later copies
// go into other chunks.
func (a *bodyArena) take() [][]byte {
	chunks := a.used
	if a.cur != nil {
		chunks = append(chunks, a.cur)
	}
	a.used, a.cur = nil, nil
	return chunks
}

// maxFreeChunks bounds the chunks kept for reuse, 4 MiB: the bodies of a
// few batches of typical responses. What a burst needs beyond that is left
// to the GC.
const maxFreeChunks = 64

// reuse gives back chunks that take returned, once no row refers to their
// bodies any more.
func (a *bodyArena) reuse(chunks [][]byte) {
	for _, c := range chunks {
		if len(a.free) == maxFreeChunks {
			return
		}
		a.free = append(a.free, c)
	}
}
