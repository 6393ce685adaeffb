package store

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"hubbook/internal/model"
)

// How partners may book a space (spaces.partner_booking).
const (
	PartnerBookInstant = "instant" // confirmed at once
	PartnerBookRequest = "request" // waits for staff
	PartnerBookStaff   = "staff"   // partners cannot book it
)

// BookableSpace is a space as its booking form needs it: where it is, its
// set-up and clear-down, and how partners may book it.
type BookableSpace struct {
	Space          model.Space
	Venue          model.Venue
	Setup          time.Duration
	Cleardown      time.Duration
	PartnerBooking string
}

// BookableSpace returns the space spaceSlug of the venue venueSlug, or
// model.ErrNotFound.
func (s *Store) BookableSpace(ctx context.Context, venueSlug, spaceSlug string) (BookableSpace, error) {
	var r struct {
		model.Space
		VenueSlug      string `db:"venue_slug"`
		VenueName      string `db:"venue_name"`
		Setup          int    `db:"setup_minutes"`
		Cleardown      int    `db:"cleardown_minutes"`
		PartnerBooking string `db:"partner_booking"`
	}
	err := s.getContext(ctx, &r, `
		SELECT sp.id, sp.venue_id, sp.parent_id, sp.slug, sp.name, sp.kind, sp.description, sp.capacity,
		       sp.setup_minutes, sp.cleardown_minutes, sp.partner_booking, v.slug AS venue_slug, v.name AS venue_name
		FROM spaces sp JOIN venues v ON v.id = sp.venue_id
		WHERE v.slug = $1 AND sp.slug = $2`, venueSlug, spaceSlug)
	if err != nil {
		return BookableSpace{}, wrap(err, "space "+venueSlug+"/"+spaceSlug)
	}
	return BookableSpace{
		Space: r.Space, Venue: model.Venue{ID: r.VenueID, Slug: r.VenueSlug, Name: r.VenueName},
		Setup: time.Duration(r.Setup) * time.Minute, Cleardown: time.Duration(r.Cleardown) * time.Minute,
		PartnerBooking: r.PartnerBooking,
	}, nil
}

// PreviewSpaceBooking says whether r could be booked now without booking
// it: nil, a *SpaceRefused, or a *model.Clash naming the first live booking
// in the way (as viewer may see it; nil is staff). It is only a preview:
// BookSpace decides.
func (s *Store) PreviewSpaceBooking(ctx context.Context, r SpaceBookingRequest, viewer *PartnerScope) error {
	if r.Kind == "" {
		r.Kind = model.SpaceForBooking
	}
	sp, buffers, err := s.spaceForBooking(ctx, r.SpaceID, false)
	if err != nil {
		return err
	}
	if err := s.checkSpaceBooking(ctx, sp, r); err != nil {
		return err
	}
	from := r.StartsAt.Add(-time.Duration(buffers[0]) * time.Minute)
	to := r.EndsAt.Add(time.Duration(buffers[1]) * time.Minute)
	in, err := s.SpaceBookingsAround(ctx, r.SpaceID, from, to, 0, viewer)
	if err != nil || len(in) == 0 {
		return err
	}
	return &model.Clash{With: in[0], Loc: s.location()}
}

// SpaceBookingsAround returns the live bookings that hold the space
// spaceID, a space within it or a space around it (so would clash with a
// booking of it) at any time from from to to, in start order, leaving out
// the booking except (0: none), as viewer may see them (nil: staff).
func (s *Store) SpaceBookingsAround(ctx context.Context, spaceID int64, from, to time.Time, except int64, viewer *PartnerScope) ([]model.SpaceBooking, error) {
	var rows []spaceBookingRow
	err := s.selectContext(ctx, &rows, `SELECT `+spaceBookingColumns+spaceBookingJoins+`
		WHERE sb.status IN ('requested', 'confirmed') AND sb.id <> $4 AND sb.id IN (
			SELECT c.booking_id FROM space_claims c
			WHERE c.space_id IN (SELECT id FROM space_and_within($1)) AND c.during && tstzrange($2, $3, '[)'))
		ORDER BY sb.starts_at, sb.id`, spaceID, from, to, except)
	if err != nil {
		return nil, wrap(err, "space bookings around")
	}
	return spaceBookings(rows, viewer), nil
}

func spaceBookings(rows []spaceBookingRow, viewer *PartnerScope) []model.SpaceBooking {
	out := make([]model.SpaceBooking, len(rows))
	for i, r := range rows {
		out[i] = r.spaceBooking(viewer)
	}
	return out
}

// SpaceRequests returns the partners' requests waiting for staff, soonest
// first, since those need an answer first.
func (s *Store) SpaceRequests(ctx context.Context, limit int) ([]model.SpaceBooking, error) {
	var rows []spaceBookingRow
	err := s.selectContext(ctx, &rows, `SELECT `+spaceBookingColumns+spaceBookingJoins+`
		WHERE sb.status = 'requested' AND sb.kind = 'booking'
		ORDER BY sb.starts_at, sb.id LIMIT $1`, limit)
	if err != nil {
		return nil, wrap(err, "space requests")
	}
	return spaceBookings(rows, nil), nil
}

// PartnerSpaceHistory returns the partner's latest space bookings (by when
// they were made), leaving out the booking except, for staff deciding on
// a request: what they booked, what became of it, and why any were declined.
func (s *Store) PartnerSpaceHistory(ctx context.Context, partnerID, except int64, limit int) ([]model.SpaceBooking, error) {
	var rows []spaceBookingRow
	err := s.selectContext(ctx, &rows, `SELECT `+spaceBookingColumns+spaceBookingJoins+`
		WHERE sb.partner_id = $1 AND sb.kind = 'booking' AND sb.id <> $2
		ORDER BY sb.created_at DESC, sb.id DESC LIMIT $3`, partnerID, except, limit)
	if err != nil {
		return nil, wrap(err, "partner space history")
	}
	return spaceBookings(rows, nil), nil
}

// NewSeries returns a new series id for the dates of one recurring space
// booking (a random UUID, version 4).
func NewSeries() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
