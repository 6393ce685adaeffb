package store

import (
	"context"

	"hubbook/internal/model"
)

// Themes returns every theme in display order.
func (s *Store) Themes(ctx context.Context) ([]model.Theme, error) {
	var themes []model.Theme
	err := s.selectContext(ctx, &themes, `SELECT id, slug, name, description FROM themes ORDER BY position, name`)
	return themes, wrap(err, "themes")
}

// Audiences returns every audience in display order.
func (s *Store) Audiences(ctx context.Context) ([]model.Audience, error) {
	var audiences []model.Audience
	err := s.selectContext(ctx, &audiences, `SELECT id, slug, name FROM audiences ORDER BY position, name`)
	return audiences, wrap(err, "audiences")
}

// CreatePartner adds p and returns it with its id.
func (s *Store) CreatePartner(ctx context.Context, p model.Partner) (model.Partner, error) {
	err := s.getContext(ctx, &p.ID, `
		INSERT INTO partners (slug, name, description, website, phone)
		VALUES ($1, $2, $3, $4, $5)
		RETURNING id`, p.Slug, p.Name, p.Description, p.Website, p.Phone)
	return p, wrap(err, "create partner "+p.Slug)
}
