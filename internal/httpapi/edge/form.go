package edge

import (
	"github.com/hive-platform/hive/internal/door"
	"github.com/hive-platform/hive/internal/hive"
)

// ParseFormBool reads the Door Access API's boolean: true/false, 1/0, yes/no, on/off,
// or empty for false.
func ParseFormBool(field, v string) (bool, error) {
	if b, ok := door.ParseFlag(v); ok {
		return b, nil
	}
	return false, hive.FieldError(field, "must be true or false (1/0, yes/no and on/off work too), not %q", v)
}

// Deref is *s, or "" for nil.
func Deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
