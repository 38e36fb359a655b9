package sqlite

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/hive-platform/hive/internal/hive"
	"github.com/hive-platform/hive/internal/usage"
)

// The SQLite API log stores entries in blocks: each batch's entries of one
// tenant become one row of api_log_blocks, or a few when they are many or
// span a long time. A row per entry cost two b-tree inserts per request,
// most of the writer's CPU time; a block costs two per batch.
//
// A block's rows value is a version byte, then per entry, newest (greatest
// ID) first, the order lists read them in, so that a page stops early:
// the ID, key and route as length-prefixed strings, the status, the
// packed fields (usage_fields.go) length-prefixed, and the length of its
// body. The bodies, concatenated in the same order, are a column of their
// own, after the rows, so that lists never read them. Decoding checks
// every length, so a damaged block is an error, never wrong entries.

// The first byte of every block's rows value: its version. A block of
// version blocksPacked has its bodies column compressed (see packBodies);
// one of blocksVersion has it as written, as every block did before.
const (
	blocksVersion = 1
	blocksPacked  = 2
)

// Limits of one block. maxBlockSpan bounds the time between a block's
// first and last entry: a block holding an ID has its last ID less than
// maxBlockSpan after it, so lookups by ID, cursors and retention seek a
// short range of the (tenant_id, last_id) index however the blocks of
// concurrent writers interleave. The recorder writes every 250 ms, so a
// live block spans far less.
const (
	maxBlockRows   = 1024
	maxBlockBodies = 1 << 20
	maxBlockSpan   = 10 * time.Second
)

// logBlock is a block of one tenant's entries, encoded for storage.
type logBlock struct {
	tenantID        string
	firstID, lastID string
	n               int
	keys            []byte // keySet of the entries' keys
	rows            []byte
	bodies          []byte // nil when no entry has a body
}

// blockRow is one entry of a decoded block, its fields still encoded:
// filters compare the columns before anything is copied out.
type blockRow struct {
	id, keyID, route []byte
	status           int
	fields           []byte
	body             []byte // within the block's bodies; empty when none
}

// entry returns the row as an entry of tenant, without its body.
func (r blockRow) entry(tenantID string) (*usage.Entry, error) {
	e := &usage.Entry{ID: string(r.id), TenantID: tenantID, KeyID: string(r.keyID), Route: string(r.route),
		Status: r.status}
	return e, unpackFields(e, r.fields)
}

// splitBlocks groups entries by tenant, sorts each group by ID and cuts it
// into blocks within the limits. An ID twice in the batch is an error. The
// blocks' values are slices of buf's arrays, which grow as needed: a
// batch's blocks are a few hundred kilobytes, and allocating them anew for
// every batch cost more than encoding them.
func splitBlocks(entries []*usage.Entry, buf *blockBuf) ([]*logBlock, error) {
	// The tenants in the order they first appear, and each one's entries.
	// A batch comes in runs of one tenant's entries, so the map is looked
	// up once per run.
	var tenants []string
	var groups [][]*usage.Entry
	index := map[string]int{}
	g := -1
	rows, bodies := 0, 0
	for _, e := range entries {
		if !hive.ValidID(hive.PrefixLog, e.ID) {
			return nil, fmt.Errorf("API log entry ID %q was not made by usage.NewLogID", e.ID)
		}
		if g < 0 || tenants[g] != e.TenantID {
			var ok bool
			if g, ok = index[e.TenantID]; !ok {
				g = len(tenants)
				index[e.TenantID] = g
				tenants, groups = append(tenants, e.TenantID), append(groups, nil)
			}
		}
		groups[g] = append(groups[g], e)
		rows += rowSize(e)
		bodies += len(e.Body)
	}
	buf.rows = slices.Grow(buf.rows[:0], rows+len(entries))
	buf.bodies = slices.Grow(buf.bodies[:0], bodies)
	var out []*logBlock
	for i, t := range tenants {
		es := groups[i]
		slices.SortFunc(es, func(a, b *usage.Entry) int { return strings.Compare(a.ID, b.ID) })
		for len(es) > 0 {
			n, err := blockLen(es)
			if err != nil {
				return nil, err
			}
			out = append(out, buf.encode(t, es[:n]))
			es = es[n:]
		}
	}
	return out, nil
}

// blockBuf holds the arrays that blocks are encoded into, for reuse.
type blockBuf struct{ rows, bodies, packed []byte }

