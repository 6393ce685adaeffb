package store

import (
	"context"
	"database/sql"

	"github.com/lib/pq"

	"hubbook/internal/model"
)

const venueColumns = `id, slug, name, summary, address, postcode, directions, phone,
	opening_hours, access_notes, features`

type venueRow struct {
	model.Venue
	Features pq.StringArray `db:"features"`
}

func (r venueRow) venue() model.Venue {
	v := r.Venue
	v.Features = r.Features
	return v
}

// Venues returns every venue, by name.
func (s *Store) Venues(ctx context.Context) ([]model.Venue, error) {
	var rows []venueRow
	if err := s.selectContext(ctx, &rows, `SELECT `+venueColumns+` FROM venues ORDER BY name`); err != nil {
		return nil, wrap(err, "venues")
	}
	venues := make([]model.Venue, len(rows))
	for i, r := range rows {
		venues[i] = r.venue()
	}
	return venues, nil
}

// Venue returns the venue with slug, or model.ErrNotFound.
func (s *Store) Venue(ctx context.Context, slug string) (model.Venue, error) {
	var r venueRow
	if err := s.getContext(ctx, &r, `SELECT `+venueColumns+` FROM venues WHERE slug = $1`, slug); err != nil {
		return model.Venue{}, wrap(err, "venue "+slug)
	}
	return r.venue(), nil
}

// CreateVenue adds v and returns it with its id.
func (s *Store) CreateVenue(ctx context.Context, v model.Venue) (model.Venue, error) {
	err := s.getContext(ctx, &v.ID, `
		INSERT INTO venues (slug, name, summary, address, postcode, directions, phone, opening_hours, access_notes, features)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		RETURNING id`,
		v.Slug, v.Name, v.Summary, v.Address, v.Postcode, v.Directions, v.Phone, v.OpeningHours, v.AccessNotes,
		pq.StringArray(nonNil(v.Features)))
	return v, wrap(err, "create venue "+v.Slug)
}

type spaceRow struct {
	model.Space
	ParentName sql.NullString `db:"parent_name"`
	Features   pq.StringArray `db:"features"`
}

// Spaces returns the spaces of the venue with id venueID, each zone after
// the room that holds it.
func (s *Store) Spaces(ctx context.Context, venueID int64) ([]model.Space, error) {
	var rows []spaceRow
	err := s.selectContext(ctx, &rows, `
		SELECT sp.id, sp.venue_id, sp.parent_id, sp.slug, sp.name, sp.kind, sp.description,
		       sp.capacity, sp.features, parent.name AS parent_name
		FROM spaces sp
		LEFT JOIN spaces parent ON parent.id = sp.parent_id
		WHERE sp.venue_id = $1
		ORDER BY coalesce(parent.name, sp.name), sp.parent_id NULLS FIRST, sp.name`, venueID)
	if err != nil {
		return nil, wrap(err, "spaces")
	}
	spaces := make([]model.Space, len(rows))
	for i, r := range rows {
		sp := r.Space
		sp.Features = r.Features
		sp.ParentName = r.ParentName.String
		spaces[i] = sp
	}
	return spaces, nil
}

// CreateSpace adds sp and returns it with its id.
func (s *Store) CreateSpace(ctx context.Context, sp model.Space) (model.Space, error) {
	err := s.getContext(ctx, &sp.ID, `
		INSERT INTO spaces (venue_id, parent_id, slug, name, kind, description, capacity, features)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		RETURNING id`,
		sp.VenueID, sp.ParentID, sp.Slug, sp.Name, sp.Kind, sp.Description, sp.Capacity,
		pq.StringArray(nonNil(sp.Features)))
	return sp, wrap(err, "create space "+sp.Slug)
}

// nonNil keeps a nil slice from being stored as SQL NULL.
func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}
