package store

import (
	"context"
	"time"

	"github.com/lib/pq"

	"hubbook/internal/model"
)

// spaceAudit is the part of a space the audit log records; the venue and
// the parent by slug, as people know them.
type spaceAudit struct {
	Venue    string   `json:"venue" db:"venue"`
	Parent   string   `json:"parent,omitempty" db:"parent"`
	Slug     string   `json:"slug" db:"slug"`
	Name     string   `json:"name" db:"name"`
	Kind     string   `json:"kind" db:"kind"`
	Capacity int      `json:"capacity" db:"capacity"`
	Features []string `json:"features" db:"-"`
}

// spaceAudit reads the audit record of the space with id.
func (s *Store) spaceAudit(ctx context.Context, id int64) (spaceAudit, error) {
	var r struct {
		spaceAudit
		Features pq.StringArray `db:"features"`
	}
	err := s.getContext(ctx, &r, `
		SELECT v.slug AS venue, coalesce(parent.slug, '') AS parent, sp.slug, sp.name, sp.kind, sp.capacity, sp.features
		FROM spaces sp
		JOIN venues v ON v.id = sp.venue_id
		LEFT JOIN spaces parent ON parent.id = sp.parent_id
		WHERE sp.id = $1`, id)
	a := r.spaceAudit
	a.Features = nonNil(r.Features)
	return a, wrap(err, "space for the audit log")
}

// SpacesByVenue returns the spaces of every venue by venue id, each list
// in the order of Spaces: each zone after the room that holds it.
func (s *Store) SpacesByVenue(ctx context.Context) (map[int64][]model.Space, error) {
	var rows []spaceRow
	err := s.selectContext(ctx, &rows, `
		SELECT sp.id, sp.venue_id, sp.parent_id, sp.slug, sp.name, sp.kind, sp.description,
		       sp.capacity, sp.features, parent.name AS parent_name
		FROM spaces sp
		LEFT JOIN spaces parent ON parent.id = sp.parent_id
		ORDER BY sp.venue_id, coalesce(parent.name, sp.name), sp.parent_id NULLS FIRST, sp.name`)
	if err != nil {
		return nil, wrap(err, "spaces by venue")
	}
	byVenue := make(map[int64][]model.Space)
	for _, r := range rows {
		sp := r.Space
		sp.Features = r.Features
		sp.ParentName = r.ParentName.String
		byVenue[sp.VenueID] = append(byVenue[sp.VenueID], sp)
	}
	return byVenue, nil
}

// SpaceForEdit returns the space with slug and its version, which
// UpdateSpace needs back; or model.ErrNotFound.
func (s *Store) SpaceForEdit(ctx context.Context, slug string) (model.Space, string, error) {
	var r struct {
		spaceRow
		UpdatedAt time.Time `db:"updated_at"`
	}
	err := s.getContext(ctx, &r, `
		SELECT sp.id, sp.venue_id, sp.parent_id, sp.slug, sp.name, sp.kind, sp.description,
		       sp.capacity, sp.features, parent.name AS parent_name, sp.updated_at
		FROM spaces sp
		LEFT JOIN spaces parent ON parent.id = sp.parent_id
		WHERE sp.slug = $1`, slug)
	if err != nil {
		return model.Space{}, "", wrap(err, "space "+slug)
	}
	sp := r.Space
	sp.Features = r.Features
	sp.ParentName = r.ParentName.String
	return sp, Version(r.UpdatedAt), nil
}

// lockVenueSpaces takes the venue's row lock for the rest of the
// transaction: changes to one venue's spaces take turns, so that two
// people cannot each put one space inside the other at the same moment.
// It returns model.ErrNotFound when there is no such venue.
func (s *Store) lockVenueSpaces(ctx context.Context, venueID int64) error {
	var id int64
	err := s.getContext(ctx, &id, `SELECT id FROM venues WHERE id = $1 FOR NO KEY UPDATE`, venueID)
	return wrap(err, "lock venue's spaces")
}