// blockBufs keeps the arrays of the last batches. A sync.Pool would not
// do: the collector empties it, and on a busy server it collects between
// most batches.
var blockBufs = make(chan *blockBuf, 2)

// getBlockBuf returns a kept blockBuf, or a new one.
func getBlockBuf() *blockBuf {
	select {
	case buf := <-blockBufs:
		return buf
	default:
		return new(blockBuf)
	}
}

// putBlockBuf keeps buf for the next batch unless a batch of large bodies
// made it too large to keep, or enough are kept.
func putBlockBuf(buf *blockBuf) {
	if cap(buf.rows)+cap(buf.bodies)+cap(buf.packed) > 4<<20 {
		return
	}
	select {
	case blockBufs <- buf:
	default:
	}
}

// rowSize returns at least the size of e's encoding in a block.
func rowSize(e *usage.Entry) int {
	n := len(e.ID) + len(e.KeyID) + len(e.Route) + 6*binary.MaxVarintLen64
	for _, s := range packedStrings(e) {
		n += len(*s) + binary.MaxVarintLen64
	}
	return n + 5*binary.MaxVarintLen64
}

// blockLen returns how many of the sorted entries es the next block takes.
// It spans the entries' times, which their IDs were made from, rather than
// decode the IDs back: that cost a good part of the writer's CPU time. An
// entry whose time is out of its ID's order was not made that way, and is
// an error, as it could stretch a block past maxBlockSpan.
func blockLen(es []*usage.Entry) (int, error) {
	first := logMicros(es[0])
	prev := first
	bodies := len(es[0].Body)
	for i := 1; i < len(es); i++ {
		if es[i].ID == es[i-1].ID {
			return 0, fmt.Errorf("API log entry %s is twice in the batch", es[i].ID)
		}
		at := logMicros(es[i])
		if at < prev {
			return 0, fmt.Errorf("API log entry %s has a time (%s) its ID was not made from", es[i].ID, es[i].Time)
		}
		prev = at
		bodies += len(es[i].Body)
		if i == maxBlockRows || at-first >= maxBlockSpan.Microseconds() || bodies > maxBlockBodies {
			return i, nil
		}
	}
	return len(es), nil
}

// encodeBlock encodes the sorted entries es of tenant as one block.
func encodeBlock(tenantID string, es []*usage.Entry) *logBlock {
	return new(blockBuf).encode(tenantID, es)
}

// encode encodes the sorted entries es of tenant as one block, appending
// to b's arrays.
func (buf *blockBuf) encode(tenantID string, es []*usage.Entry) *logBlock {
	b := &logBlock{tenantID: tenantID, firstID: es[0].ID, lastID: es[len(es)-1].ID, n: len(es)}
	rows, bodies := len(buf.rows), len(buf.bodies)
	buf.rows = append(buf.rows, blocksVersion)
	var keys keySet
	for i := len(es) - 1; i >= 0; i-- {
		e := es[i]
		r := appendString(buf.rows, e.ID)
		r = appendString(r, e.KeyID)
		r = appendString(r, e.Route)
		r = binary.AppendUvarint(r, uint64(max(e.Status, 0)))
		// The fields go in place with a one-byte length, moved along in
		// the rare case that they need more.
		at := len(r)
		r = appendFields(append(r, 0), e)
		r = fixLength(r, at)
		buf.rows = binary.AppendUvarint(r, uint64(len(e.Body)))
		buf.bodies = append(buf.bodies, e.Body...)
		keys.add(e.KeyID)
	}
	b.rows, b.keys = buf.rows[rows:len(buf.rows):len(buf.rows)], keys.b
	if len(buf.bodies) > bodies {
		b.bodies = buf.bodies[bodies:len(buf.bodies):len(buf.bodies)]
		packed := len(buf.packed)
		buf.packed = packBodies(buf.packed, b.bodies)
		if n := len(buf.packed) - packed; n < len(b.bodies) {
			b.bodies = buf.packed[packed:len(buf.packed):len(buf.packed)]
			b.rows[0] = blocksPacked
		} else {
			buf.packed = buf.packed[:packed]
		}
	}
	return b
}

