package store

import (
	"context"

	"github.com/jmoiron/sqlx"
)

func (s *Store) getContext(ctx context.Context, dest any, query string, args ...any) error {
	return sqlx.GetContext(ctx, s.q, dest, query, args...)
}

func (s *Store) selectContext(ctx context.Context, dest any, query string, args ...any) error {
	return sqlx.SelectContext(ctx, s.q, dest, query, args...)
}
