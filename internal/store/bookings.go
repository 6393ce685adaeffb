package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lib/pq"

	"hubbook/internal/model"
)

// BookingRequest is a party asking for places on a session. The web layer
// has validated and normalised it (email lower-cased, phone in E.164).
type BookingRequest struct {
	SessionPublicID string
	Source          model.BookingSource
	// TokenHash is the hash of the token the booking form carried: the
	// manage link's token and the form's idempotency key at once, so that a
	// form sent twice finds the booking the first made.
	TokenHash []byte
	// TokenSealed is the token sealed with the service's secret, kept so
	// that emails can carry the manage link.
	TokenSealed []byte
	Name        string
	Email       string
	Phone       string
	PartySize   int
	Children    *int
	AccessNeeds string
	Postcode    string
	Reminders   bool
	// Waitlist asks to join the waitlist when the party does not fit.
	Waitlist bool
	// By is the navigator or staff member booking on someone's behalf; the
	// zero Actor is a citizen booking online.
	By model.Actor
}

// BookingResult is what BookPlaces made: a confirmed or waitlisted booking.
type BookingResult struct {
	Reference string
	Status    model.BookingStatus
	// Repeat reports that the form had already been sent: the booking is
	// the one the first sending made, perhaps with other details.
	Repeat bool
}

// The unique constraints BookPlaces tells apart.
const (
	referenceKey = "bookings_reference_key"
	tokenKey     = "bookings_token_hash_key"
	liveEmailKey = "bookings_live_email_idx"
	livePhoneKey = "bookings_live_phone_idx"
)

// referenceAlphabet has no look-alikes (no 0/O, 1/I/L), so a reference read
// out on the phone or copied from a card comes out right.
const referenceAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newReference returns HB- and n random characters of referenceAlphabet.
func newReference(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails
	for i := range b {
		b[i] = referenceAlphabet[int(b[i])%len(referenceAlphabet)]
	}
	return "HB-" + string(b)
}

// referenceLength is the reference length for attempt (0-based) within
// one booking: four characters (923,521 references), and one more after
// every three collisions, so that a crowded space costs a few retries, not
// many.
func referenceLength(attempt int) int { return min(4+attempt/3, 8) }

// maxReferenceTries bounds the retries after reference collisions.
const maxReferenceTries = 12

// bookFast is the whole of a booking in the common case, as one statement
// and so one transaction: it takes the places with a conditional UPDATE
// that only matches when the party fits (after the walk-in reserve, unless
// it is open or the source may use it), booking is open, and nobody is
// waiting; then it inserts the booking and its history line. No row means
// the slow path must decide.
//
// $1 public id, $2 party size, $3 now, $4 online cut-off and $5 reserve
// opening (microseconds before the start), $6 whether the source may use
// the reserve, then the booking's columns.
const bookFast = `
	WITH s AS (
		UPDATE programme_sessions
		SET places_booked = places_booked + $2
		WHERE public_id = $1 AND status = 'scheduled' AND booking_required AND waitlist_length = 0
		  AND $3 < starts_at - $4 * interval '1 microsecond'
		  AND places_booked + $2 <= capacity - CASE
		      WHEN $6 OR $3 >= starts_at - $5 * interval '1 microsecond' THEN 0
		      ELSE walk_in_reserve END
		RETURNING id, starts_at, ends_at
	), b AS (
		INSERT INTO bookings (reference, session_id, status, source, name, email, phone, party_size,
			children, access_needs, reminders, postcode, token_hash, token_sealed, created_by, updated_by,
			created_at, updated_at, person_key)
		SELECT $7, s.id, 'confirmed', $8, $9, $10, $11, $2, $12, $13, $14, $15, $16, $18, $17, $17, $3, $3, $19 FROM s
		RETURNING id
	), e AS (
		INSERT INTO booking_events (booking_id, kind, party_size, actor_id, at)
		SELECT b.id, 'booked', $2, $17, $3 FROM b
		RETURNING id, booking_id
	)
	SELECT e.id AS event_id, e.booking_id, 'booked' AS kind, $10 AS email, $14 AS reminders, s.starts_at, s.ends_at
	FROM e, s`

