package store

import (
	"context"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"
)

func (s *Store) getContext(ctx context.Context, dest any, query string, args ...any) error {
	return sqlx.GetContext(ctx, s.q, dest, query, args...)
}

func (s *Store) selectContext(ctx context.Context, dest any, query string, args ...any) error {
	return sqlx.SelectContext(ctx, s.q, dest, query, args...)
}

// conditions builds a WHERE clause from conditions written with ? for their
// argument, numbering the placeholders as it goes: user input only ever
// travels as an argument.
type conditions struct {
	where []string
	args  []any
}

// add appends cond, whose ?s stand for args in order.
func (c *conditions) add(cond string, args ...any) {
	var b strings.Builder
	for i, part := range strings.Split(cond, "?") {
		if i > 0 {
			c.args = append(c.args, args[i-1])
			b.WriteString("$" + strconv.Itoa(len(c.args)))
		}
		b.WriteString(part)
	}
	c.where = append(c.where, b.String())
}

// sql is the conditions joined with AND, or true when there are none.
func (c *conditions) sql() string {
	if len(c.where) == 0 {
		return "true"
	}
	return strings.Join(c.where, " AND ")
}

// likeContains is the ILIKE pattern that matches text containing s as
// typed: its %, _ and \ match themselves.
func likeContains(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}
