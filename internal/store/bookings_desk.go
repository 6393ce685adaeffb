package store

import (
	"context"
	"strings"
	"time"

	"hubbook/internal/model"
)

// WalkIns is people who turned up to a session without booking: a count,
// and at most a first name and a postcode.
type WalkIns struct {
	SessionPublicID string
	Count           int
	Name            string
	Postcode        string
	// DayStart and DayEnd bound today in the service's time zone: walk-ins
	// are recorded on the session's day.
	DayStart, DayEnd time.Time
	// Register says the walk-ins are recorded on the session's register:
	// from its day (DayEnd is the end of today; DayStart is not used) until
	// the register is closed, so that a paper register can be typed in
	// afterwards.
	Register bool
}

// RecordWalkIns records w by a navigator or staff member. Walk-ins take
// places like bookings (the walk-in reserve included), so a room is never
// filled past its capacity; a drop-in with no capacity counts them with no
// limit. It returns the record's reference, model.ErrNotToday,
// model.ErrSessionCancelled, model.ErrNotFound, model.ErrRegisterClosed,
// or *model.NotEnoughPlacesError with the places left.
func (s *Store) RecordWalkIns(ctx context.Context, by model.Actor, w WalkIns) (string, error) {
	var ref string
	err := s.InTx(ctx, func(tx *Store) error {
		m, err := tx.lockSession(ctx, "ps.public_id = $1", w.SessionPublicID)
		if err != nil {
			return err
		}
		switch {
		case !m.Status.Public():
			return model.ErrNotFound
		case m.Cancelled():
			return model.ErrSessionCancelled
		case !m.StartsAt.Before(w.DayEnd), !w.Register && m.StartsAt.Before(w.DayStart):
			return model.ErrNotToday
		}
		// Walk-ins are attendance: once the register is closed, from the
		// desk too, they wait for staff to reopen it.
		closed, err := tx.RegisterClosedFor(ctx, m.ID)
		if err != nil {
			return err
		}
		if closed {
			return model.ErrRegisterClosed
		}
		// People waiting get places the reserve's opening freed first.
		if err := tx.promote(ctx, &m, tx.now()); err != nil {
			return err
		}
		if m.Capacity != nil && m.PlacesBooked+w.Count > *m.Capacity {
			// Counted here, not with PlacesLeft: a drop-in's room has a
			// capacity too. Refused, but the promotion above is kept.
			return refuse(&model.NotEnoughPlacesError{Left: max(*m.Capacity-m.PlacesBooked, 0)})
		}
		req := BookingRequest{Source: model.SourceWalkIn, Name: w.Name, Postcode: w.Postcode, PartySize: w.Count, By: by}
		// No email, so no history line to send.
		if ref, _, err = tx.insertBooking(ctx, m, model.BookingConfirmed, req, tx.now()); err != nil {
			return wrap(err, "record walk-ins")
		}
		if err := tx.moveCounters(ctx, &m, model.BookingConfirmed, w.Count); err != nil {
			return err
		}
		return tx.auditBooking(ctx, by, "booking.walk_in", model.Booking{Reference: ref, Session: m}, nil, &w.Count)
	})
	return ref, err
}

// SetCapacity changes a session's places and walk-in reserve, by staff,
// when the version they saw is still current. More places go to the
// waitlist at once: it returns how many people were promoted. It returns a *BelowBookedError when capacity is below
// the places already booked, and model.ErrConflict when the session
// changed since version.
func (s *Store) SetCapacity(ctx context.Context, by model.Actor, publicID, version string, capacity, reserve int) (promoted int, err error) {
	err = s.InTx(ctx, func(tx *Store) error {
		before, err := tx.sessionForUpdate(ctx, publicID)
		if err != nil {
			return err
		}
		switch {
		case !sameVersion(version, before.UpdatedAt):
			return model.ErrConflict
		case capacity < before.PlacesBooked:
			return &BelowBookedError{Session: before}
		}
		if _, err := tx.q.ExecContext(ctx, `
			UPDATE programme_sessions SET capacity = $2, walk_in_reserve = $3 WHERE id = $1`,
			before.ID, capacity, reserve); err != nil {
			return wrap(err, "set capacity of "+publicID)
		}
		if promoted, err = tx.promoteAfterEdit(ctx, publicID); err != nil {
			return err
		}
		return tx.auditSession(ctx, by, "session.capacity", &before, publicID)
	})
	return promoted, err
}

// promoteAfterEdit gives any places a change to the session publicID
// freed (more capacity, a smaller reserve, its reserve opening) to its
// waitlist, and returns how many people it promoted.
func (s *Store) promoteAfterEdit(ctx context.Context, publicID string) (int, error) {
	m, err := s.sessionForUpdate(ctx, publicID)
	if err != nil {
		return 0, err
	}
	waiting := m.WaitlistLength
	err = s.promote(ctx, &m, s.now())
	return waiting - m.WaitlistLength, err
}

