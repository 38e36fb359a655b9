package sqlite

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"github.com/hive-platform/hive/internal/sqlcol"
	"time"
)

// The types below adapt Go fields to their column types, both as statement
// arguments and as Scan targets, so that a row is written and read with the
// same expressions.

// micros adapts a time to an INTEGER of unix microseconds, the precision the
// store promises; it scans back in UTC.
type micros struct{ t *time.Time }

func (m micros) Value() (driver.Value, error) { return m.t.UnixMicro(), nil }

func (m micros) Scan(src any) error {
	n, ok := src.(int64)
	if !ok {
		return fmt.Errorf("time column holds %T, want INTEGER", src)
	}
	*m.t = time.UnixMicro(n).UTC()
	return nil
}

// nullMicros is micros for an optional time, with nil as NULL.
type nullMicros struct{ t **time.Time }

func (m nullMicros) Value() (driver.Value, error) {
	if *m.t == nil {
		return nil, nil
	}
	return (*m.t).UnixMicro(), nil
}

func (m nullMicros) Scan(src any) error {
	if src == nil {
		*m.t = nil
		return nil
	}
	t := new(time.Time)
	*m.t = t
	return micros{t}.Scan(src)
}

// nullString adapts an optional reference to another row, with "" as NULL.
func nullString(s *string) sqlcol.NullString { return sqlcol.NullString{S: s} }

// jsonText adapts the value v points to to a JSON TEXT column, as
// encoding/json renders it: a nil slice is null and an empty one [], which
// for resource restrictions is the difference between "all" and "none".
type jsonText struct{ v any }

func (j jsonText) Value() (driver.Value, error) {
	b, err := json.Marshal(j.v)
	return string(b), err
}

func (j jsonText) Scan(src any) error {
	s, ok := src.(string)
	if !ok {
		return fmt.Errorf("JSON column holds %T, want TEXT", src)
	}
	return json.Unmarshal([]byte(s), j.v)
}

// hash adapts a SHA-256 sum to a BLOB.
func hash(h *[32]byte) sqlcol.Hash { return sqlcol.Hash{H: h} }
