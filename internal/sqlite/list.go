package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/hive-platform/hive/internal/apikey"
)

// A page whose limit is not set holds defaultPage rows; no page holds more
// than maxPage, which bounds the memory one list can take.
const (
	defaultPage = 100
	maxPage     = 1000
)

// filter is the WHERE clause of a list, built from the conditions a filter
// sets, with named arguments.
type filter struct {
	conds []string
	args  []any
}

// where adds a condition and the named arguments it uses.
func (f *filter) where(cond string, args ...sql.NamedArg) {
	f.conds = append(f.conds, cond)
	for _, a := range args {
		f.args = append(f.args, a)
	}
}

// clause returns the conditions joined into one.
func (f filter) clause() string { return strings.Join(f.conds, " AND ") }

// rowScanner is what *sql.Row and *sql.Rows have in common.
type rowScanner interface{ Scan(dest ...any) error }

// list returns one page of the rows of table that match f, newest first,
// and the number of rows that match f regardless of paging.
func list[T any](ctx context.Context, q querier, table, columns string, f filter, p apikey.Page, scan func(rowScanner) (*T, error)) ([]*T, int, error) {
	var total int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE `+f.clause(), f.args...).Scan(&total)
	if err != nil {
		return nil, 0, err
	}
	pageSQL, pageArgs := page(p)
	rows, err := q.QueryContext(ctx, `SELECT `+columns+` FROM `+table+` WHERE `+f.clause()+pageSQL,
		slices.Concat(f.args, pageArgs)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, v)
	}
	return out, total, rows.Err()
}

// page returns the end of a query selecting the page p, and its arguments.
// IDs sort by creation time, so "newest first" is descending ID order and
// the cursor is the last ID of the previous page.
func page(p apikey.Page) (string, []any) {
	limit := p.Limit
	switch {
	case limit <= 0:
		limit = defaultPage
	case limit > maxPage:
		limit = maxPage
	}
	args := []any{sql.Named("limit", limit)}
	clause := ""
	if p.After != "" {
		clause = ` AND id < :after`
		args = append(args, sql.Named("after", p.After))
	}
	return clause + ` ORDER BY id DESC LIMIT :limit`, args
}