// checkParent returns ErrParentNotAllowed unless parentID (if set) is a
// space of the venue that is neither the space with id self nor inside it.
// self is 0 for a new space.
func (s *Store) checkParent(ctx context.Context, venueID, self int64, parentID *int64) error {
	if parentID == nil {
		return nil
	}
	var ok bool
	err := s.getContext(ctx, &ok, `
		WITH RECURSIVE inside AS (
			SELECT id FROM spaces WHERE id = $3
			UNION
			SELECT sp.id FROM spaces sp JOIN inside ON sp.parent_id = inside.id
		)
		SELECT EXISTS (SELECT 1 FROM spaces WHERE id = $1 AND venue_id = $2)
		   AND NOT EXISTS (SELECT 1 FROM inside WHERE id = $1)`, *parentID, venueID, self)
	if err != nil {
		return wrap(err, "check parent space")
	}
	if !ok {
		return ErrParentNotAllowed
	}
	return nil
}

// AddSpace adds sp to its venue for a person, recording it in the audit
// log. A parent outside the venue is ErrParentNotAllowed; a slug another
// space has is ErrSlugTaken; a name another space in the venue has is
// ErrNameTaken; a missing venue is model.ErrNotFound.
func (s *Store) AddSpace(ctx context.Context, by model.Actor, sp model.Space) (model.Space, error) {
	err := s.InTx(ctx, func(tx *Store) error {
		if err := tx.lockVenueSpaces(ctx, sp.VenueID); err != nil {
			return err
		}
		if err := tx.checkParent(ctx, sp.VenueID, 0, sp.ParentID); err != nil {
			return err
		}
		var err error
		if sp, err = tx.CreateSpace(ctx, sp); err != nil {
			return taken(err, "spaces")
		}
		after, err := tx.spaceAudit(ctx, sp.ID)
		if err != nil {
			return err
		}
		return tx.audit(ctx, by, change{action: "space.create", entity: "space", key: sp.Slug, label: sp.Name, after: after})
	})
	return sp, err
}

// UpdateSpace replaces the details of the space with slug by sp's (its
// venue stays), provided nobody has changed it since the form was opened
// at version; otherwise it changes nothing and returns model.ErrConflict.
// The other errors are AddSpace's.
func (s *Store) UpdateSpace(ctx context.Context, by model.Actor, slug, version string, sp model.Space) (model.Space, error) {
	err := s.InTx(ctx, func(tx *Store) error {
		var cur struct {
			ID      int64 `db:"id"`
			VenueID int64 `db:"venue_id"`
		}
		// A space never changes venue, so its venue can be read before the lock.
		if err := tx.getContext(ctx, &cur, `SELECT id, venue_id FROM spaces WHERE slug = $1`, slug); err != nil {
			return wrap(err, "space "+slug)
		}
		if err := tx.lockVenueSpaces(ctx, cur.VenueID); err != nil {
			return err
		}
		sp.ID, sp.VenueID = cur.ID, cur.VenueID
		before, err := tx.spaceAudit(ctx, sp.ID)
		if err != nil {
			return err
		}
		if err := tx.checkParent(ctx, sp.VenueID, sp.ID, sp.ParentID); err != nil {
			return err
		}
		res, err := tx.q.ExecContext(ctx, `
			UPDATE spaces SET parent_id = $3, slug = $4, name = $5, kind = $6, description = $7,
				capacity = $8, features = $9, updated_at = now()
			WHERE id = $1 AND updated_at = $2`,
			sp.ID, versionTime(version), sp.ParentID, sp.Slug, sp.Name, sp.Kind, sp.Description,
			sp.Capacity, pq.StringArray(nonNil(sp.Features)))
		if err != nil {
			return wrap(taken(err, "spaces"), "update space "+slug)
		}
		if err := matchedVersion(res, "update space "+slug); err != nil {
			return err
		}
		after, err := tx.spaceAudit(ctx, sp.ID)
		if err != nil {
			return err
		}
		return tx.audit(ctx, by, change{action: "space.update", entity: "space", key: sp.Slug, label: sp.Name, before: before, after: after})
	})
	return sp, err
}
