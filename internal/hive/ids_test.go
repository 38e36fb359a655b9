package hive

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"testing"
	"time"
)

func TestNewIDSortsByCreation(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	prev := NewID(PrefixKey, now)
	for i := range 2000 {
		at := now.Add(time.Duration(i%7) * time.Millisecond) // same, later and earlier milliseconds
		id := NewID(PrefixKey, at)
		if !ValidID(PrefixKey, id) {
			t.Fatalf("NewID made %q, which ValidID refuses", id)
		}
		if id <= prev {
			t.Fatalf("ID %d %q does not sort after the previous %q", i, id, prev)
		}
		prev = id
	}
}

func TestValidID(t *testing.T) {
	id := NewID(PrefixServiceAccount, time.Now())
	for _, bad := range []string{"", "sa_", id + "x", "key_" + id[3:], id[:len(id)-1] + "-"} {
		if ValidID(PrefixServiceAccount, bad) {
			t.Errorf("ValidID(%q) = true", bad)
		}
	}
}

func TestNewTimeIDSortsByTime(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	// Made latest first, a microsecond apart: the IDs sort by time, not by
	// the order they were made in.
	var later string
	for i := 2000; i >= 0; i-- {
		at := now.Add(time.Duration(i) * time.Microsecond)
		id := NewTimeID(PrefixLog, at)
		if !ValidID(PrefixLog, id) {
			t.Fatalf("NewTimeID made %q, which ValidID refuses", id)
		}
		if later != "" && id >= later {
			t.Fatalf("ID of %v %q does not sort before the next microsecond's %q", at, id, later)
		}
		if id < TimeIDFloor(PrefixLog, at) || id >= TimeIDFloor(PrefixLog, at.Add(time.Microsecond)) {
			t.Fatalf("ID %q of %v is outside its microsecond's floors", id, at)
		}
		later = id
	}
}

// TestEncodeIDMatchesDigitByDigit checks encodeID's chunked division
// against the plain one, a base62 digit at a time.
func TestEncodeIDMatchesDigitByDigit(t *testing.T) {
	byDigit := func(hi, lo uint64) string {
		out := make([]byte, idBodyLen)
		for i := len(out) - 1; i >= 0; i-- {
			// (hi, lo) /= 62, 128 bits by 64, the remainder being the digit.
			var r uint64
			hi, r = bits.Div64(0, hi, 62)
			lo, r = bits.Div64(r, lo, 62)
			out[i] = base62[r]
		}
		return string(out)
	}
	values := []uint64{0, 1, 61, 62, pow62x10 - 1, pow62x10, pow62x10 + 1, 1 << 63, math.MaxUint64 - 1, math.MaxUint64}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		values = append(values, rng.Uint64())
	}
	for _, hi := range values {
		for _, lo := range values[:40] {
			if got, want := encodeID("log_", hi, lo), "log_"+byDigit(hi, lo); got != want {
				t.Fatalf("encodeID(%d, %d) = %s, want %s", hi, lo, got, want)
			}
		}
	}
}
