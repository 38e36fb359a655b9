package postgres

import "github.com/hive-platform/hive/internal/sqlcol"

// The types below adapt Go fields to their column types, both as statement
// arguments and as Scan targets. pgx handles times and JSON itself: a
// pointer to a slice or map is marshalled with encoding/json, so a nil one
// is stored as JSON null, apart from an empty one.

// nullString adapts an optional reference to another row, with "" as NULL.
func nullString(s *string) sqlcol.NullString { return sqlcol.NullString{S: s} }

// hash adapts a SHA-256 sum to a bytea.
func hash(h *[32]byte) sqlcol.Hash { return sqlcol.Hash{H: h} }
