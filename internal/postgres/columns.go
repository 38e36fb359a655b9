package postgres

import (
	"database/sql/driver"
	"fmt"
)

// The types below adapt Go fields to their column types, both as statement
// arguments and as Scan targets. pgx handles times and JSON itself: a
// pointer to a slice or map is marshalled with encoding/json, so a nil one
// is stored as JSON null, apart from an empty one.

// nullString adapts an optional reference to another row, with "" as NULL,
// so that foreign keys accept an absent one.
type nullString struct{ s *string }

func (n nullString) Value() (driver.Value, error) {
	if *n.s == "" {
		return nil, nil
	}
	return *n.s, nil
}

func (n nullString) Scan(src any) error {
	switch src := src.(type) {
	case nil:
		*n.s = ""
	case string:
		*n.s = src
	default:
		return fmt.Errorf("text column holds %T", src)
	}
	return nil
}

// hash adapts a SHA-256 sum to a bytea.
type hash struct{ h *[32]byte }

func (h hash) Value() (driver.Value, error) { return h.h[:], nil }

func (h hash) Scan(src any) error {
	b, ok := src.([]byte)
	if !ok || len(b) != len(h.h) {
		return fmt.Errorf("hash column holds %T of length %d, want 32 bytes", src, len(b))
	}
	copy(h.h[:], b)
	return nil
}
