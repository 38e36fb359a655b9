package hive

import (
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