// SessionBookings returns every booking of the session publicID, for
// staff: confirmed and walk-ins in the order made, the waitlist in its
// order, then cancellations.
func (s *Store) SessionBookings(ctx context.Context, publicID string) ([]model.Booking, error) {
	var rows []bookingSessionRow
	err := s.selectContext(ctx, &rows, `SELECT `+bookingColumns+`, `+sessionColumns+sessionJoins+bookingJoins+`
		WHERE ps.public_id = $1
		ORDER BY CASE b.status WHEN 'confirmed' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, b.id`, publicID)
	if err != nil {
		return nil, wrap(err, "bookings of session "+publicID)
	}
	return bookingsOf(rows), nil
}

func bookingsOf(rows []bookingSessionRow) []model.Booking {
	bookings := make([]model.Booking, len(rows))
	for i, r := range rows {
		bookings[i] = r.booking()
	}
	return bookings
}

// maxFound bounds a desk search.
const maxFound = 50

// FindBookings finds bookings for the desk by reference (with or without
// "HB-", any case), by phone number (phone, normalised by the caller, or
// ""), or by a part of the name, on sessions that ended no earlier than
// since: soonest session first, at most 50.
func (s *Store) FindBookings(ctx context.Context, query, phone string, since time.Time) ([]model.Booking, error) {
	ref := referenceOf(query)
	var rows []bookingSessionRow
	err := s.selectContext(ctx, &rows, `SELECT `+bookingColumns+`, `+sessionColumns+sessionJoins+bookingJoins+`
		WHERE b.source <> 'walk_in' AND (b.reference = $1 OR (ps.ends_at >= $4 AND (
			($2 <> '' AND b.phone = $2) OR ($3 <> '' AND b.name ILIKE $3))))
		ORDER BY ps.starts_at, b.id
		LIMIT $5`, ref, phone, likeContains(strings.TrimSpace(query)), since, maxFound)
	if err != nil {
		return nil, wrap(err, "find bookings")
	}
	return bookingsOf(rows), nil
}

// referenceOf is a booking reference as someone typed it (any case, with
// or without "HB-") as the bookings table keeps it.
func referenceOf(typed string) string {
	ref := strings.ToUpper(strings.TrimSpace(typed))
	if !strings.HasPrefix(ref, "HB-") {
		ref = "HB-" + ref
	}
	return ref
}

// BookingHistory returns the steps of the booking id, oldest first.
func (s *Store) BookingHistory(ctx context.Context, id int64) ([]model.BookingEvent, error) {
	var events []model.BookingEvent
	err := s.selectContext(ctx, &events, `
		SELECT e.kind AS kind, e.party_size AS partysize, coalesce(u.name, '') AS actorname, e.at AS at
		FROM booking_events e LEFT JOIN users u ON u.id = e.actor_id
		WHERE e.booking_id = $1 ORDER BY e.id`, id)
	return events, wrap(err, "booking history")
}

// WaitlistAhead counts the parties waiting ahead of the waitlisted booking
// id on its session: where the person stands in line.
func (s *Store) WaitlistAhead(ctx context.Context, id int64) (int, error) {
	var n int
	err := s.getContext(ctx, &n, `
		SELECT count(*) FROM bookings
		WHERE status = 'waitlisted' AND id < $1
		  AND session_id = (SELECT session_id FROM bookings WHERE id = $1)`, id)
	return n, wrap(err, "waitlist position")
}

// PromoteWhereReserveOpened gives places to the waitlists of sessions
// whose walk-in reserve has opened to everyone (WALK_IN_RESERVE_OPENS
// before the start) and who still have people waiting: the moment itself
// changes nothing in the database, so a periodic job calls this. Each
// session is locked and promoted in its own transaction, which queues the
// "a place came up" emails. It returns how many people were promoted.
func (s *Store) PromoteWhereReserveOpened(ctx context.Context) (int, error) {
	now := s.now()
	var due []string
	if err := s.selectContext(ctx, &due, `
		SELECT public_id FROM programme_sessions
		WHERE status = 'scheduled' AND booking_required AND walk_in_reserve > 0 AND waitlist_length > 0
		  AND starts_at > $1 AND starts_at - $2 * interval '1 microsecond' <= $1
		ORDER BY starts_at`, now, s.rules.ReserveOpens.Microseconds()); err != nil {
		return 0, wrap(err, "find sessions whose reserve opened")
	}
	total := 0
	for _, publicID := range due {
		var n int
		err := s.InTx(ctx, func(tx *Store) error {
			var err error
			n, err = tx.promoteAfterEdit(ctx, publicID)
			return err
		})
		if err != nil {
			return total, err
		}
		total += n
	}
	return total, nil
}
