package sqlite

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/hive-platform/hive/internal/usage"
)

func TestLogIDMicros(t *testing.T) {
	at := time.Date(2026, 3, 1, 12, 0, 0, 123456000, time.UTC)
	for _, id := range []string{usage.NewLogID(at), usage.LogIDFloor(at)} {
		got, ok := logIDMicros(id)
		if !ok || got != at.UnixMicro() {
			t.Errorf("logIDMicros(%s) = %d, %v; want %d", id, got, ok, at.UnixMicro())
		}
	}
	for _, bad := range []string{"", "key_0000000000000000000000", "log_000000000000000000000!", "log_zzzzzzzzzzzzzzzzzzzzzz"} {
		if _, ok := logIDMicros(bad); ok {
			t.Errorf("logIDMicros(%q) accepted a string NewLogID cannot make", bad)
		}
	}
	if ceil := blockCeil(usage.LogIDFloor(at)); ceil != usage.LogIDFloor(at.Add(maxBlockSpan)) {
		t.Errorf("blockCeil = %s, want the floor of %s", ceil, at.Add(maxBlockSpan))
	}
}

// blockEntries returns n entries of tenant ten_a a microsecond apart, the
// odd ones with a body, one with packed fields longer than a one-byte
// length.
func blockEntries(n int) []*usage.Entry {
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var es []*usage.Entry
	for i := range n {
		at = at.Add(time.Microsecond)
		e := &usage.Entry{ID: usage.NewLogID(at), Time: at, TenantID: "ten_a", KeyID: "key_" + string(rune('a'+i%3)),
			Route: "GET /v1/x", Status: 200 + i, Method: "GET", Path: "/v1/x", Latency: time.Millisecond}
		if i%2 == 1 {
			e.Body = []byte(strings.Repeat("b", i))
		}
		if i == 2 {
			e.UserAgent = strings.Repeat("long agent ", 100)
		}
		es = append(es, e)
	}
	return es
}