// BookPlaces books req's party on its session, or puts it on the waitlist
// when it does not fit and req.Waitlist asks for that. The places are
// taken by a conditional UPDATE in the same transaction as the booking, and
// a CHECK backs it, so no concurrency overbooks a session.
//
// It returns model.ErrNotFound for an unknown (or unpublished) session,
// model.ErrSessionCancelled, model.ErrDropIn, model.ErrBookingClosed,
// model.ErrAlreadyBooked when the email or phone holds a live booking on
// the session, and *model.NotEnoughPlacesError when the party does not fit
// and req.Waitlist is false. A request whose TokenHash already made a
// booking returns that booking with Repeat set when it is for the same
// person, and model.ErrFormUsed when it is for someone else.
func (s *Store) BookPlaces(ctx context.Context, req BookingRequest) (BookingResult, error) {
	if req.By.ID != 0 {
		// On someone's behalf: rare, and audited in the same transaction.
		return s.bookSlow(ctx, req)
	}
	now := s.now()
	for attempt := 0; attempt < maxReferenceTries; attempt++ {
		ref := newReference(referenceLength(attempt))
		var booked bool
		err := s.InTx(ctx, func(tx *Store) error {
			var e []mailEvent
			err := tx.selectContext(ctx, &e, bookFast,
				req.SessionPublicID, req.PartySize, now, s.rules.Cutoff.Microseconds(), s.rules.ReserveOpens.Microseconds(),
				req.Source.UsesReserve(),
				ref, req.Source, req.Name, req.Email, req.Phone, req.Children, req.AccessNeeds, req.Reminders,
				req.Postcode, req.TokenHash, actorID(req.By), req.TokenSealed, s.personKeyOf(req.Email, req.Phone))
			if err != nil || len(e) == 0 {
				return err
			}
			booked = true
			return tx.queueEvents(ctx, e...)
		})
		switch {
		case isUniqueViolation(err, referenceKey):
			continue
		case err != nil:
			return s.bookingConflict(ctx, req, err)
		case booked:
			return BookingResult{Reference: ref, Status: model.BookingConfirmed}, nil
		}
		return s.bookSlow(ctx, req)
	}
	return BookingResult{}, errors.New("book places: no free reference after many tries")
}

// bookingConflict turns a failed booking's unique violations into answers:
// the form sent again, or the person already booked.
func (s *Store) bookingConflict(ctx context.Context, req BookingRequest, err error) (BookingResult, error) {
	switch {
	case isUniqueViolation(err, tokenKey):
		res, found, err := s.sentBefore(ctx, req)
		if err == nil && !found {
			err = errors.New("book places: a booking with this token vanished")
		}
		return res, err
	case isUniqueViolation(err, liveEmailKey), isUniqueViolation(err, livePhoneKey):
		return BookingResult{}, model.ErrAlreadyBooked
	}
	return BookingResult{}, wrap(err, "book places on session "+req.SessionPublicID)
}

// sentBefore finds the booking req's token already made. The same person
// on the same session is the form sent again (a double click, a reload):
// that booking, with Repeat set. Anyone else is a page reused with the
// browser's Back button: model.ErrFormUsed, so that nobody is shown
// another person's booking.
func (s *Store) sentBefore(ctx context.Context, req BookingRequest) (BookingResult, bool, error) {
	var r struct {
		Reference string              `db:"reference"`
		Status    model.BookingStatus `db:"status"`
		PublicID  string              `db:"public_id"`
		Name      string              `db:"name"`
		Email     string              `db:"email"`
		Phone     string              `db:"phone"`
	}
	err := s.getContext(ctx, &r, `
		SELECT b.reference, b.status, ps.public_id, b.name, b.email, b.phone
		FROM bookings b JOIN programme_sessions ps ON ps.id = b.session_id
		WHERE b.token_hash = $1`, req.TokenHash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return BookingResult{}, false, nil
	case err != nil:
		return BookingResult{}, false, wrap(err, "find booking sent twice")
	case r.PublicID != req.SessionPublicID || r.Name != req.Name || r.Email != req.Email || r.Phone != req.Phone:
		return BookingResult{}, true, model.ErrFormUsed
	}
	return BookingResult{Reference: r.Reference, Status: r.Status, Repeat: true}, true, nil
}