// fixLength sets the one-byte length placeholder at b[at] to the length of
// what follows it, widening it to a longer varint when needed.
func fixLength(b []byte, at int) []byte {
	n := len(b) - at - 1
	if n < 0x80 {
		b[at] = byte(n)
		return b
	}
	var l [binary.MaxVarintLen64]byte
	w := binary.PutUvarint(l[:], uint64(n))
	b = append(b, l[:w-1]...)
	copy(b[at+w:], b[at+1:at+1+n])
	copy(b[at:], l[:w])
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

var errBlock = errors.New("API log block is damaged")

// decodeBlock calls fn with each entry of the block, newest first, until
// fn returns false. bodies may be nil when fn does not read them.
func decodeBlock(rows, bodies []byte, fn func(r blockRow) bool) error {
	if len(rows) == 0 || rows[0] != blocksVersion && rows[0] != blocksPacked {
		return fmt.Errorf("API log block of unknown version (%d bytes)", len(rows))
	}
	if rows[0] == blocksPacked && bodies != nil {
		var err error
		if bodies, err = unpackBodies(bodies); err != nil {
			return err
		}
	}
	// The decoder's state is local and values go by value: a write
	// through a pointer costs a write barrier whenever the collector
	// runs, which reading blocks makes it do often.
	b, off := rows[1:], 0
	for len(b) > 0 {
		var r blockRow
		var status, n uint64
		ok1, ok2, ok3, ok4, ok5, ok6 := false, false, false, false, false, false
		r.id, b, ok1 = cutBytes(b)
		r.keyID, b, ok2 = cutBytes(b)
		r.route, b, ok3 = cutBytes(b)
		status, b, ok4 = cutUvarint(b)
		r.fields, b, ok5 = cutBytes(b)
		n, b, ok6 = cutUvarint(b)
		if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || n > uint64(len(bodies)-off) && bodies != nil {
			return errBlock
		}
		r.status = int(status)
		if bodies != nil {
			r.body = bodies[off : off+int(n)]
		}
		off += int(n)
		if !fn(r) {
			return nil
		}
	}
	if bodies != nil && off != len(bodies) {
		return errBlock
	}
	return nil
}

// cutUvarint returns the uvarint b starts with and the rest of b.
func cutUvarint(b []byte) (uint64, []byte, bool) {
	v, n := binary.Uvarint(b)
	if n <= 0 {
		return 0, nil, false
	}
	return v, b[n:], true
}

// cutBytes returns the length-prefixed string b starts with and the rest
// of b.
func cutBytes(b []byte) ([]byte, []byte, bool) {
	n, b, ok := cutUvarint(b)
	if !ok || n > uint64(len(b)) {
		return nil, nil, false
	}
	return b[:n:n], b[n:], true
}

// keySet is the set of key IDs of a block's entries, as the keys column
// stores it: each key once, each followed by a NUL, after a leading NUL.
// A list of one key skips the blocks whose set lacks keyMark(key): most
// blocks, for a key that sends few requests.
type keySet struct {
	b    []byte
	last string
}

func (k *keySet) add(key string) {
	if k.b == nil {
		k.b = []byte{0}
	} else if key == k.last || bytes.Contains(k.b, keyMark(key)) {
		return
	}
	k.last = key
	k.b = append(append(k.b, key...), 0)
}

// keyMark is what a key set containing key contains.
func keyMark(key string) []byte { return []byte("\x00" + key + "\x00") }

// logMicros returns the time of e in unix microseconds, as usage.NewLogID
// encodes it in e.ID: times before 1970 count as 1970.
func logMicros(e *usage.Entry) int64 { return max(e.Time.UnixMicro(), 0) }

// logIDMicros returns the time, in unix microseconds, that a log ID made
// by usage.NewLogID encodes.
func logIDMicros(id string) (int64, bool) {
	if !hive.ValidID(hive.PrefixLog, id) {
		return 0, false
	}
	var hi, lo uint64
	for i := len(hive.PrefixLog); i < len(id); i++ {
		c := id[i]
		var v uint64
		switch {
		case c <= '9':
			v = uint64(c - '0')
		case c <= 'Z':
			v = uint64(c-'A') + 10
		default:
			v = uint64(c-'a') + 36
		}
		// (hi, lo) = (hi, lo) * 62 + v, in 128 bits.
		h, l := bits.Mul64(lo, 62)
		l, carry := bits.Add64(l, v, 0)
		hi, lo = hi*62+h+carry, l
	}
	if hi > 1<<62 {
		return 0, false
	}
	return int64(hi), true
}

// blockCeil returns an ID above the last ID of every block that can hold
// an entry with an ID less than or equal to id: blocks span less than
// maxBlockSpan.
func blockCeil(id string) string {
	at, ok := logIDMicros(id)
	if !ok {
		return id
	}
	return usage.LogIDFloor(time.UnixMicro(at).Add(maxBlockSpan))
}
