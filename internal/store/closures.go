package store

import (
	"context"
	"strings"
	"time"

	"hubbook/internal/model"
)

// Closure is a venue or a space closed for a time (a bank holiday,
// building works): one closure booking of a space, or, for a whole
// venue, one for each of its top-level spaces, sharing a series.
type Closure struct {
	// PublicID names the closure's first booking; removing it removes
	// every booking of the closure.
	PublicID string
	Venue    model.Venue
	// Spaces are the spaces closed: for a whole venue, its top-level
	// spaces (and so everything inside them).
	Spaces     []model.Space
	WholeVenue bool
	StartsAt   time.Time
	EndsAt     time.Time
	Reason     string
	BookedBy   string
}

// ClosureRequest is what it takes to close a venue or a space.
type ClosureRequest struct {
	// VenueID is the venue to close whole, when SpaceID is 0.
	VenueID int64
	SpaceID int64
	// StartsAt and EndsAt are the closure; it may cover any time, open or
	// not.
	StartsAt, EndsAt time.Time
	Reason           string
}

// CloseSpaces closes a space, or a whole venue (each of its top-level
// spaces), in one transaction: all or nothing. A live booking in the way
// is a *model.Clash naming it; a reason missing, or times that cannot be,
// a *SpaceRefused; a venue with no spaces a *SpaceRefused on "where".
func (s *Store) CloseSpaces(ctx context.Context, by model.Actor, r ClosureRequest) ([]model.SpaceBooking, error) {
	r.Reason = strings.TrimSpace(r.Reason)
	if r.Reason == "" {
		return nil, &SpaceRefused{"purpose", "Say why it is closed, like Bank holiday."}
	}
	var out []model.SpaceBooking
	err := s.InTx(ctx, func(tx *Store) error {
		ids := []int64{r.SpaceID}
		var series string
		if r.SpaceID == 0 {
			if err := tx.selectContext(ctx, &ids, `
				SELECT id FROM spaces WHERE venue_id = $1 AND parent_id IS NULL ORDER BY id`, r.VenueID); err != nil {
				return wrap(err, "spaces to close")
			}
			if len(ids) == 0 {
				return &SpaceRefused{"where", "The venue has no spaces to close: add its rooms first."}
			}
			series = NewSeries()
		}
		// In id order, as every change that locks several spaces does, so
		// that two such changes never wait on each other.
		for _, id := range ids {
			b, err := tx.BookSpace(ctx, by, SpaceBookingRequest{SpaceID: id, Kind: model.SpaceClosed, Purpose: r.Reason,
				StartsAt: r.StartsAt, EndsAt: r.EndsAt, Series: series})
			if err != nil {
				return err
			}
			out = append(out, b)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// UpcomingClosures returns the closures that have not ended yet, soonest
// first.
func (s *Store) UpcomingClosures(ctx context.Context) ([]Closure, error) {
	var rows []spaceBookingRow
	err := s.selectContext(ctx, &rows, `SELECT `+spaceBookingColumns+spaceBookingJoins+`
		WHERE sb.kind = 'closure' AND sb.status IN ('requested', 'confirmed') AND sb.ends_at > $1
		ORDER BY sb.starts_at, v.name, coalesce(sb.series::text, sb.public_id), sp.name, sb.id`, s.now())
	if err != nil {
		return nil, wrap(err, "upcoming closures")
	}
	var out []Closure
	bySeries := map[string]int{}
	for _, row := range rows {
		b := row.spaceBooking(nil)
		if i, ok := bySeries[row.Series]; ok && row.Series != "" {
			out[i].Spaces = append(out[i].Spaces, b.Space)
			continue
		}
		if row.Series != "" {
			bySeries[row.Series] = len(out)
		}
		out = append(out, Closure{PublicID: b.PublicID, Venue: b.Venue, Spaces: []model.Space{b.Space},
			WholeVenue: row.Series != "", StartsAt: b.StartsAt, EndsAt: b.EndsAt, Reason: b.Purpose, BookedBy: b.BookedBy})
	}
	return out, nil
}

// RemoveClosure ends the closure with publicID, and every booking of its
// series (a whole venue's), freeing the spaces. A closure already removed,
// or no closure, is model.ErrNotFound.
func (s *Store) RemoveClosure(ctx context.Context, by model.Actor, publicID string) error {
	res, err := s.q.ExecContext(ctx, `
		UPDATE space_bookings SET status = 'cancelled', decided_by = $2, decided_at = now(), updated_at = now()
		WHERE kind = 'closure' AND status IN ('requested', 'confirmed')
		  AND (public_id = $1 OR series = (
		      SELECT series FROM space_bookings WHERE public_id = $1 AND kind = 'closure'))`, publicID, actorID(by))
	if err != nil {
		return wrap(err, "remove closure")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return model.ErrNotFound
	}
	return nil
}