// bookSlow books when the single statement could not: the session is full,
// closed or cancelled, someone is waiting, or the party asks to wait. It
// locks the session, gives freed places to the waitlist first, then books
// the party if it fits, or adds it to the waitlist.
func (s *Store) bookSlow(ctx context.Context, req BookingRequest) (BookingResult, error) {
	if res, done, err := s.refuseUnlocked(ctx, req); done {
		return res, err
	}
	var res BookingResult
	err := s.InTx(ctx, func(tx *Store) error {
		m, err := tx.lockSession(ctx, "ps.public_id = $1", req.SessionPublicID)
		if err != nil {
			return err
		}
		// A form sent again for the last places, or after booking closed,
		// finds its booking rather than being told there is no room.
		if r, found, err := tx.sentBefore(ctx, req); found || err != nil {
			res = r
			return err
		}
		now := tx.now()
		if err := tx.bookable(m, req.Source, now); err != nil {
			return err
		}
		if err := tx.promote(ctx, &m, now); err != nil {
			return err
		}
		left := tx.rules.PlacesLeft(m, req.Source, now)
		status := model.BookingConfirmed
		if req.PartySize > left {
			if !req.Waitlist {
				// Refused, but any promotion above is kept.
				return refuse(&model.NotEnoughPlacesError{Left: left})
			}
			status = model.BookingWaitlisted
		}
		ref, event, err := tx.insertBooking(ctx, m, status, req, now)
		if err != nil {
			return err
		}
		if err := tx.queueEvents(ctx, event); err != nil {
			return err
		}
		res = BookingResult{Reference: ref, Status: status}
		if err := tx.moveCounters(ctx, &m, status, req.PartySize); err != nil {
			return err
		}
		return tx.auditBooking(ctx, req.By, "booking.create", model.Booking{Reference: ref, Session: m}, nil, &req.PartySize)
	})
	if err != nil && pq.As(err) != nil {
		return s.bookingConflict(ctx, req, err)
	}
	return res, err
}

// refuseUnlocked answers, without a lock or a transaction, a request the
// session cannot take while nobody waits on it: closed, cancelled, or not
// enough places. With nobody waiting there is nothing to promote, and a
// refusal read a moment early is still true to what the person saw. Most
// "session full" answers end here, not queued behind the bookings holding
// the session's lock. A form sent again still finds its booking. done is
// false when the locked path must decide.
func (s *Store) refuseUnlocked(ctx context.Context, req BookingRequest) (res BookingResult, done bool, err error) {
	if req.Waitlist {
		return res, false, nil
	}
	var r bookingSession
	if err := s.getContext(ctx, &r, bookingSessionQuery+`ps.public_id = $1`, req.SessionPublicID); err != nil {
		return res, true, wrap(err, "session "+req.SessionPublicID)
	}
	m := r.session()
	if m.WaitlistLength > 0 {
		return res, false, nil
	}
	now := s.now()
	refusal := s.bookable(m, req.Source, now)
	if left := s.rules.PlacesLeft(m, req.Source, now); refusal == nil && req.PartySize > left {
		refusal = &model.NotEnoughPlacesError{Left: left}
	}
	if refusal == nil {
		return res, false, nil
	}
	if r, found, err := s.sentBefore(ctx, req); found || err != nil {
		return r, true, err
	}
	return res, true, refusal
}

// bookable says why source cannot book m at now, if it cannot.
func (s *Store) bookable(m model.Session, source model.BookingSource, now time.Time) error {
	switch {
	case !m.Status.Public():
		return model.ErrNotFound
	case m.Cancelled():
		return model.ErrSessionCancelled
	case m.DropIn():
		return model.ErrDropIn
	case !now.Before(s.rules.Closes(m, source)):
		return model.ErrBookingClosed
	}
	return nil
}

