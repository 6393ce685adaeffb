package store

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"slices"
	"time"

	"github.com/lib/pq"

	"hubbook/internal/model"
)

// PastSession is what happened at a session that has ended, written in one
// go by RecordHistory: the demo's past months, and the benchmarks' years,
// are made so, where a live service gets there through booking forms, the
// desk, registers and feedback one at a time.
type PastSession struct {
	SessionID int64
	// By is who recorded the walk-ins, made the navigator bookings and
	// marked the register.
	By model.Actor
	// ClosedAt, when set, is when the register was closed.
	ClosedAt *time.Time
	Bookings []PastBooking
	// Answers are feedback given on the session page (one per browser).
	Answers []PastAnswer
}

// PastBooking is a confirmed booking (or a record of walk-ins) at a past
// session, as the register left it, with its feedback.
type PastBooking struct {
	Source                       model.BookingSource
	Name, Email, Phone, Postcode string
	PartySize                    int
	// Attended is how many of the party came (0 a no-show); nil is not
	// yet marked. Walk-ins came in full, whatever it says.
	Attended *int
	// BookedAt is when the booking was made, MarkedAt when the register
	// marked it.
	BookedAt, MarkedAt time.Time
	// Answer is the booking's answer to the feedback survey, if any.
	Answer *PastAnswer
}

// PastAnswer is an answer to "How useful was this session?".
type PastAnswer struct {
	Score   int
	Comment string
	At      time.Time
}

// historyReferenceLength is the length of history bookings' references:
// thousands of them are written at once, so one more character than a
// booking's first try keeps collisions (retried) rare.
const historyReferenceLength = 6

// RecordHistory writes p's bookings and walk-ins (their postcodes' SIMD
// deciles filled in by the database, person keys by the store), their
// marks and feedback, adds their places to the session's count and closes
// its register when p says so. It sends no email.
func (s *Store) RecordHistory(ctx context.Context, p PastSession) error {
	return s.InTx(ctx, func(tx *Store) error {
		pending := slices.Clone(p.Bookings)
		places := 0
		for _, b := range p.Bookings {
			places += b.PartySize
		}
		for attempt := 0; len(pending) > 0; attempt++ {
			if attempt == maxReferenceTries {
				return errors.New("record history: no free references after many tries")
			}
			var err error
			if pending, err = tx.insertPastBookings(ctx, p, pending); err != nil {
				return err
			}
		}
		for _, a := range p.Answers {
			key := make([]byte, 32)
			rand.Read(key) // a browser that answered once
			if _, err := tx.q.ExecContext(ctx, `
				INSERT INTO feedback (session_id, browser_key, score, comment, created_at) VALUES ($1, $2, $3, $4, $5)`,
				p.SessionID, key, a.Score, a.Comment, a.At); err != nil {
				return wrap(err, "record history: feedback")
			}
		}
		_, err := tx.q.ExecContext(ctx, `
			UPDATE programme_sessions
			SET places_booked = places_booked + $2,
			    register_closed_at = coalesce($3, register_closed_at),
			    register_closed_by = CASE WHEN $3::timestamptz IS NULL THEN register_closed_by ELSE $4::bigint END
			WHERE id = $1`, p.SessionID, places, p.ClosedAt, actorID(p.By))
		return wrap(err, "record history: session")
	})
}

// insertPastBookings inserts bookings with their feedback in one statement
// and returns those whose made-up reference was taken, to try again.
func (s *Store) insertPastBookings(ctx context.Context, p PastSession, bookings []PastBooking) ([]PastBooking, error) {
	n := len(bookings)
	var (
		refs, sources, names, emails, phones, postcodes = make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
		keys, tokens, comments                          = make([]string, n), make([]string, n), make([]string, n)
		parties, attended, scores                       = make([]int64, n), make([]int64, n), make([]int64, n)
		bookedAt, markedAt, answeredAt                  = make([]string, n), make([]string, n), make([]string, n)
	)
	for i, b := range bookings {
		refs[i] = newReference(historyReferenceLength)
		sources[i], names[i], emails[i], phones[i], postcodes[i] = string(b.Source), b.Name, b.Email, b.Phone, b.Postcode
		keys[i] = hex.EncodeToString(s.personKeyOf(b.Email, b.Phone))
		if b.Source != model.SourceWalkIn {
			token := make([]byte, 32)
			rand.Read(token) // the manage link of a booking long past
			tokens[i] = hex.EncodeToString(token)
		}
		parties[i], attended[i] = int64(b.PartySize), -1
		if b.Source == model.SourceWalkIn {
			attended[i] = int64(b.PartySize)
		} else if b.Attended != nil {
			attended[i] = int64(*b.Attended)
		}
		bookedAt[i], markedAt[i] = b.BookedAt.Format(time.RFC3339Nano), b.MarkedAt.Format(time.RFC3339Nano)
		if b.Answer != nil {
			scores[i], comments[i], answeredAt[i] = int64(b.Answer.Score), b.Answer.Comment, b.Answer.At.Format(time.RFC3339Nano)
		} else {
			answeredAt[i] = bookedAt[i]
		}
	}
	var inserted []string
	err := s.selectContext(ctx, &inserted, `
		WITH input AS (
			SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
			                     $10::int[], $11::int[], $12::timestamptz[], $13::timestamptz[], $14::int[], $15::text[], $16::timestamptz[])
			    AS x (reference, source, name, email, phone, postcode, person_key, token, party, attended, booked_at, marked_at,
			          score, comment, answered_at)
		), b AS (
			INSERT INTO bookings (reference, session_id, status, source, name, email, phone, party_size, postcode, token_hash,
				person_key, attended, marked_at, marked_by, created_by, updated_by, created_at, updated_at)
			SELECT i.reference, $1, 'confirmed', i.source, i.name, i.email, i.phone, i.party, i.postcode,
			       decode(nullif(i.token, ''), 'hex'), decode(nullif(i.person_key, ''), 'hex'),
			       nullif(i.attended, -1), CASE WHEN i.attended >= 0 THEN i.marked_at END, CASE WHEN i.attended >= 0 THEN $17::bigint END,
			       CASE WHEN i.source <> 'online' THEN $17::bigint END, CASE WHEN i.source <> 'online' THEN $17::bigint END,
			       i.booked_at, i.booked_at
			FROM input i
			ON CONFLICT (reference) DO NOTHING
			RETURNING id, reference
		), f AS (
			INSERT INTO feedback (session_id, booking_id, score, comment, created_at)
			SELECT $1, b.id, i.score, i.comment, i.answered_at FROM b JOIN input i USING (reference) WHERE i.score > 0
		)
		SELECT reference FROM b`,
		p.SessionID, pq.Array(refs), pq.Array(sources), pq.Array(names), pq.Array(emails), pq.Array(phones), pq.Array(postcodes),
		pq.Array(keys), pq.Array(tokens), pq.Array(parties), pq.Array(attended), pq.Array(bookedAt), pq.Array(markedAt),
		pq.Array(scores), pq.Array(comments), pq.Array(answeredAt), actorID(p.By))
	if err != nil {
		return nil, wrap(err, "record history: bookings")
	}
	var retry []PastBooking
	for i, b := range bookings {
		if !slices.Contains(inserted, refs[i]) {
			retry = append(retry, b)
		}
	}
	return retry, nil
}
