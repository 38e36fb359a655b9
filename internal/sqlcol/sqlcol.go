// Package sqlcol adapts Go fields to the column types both stores share,
// as database/sql statement arguments and Scan targets: pgx honours the
// same driver.Valuer and sql.Scanner interfaces, so the SQLite and the
// PostgreSQL store read and write these columns alike.
package sqlcol

import (
	"database/sql/driver"
	"fmt"
)

// NullString adapts an optional reference to another row, with "" as NULL,
// so that foreign keys accept an absent one.
type NullString struct{ S *string }

// Value implements driver.Valuer.
func (n NullString) Value() (driver.Value, error) {
	if *n.S == "" {
		return nil, nil
	}
	return *n.S, nil
}

// Scan implements sql.Scanner.
func (n NullString) Scan(src any) error {
	switch src := src.(type) {
	case nil:
		*n.S = ""
	case string:
		*n.S = src
	default:
		return fmt.Errorf("text column holds %T", src)
	}
	return nil
}

// Hash adapts a SHA-256 sum to a BLOB or bytea column.
type Hash struct{ H *[32]byte }

// Value implements driver.Valuer.
func (h Hash) Value() (driver.Value, error) { return h.H[:], nil }

// Scan implements sql.Scanner.
func (h Hash) Scan(src any) error {
	b, ok := src.([]byte)
	if !ok || len(b) != len(h.H) {
		return fmt.Errorf("hash column holds %T of length %d, want 32 bytes", src, len(b))
	}
	copy(h.H[:], b)
	return nil
}