// insertBooking writes a booking with status on session m and its first
// history line, retrying the rare reference collision (inside a
// transaction, so ON CONFLICT rather than an error), and returns its
// reference and history line.
func (s *Store) insertBooking(ctx context.Context, m model.Session, status model.BookingStatus, req BookingRequest, now time.Time) (string, mailEvent, error) {
	kind := "booked"
	if status == model.BookingWaitlisted {
		kind = "waitlisted"
	}
	for attempt := 0; attempt < maxReferenceTries; attempt++ {
		ref := newReference(referenceLength(attempt))
		var e []mailEvent
		err := s.selectContext(ctx, &e, `
			WITH b AS (
				INSERT INTO bookings (reference, session_id, status, source, name, email, phone, party_size,
					children, access_needs, reminders, postcode, token_hash, token_sealed, created_by, updated_by,
					created_at, updated_at, person_key)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $17, $14, $14, $15, $15, $20)
				ON CONFLICT (reference) DO NOTHING
				RETURNING id
			)
			INSERT INTO booking_events (booking_id, kind, party_size, actor_id, at)
			SELECT b.id, $16, $8, $14, $15 FROM b
			RETURNING id AS event_id, booking_id, kind, $6 AS email, $11 AS reminders,
				$18::timestamptz AS starts_at, $19::timestamptz AS ends_at`,
			ref, m.ID, status, req.Source, req.Name, req.Email, req.Phone, req.PartySize, req.Children,
			req.AccessNeeds, req.Reminders, req.Postcode, req.TokenHash, actorID(req.By), now, kind,
			req.TokenSealed, m.StartsAt, m.EndsAt, s.personKeyOf(req.Email, req.Phone))
		if err != nil {
			return "", mailEvent{}, err // the caller tells the unique violations apart
		}
		if len(e) == 1 {
			return ref, e[0], nil
		}
	}
	return "", mailEvent{}, errors.New("insert booking: no free reference after many tries")
}

// moveCounters adds party people (fewer when negative) to m's confirmed
// places or to its waitlist, in the database and in m. Adding confirmed
// places matches only when they fit, like the fast path, so even a
// caller's mistake cannot overbook.
func (s *Store) moveCounters(ctx context.Context, m *model.Session, status model.BookingStatus, party int) error {
	query := `UPDATE programme_sessions SET places_booked = places_booked + $2
		WHERE id = $1 AND (capacity IS NULL OR places_booked + $2 <= capacity)`
	if status == model.BookingWaitlisted {
		query = `UPDATE programme_sessions SET waitlist_length = waitlist_length + $2 WHERE id = $1`
	}
	res, err := s.q.ExecContext(ctx, query, m.ID, party)
	if err != nil {
		return wrap(err, "count places")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("count places on session %d: the party no longer fits", m.ID)
	}
	if status == model.BookingWaitlisted {
		m.WaitlistLength += party
	} else {
		m.PlacesBooked += party
	}
	return nil
}

// bookingSession is the part of a session that booking decides with, read
// from its own table: quicker to plan than the full join of
// sessionColumns, on the path every refusal takes.
type bookingSession struct {
	ID              int64         `db:"id"`
	PublicID        string        `db:"public_id"`
	Title           string        `db:"title"`
	Status          string        `db:"status"`
	BookingRequired bool          `db:"booking_required"`
	Capacity        sql.NullInt64 `db:"capacity"`
	PlacesBooked    int           `db:"places_booked"`
	WaitlistLength  int           `db:"waitlist_length"`
	WalkInReserve   int           `db:"walk_in_reserve"`
	StartsAt        time.Time     `db:"starts_at"`
	EndsAt          time.Time     `db:"ends_at"`
}

const bookingSessionQuery = `SELECT ps.id, ps.public_id, ps.title, ps.status, ps.booking_required, ps.capacity,
	ps.places_booked, ps.waitlist_length, ps.walk_in_reserve, ps.starts_at, ps.ends_at
	FROM programme_sessions ps WHERE `

