package edge

// Helpers and values for the example requests and responses of the
// families' Docs.

// Ptr returns a pointer to v, for optional fields of examples.

import (
	"time"

	"github.com/hive-platform/hive/api"
)

func Ptr[T any](v T) *T { return &v }

// PagedList is one page of a list with a cursor, as api.List is on the
// wire.
func PagedList[T any](items ...T) api.List[T] {
	return api.List[T]{Object: "list", Data: items, Total: len(items)}
}

// Example values and parameters the families' Docs share.
var (
	ExTime  = time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)
	ExKeyID = "key_0V2ShA9mXc4tRb7uWy2eLf"

	ParamLimit = Param{Name: "limit", In: "query", Type: "integer", Description: "Page size, 1 to 100 (default 100)."}
	ParamAfter = Param{Name: "starting_after", In: "query", Description: "The next_cursor of the previous page."}
)
