package postgres

import (
	"context"
	"maps"
	"strings"

	"github.com/jackc/pgx/v5"

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
	args  pgx.NamedArgs
}

// where adds a condition and the named arguments it uses.
func (f *filter) where(cond string, args pgx.NamedArgs) {
	f.conds = append(f.conds, cond)
	if f.args == nil {
		f.args = pgx.NamedArgs{}
	}
	maps.Copy(f.args, args)
}

// clause returns the conditions joined into one.
func (f filter) clause() string { return strings.Join(f.conds, " AND ") }

// list returns one page of the rows of table that match f, newest first,
// and the number of rows that match f regardless of paging.
func list[T any](ctx context.Context, q querier, table, columns string, f filter, p apikey.Page, scan func(pgx.Row) (*T, error)) ([]*T, int, error) {
	var total int
	err := q.QueryRow(ctx, `SELECT count(*) FROM `+table+` WHERE `+f.clause(), f.args).Scan(&total)
	if err != nil {
		return nil, 0, err
	}
	pageSQL, args := page(p)
	maps.Copy(args, f.args)
	rows, err := q.Query(ctx, `SELECT `+columns+` FROM `+table+` WHERE `+f.clause()+pageSQL, args)
	if err != nil {
		return nil, 0, err
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*T, error) { return scan(row) })
	return out, total, err
}

// page returns the end of a query selecting the page p, and its arguments.
// IDs sort by creation time, so "newest first" is descending ID order and
// the cursor is the last ID of the previous page.
func page(p apikey.Page) (string, pgx.NamedArgs) {
	limit := p.Limit
	switch {
	case limit <= 0:
		limit = defaultPage
	case limit > maxPage:
		limit = maxPage
	}
	args := pgx.NamedArgs{"limit": limit}
	clause := ""
	if p.After != "" {
		clause = ` AND id < @after`
		args["after"] = p.After
	}
	return clause + ` ORDER BY id DESC LIMIT @limit`, args
}
