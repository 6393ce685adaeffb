package store

import (
	"context"
	"strconv"
	"time"

	"github.com/lib/pq"

	"hubbook/internal/model"
)

// venueAudit is the part of a venue the audit log records.
type venueAudit struct {
	Slug         string   `json:"slug"`
	Name         string   `json:"name"`
	Address      string   `json:"address"`
	Postcode     string   `json:"postcode"`
	Phone        string   `json:"phone"`
	OpeningHours string   `json:"opening_hours"`
	Features     []string `json:"features"`
}

func auditOfVenue(v model.Venue) venueAudit {
	return venueAudit{Slug: v.Slug, Name: v.Name, Address: v.Address, Postcode: v.Postcode, Phone: v.Phone,
		OpeningHours: v.OpeningHours, Features: nonNil(v.Features)}
}

type versionedVenueRow struct {
	venueRow
	UpdatedAt time.Time `db:"updated_at"`
}

// VenueByID returns the venue with id, or model.ErrNotFound.
func (s *Store) VenueByID(ctx context.Context, id int64) (model.Venue, error) {
	var r venueRow
	if err := s.getContext(ctx, &r, `SELECT `+venueColumns+` FROM venues WHERE id = $1`, id); err != nil {
		return model.Venue{}, wrap(err, "venue "+strconv.FormatInt(id, 10))
	}
	return r.venue(), nil
}

// VenueForEdit returns the venue with slug and its version, which
// UpdateVenue needs back; or model.ErrNotFound.
func (s *Store) VenueForEdit(ctx context.Context, slug string) (model.Venue, string, error) {
	var r versionedVenueRow
	if err := s.getContext(ctx, &r, `SELECT `+venueColumns+`, updated_at FROM venues WHERE slug = $1`, slug); err != nil {
		return model.Venue{}, "", wrap(err, "venue "+slug)
	}
	return r.venue(), Version(r.UpdatedAt), nil
}

// AddVenue adds v for a person, recording it in the audit log. A slug
// another venue has is ErrSlugTaken.
func (s *Store) AddVenue(ctx context.Context, by model.Actor, v model.Venue) (model.Venue, error) {
	err := s.InTx(ctx, func(tx *Store) error {
		var err error
		if v, err = tx.CreateVenue(ctx, v); err != nil {
			return taken(err, "venues")
		}
		return tx.audit(ctx, by, change{action: "venue.create", entity: "venue", key: v.Slug, label: v.Name, after: auditOfVenue(v)})
	})
	return v, err
}

// UpdateVenue replaces the details of the venue with slug by v's, provided
// nobody has changed it since the form was opened at version; otherwise
// it changes nothing and returns model.ErrConflict. A missing venue is
// model.ErrNotFound; a slug another venue has is ErrSlugTaken.
func (s *Store) UpdateVenue(ctx context.Context, by model.Actor, slug, version string, v model.Venue) (model.Venue, error) {
	err := s.InTx(ctx, func(tx *Store) error {
		var before versionedVenueRow
		if err := tx.getContext(ctx, &before, `SELECT `+venueColumns+`, updated_at FROM venues WHERE slug = $1 FOR UPDATE`, slug); err != nil {
			return wrap(err, "lock venue "+slug)
		}
		res, err := tx.q.ExecContext(ctx, `
			UPDATE venues SET slug = $3, name = $4, summary = $5, address = $6, postcode = $7, directions = $8,
				phone = $9, opening_hours = $10, access_notes = $11, features = $12, updated_at = now()
			WHERE id = $1 AND updated_at = $2`,
			before.ID, versionTime(version), v.Slug, v.Name, v.Summary, v.Address, v.Postcode, v.Directions,
			v.Phone, v.OpeningHours, v.AccessNotes, pq.StringArray(nonNil(v.Features)))
		if err != nil {
			return wrap(taken(err, "venues"), "update venue "+slug)
		}
		if err := matchedVersion(res, "update venue "+slug); err != nil {
			return err
		}
		v.ID = before.ID
		return tx.audit(ctx, by, change{action: "venue.update", entity: "venue", key: v.Slug, label: v.Name,
			before: auditOfVenue(before.venue()), after: auditOfVenue(v)})
	})
	return v, err
}
