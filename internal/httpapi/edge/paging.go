package edge

import (
	"net/http"
	"strconv"

	"github.com/hive-platform/hive/api"
	"github.com/hive-platform/hive/internal/apikey"
	"github.com/hive-platform/hive/internal/hive"
)

const MaxPageSize = 100

// PageOf reads ?limit= and ?starting_after= from r. It asks the store for one
// item more than the page holds, so the handler can tell whether more follow
// without a second query; see TrimPage.
func PageOf(r *http.Request) (apikey.Page, int, error) {
	q := r.URL.Query()
	limit := MaxPageSize
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxPageSize {
			return apikey.Page{}, 0, hive.FieldError("limit", "must be a whole number from 1 to %d", MaxPageSize)
		}
		limit = n
	}
	return apikey.Page{Limit: limit + 1, After: q.Get("starting_after")}, limit, nil
}

// TrimPage cuts items to limit and reports whether there were more.
func TrimPage[T any](items []T, limit int) ([]T, bool) {
	if len(items) > limit {
		return items[:limit], true
	}
	return items, false
}

// WholeList is items as a list in one response.
func WholeList[T any](items ...T) api.UnpagedList[T] {
	return api.UnpagedList[T]{Object: "list", Data: items, Total: len(items)}
}

// NewList builds one page of a list response. more reports whether items
// follow the last one.
func NewList[T any, D any](items []D, total int, more bool, conv func(D) T, id func(D) string) api.List[T] {
	l := api.List[T]{Object: "list", Data: make([]T, len(items)), HasMore: more, Total: total}
	for i, it := range items {
		l.Data[i] = conv(it)
	}
	if more && len(items) > 0 {
		l.NextCursor = optString(id(items[len(items)-1]))
	}
	return l
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