// session is r as a model.Session with only those fields filled in.
func (r bookingSession) session() model.Session {
	m := model.Session{ID: r.ID, PublicID: r.PublicID, Title: r.Title, Status: model.SessionStatus(r.Status),
		BookingRequired: r.BookingRequired, PlacesBooked: r.PlacesBooked, WaitlistLength: r.WaitlistLength,
		WalkInReserve: r.WalkInReserve, StartsAt: r.StartsAt, EndsAt: r.EndsAt}
	if r.Capacity.Valid {
		m.Capacity = new(int(r.Capacity.Int64))
	}
	return m
}

// lockSession reads what booking needs of the session matching where
// (with its argument, on programme_sessions ps) and locks its row until
// the transaction ends: every change that moves a session's places takes
// this lock first, then the bookings', so that two of them never wait on
// each other. The session's names (theme, venue, ...) are not read.
func (s *Store) lockSession(ctx context.Context, where string, arg any) (model.Session, error) {
	var r bookingSession
	if err := s.getContext(ctx, &r, bookingSessionQuery+where+` FOR UPDATE`, arg); err != nil {
		return model.Session{}, wrap(err, "lock session")
	}
	return r.session(), nil
}

// promote gives the places free on m (locked by the caller) to the
// waitlist: in order of joining, each party that fits is confirmed, and
// parties too big for what is left keep their place in line. Online
// parties cannot take the walk-in reserve before it opens. Each promotion
// is recorded in the booking's history, for the email that tells them. m's
// counters are updated to match. Nothing is promoted once the session has
// started.
func (s *Store) promote(ctx context.Context, m *model.Session, now time.Time) error {
	if m.WaitlistLength == 0 || m.Status != model.StatusScheduled || m.Capacity == nil || !now.Before(m.StartsAt) {
		return nil
	}
	var waiting []struct {
		ID        int64               `db:"id"`
		PartySize int                 `db:"party_size"`
		Source    model.BookingSource `db:"source"`
	}
	if err := s.selectContext(ctx, &waiting, `
		SELECT id, party_size, source FROM bookings
		WHERE session_id = $1 AND status = 'waitlisted' ORDER BY id FOR UPDATE`, m.ID); err != nil {
		return wrap(err, "read waitlist")
	}
	held := m.WalkInReserve
	if !now.Before(m.StartsAt.Add(-s.rules.ReserveOpens)) {
		held = 0
	}
	booked, total := m.PlacesBooked, 0
	var ids []int64
	for _, w := range waiting {
		limit := *m.Capacity
		if !w.Source.UsesReserve() {
			limit -= held
		}
		if booked+w.PartySize <= limit {
			ids = append(ids, w.ID)
			booked += w.PartySize
			total += w.PartySize
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var events []mailEvent
	err := s.selectContext(ctx, &events, `
		WITH b AS (
			UPDATE bookings SET status = 'confirmed', promoted_at = $3, updated_at = $3
			WHERE id = ANY($2) RETURNING id, party_size, email, reminders
		), e AS (
			INSERT INTO booking_events (booking_id, kind, party_size, at)
			SELECT id, 'promoted', party_size, $3 FROM b
			RETURNING id, booking_id
		), s AS (
			UPDATE programme_sessions SET places_booked = places_booked + $4, waitlist_length = waitlist_length - $4
			WHERE id = $1
		)
		SELECT e.id AS event_id, e.booking_id, 'promoted' AS kind, b.email, b.reminders,
			$5::timestamptz AS starts_at, $6::timestamptz AS ends_at
		FROM e JOIN b ON b.id = e.booking_id`, m.ID, pq.Array(ids), now, total, m.StartsAt, m.EndsAt)
	if err != nil {
		return wrap(err, "promote from the waitlist")
	}
	m.PlacesBooked += total
	m.WaitlistLength -= total
	return s.queueEvents(ctx, events...)
}

// actorID is by's account id, or NULL for a citizen.
func actorID(by model.Actor) *int64 {
	if by.ID == 0 {
		return nil
	}
	return &by.ID
}
