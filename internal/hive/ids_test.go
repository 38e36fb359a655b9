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