func TestBlockRoundTrip(t *testing.T) {
	es := blockEntries(5)
	blocks, err := splitBlocks(append([]*usage.Entry(nil), es...), new(blockBuf))
	if err != nil || len(blocks) != 1 {
		t.Fatalf("%d blocks, %v; want 1", len(blocks), err)
	}
	b := blocks[0]
	if b.firstID != es[0].ID || b.lastID != es[4].ID || b.n != 5 || string(b.keys) != "\x00key_b\x00key_a\x00key_c\x00" {
		t.Errorf("block %s..%s of %d, keys %q", b.firstID, b.lastID, b.n, b.keys)
	}
	var got []*usage.Entry
	err = decodeBlock(b.rows, b.bodies, func(r blockRow) bool {
		e, err := r.entry("ten_a")
		if err != nil {
			t.Fatal(err)
		}
		if len(r.body) > 0 {
			e.Body = r.body
		}
		got = append(got, e)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []*usage.Entry{es[4], es[3], es[2], es[1], es[0]}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("decoded block, newest first (-want +got):\n%s", d)
	}
}

// blockBodies decodes b and returns its entries' bodies, oldest first.
func blockBodies(t *testing.T, b *logBlock) [][]byte {
	t.Helper()
	var got [][]byte
	err := decodeBlock(b.rows, b.bodies, func(r blockRow) bool {
		got = append([][]byte{bytes.Clone(r.body)}, got...)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestBlockBodiesArePackedWhenThatSaves(t *testing.T) {
	alike, random := blockEntries(200), blockEntries(200)
	rnd := rand.New(rand.NewPCG(1, 2))
	var raw int
	for i := range alike {
		alike[i].Body = fmt.Appendf(nil, `{"valid":true,"key_id":"key_a","rate_limit":{"remaining":%d}}`, 1000-i)
		random[i].Body = make([]byte, 100)
		for j := range random[i].Body {
			random[i].Body[j] = byte(rnd.Uint32())
		}
		raw += len(alike[i].Body)
	}
	for name, c := range map[string]struct {
		es      []*usage.Entry
		version byte
	}{
		"alike bodies are packed":        {alike, blocksPacked},
		"incompressible bodies are kept": {random, blocksVersion},
	} {
		blocks, err := splitBlocks(append([]*usage.Entry(nil), c.es...), new(blockBuf))
		if err != nil || len(blocks) != 1 {
			t.Fatalf("%s: %d blocks, %v; want 1", name, len(blocks), err)
		}
		b := blocks[0]
		if b.rows[0] != c.version {
			t.Errorf("%s: version %d, want %d", name, b.rows[0], c.version)
		}
		var want [][]byte
		for _, e := range c.es {
			want = append(want, e.Body)
		}
		if d := cmp.Diff(want, blockBodies(t, b)); d != "" {
			t.Errorf("%s: bodies (-want +got):\n%s", name, d)
		}
	}
	blocks, _ := splitBlocks(alike, new(blockBuf))
	if n := len(blocks[0].bodies); n > raw/10 {
		t.Errorf("200 alike bodies of %d bytes packed into %d bytes, want at most a tenth", raw, n)
	}
}

func TestDamagedBlockIsAnError(t *testing.T) {
	blocks, err := splitBlocks(blockEntries(4), new(blockBuf))
	if err != nil {
		t.Fatal(err)
	}
	b := blocks[0]
	for name, bad := range map[string][2][]byte{
		"unknown version":   {append([]byte{9}, b.rows[1:]...), b.bodies},
		"cut short":         {b.rows[:len(b.rows)-1], b.bodies},
		"bodies too short":  {b.rows, b.bodies[:len(b.bodies)-1]},
		"bodies too long":   {b.rows, append(append([]byte(nil), b.bodies...), 'x')},
		"packed bodies cut": {append([]byte{blocksPacked}, b.rows[1:]...), packBodies(nil, b.bodies)[:5]},
		"packed bodies too long": {append([]byte{blocksPacked}, b.rows[1:]...),
			packBodies(nil, append(append([]byte(nil), b.bodies...), 'x'))},
		"packed bodies larger than a block": {append([]byte{blocksPacked}, b.rows[1:]...),
			packBodies(nil, make([]byte, maxBlockBodies+1))},
	} {
		if err := decodeBlock(bad[0], bad[1], func(blockRow) bool { return true }); err == nil {
			t.Errorf("%s: decoded without an error", name)
		}
	}
}

func TestBatchIsCutIntoBlocks(t *testing.T) {
	es := blockEntries(maxBlockRows + 2)
	// One more entry too far from the first to share its block, and one
	// of another tenant.
	late := &usage.Entry{ID: usage.NewLogID(es[0].Time.Add(2 * maxBlockSpan)), Time: es[0].Time.Add(2 * maxBlockSpan), TenantID: "ten_a"}
	other := &usage.Entry{ID: usage.NewLogID(es[0].Time), Time: es[0].Time, TenantID: "ten_b"}
	blocks, err := splitBlocks(append([]*usage.Entry{late, other}, es...), new(blockBuf))
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, b := range blocks {
		got = append(got, b.n)
	}
	if d := cmp.Diff([]int{maxBlockRows, 2, 1, 1}, got); d != "" {
		t.Errorf("block sizes (-want +got):\n%s", d)
	}
	if _, err := splitBlocks([]*usage.Entry{es[0], es[1], es[0]}, new(blockBuf)); err == nil {
		t.Error("a batch repeating an ID was split into blocks")
	}
	if _, err := splitBlocks([]*usage.Entry{{ID: "log_1", TenantID: "ten_a"}}, new(blockBuf)); err == nil {
		t.Error("an entry whose ID is not a log ID was split into blocks")
	}
	stale := *late
	stale.Time = es[0].Time
	if _, err := splitBlocks([]*usage.Entry{es[1], &stale}, new(blockBuf)); err == nil {
		t.Error("an entry whose time is not that of its ID was split into blocks")
	}
}
